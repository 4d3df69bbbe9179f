"""Read-side queries of the public site: every page costs a fixed number of queries.

``cuenta_page()`` loads a Cuenta with every section row prefetched and the
column totals of its tables computed by the database as annotations of the
rows (window aggregates, no extra query); ``indicators()`` annotates a set of
Cuentas with the main indicators the comparisons and the home page show.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from . import access
from . import models as m
from .numbers import percent

User = AbstractBaseUser | AnonymousUser


def visible_cuentas(user: User) -> QuerySet[m.Cuenta]:
    """Published Cuentas, and the drafts of the regions the user works on."""
    if access.edits_cuentas(user):
        return m.Cuenta.objects.published() | access.editable_cuentas(user)
    return m.Cuenta.objects.published()


def _sum(model, expression, **filters) -> Subquery:
    """SUM(expression) over one Cuenta's rows of ``model``, as a correlated subquery."""
    rows = (
        model.objects.filter(cuenta=OuterRef("pk"), **filters)
        .order_by()
        .values("cuenta")
        .annotate(total=Sum(expression))
        .values("total")
    )
    return Subquery(rows)


def _count(model, **filters) -> Subquery:
    rows = model.objects.filter(cuenta=OuterRef("pk"), **filters).order_by().values("cuenta").annotate(n=Count("pk"))
    return Subquery(rows.values("n"), output_field=IntegerField())


def _achieved(channel: str, indicator: str, field: str = "achieved") -> Subquery:
    rows = m.IntermediationResult.objects.filter(cuenta=OuterRef("pk"), channel=channel, indicator=indicator)
    return Subquery(rows.values(field)[:1])


INDICATOR_SEQUENCE = ("atendidos", "orientados", "colocados", "mujeres_colocadas")

SUBSIDY_AMOUNT = Coalesce(
    "amount_total", Coalesce("amount_women", Value(0)) + Coalesce("amount_men", Value(0)), output_field=IntegerField()
)

INDICATOR_SEQUENCE = ("atendidos", "orientados", "colocados", "mujeres_colocadas")

SUBSIDY_AMOUNT = Coalesce(
    "amount_total", Coalesce("amount_women", Value(0)) + Coalesce("amount_men", Value(0)), output_field=IntegerField()
)

#: Column totals of the Cuenta's tables, by annotation name.
TOTALS = {
    "budget_requested": lambda: _sum(m.BudgetExecution, "requested"),
    "budget_accrued": lambda: _sum(m.BudgetExecution, "accrued"),
    "programs_requested": lambda: _sum(m.ProgramBudgetExecution, "requested"),
    "programs_accrued": lambda: _sum(m.ProgramBudgetExecution, "accrued"),
    "training_women": lambda: _sum(m.TrainingParticipation, "women"),
    "training_men": lambda: _sum(m.TrainingParticipation, "men"),
    "certification_women": lambda: _sum(m.CertificationResult, "women"),
    "certification_men": lambda: _sum(m.CertificationResult, "men"),
    "fomil_count": lambda: _count(m.FomilAgreement),
    "fomil_amount": lambda: _sum(m.FomilAgreement, "amount"),
    "activities_count": lambda: _sum(m.EmploymentActivity, "count"),
    "activities_investment": lambda: _sum(m.EmploymentActivity, "investment"),
    "subsidy_women": lambda: _sum(m.SubsidyResult, "women"),
    "subsidy_men": lambda: _sum(m.SubsidyResult, "men"),
    "subsidy_amount_women": lambda: _sum(m.SubsidyResult, "amount_women"),
    "subsidy_amount_men": lambda: _sum(m.SubsidyResult, "amount_men"),
    "subsidy_amount": lambda: _sum(m.SubsidyResult, SUBSIDY_AMOUNT),
    "subsidy_employers": lambda: _sum(m.SubsidyResult, "employers"),
    "field_events_count": lambda: _count(m.FieldEvent),
    "publications": lambda: _sum(m.PublicationCount, "count"),
    "followers_start": lambda: _sum(m.FollowerCount, "at_start"),
    "followers_end": lambda: _sum(m.FollowerCount, "at_end"),
    "efemerides_count": lambda: _count(m.Efemeride),
    "contacts_by_type_total": lambda: _sum(m.ContactsByType, "count"),
    "contacts_by_sex_total": lambda: _sum(m.ContactsBySex, "count"),
    "contacts_by_month_total": lambda: _sum(m.ContactsByMonth, "count"),
    "contacts_by_program_total": lambda: _sum(m.ContactsByProgram, "count"),
}

