"""The roles get the participation models' permissions; the topic catalogue gets its first entries."""

from django.db import migrations

from cuentas.roles import sync_roles

#: Topics a citizen may choose besides the Cuenta's sections; central staff keep the catalogue.
TOPICS = (
    "Oferta de cursos y becas",
    "Bolsa de empleo y OMIL",
    "Subsidios al empleo",
    "Atención en oficinas y canales digitales",
    "Empresas y Franquicia Tributaria",
    "Otro tema",
)


def add_topics(apps, schema_editor):
    topic_model = apps.get_model("cuentas", "ParticipationTopic")
    for position, name in enumerate(TOPICS, start=1):
        topic_model.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cuentas", "0010_participation_process"),
    ]

    operations = [
        migrations.RunPython(add_topics, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
