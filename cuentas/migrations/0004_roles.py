"""The three roles (Editor regional, Director regional, Nivel central) as groups."""

from django.db import migrations

from cuentas.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cuentas", "0003_roles_versions_history"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
