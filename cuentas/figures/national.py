"""The indicators compared between regions and years, and the national sums of the home page.

``indicator_cuentas(**filters)`` loads the published Cuentas with the column
totals the indicators need (one query, each total a subquery defined once in
``totals.py``) and their regional intermediation results (one query more).
``indicator_values(cuenta)`` computes each indicator with the same formulas
as a Cuenta's page.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuentas import models as m
from cuentas.numbers import percent

from .cuenta import PLACED, add_known, counted_once
from .totals import subquery_total


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    kind: str  # "count", "money" or "percent"


INDICATORS: tuple[Indicator, ...] = (
    Indicator("budget_execution", _("Ejecución presupuestaria"), "percent"),
    Indicator("participants", _("Participantes en capacitación"), "count"),
    Indicator("women_share", _("% de mujeres en capacitación"), "percent"),
    Indicator("certified", _("Personas evaluadas en certificación"), "count"),
    Indicator("placement_fulfilment", _("% de cumplimiento de la meta de personas colocadas"), "percent"),
    Indicator("placements", _("Personas colocadas (todos los canales)"), "count"),
    Indicator("subsidy_people", _("Personas con subsidio al empleo"), "count"),
)

#: Column totals (totals.TOTALS) the indicators read, annotated on each Cuenta.
INDICATOR_TOTALS = (
    "budget_requested",
    "budget_accrued",
    "training_women",
    "training_men",
    "certification_women",
    "certification_men",
)


def indicator_cuentas(**filters) -> list[m.Cuenta]:
    """Published Cuentas matching ``filters`` with their indicator totals, placements and subsidies (3 queries)."""
    queryset = m.Cuenta.objects.published().filter(**filters).select_related("region")
    queryset = queryset.annotate(**{name: subquery_total(name) for name in INDICATOR_TOTALS})
    cuentas = list(queryset.order_by("region__north_to_south", "management_year_id"))
    placed = (
        m.IntermediationResult.objects.filter(
            Q(cuenta__in=[cuenta.pk for cuenta in cuentas]), indicator_id=PLACED, comuna__isnull=True, employer=""
        )
        .select_related("channel")
        .order_by()
    )
    by_cuenta: dict[int, list] = {}
    for row in placed:
        by_cuenta.setdefault(row.cuenta_id, []).append(row)
    subsidies: dict[int, list] = {}
    for row in m.SubsidyResult.objects.filter(cuenta__in=[cuenta.pk for cuenta in cuentas]).order_by():
        subsidies.setdefault(row.cuenta_id, []).append(row)
    for cuenta in cuentas:
        cuenta.placed_rows = by_cuenta.get(cuenta.pk, [])
        cuenta.subsidy_rows = subsidies.get(cuenta.pk, [])
    return cuentas


def _known_sum(*values):
    return None if any(value is None for value in values) else sum(values)


def indicator_values(cuenta: m.Cuenta) -> dict[str, int | Decimal | None]:
    """The indicators of a Cuenta loaded by ``indicator_cuentas``; None where it has no data."""
    participants = _known_sum(cuenta.training_women, cuenta.training_men)
    certified = _known_sum(cuenta.certification_women, cuenta.certification_men)
    placed = counted_once(cuenta.placed_rows)
    goal_rows = [row for row in placed if row.goal is not None]
    return {
        "budget_execution": percent(cuenta.budget_accrued, cuenta.budget_requested),
        "participants": participants,
        "women_share": percent(cuenta.training_women, participants),
        "certified": certified,
        "placement_fulfilment": percent(
            sum(row.achieved for row in goal_rows) if goal_rows else None, sum(row.goal for row in goal_rows)
        ),
        "placements": add_known(placed, lambda row: row.achieved).value,
        "subsidy_people": add_known(cuenta.subsidy_rows, lambda row: row.total).value,
        # Raw sums the home page adds up nationally.
        "budget_requested": cuenta.budget_requested,
        "budget_accrued": cuenta.budget_accrued,
        "training_women": cuenta.training_women,
    }


def ranks(values: list, key: str) -> dict[int, int]:
    """Competition ranking (1 is the highest, ties share a place) of the rows that have a value for ``key``."""
    present = [v[key] for v in values if v is not None and v[key] is not None]
    return {
        i: 1 + sum(1 for other in present if other > v[key]) for i, v in enumerate(values) if v and v[key] is not None
    }


def national_figures(year: int) -> dict:
    """Sums over the regions' Cuentas of one year; shares computed from the sums; how many regions each counts."""
    cuentas = indicator_cuentas(management_year=year)
    values = [indicator_values(cuenta) for cuenta in cuentas]

    def total(key):
        present = [v[key] for v in values if v[key] is not None]
        return sum(present) if present else None

    def reporting(key):
        return sum(1 for v in values if v[key] is not None)

    participants = total("participants")
    return {
        "year": year,
        "regions": len(cuentas),
        "budget_accrued": total("budget_accrued"),
        "budget_execution": percent(total("budget_accrued"), total("budget_requested")),
        "participants": participants,
        "women_share": percent(total("training_women"), participants),
        "certified": total("certified"),
        "placements": total("placements"),
        "subsidy_people": total("subsidy_people"),
        "reporting": {
            key: reporting(key)
            for key in ("budget_accrued", "participants", "certified", "placements", "subsidy_people")
        },
        "has_demo": any(cuenta.is_demo for cuenta in cuentas),
    }