#: Indicators in the order a reader follows them: attended, oriented, placed, women placed.
INDICATOR_ORDER = Case(
    *(When(indicator=value, then=Value(n)) for n, value in enumerate(INDICATOR_SEQUENCE)),
    default=Value(len(INDICATOR_SEQUENCE)),
)

#: The Cuenta's row relations and the querysets they are prefetched with.
ROW_PREFETCHES = {
    "authorities": m.Authority.objects.all(),
    "quotes": m.Quote.objects.all(),
    "section_texts": m.SectionText.objects.all(),
    "declared_figures": m.DeclaredFigure.objects.all(),
    "budget_executions": m.BudgetExecution.objects.select_related("subtitle"),
    "program_budget_executions": m.ProgramBudgetExecution.objects.select_related("line"),
    "training_participations": m.TrainingParticipation.objects.select_related("line"),
    "initiatives": m.Initiative.objects.prefetch_related("comunas"),
    "certification_results": m.CertificationResult.objects.select_related("sector"),
    "intermediation_results": m.IntermediationResult.objects.order_by("channel", INDICATOR_ORDER),
    "fomil_agreements": m.FomilAgreement.objects.select_related("comuna"),
    "employment_activities": m.EmploymentActivity.objects.all(),
    "subsidy_results": m.SubsidyResult.objects.select_related("subsidy").annotate(amount_paid=SUBSIDY_AMOUNT),
    "dialogues": m.ParticipatoryDialogue.objects.select_related("comuna"),
    "field_events": m.FieldEvent.objects.select_related("comuna"),
    "publication_counts": m.PublicationCount.objects.select_related("category"),
    "follower_counts": m.FollowerCount.objects.select_related("network"),
    "efemerides": m.Efemeride.objects.all(),
    "contacts_by_type": m.ContactsByType.objects.select_related("contact_type"),
    "contacts_by_sex": m.ContactsBySex.objects.all(),
    "contacts_by_month": m.ContactsByMonth.objects.all(),
    "contacts_by_program": m.ContactsByProgram.objects.select_related("line"),
    "milestones": m.Milestone.objects.all(),
    "partnerships": m.Partnership.objects.select_related("comuna"),
    "strategic_axes": m.StrategicAxis.objects.all(),
    "team_members": m.TeamMember.objects.all(),
}


#: Column totals of the Cuenta's tables: name -> (row relation, aggregate over its rows).
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
    "activities_count": ("employment_activities", Sum("count")),
    "activities_investment": ("employment_activities", Sum("investment")),
    "subsidy_women": ("subsidy_results", Sum("women")),
    "subsidy_men": ("subsidy_results", Sum("men")),
    "subsidy_amount_women": ("subsidy_results", Sum("amount_women")),
    "subsidy_amount_men": ("subsidy_results", Sum("amount_men")),
    "subsidy_amount": ("subsidy_results", Sum(SUBSIDY_AMOUNT)),
    "subsidy_employers": ("subsidy_results", Sum("employers")),
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


def _for_one_cuenta(queryset: QuerySet) -> QuerySet:
    """Rows of one Cuenta in their model's order, without its leading "cuenta".

    Ordering by the foreign key would join the Cuenta and its region (their
    own default ordering) into every prefetch query, for nothing: the rows
    of a prefetch all belong to one Cuenta.
    """
    if queryset.query.order_by:
        return queryset
    ordering = [field for field in queryset.model._meta.ordering if field != "cuenta"]
    return queryset.order_by(*ordering)


def _with_window_totals(relation: str, queryset: QuerySet) -> QuerySet:
    """Each row also carries its table's column totals, as SQL window aggregates (SUM(...) OVER ()).

    The database adds the columns up in the same query that reads the rows: no
    query more, and the prefetch reads one Cuenta's rows, so the window is that
    Cuenta's table.
    """
    windows = {f"total_{name}": Window(aggregate) for name, (rel, aggregate) in TOTALS.items() if rel == relation}
    return queryset.annotate(**windows) if windows else queryset


ROW_PREFETCHES = {name: _with_window_totals(name, _for_one_cuenta(rows)) for name, rows in ROW_PREFETCHES.items()}


def attach_totals(cuenta: m.Cuenta, relations=None) -> None:
    """Set every column total on the Cuenta (``cuenta.budget_requested``…) from its prefetched rows.

    A table without rows has no totals (None, not zero). Only ``relations``, when given.
    """
    for name, (relation, _) in TOTALS.items():
        if relations is not None and relation not in relations:
            continue
        rows = getattr(cuenta, relation).all()
        setattr(cuenta, name, getattr(rows[0], f"total_{name}") if rows else None)


