"""Plain factory functions: make_x(**kwargs) with defaults set by setdefault."""

from datetime import date

from cuentas import models as m
from cuentas.models import Comuna, Cuenta, Region


def make_region(**kwargs) -> Region:
    kwargs.setdefault("code", "13")
    kwargs.setdefault("numeral", "RM")
    kwargs.setdefault("official_name", "Región Metropolitana de Santiago")
    kwargs.setdefault("name", "Metropolitana")
    kwargs.setdefault("iso_code", "CL-RM")
    kwargs.setdefault("north_to_south", 7)
    region, _ = Region.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)
    return region


def make_comuna(**kwargs) -> Comuna:
    kwargs.setdefault("code", "13101")
    kwargs.setdefault("name", "Santiago")
    kwargs.setdefault("province_code", "131")
    kwargs.setdefault("province", "Santiago")
    if "region" not in kwargs:
        kwargs["region"] = make_region()
    comuna, _ = Comuna.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)
    return comuna


def make_cuenta(**kwargs) -> Cuenta:
    if "region" not in kwargs:
        kwargs["region"] = make_region()
    year = kwargs.pop("management_year", 2022)
    if not isinstance(year, m.FiscalYear):
        year = make_fiscal_year(year)
    kwargs["management_year"] = year
    kwargs.setdefault("presentation_year", year.year + 1)
    kwargs.setdefault("title", f"Cuenta Pública {kwargs['region']} {year.year}")
    kwargs.setdefault("status", Cuenta.Status.PUBLISHED)
    return Cuenta.objects.create(**kwargs)


def make_fiscal_year(year: int = 2022, **kwargs) -> m.FiscalYear:
    fiscal_year, _ = m.FiscalYear.objects.get_or_create(year=year, defaults=kwargs)
    return fiscal_year


# --- Roles, regions and one row of every kind (access, workflow and audit tests) ---

import datetime  # noqa: E402 -- kept with the factories that use it, to ease merging

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import models  # noqa: E402

from cuentas.models import (  # noqa: E402
    BudgetSubtitle,
    CosocCouncil,
    CosocMember,
    RegionMembership,
    Subsidy,
)


def make_ohiggins(**kwargs) -> Region:
    kwargs.setdefault("code", "06")
    kwargs.setdefault("numeral", "VI")
    kwargs.setdefault("official_name", "Región del Libertador General Bernardo O'Higgins")
    kwargs.setdefault("name", "O'Higgins")
    kwargs.setdefault("iso_code", "CL-LI")
    kwargs.setdefault("north_to_south", 8)
    return make_region(**kwargs)


def make_user(username, role=None, regions=(), **kwargs):
    """A staff member in the group ``role`` (see cuentas/roles.py) working on ``regions``."""
    kwargs.setdefault("is_staff", True)
    kwargs.setdefault("email", f"{username}@example.com")
    kwargs.setdefault("first_name", username.split("_")[0].capitalize())
    user = get_user_model().objects.create_user(username, password="clave-segura-123", **kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for region in regions:
        RegionMembership.objects.create(user=user, region=region)
    return user


# Catalogues and a Cuenta with a row in every table (spreadsheet import and export tests).


def make_subtitle(**kwargs):
    from cuentas.models import BudgetSubtitle

    kwargs.setdefault("code", 21)
    kwargs.setdefault("name", "Gastos en personal")
    subtitle, _ = BudgetSubtitle.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)
    return subtitle


def make_program_line(**kwargs):
    from cuentas.models import ProgramLine

    kwargs.setdefault("name", "Becas")
    line, _ = ProgramLine.objects.get_or_create(name=kwargs.pop("name"), defaults=kwargs)
    return line


def make_sector(**kwargs):
    from cuentas.models import ProductiveSector

    kwargs.setdefault("name", "Construcción")
    sector, _ = ProductiveSector.objects.get_or_create(name=kwargs.pop("name"), defaults=kwargs)
    return sector


def make_subsidy(**kwargs):
    from cuentas.models import Subsidy

    kwargs.setdefault("code", "SEJ")
    kwargs.setdefault("name", "Subsidio al Empleo Joven")
    kwargs.setdefault("budget", Subsidy.Budget.CENTRAL)
    subsidy, _ = Subsidy.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)
    return subsidy


def make_network(**kwargs):
    from cuentas.models import SocialNetwork

    kwargs.setdefault("name", "Instagram")
    network, _ = SocialNetwork.objects.get_or_create(name=kwargs.pop("name"), defaults=kwargs)
    return network


