"""Column totals of a Cuenta's tables: one SQL aggregate per name, with its unknown parts.

``TOTALS`` maps a total's name to the row relation it adds up and its
aggregate. ``*_unknown`` totals count the rows whose value is unknown: a total
with unknown parts is withheld by the figures that read it (see cuenta.py).
A subsidy's people and amount paid are not a column but a rule of the row
(``SubsidyResult.total`` and ``.amount``: the declared total, or the split by
sex when both parts are known), so ``CuentaFigures`` adds them up from the rows.
"""

from django.db.models import Aggregate, Count, OuterRef, Q, Subquery, Sum, Window

from cuentas.models import Cuenta


def _unknown(field: str) -> Count:
    return Count("pk", filter=Q(**{f"{field}__isnull": True}))


#: name -> (row relation of the Cuenta, aggregate over its rows).
TOTALS: dict[str, tuple[str, Aggregate]] = {
    "budget_requested": ("budget_executions", Sum("requested")),
    "budget_accrued": ("budget_executions", Sum("accrued")),
    "programs_requested": ("program_budget_executions", Sum("requested")),
    "programs_accrued": ("program_budget_executions", Sum("accrued")),
    "training_women": ("training_participations", Sum("women")),
    "training_men": ("training_participations", Sum("men")),
    "certification_women": ("certification_results", Sum("women")),
    "certification_men": ("certification_results", Sum("men")),
    "fomil_count": ("fomil_agreements", Count("pk")),
    "fomil_amount": ("fomil_agreements", Sum("amount")),
    "fomil_amount_unknown": ("fomil_agreements", _unknown("amount")),
    "activities_count": ("employment_activities", Sum("count")),
    "activities_investment": ("employment_activities", Sum("investment")),
    "activities_investment_unknown": ("employment_activities", _unknown("investment")),
    "subsidy_women": ("subsidy_results", Sum("women")),
    "subsidy_women_unknown": ("subsidy_results", _unknown("women")),
    "subsidy_men": ("subsidy_results", Sum("men")),
    "subsidy_men_unknown": ("subsidy_results", _unknown("men")),
    "subsidy_amount_women": ("subsidy_results", Sum("amount_women")),
    "subsidy_amount_women_unknown": ("subsidy_results", _unknown("amount_women")),
    "subsidy_amount_men": ("subsidy_results", Sum("amount_men")),
    "subsidy_amount_men_unknown": ("subsidy_results", _unknown("amount_men")),
    "subsidy_employers": ("subsidy_results", Sum("employers")),
    "subsidy_employers_unknown": ("subsidy_results", _unknown("employers")),
    "field_events_count": ("field_events", Count("pk")),
    "publications": ("publication_counts", Sum("count")),
    "followers_start": ("follower_counts", Sum("at_start")),
    "followers_end": ("follower_counts", Sum("at_end")),
    "efemerides_count": ("efemerides", Count("pk")),
    "contacts_by_type_total": ("contacts_by_type", Sum("count")),
    "contacts_by_sex_total": ("contacts_by_sex", Sum("count")),
    "contacts_by_month_total": ("contacts_by_month", Sum("count")),
    "contacts_by_program_total": ("contacts_by_program", Sum("count")),
}


def window_totals(relation: str) -> dict[str, Window]:
    """The totals of one relation as window aggregates (``SUM(...) OVER ()``), annotated on each of its rows.

    The database adds the columns up in the same query that reads the rows: a
    prefetch reads one Cuenta's rows, so the window is that Cuenta's table.
    """
    return {f"total_{name}": Window(aggregate) for name, (rel, aggregate) in TOTALS.items() if rel == relation}


def attach_totals(cuenta, relations=None) -> None:
    """Set ``cuenta.totals`` (and each total as an attribute) from the rows prefetched with ``window_totals``.

    A table without rows has no totals (None, not zero). Only ``relations``, when given.
    """
    totals = getattr(cuenta, "totals", {})
    for name, (relation, _aggregate) in TOTALS.items():
        if relations is not None and relation not in relations:
            continue
        rows = getattr(cuenta, relation).all()
        value = getattr(rows[0], f"total_{name}") if rows else None
        totals[name] = value
        setattr(cuenta, name, value)
    cuenta.totals = totals


def subquery_total(name: str) -> Subquery:
    """The total ``name`` of each Cuenta of a queryset, as a correlated subquery (comparisons)."""
    relation, aggregate = TOTALS[name]

    model = Cuenta._meta.get_field(relation).related_model
    rows = model.objects.filter(cuenta=OuterRef("pk")).order_by().values("cuenta").annotate(total=aggregate)
    return Subquery(rows.values("total"))


def known_total(totals: dict, name: str):
    """The total ``name``, withheld (None) when any of the parts it adds up is unknown."""
    if totals.get(f"{name}_unknown"):
        return None
    return totals.get(name)
