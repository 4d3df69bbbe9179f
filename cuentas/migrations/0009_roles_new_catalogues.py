"""The roles again, now that 0006-0008 added models: «Nivel central» keeps the new
catalogues (channels, funnel steps, kinds of activity, años de gestión and their
national totals), editors read them and edit the FOMIL totals of their Cuentas.

``sync_roles`` sets each group to exactly what cuentas/roles.py lists, so running
it again (or on a database that already has these permissions) changes nothing.
"""

from django.db import migrations

from cuentas.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cuentas", "0008_catalogue_foreign_keys"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
