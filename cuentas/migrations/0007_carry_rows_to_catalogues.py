"""Carry every existing row into the new catalogues, exactly.

* Channels, funnel steps and kinds of employment activity become catalogues
  whose codes are the values the rows already hold ("omil", "colocados",
  "feria"…), so the rows keep pointing at the same thing.
* "Mujeres colocadas" stops being a funnel step: it is the women of the
  "colocados" row of the same channel. Where that cannot be done without
  losing the figure (no "colocados" row, or more women than people placed),
  the figure is kept as a declared figure of the Cuenta instead.
* Every año de gestión a Cuenta reports becomes a FiscalYear.
"""

from django.db import migrations

CHANNELS = [
    ("red_omil", "Red OMIL de la región", False, 1),
    ("omil", "OMIL en convenio FOMIL", True, 2),
    ("plataforma", "Plataforma Laboral", False, 3),
]
INDICATORS = [
    ("atendidos", "Personas atendidas", "atendieron a", 1),
    ("orientados", "Personas orientadas laboralmente", "orientaron laboralmente a", 2),
    ("derivados", "Personas derivadas a empresas", "derivaron a empresas a", 3),
    ("colocados", "Personas colocadas", "colocaron en un empleo a", 4),
]
ACTIVITY_KINDS = [
    ("feria", "Ferias laborales", 1),
    ("taller", "Talleres de apresto laboral", 2),
    ("reclutamiento", "Reclutamientos masivos", 3),
    ("encuentro_empresarial", "Encuentros empresariales", 4),
    ("contacto_empresas", "Contactos con empresas", 5),
    ("evaluacion_funcional", "Evaluaciones funcionales de personas con discapacidad", 6),
    ("analisis_puesto", "Análisis de puestos de trabajo para personas con discapacidad", 7),
    ("otra", "Otras actividades", 99),
]
WOMEN_PLACED = "mujeres_colocadas"


def forwards(apps, schema_editor):
    Channel = apps.get_model("cuentas", "IntermediationChannel")
    Indicator = apps.get_model("cuentas", "IntermediationIndicator")
    ActivityKind = apps.get_model("cuentas", "ActivityKind")
    FiscalYear = apps.get_model("cuentas", "FiscalYear")
    Cuenta = apps.get_model("cuentas", "Cuenta")
    Result = apps.get_model("cuentas", "IntermediationResult")
    DeclaredFigure = apps.get_model("cuentas", "DeclaredFigure")

    for code, name, is_fomil, order in CHANNELS:
        Channel.objects.update_or_create(code=code, defaults={"name": name, "is_fomil": is_fomil, "order": order})
    Channel.objects.filter(code="omil").update(part_of="red_omil")
    for code, name, verb, order in INDICATORS:
        Indicator.objects.update_or_create(code=code, defaults={"name": name, "verb": verb, "order": order})
    for code, name, order in ACTIVITY_KINDS:
        ActivityKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for year in Cuenta.objects.order_by().values_list("management_year", flat=True).distinct():
        FiscalYear.objects.get_or_create(year=year)

    channel_names = dict((code, name) for code, name, _f, _o in CHANNELS)
    for row in Result.objects.filter(indicator=WOMEN_PLACED):
        placed = Result.objects.filter(cuenta_id=row.cuenta_id, channel=row.channel, indicator="colocados").first()
        if placed is not None and row.achieved <= placed.achieved and row.goal is None:
            placed.women = row.achieved
            placed.save(update_fields=["women"])
        else:
            channel = channel_names.get(row.channel, row.channel)
            for value, label in ((row.achieved, "mujeres colocadas"), (row.goal, "meta de mujeres colocadas")):
                if value is not None:
                    DeclaredFigure.objects.create(
                        cuenta_id=row.cuenta_id,
                        section="intermediacion",
                        label=f"{label} ({channel})",
                        value=value,
                        unit="personas",
                        position=90,
                    )
        row.delete()

    known = {code for code, *_ in CHANNELS}
    for code in Result.objects.exclude(channel__in=known).values_list("channel", flat=True).distinct():
        Channel.objects.create(code=code, name=code)
    known = {code for code, *_ in INDICATORS}
    for code in Result.objects.exclude(indicator__in=known).values_list("indicator", flat=True).distinct():
        Indicator.objects.create(code=code, name=code, order=50)


class Migration(migrations.Migration):
    dependencies = [
        ("cuentas", "0006_fiscal_years_and_catalogues"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