def cuenta_page(user: User, region: str, year: int) -> m.Cuenta:
    """The Cuenta of a region and year, ready to render; 404 if the user may not see it.

    Queries: 1 for the Cuenta (region, ceremony comuna, training summary, tax
    franchise and COSOC activity joined); 1 to learn which of its row
    relations have rows (``non_empty_relations``); 1 per non-empty relation
    (at most 26, each also bringing its table's column totals, see
    ``_with_window_totals``); 1 for the COSOC members when a COSOC is in
    office and 1 for the comunas of the initiatives when there are any:
    2 + up to 28, whatever the number of rows.
    """
    try:
        cuenta = _with_one_to_one(visible_cuentas(user)).get(region_id=region, management_year=year)
    except m.Cuenta.DoesNotExist:
        raise Http404("No hay una cuenta pública publicada de esa región y año.") from None
    load_rows(cuenta)
    return cuenta


def cuenta_document(pk: int) -> m.Cuenta:
    """The Cuenta ``pk`` loaded as ``cuenta_page`` loads it, whoever asks: the PDF's loader (same queries)."""
    cuenta = _with_one_to_one(m.Cuenta.objects.all()).get(pk=pk)
    load_rows(cuenta)
    return cuenta


def _with_one_to_one(queryset: QuerySet[m.Cuenta]) -> QuerySet[m.Cuenta]:
    return queryset.select_related(
        "region", "ceremony_comuna", "training_summary", "tax_franchise", "cosoc_activity__council"
    )


def load_rows(cuenta: m.Cuenta) -> None:
    """Prefetch the Cuenta's non-empty row relations and set its column totals (see ``cuenta_page``)."""
    present = non_empty_relations(cuenta.pk)
    lookups = [Prefetch(name, queryset=rows) for name, rows in ROW_PREFETCHES.items() if name in present]
    if getattr(cuenta, "cosoc_activity", None) is not None:
        lookups.append("cosoc_activity__council__members")
    prefetch_related_objects([cuenta], *lookups)
    for name in ROW_PREFETCHES.keys() - present:
        _prefetched_empty(cuenta, name)
    attach_totals(cuenta)


def _relation_table(name: str) -> str:
    return m.Cuenta._meta.get_field(name).related_model._meta.db_table


# One EXISTS per row relation, from the models' own table names; the Cuenta's id is a parameter.
NON_EMPTY_SQL = " UNION ALL ".join(
    f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM {_relation_table(name)} WHERE cuenta_id = %s)"  # noqa: S608
    for name in ROW_PREFETCHES
)


def non_empty_relations(cuenta_id: int) -> set[str]:
    """The Cuenta's row relations that have at least one row, in one query.

    A Cuenta may leave any section empty (O'Higgins 2024 has mostly headline
    figures); asking once which tables have rows spares a prefetch query,
    and its compilation, per empty table.
    """
    with connection.cursor() as cursor:
        cursor.execute(NON_EMPTY_SQL, [cuenta_id] * len(ROW_PREFETCHES))
        return {name for (name,) in cursor.fetchall()}


def _prefetched_empty(cuenta: m.Cuenta, name: str) -> None:
    """Record an empty relation as prefetched, so that reading it does not query."""
    rows = getattr(cuenta, name).all()
    rows._result_cache = []
    rows._prefetch_done = True
    if not hasattr(cuenta, "_prefetched_objects_cache"):
        cuenta._prefetched_objects_cache = {}
    cuenta._prefetched_objects_cache[name] = rows


def cuenta_version(user: User, region: str, year: int) -> tuple[int, str] | None:
    """(pk, content version) of a Cuenta the user may see, in one small query; None if none.

    This is all a cached page costs, so for the public it is one prepared SQL
    statement rather than a queryset compiled on every request.
    """
    if access.edits_cuentas(user):
        rows = visible_cuentas(user).filter(region_id=region, management_year=year).order_by()
        row = next(iter(rows.values_list("pk", "updated_at", "status")[:1]), None)
    else:
        with connection.cursor() as cursor:
            cursor.execute(PUBLISHED_VERSION_SQL, [region, year, m.Cuenta.Status.PUBLISHED])
            row = cursor.fetchone()
    if row is None:
        return None
    pk, updated_at, status = row
    # A cache key without spaces, whether the driver gave a datetime or (SQLite, raw) its text.
    return pk, f"{updated_at}-{status}".replace(" ", "T")


# The table name comes from the model; the values are parameters.
_CUENTA_TABLE = m.Cuenta._meta.db_table
PUBLISHED_VERSION_SQL = (
    f"SELECT id, updated_at, status FROM {_CUENTA_TABLE} WHERE region_id = %s AND management_year = %s AND status = %s"  # noqa: S608
)