def make_contact_type(**kwargs):
    from cuentas.models import ContactType

    kwargs.setdefault("name", "Pregunta")
    contact_type, _ = ContactType.objects.get_or_create(name=kwargs.pop("name"), defaults=kwargs)
    return contact_type


def make_publication_category(**kwargs):
    from cuentas.models import PublicationCategory

    kwargs.setdefault("name", "Efemérides")
    category, _ = PublicationCategory.objects.get_or_create(name=kwargs.pop("name"), defaults=kwargs)
    return category


def make_council(**kwargs):
    from cuentas.models import CosocCouncil

    if "region" not in kwargs:
        kwargs["region"] = make_region()
    kwargs.setdefault("start_year", 2021)
    kwargs.setdefault("end_year", 2022)
    council, _ = CosocCouncil.objects.get_or_create(
        region=kwargs.pop("region"), start_year=kwargs.pop("start_year"), defaults=kwargs
    )
    return council


def make_catalogue(model, **kwargs):
    """A catalogue entry of ``model`` with plausible defaults."""
    if model is BudgetSubtitle:
        kwargs.setdefault("code", 24)
        kwargs.setdefault("name", "Transferencias corrientes")
        return BudgetSubtitle.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)[0]
    if model is Subsidy:
        kwargs.setdefault("code", "SEJ")
        kwargs.setdefault("name", "Subsidio al Empleo Joven")
        kwargs.setdefault("budget", Subsidy._meta.get_field("budget").choices[0][0])
        return Subsidy.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)[0]
    if model is Region:
        return make_region(**kwargs)
    if model is Comuna:
        return make_comuna(**kwargs)
    if model is m.FiscalYear:
        return make_fiscal_year(kwargs.pop("year", 2030), **kwargs)
    if isinstance(model._meta.pk, models.SlugField):
        kwargs.setdefault("code", "de_prueba")
        kwargs.setdefault("name", f"{model._meta.verbose_name} de prueba")
        return model.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)[0]
    kwargs.setdefault("name", f"{model._meta.verbose_name} de prueba")
    return model.objects.get_or_create(name=kwargs.pop("name"), defaults=kwargs)[0]


def _comuna_of(region):
    codes = {"13": ("13101", "Santiago", "131", "Santiago"), "06": ("06101", "Rancagua", "061", "Cachapoal")}
    code, name, province_code, province = codes.get(region.code, (f"{region.code}101", "Capital", "1", "P"))
    return make_comuna(code=code, name=name, province_code=province_code, province=province, region=region)


def _value_for(model_field, cuenta):
    if model_field.is_relation:
        related = model_field.related_model
        if related is Cuenta:
            return cuenta
        if related is CosocCouncil:
            return make_council(region=cuenta.region)
        if related is Comuna:
            return _comuna_of(cuenta.region)
        return make_catalogue(related)
    if model_field.choices:
        return model_field.choices[0][0]
    if isinstance(model_field, models.DateField):
        return datetime.date(cuenta.management_year_id, 6, 1)
    if isinstance(model_field, models.IntegerField | models.DecimalField):
        return 1
    return f"{model_field.verbose_name} de prueba"


def make_row(model, cuenta, **kwargs):
    """One row of ``model`` in ``cuenta``, every required field filled with something valid."""
    for model_field in model._meta.concrete_fields:
        if model_field.name in kwargs or model_field.attname in kwargs or model_field.primary_key:
            continue
        if model_field.has_default() or model_field.null or (model_field.blank and not model_field.is_relation):
            continue
        kwargs[model_field.name] = _value_for(model_field, cuenta)
    return model.objects.create(**kwargs)


def make_member(**kwargs) -> CosocMember:
    if "council" not in kwargs:
        kwargs["council"] = make_council()
    kwargs.setdefault("institution", "Sindicato de prueba")
    kwargs.setdefault("person", "Persona Consejera")
    return CosocMember.objects.create(**kwargs)


