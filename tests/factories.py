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
    kwargs.setdefault("management_year", 2022)
    kwargs.setdefault("presentation_year", kwargs["management_year"] + 1)
    kwargs.setdefault("title", f"Cuenta Pública {kwargs['region']} {kwargs['management_year']}")
    kwargs.setdefault("status", Cuenta.Status.PUBLISHED)
    return Cuenta.objects.create(**kwargs)


def make_subtitle(code=24, name=None) -> m.BudgetSubtitle:
    subtitle, _ = m.BudgetSubtitle.objects.get_or_create(code=code, defaults={"name": name or f"Subtítulo {code}"})
    return subtitle


def make_program_line(name="Capacitación en Oficios", **kwargs) -> m.ProgramLine:
    line, _ = m.ProgramLine.objects.get_or_create(name=name, defaults=kwargs)
    return line


def make_sector(name="Construcción") -> m.ProductiveSector:
    return m.ProductiveSector.objects.get_or_create(name=name)[0]


def make_subsidy(code="SEJ", name=None, budget=m.Subsidy.Budget.CENTRAL) -> m.Subsidy:
    return m.Subsidy.objects.get_or_create(code=code, defaults={"name": name or code, "budget": budget})[0]


def make_network(name="Facebook") -> m.SocialNetwork:
    return m.SocialNetwork.objects.get_or_create(name=name)[0]


def make_contact_type(name="Pregunta", order=0) -> m.ContactType:
    return m.ContactType.objects.get_or_create(name=name, defaults={"order": order})[0]


def make_publication_category(name="Efemérides", order=0) -> m.PublicationCategory:
    return m.PublicationCategory.objects.get_or_create(name=name, defaults={"order": order})[0]


def make_budget_execution(cuenta, subtitle=None, **kwargs) -> m.BudgetExecution:
    kwargs.setdefault("requested", 1_000)
    kwargs.setdefault("accrued", 900)
    return m.BudgetExecution.objects.create(cuenta=cuenta, subtitle=subtitle or make_subtitle(), **kwargs)


def make_training(cuenta, line=None, **kwargs) -> m.TrainingParticipation:
    kwargs.setdefault("women", 60)
    kwargs.setdefault("men", 40)
    return m.TrainingParticipation.objects.create(cuenta=cuenta, line=line or make_program_line(), **kwargs)


def make_rm_2022_budget(cuenta) -> None:
    """The Metropolitana 2022 budget by subtítulo, as the document prints it."""
    for code, name, requested, accrued in (
        (21, "Gastos en personal", 65_427_018, 60_346_518),
        (22, "Bienes y servicios de consumo", 40_687_140, 40_162_152),
        (24, "Transferencias corrientes", 16_421_763_713, 16_141_435_580),
        (34, "Servicio de la deuda", 103_363_995, 103_363_995),
    ):
        make_budget_execution(cuenta, make_subtitle(code, name), requested=requested, accrued=accrued)


def make_full_cuenta(rows: int = 1, **kwargs) -> m.Cuenta:
    """A Cuenta with every section filled: ``rows`` rows per table (fewer where a table has fewer kinds)."""
    cuenta = make_cuenta(**kwargs)
    comuna = make_comuna(region=cuenta.region, code=f"{cuenta.region_id}101", name=f"Comuna {cuenta.region_id}")
    channel, indicator = m.IntermediationResult.Channel, m.IntermediationResult.Indicator
    pairs = [(c, i) for c in channel.values for i in indicator.values]
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
        make_budget_execution(cuenta, make_subtitle(21 + i), requested=1_000 + i, accrued=900)
        m.ProgramBudgetExecution.objects.create(
            cuenta=cuenta, line=make_program_line(f"Programa {i}"), requested=10, accrued=9
        )
        make_training(cuenta, make_program_line(f"Línea {i}"))
        initiative = m.Initiative.objects.create(cuenta=cuenta, name=f"Iniciativa {i}", people=92, comunas_reached=21)
        initiative.comunas.add(comuna)
        m.CertificationResult.objects.create(cuenta=cuenta, sector=make_sector(f"Sector {i}"), women=3, men=2)
        if i < len(pairs):
            m.IntermediationResult.objects.create(
                cuenta=cuenta, channel=pairs[i][0], indicator=pairs[i][1], goal=100, achieved=150
            )
        m.FomilAgreement.objects.create(
            cuenta=cuenta, comuna=make_comuna(region=cuenta.region, code=f"{cuenta.region_id}2{i:02}", name=f"C{i}")
        )
        if i < len(m.EmploymentActivity.Kind.values):
            m.EmploymentActivity.objects.create(cuenta=cuenta, kind=m.EmploymentActivity.Kind.values[i], count=2)
        m.SubsidyResult.objects.create(cuenta=cuenta, subsidy=make_subsidy(f"S{i}"), women=5, men=5, amount_total=100)
        m.CosocMember.objects.create(council=council, institution=f"Institución {i}", person=f"Consejero {i}")
        m.ParticipatoryDialogue.objects.create(cuenta=cuenta, comuna=comuna, theme=f"Tema {i}", findings="Uno\nDos")
        m.FieldEvent.objects.create(cuenta=cuenta, start_date=date(2022, 3, 1 + i % 28), comuna=comuna)
        m.PublicationCount.objects.create(cuenta=cuenta, category=make_publication_category(f"Categoría {i}"), count=7)
        m.FollowerCount.objects.create(cuenta=cuenta, network=make_network(f"Red {i}"), at_start=100, at_end=110)
        m.Efemeride.objects.create(cuenta=cuenta, date=date(2022, 5, 1 + i % 28), name=f"Día {i}")
        m.ContactsByType.objects.create(cuenta=cuenta, contact_type=make_contact_type(f"Tipo {i}"), count=4)
        if i < 2:
            m.ContactsBySex.objects.create(cuenta=cuenta, sex="FM"[i], count=4)
        if i < 12:
            m.ContactsByMonth.objects.create(cuenta=cuenta, month=i + 1, count=4)
        m.ContactsByProgram.objects.create(cuenta=cuenta, line=make_program_line(f"Programa {i}"), count=4)
        m.Milestone.objects.create(cuenta=cuenta, title=f"Hito {i}")
        m.Partnership.objects.create(cuenta=cuenta, partner=f"Aliado {i}", people_reached=10)
        m.StrategicAxis.objects.create(cuenta=cuenta, title=f"Eje {i}")
        m.TeamMember.objects.create(cuenta=cuenta, name=f"Integrante {i}")
    for section in m.SectionKey.values:
        m.SectionText.objects.create(cuenta=cuenta, section=section, text=f"Texto de {section}.")
    return cuenta