def cuenta_for_download(user: User, region: str, year: int) -> m.Cuenta:
    """The Cuenta (with its column totals) whose table is downloaded; 404 as for its page."""
    queryset = visible_cuentas(user).select_related("region")
    try:
        return queryset.get(region_id=region, management_year=year)
    except m.Cuenta.DoesNotExist:
        raise Http404("No hay una cuenta pública publicada de esa región y año.") from None


def regions_with_cuentas() -> QuerySet[m.Region]:
    """Regions north to south, each with its published Cuentas latest first (2 queries)."""
    cuentas = (
        m.Cuenta.objects.published()
        .order_by("-management_year")
        .only("pk", "region_id", "management_year", "presentation_year", "title", "is_demo")
    )
    return m.Region.objects.order_by("north_to_south").prefetch_related(
        Prefetch("cuentas", queryset=cuentas, to_attr="published_cuentas")
    )


def published_years() -> list[int]:
    """Años de gestión with at least one published Cuenta, latest first (1 query)."""
    years = m.Cuenta.objects.published().order_by("-management_year").values_list("management_year", flat=True)
    return list(years.distinct())


def latest_year() -> int | None:
    return m.Cuenta.objects.published().aggregate(latest=Max("management_year"))["latest"]


# --- Indicators for the comparisons -----------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    kind: str  # "count", "money" or "percent"


INDICATORS: tuple[Indicator, ...] = (
    Indicator("budget_execution", "Ejecución presupuestaria", "percent"),
    Indicator("participants", "Participantes en capacitación", "count"),
    Indicator("women_share", "% de mujeres en capacitación", "percent"),
    Indicator("certified", "Personas evaluadas en certificación", "count"),
    Indicator("omil_fulfilment", "OMIL: % de cumplimiento de la meta de colocados", "percent"),
    Indicator("placements", "Personas colocadas (OMIL y Plataforma Laboral)", "count"),
    Indicator("subsidy_people", "Personas con subsidio al empleo", "count"),
)


def with_indicators(queryset: QuerySet[m.Cuenta]) -> QuerySet[m.Cuenta]:
    """Annotate the raw sums behind every indicator (one query for any number of Cuentas)."""
    Omil, Platform = m.IntermediationResult.Channel.OMIL, m.IntermediationResult.Channel.PLATFORM
    placed = m.IntermediationResult.Indicator.PLACED
    return queryset.annotate(
        budget_requested=_sum(m.BudgetExecution, "requested"),
        budget_accrued=_sum(m.BudgetExecution, "accrued"),
        training_women=_sum(m.TrainingParticipation, "women"),
        training_men=_sum(m.TrainingParticipation, "men"),
        certification_women=_sum(m.CertificationResult, "women"),
        certification_men=_sum(m.CertificationResult, "men"),
        omil_placed_goal=_achieved(Omil, placed, "goal"),
        omil_placed=_achieved(Omil, placed),
        platform_placed=_achieved(Platform, placed),
        subsidy_women=_sum(m.SubsidyResult, "women"),
        subsidy_men=_sum(m.SubsidyResult, "men"),
    )


def add(*values):
    """The sum of the values that are known; None when none is (unknown, not zero)."""
    present = [value for value in values if value is not None]
    return sum(present) if present else None


def indicator_values(cuenta: m.Cuenta) -> dict[str, int | Decimal | None]:
    """The indicators of a Cuenta annotated by ``with_indicators``; None where it has no data."""
    participants = add(cuenta.training_women, cuenta.training_men)
    certified = add(cuenta.certification_women, cuenta.certification_men)
    return {
        "budget_execution": percent(cuenta.budget_accrued, cuenta.budget_requested),
        "participants": participants,
        "women_share": percent(cuenta.training_women, participants),
        "certified": certified,
        "omil_fulfilment": percent(cuenta.omil_placed, cuenta.omil_placed_goal),
        "placements": add(cuenta.omil_placed, cuenta.platform_placed),
        "subsidy_people": add(cuenta.subsidy_women, cuenta.subsidy_men),
        # Raw sums the home page adds up nationally.
        "budget_requested": cuenta.budget_requested,
        "budget_accrued": cuenta.budget_accrued,
        "training_women": cuenta.training_women,
    }


def indicator_cuentas(**filters) -> list[m.Cuenta]:
    """Published Cuentas matching ``filters`` with their indicators (1 query)."""
    queryset = with_indicators(m.Cuenta.objects.published().filter(**filters)).select_related("region")
    return list(queryset.order_by("region__north_to_south", "management_year"))