def make_full_cuenta(**kwargs):
    """A Cuenta of the Región Metropolitana 2022 with rows in every table, some taken from the seed.

    Needs the territory fixture (for the comunas).
    """
    import datetime

    from cuentas import models as m

    cuenta = make_cuenta(**kwargs)
    region = cuenta.region
    year = cuenta.management_year_id
    comunas = list(m.Comuna.objects.filter(region=region).order_by("code")[:3])

    def day(month, day_):
        return datetime.date(year, month, day_)

    m.Authority.objects.create(cuenta=cuenta, name="Ana Pérez", office="Seremi del Trabajo", position=1)
    m.Quote.objects.create(cuenta=cuenta, speaker="Ana Pérez", text="=Una cita que empieza como fórmula")
    m.SectionText.objects.create(cuenta=cuenta, section=m.SectionKey.BUDGET, text="Un párrafo.\n\nOtro.")
    m.DeclaredFigure.objects.create(
        cuenta=cuenta,
        section=m.SectionKey.BUDGET,
        label="ejecución global",
        value="98.28",
        decimals=2,
        unit="porcentaje",
    )
    m.BudgetExecution.objects.create(cuenta=cuenta, subtitle=make_subtitle(), requested=65_427_018, accrued=60_346_518)
    m.BudgetExecution.objects.create(
        cuenta=cuenta,
        subtitle=make_subtitle(code=24, name="Transferencias corrientes"),
        requested=16_421_763_713,
        accrued=16_141_435_580,
    )
    becas = make_program_line(name="Becas")
    oficios = make_program_line(name="Capacitación en Oficios")
    m.ProgramBudgetExecution.objects.create(cuenta=cuenta, line=becas, requested=308_480_686, accrued=217_928_185)
    m.TrainingSummary.objects.create(cuenta=cuenta, courses_held=1249)
    m.TrainingParticipation.objects.create(cuenta=cuenta, line=becas, women=9788, men=2527)
    m.TrainingParticipation.objects.create(cuenta=cuenta, line=oficios, women=0, men=17)
    m.TaxFranchise.objects.create(cuenta=cuenta, companies=120, workers_trained=3400, amount=None, national_rank=2)
    initiative = m.Initiative.objects.create(
        cuenta=cuenta, name="Recicladores de base", people=92, comunas_reached=21, description="-Inclusión"
    )
    initiative.comunas.set(comunas[:2])
    m.CertificationResult.objects.create(cuenta=cuenta, sector=make_sector(), women=2, men=189)
    m.IntermediationResult.objects.create(
        cuenta=cuenta, channel_id="omil", indicator_id="atendidos", goal=58385, achieved=86132
    )
    m.IntermediationResult.objects.create(
        cuenta=cuenta, channel_id="plataforma", indicator_id="colocados", achieved=556, women=301, men=255
    )
    m.IntermediationResult.objects.create(
        cuenta=cuenta, channel_id="plataforma", indicator_id="colocados", comuna=comunas[0], achieved=40, women=22
    )
    m.IntermediationResult.objects.create(
        cuenta=cuenta,
        channel_id="plataforma",
        indicator_id="colocados",
        comuna=comunas[1],
        employer="Constructora Andes",
        employer_sector=make_sector(),
        achieved=12,
        period_start=day(1, 1),
        period_end=day(6, 30),
    )
    m.FomilAgreement.objects.create(cuenta=cuenta, comuna=comunas[0], amount=12_000_000)
    m.FomilSummary.objects.create(cuenta=cuenta, agreements=47, amount=None, fulfilment="98.50")
    m.EmploymentActivity.objects.create(cuenta=cuenta, kind_id="feria", count=4, investment=None)
    m.EmploymentActivity.objects.create(
        cuenta=cuenta, kind_id="taller", count=12, investment=3_500_000, period_start=day(3, 1), period_end=day(11, 30)
    )
    m.SubsidyResult.objects.create(
        cuenta=cuenta,
        subsidy=make_subsidy(),
        women=10026,
        men=52530,
        amount_total=18_349_097_819,
        period_start=day(1, 1),
        period_end=day(12, 31),
    )
    m.SubsidyResult.objects.create(
        cuenta=cuenta, subsidy=make_subsidy(code="BTM", name="Bono al Trabajo de la Mujer"), people_total=5321
    )
    m.CosocActivity.objects.create(
        cuenta=cuenta, council=make_council(region=region), sessions_held=5, topics="+Transformación digital"
    )
    m.ParticipatoryDialogue.objects.create(
        cuenta=cuenta, comuna=comunas[1], date=day(6, 1), theme="Mejorando los servicios Sence", findings="a\nb"
    )
    m.FieldEvent.objects.create(cuenta=cuenta, start_date=day(3, 8), comuna=comunas[2])
    m.FieldEvent.objects.create(cuenta=cuenta, start_date=day(11, 18), end_date=day(11, 19), place="@Expo FISA")
    m.PublicationCount.objects.create(cuenta=cuenta, category=make_publication_category(), count=58)
    m.FollowerCount.objects.create(cuenta=cuenta, network=make_network(), at_start=8319, at_end=11561)
    m.Efemeride.objects.create(cuenta=cuenta, date=day(3, 8), name="Día de la Mujer")
    m.ContactsByType.objects.create(cuenta=cuenta, contact_type=make_contact_type(), count=11535)
    m.ContactsBySex.objects.create(cuenta=cuenta, sex="F", count=9861)
    m.ContactsByMonth.objects.create(cuenta=cuenta, month=7, count=2000)
    m.ContactsByProgram.objects.create(cuenta=cuenta, line=becas, count=300)
    m.Milestone.objects.create(cuenta=cuenta, title="Mesa Técnica de Transporte RM", text="\tIntegrada por…")
    m.Partnership.objects.create(cuenta=cuenta, partner="SENDA RM", purpose="Colaboración", people_reached=None)
    m.StrategicAxis.objects.create(cuenta=cuenta, title="Descentralización", text="Distribuir los beneficios.")
    m.TeamMember.objects.create(cuenta=cuenta, name="Juan Soto", role="Director regional")
    return cuenta


