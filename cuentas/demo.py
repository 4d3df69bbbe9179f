"""Demonstration data: plausible synthetic Cuentas for every region and year.

They give the comparisons and the benchmarks volume. Every Cuenta created
here has ``is_demo`` set, so the public site marks it wherever it shows and
``remove()`` deletes exactly these (their rows go with them). A region and
year that already has a Cuenta (a real one) is left alone.

Figures are scaled from the Metropolitana 2022 orders of magnitude by each
region's approximate share of the national population, with a deterministic
random variation per region and year, so two runs create the same data.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from . import models as m

YEARS = range(2020, 2025)

#: Approximate share of the national population (Censo 2017), by region code.
POPULATION_SHARE = {
    "15": 0.013,
    "01": 0.019,
    "02": 0.034,
    "03": 0.016,
    "04": 0.043,
    "05": 0.103,
    "13": 0.404,
    "06": 0.052,
    "07": 0.059,
    "16": 0.027,
    "08": 0.089,
    "09": 0.054,
    "14": 0.022,
    "10": 0.047,
    "11": 0.006,
    "12": 0.009,
}

BASELINE = {
    "subtitles": [
        (21, "Gastos en personal"),
        (22, "Bienes y servicios de consumo"),
        (24, "Transferencias corrientes"),
        (29, "Adquisición de activos no financieros"),
    ],
    "training_lines": [
        "Becas Laborales",
        "Capacitación en Oficios",
        "Bono de Capacitación para Micro y Pequeños Empresarios",
        "Reconversión Laboral",
        "Formación en el Puesto de Trabajo",
        "Emprendimiento",
    ],
    "sectors": [
        "Comercio",
        "Construcción",
        "Gastronomía, Hotelería y Turismo",
        "Servicios",
        "Transporte y Logística",
        "Manufactura Metálica",
    ],
    "subsidies": [
        ("Aprendices", "Aprendices", m.Subsidy.Budget.REGIONAL),
        ("EM", "Experiencia Mayor", m.Subsidy.Budget.REGIONAL),
        ("SEJ", "Subsidio al Empleo Joven", m.Subsidy.Budget.CENTRAL),
        ("BTM", "Bono al Trabajo de la Mujer", m.Subsidy.Budget.CENTRAL),
    ],
    "networks": ["Facebook", "Instagram", "X (Twitter)"],
    "contact_types": ["Pregunta", "Reclamo", "Trámite", "Felicitación", "Sugerencia"],
    "publication_categories": ["Efemérides", "Gobierno en Terreno", "Publicaciones, programas y actividades"],
}


AXES = [
    ("Descentralización", "Distribuir los beneficios con mayor equidad territorial."),
    ("Participación femenina", "Más mujeres en capacitación para oficios masculinizados."),
]


@dataclass
class Catalogues:
    subtitles: list
    training_lines: list
    budget_lines: list
    sectors: list
    subsidies: list
    networks: list
    contact_types: list
    publication_categories: list
    comunas: dict


def _catalogue(model, rows: list, create) -> list:
    """The catalogue as loaded; its standard entries only if it is empty (a fresh database)."""
    existing = list(rows)
    if existing:
        return existing
    for entry in create:
        entry.save()
    return list(model.objects.all())


def catalogues() -> Catalogues:
    b = BASELINE
    training = m.ProgramLine.objects.filter(kind=m.ProgramLine.Kind.TRAINING, parent=None)
    training_lines = _catalogue(m.ProgramLine, training[:8], [m.ProgramLine(name=name) for name in b["training_lines"]])
    comunas: dict[str, list] = {}
    for comuna in m.Comuna.objects.all():
        comunas.setdefault(comuna.region_id, []).append(comuna)
    return Catalogues(
        subtitles=_catalogue(
            m.BudgetSubtitle,
            m.BudgetSubtitle.objects.filter(code__in=[21, 22, 24, 29]),
            [m.BudgetSubtitle(code=c, name=n) for c, n in b["subtitles"]],
        ),
        training_lines=training_lines,
        budget_lines=training_lines[:6],
        sectors=_catalogue(
            m.ProductiveSector, m.ProductiveSector.objects.all()[:8], [m.ProductiveSector(name=n) for n in b["sectors"]]
        ),
        subsidies=_catalogue(
            m.Subsidy,
            m.Subsidy.objects.all()[:6],
            [m.Subsidy(code=c, name=n, budget=k) for c, n, k in b["subsidies"]],
        ),
        networks=_catalogue(
            m.SocialNetwork, m.SocialNetwork.objects.all(), [m.SocialNetwork(name=n) for n in b["networks"]]
        ),
        contact_types=_catalogue(
            m.ContactType,
            m.ContactType.objects.all(),
            [m.ContactType(name=n, order=i) for i, n in enumerate(b["contact_types"])],
        ),
        publication_categories=_catalogue(
            m.PublicationCategory,
            m.PublicationCategory.objects.all(),
            [m.PublicationCategory(name=n, order=i) for i, n in enumerate(b["publication_categories"])],
        ),
        comunas=comunas,
    )


def _split(rng: random.Random, total: int, women_share: float) -> tuple[int, int]:
    women = round(total * min(max(rng.gauss(women_share, 0.08), 0.02), 0.98))
    return women, total - women


def _rows_for(cuenta: m.Cuenta, cat: Catalogues, rng: random.Random) -> dict[type, list]:
    """Every section row of one synthetic Cuenta, unsaved, by model."""
    scale = POPULATION_SHARE.get(cuenta.region_id, 0.03) / POPULATION_SHARE["13"]
    trend = 1 + 0.04 * (cuenta.management_year_id - 2020)

    def amount(base: float) -> int:
        return max(1, round(base * scale * trend * rng.uniform(0.8, 1.2)))

    def count(base: float) -> int:
        return max(1, round(base * max(scale, 0.04) * trend * rng.uniform(0.75, 1.25)))

    rows: dict[type, list] = {}
    base_by_subtitle = {21: 65e6, 22: 40e6, 24: 16.4e9, 29: 12e6}
    rows[m.BudgetExecution] = [
        m.BudgetExecution(
            cuenta=cuenta,
            subtitle=s,
            requested=(req := amount(base_by_subtitle.get(s.code, 30e6))),
            accrued=round(req * rng.uniform(0.86, 1.0)),
        )
        for s in cat.subtitles
    ]
    # Subtítulo 24 split among the programme lines, so both tables add up to the same total.
    transfers = next((row for row in rows[m.BudgetExecution] if row.subtitle.code == 24), None)
    weights = [rng.uniform(0.3, 1.0) for _ in cat.budget_lines]
    rows[m.ProgramBudgetExecution] = []
    if transfers is not None:
        for line, weight in zip(cat.budget_lines, weights, strict=True):
            requested = round(transfers.requested * weight / sum(weights))
            rows[m.ProgramBudgetExecution].append(
                m.ProgramBudgetExecution(
                    cuenta=cuenta, line=line, requested=requested, accrued=round(requested * rng.uniform(0.8, 1.0))
                )
            )
    rows[m.TrainingSummary] = [m.TrainingSummary(cuenta=cuenta, courses_held=count(1250))]
    rows[m.TrainingParticipation] = [
        m.TrainingParticipation(cuenta=cuenta, line=line, women=(s := _split(rng, count(4000), 0.64))[0], men=s[1])
        for line in cat.training_lines
    ]
    rows[m.CertificationResult] = [
        m.CertificationResult(cuenta=cuenta, sector=sector, women=(s := _split(rng, count(180), 0.5))[0], men=s[1])
        for sector in cat.sectors
    ]

    def result(channel, indicator, achieved, goal=None, women=None):
        return m.IntermediationResult(
            cuenta=cuenta, channel_id=channel, indicator_id=indicator, achieved=achieved, goal=goal, women=women
        )

    attended, oriented, placed = count(86000), count(46000), count(17000)
    platform_attended = count(2700)
    platform_placed = round(platform_attended * rng.uniform(0.15, 0.25))
    rows[m.IntermediationResult] = [
        result("omil", "atendidos", attended, round(attended / rng.uniform(1.0, 1.5))),
        result("omil", "orientados", oriented, round(oriented / rng.uniform(0.9, 1.5))),
        result(
            "omil", "colocados", placed, round(placed / rng.uniform(0.8, 1.2)), round(placed * rng.uniform(0.4, 0.55))
        ),
        result("plataforma", "atendidos", platform_attended),
        result("plataforma", "colocados", platform_placed, women=round(platform_placed * rng.uniform(0.4, 0.6))),
    ]
    rows[m.SubsidyResult] = []
    for subsidy in cat.subsidies:
        regional = subsidy.budget == m.Subsidy.Budget.REGIONAL
        women, men = _split(rng, count(300 if regional else 40000), 0.5)
        rows[m.SubsidyResult].append(
            m.SubsidyResult(
                cuenta=cuenta,
                subsidy=subsidy,
                women=women,
                men=men,
                amount_total=(women + men) * rng.randint(250_000, 450_000),
                employers=count(16) if regional else None,
                period_start=date(cuenta.management_year_id, 1, 1),
                period_end=date(cuenta.management_year_id, 12, 31),
            )
        )
    rows[m.FollowerCount] = [
        m.FollowerCount(cuenta=cuenta, network=network, at_start=(start := count(4000)),
                        at_end=round(start * rng.uniform(1.02, 1.4)))
        for network in cat.networks
    ]  # fmt: skip
    rows[m.PublicationCount] = [
        m.PublicationCount(cuenta=cuenta, category=category, count=count(130))
        for category in cat.publication_categories
    ]
    shares = [0.6, 0.38, 0.01, 0.006, 0.004, *[0.002] * len(cat.contact_types)]
    total_contacts = count(19000)
    rows[m.ContactsByType] = [
        m.ContactsByType(
            cuenta=cuenta, contact_type=kind, count=max(1, round(total_contacts * share * rng.uniform(0.8, 1.2)))
        )
        for kind, share in zip(cat.contact_types, shares, strict=False)
    ]
    women, men = _split(rng, total_contacts, 0.52)
    rows[m.ContactsBySex] = [
        m.ContactsBySex(cuenta=cuenta, sex="F", count=women),
        m.ContactsBySex(cuenta=cuenta, sex="M", count=men),
    ]
    rows[m.ContactsByMonth] = [
        m.ContactsByMonth(cuenta=cuenta, month=month, count=round(total_contacts / 12 * rng.uniform(0.6, 1.4)))
        for month in range(1, 13)
    ]
    comunas = cat.comunas.get(cuenta.region_id, [])
    rows[m.FieldEvent] = []
    if comunas:
        days = sorted(rng.sample(range(20, 340), rng.randint(4, 12)))
        rows[m.FieldEvent] = [
            m.FieldEvent(
                cuenta=cuenta,
                start_date=date(cuenta.management_year_id, 1, 1) + timedelta(days=day),
                comuna=rng.choice(comunas),
            )
            for day in days
        ]
    rows[m.StrategicAxis] = [
        m.StrategicAxis(cuenta=cuenta, title=title, text=text, position=position)
        for position, (title, text) in enumerate(AXES, start=1)
    ]
    return rows


@transaction.atomic
def create(years=YEARS) -> int:
    """Create the demonstration Cuentas that do not exist yet; return how many were created."""
    cat = catalogues()
    taken = set(m.Cuenta.objects.values_list("region_id", "management_year_id"))
    for year in years:
        m.FiscalYear.objects.get_or_create(year=year)
    cuentas = []
    for region in m.Region.objects.order_by("north_to_south"):
        for year in years:
            if (region.code, year) in taken:
                continue
            cuentas.append(
                m.Cuenta(
                    region=region,
                    management_year_id=year,
                    presentation_year=year + 1,
                    title=f"Cuenta Pública {region.name} {year} (demostración)",
                    status=m.Cuenta.Status.PUBLISHED,
                    is_demo=True,
                    director="Datos de demostración",
                    introduction="Cuenta sintética creada para probar el sitio: sus cifras no son reales.",
                )
            )
    created = m.Cuenta.objects.bulk_create(cuentas)
    if not created[:1] or created[0].pk is None:  # backends that do not return ids on bulk insert
        keys = [(c.region_id, c.management_year_id) for c in cuentas]
        by_key = {(c.region_id, c.management_year_id): c for c in m.Cuenta.objects.demo()}
        created = [by_key[key] for key in keys]
    batches: dict[type, list] = {}
    for cuenta in created:
        rng = random.Random(f"{cuenta.region_id}-{cuenta.management_year_id}")  # noqa: S311 -- synthetic figures, not secrets
        for model, rows in _rows_for(cuenta, cat, rng).items():
            batches.setdefault(model, []).extend(rows)
    for model, rows in batches.items():
        model.objects.bulk_create(rows, batch_size=500)
    return len(created)


@transaction.atomic
def remove() -> int:
    """Delete every demonstration Cuenta and its rows; return how many Cuentas were deleted."""
    count = m.Cuenta.objects.demo().count()
    m.Cuenta.objects.demo().delete()
    return count