def cuenta_data(cuenta) -> dict:
    """Every row of ``cuenta`` as plain values (no ids, no Cuenta), to compare two Cuentas."""
    from cuentas.resources import TABLES, importable_fields

    data = {}
    for model in TABLES:
        rows = []
        for obj in model.objects.filter(cuenta=cuenta):
            values = []
            for field in importable_fields(model):
                if field.many_to_many:
                    values.append(tuple(sorted(getattr(obj, field.name).values_list("pk", flat=True))))
                else:
                    values.append(getattr(obj, field.attname))
            rows.append(tuple(values))
        data[model.__name__] = sorted(rows, key=repr)
    return data


def database_state(cuenta) -> tuple[dict, str]:
    """Row counts of every table in the database, and a checksum of ``cuenta``'s data."""
    import hashlib

    from django.apps import apps

    counts = {model.__name__: model.objects.count() for model in apps.get_app_config("cuentas").get_models()}
    checksum = hashlib.sha256(repr(cuenta_data(cuenta)).encode()).hexdigest()
    return counts, checksum


# Rows of one table, and a Cuenta with ``rows`` rows in every table (public pages and their query counts).


def make_budget_execution(cuenta, subtitle=None, **kwargs) -> m.BudgetExecution:
    kwargs.setdefault("requested", 1_000)
    kwargs.setdefault("accrued", 900)
    return m.BudgetExecution.objects.create(
        cuenta=cuenta, subtitle=subtitle or make_subtitle(code=24, name="Transferencias corrientes"), **kwargs
    )


def make_training(cuenta, line=None, **kwargs) -> m.TrainingParticipation:
    kwargs.setdefault("women", 60)
    kwargs.setdefault("men", 40)
    return m.TrainingParticipation.objects.create(
        cuenta=cuenta, line=line or make_program_line(name="Capacitación en Oficios"), **kwargs
    )


def make_rm_2022_budget(cuenta) -> None:
    """The Metropolitana 2022 budget by subtítulo, as the document prints it."""
    for code, name, requested, accrued in (
        (21, "Gastos en personal", 65_427_018, 60_346_518),
        (22, "Bienes y servicios de consumo", 40_687_140, 40_162_152),
        (24, "Transferencias corrientes", 16_421_763_713, 16_141_435_580),
        (34, "Servicio de la deuda", 103_363_995, 103_363_995),
    ):
        make_budget_execution(cuenta, make_subtitle(code=code, name=name), requested=requested, accrued=accrued)


def make_populated_cuenta(rows: int = 1, **kwargs) -> m.Cuenta:
    """A Cuenta with every section filled: ``rows`` rows per table (fewer where a table has fewer kinds)."""
    cuenta = make_cuenta(**kwargs)
    comuna = make_comuna(region=cuenta.region, code=f"{cuenta.region_id}101", name=f"Comuna {cuenta.region_id}")
    pairs = [
        (channel, indicator)
        for channel in m.IntermediationChannel.objects.values_list("code", flat=True)
        for indicator in m.IntermediationIndicator.objects.values_list("code", flat=True)
    ]
    kinds = list(m.ActivityKind.objects.values_list("code", flat=True))
    m.TrainingSummary.objects.create(cuenta=cuenta, courses_held=10)
    m.TaxFranchise.objects.create(cuenta=cuenta, companies=5, workers_trained=50, amount=1_000_000, national_rank=2)
    council = m.CosocCouncil.objects.create(region=cuenta.region, start_year=2021, end_year=2022)
    m.CosocActivity.objects.create(cuenta=cuenta, council=council, sessions_held=5, topics="Rutas formativas.")
    for i in range(rows):
        m.Authority.objects.create(cuenta=cuenta, name=f"Autoridad {i}", office="Seremi")
        m.Quote.objects.create(cuenta=cuenta, speaker=f"Persona {i}", text="Gracias.")
        m.DeclaredFigure.objects.create(
            cuenta=cuenta, label=f"personas beneficiadas {i}", value=76000, qualifier="mas_de"
        )
        make_budget_execution(
            cuenta, make_subtitle(code=21 + i, name=f"Subtítulo {21 + i}"), requested=1_000 + i, accrued=900
        )
        m.ProgramBudgetExecution.objects.create(
            cuenta=cuenta, line=make_program_line(name=f"Programa {i}"), requested=10, accrued=9
        )
        make_training(cuenta, make_program_line(name=f"Línea {i}"))
        initiative = m.Initiative.objects.create(cuenta=cuenta, name=f"Iniciativa {i}", people=92, comunas_reached=21)
        initiative.comunas.add(comuna)
        m.CertificationResult.objects.create(cuenta=cuenta, sector=make_sector(name=f"Sector {i}"), women=3, men=2)
        if i < len(pairs):
            m.IntermediationResult.objects.create(
                cuenta=cuenta, channel_id=pairs[i][0], indicator_id=pairs[i][1], goal=100, achieved=150
            )
        place = make_comuna(region=cuenta.region, code=f"{cuenta.region_id}3{i:02}", name=f"Comuna C{i}")
        m.IntermediationResult.objects.create(
            cuenta=cuenta, channel_id="omil", indicator_id="colocados", comuna=place, achieved=10 + i, women=5
        )
        m.IntermediationResult.objects.create(
            cuenta=cuenta, channel_id="omil", indicator_id="colocados", employer=f"Empresa {i}", achieved=3 + i
        )
        m.FomilAgreement.objects.create(
            cuenta=cuenta, comuna=make_comuna(region=cuenta.region, code=f"{cuenta.region_id}2{i:02}", name=f"C{i}")
        )
        if i < len(kinds):
            m.EmploymentActivity.objects.create(cuenta=cuenta, kind_id=kinds[i], count=2)
        m.SubsidyResult.objects.create(
            cuenta=cuenta, subsidy=make_subsidy(code=f"S{i}", name=f"Subsidio {i}"), women=5, men=5, amount_total=100
        )
        m.CosocMember.objects.create(council=council, institution=f"Institución {i}", person=f"Consejero {i}")
        m.ParticipatoryDialogue.objects.create(cuenta=cuenta, comuna=comuna, theme=f"Tema {i}", findings="Uno\nDos")
        m.FieldEvent.objects.create(cuenta=cuenta, start_date=date(2022, 3, 1 + i % 28), comuna=comuna)
        m.PublicationCount.objects.create(
            cuenta=cuenta, category=make_publication_category(name=f"Categoría {i}"), count=7
        )
        m.FollowerCount.objects.create(cuenta=cuenta, network=make_network(name=f"Red {i}"), at_start=100, at_end=110)
        m.Efemeride.objects.create(cuenta=cuenta, date=date(2022, 5, 1 + i % 28), name=f"Día {i}")
        m.ContactsByType.objects.create(cuenta=cuenta, contact_type=make_contact_type(name=f"Tipo {i}"), count=4)
        if i < 2:
            m.ContactsBySex.objects.create(cuenta=cuenta, sex="FM"[i], count=4)
        if i < 12:
            m.ContactsByMonth.objects.create(cuenta=cuenta, month=i + 1, count=4)
        m.ContactsByProgram.objects.create(cuenta=cuenta, line=make_program_line(name=f"Programa {i}"), count=4)
        m.Milestone.objects.create(cuenta=cuenta, title=f"Hito {i}")
        m.Partnership.objects.create(cuenta=cuenta, partner=f"Aliado {i}", people_reached=10)
        m.StrategicAxis.objects.create(cuenta=cuenta, title=f"Eje {i}")
        m.TeamMember.objects.create(cuenta=cuenta, name=f"Integrante {i}")
    for section in m.SectionKey.values:
        m.SectionText.objects.create(cuenta=cuenta, section=section, text=f"Texto de {section}.")
    return cuenta
