"""Loading a Cuenta's rows with their column totals: a fixed number of queries, whatever the number of rows.

``load_rows(cuenta)`` asks once which row relations have rows, prefetches
those (each query also bringing its table's totals, see ``totals.window_totals``)
and records the empty ones as prefetched without a query.
"""

from django.db import connection
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from cuentas import models as m

from .totals import attach_totals, window_totals

#: The Cuenta's row relations and the querysets they are prefetched with.
_ROWS = {
    "authorities": m.Authority.objects.all(),
    "quotes": m.Quote.objects.all(),
    "section_texts": m.SectionText.objects.all(),
    "declared_figures": m.DeclaredFigure.objects.all(),
    "budget_executions": m.BudgetExecution.objects.select_related("subtitle"),
    "program_budget_executions": m.ProgramBudgetExecution.objects.select_related("line"),
    "training_participations": m.TrainingParticipation.objects.select_related("line"),
    "initiatives": m.Initiative.objects.prefetch_related("comunas"),
    "certification_results": m.CertificationResult.objects.select_related("sector"),
    "intermediation_results": m.IntermediationResult.objects.select_related(
        "channel", "indicator", "comuna", "employer_sector"
    ),
    "fomil_agreements": m.FomilAgreement.objects.select_related("comuna"),
    "employment_activities": m.EmploymentActivity.objects.select_related("kind"),
    "subsidy_results": m.SubsidyResult.objects.select_related("subsidy"),
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
    "cosoc_sessions": m.CosocSession.objects.prefetch_related("attendees"),
    "cosoc_observations": m.CosocObservation.objects.select_related("session"),
}


def _for_one_cuenta(queryset: QuerySet) -> QuerySet:
    """Rows of one Cuenta in their model's order, without its leading "cuenta".

    Ordering by the foreign key would join the Cuenta and its region (their
    own default ordering) into every prefetch query, for nothing: the rows
    of a prefetch all belong to one Cuenta.
    """
    ordering = [field for field in queryset.model._meta.ordering if field != "cuenta"]
    return queryset.order_by(*ordering)


ROW_PREFETCHES: dict[str, QuerySet] = {
    name: _for_one_cuenta(rows).annotate(**window_totals(name)) for name, rows in _ROWS.items()
}


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


def load_rows(cuenta: m.Cuenta) -> None:
    """Prefetch the Cuenta's non-empty row relations and set its column totals.

    Queries: 1 to learn which relations have rows; 1 per non-empty relation
    (at most 28); 1 for the COSOC members when a COSOC is in office; 1 for the
    comunas of the initiatives when there are any. Empty relations are
    prefetched from ``none()``, which costs no query.
    """
    present = non_empty_relations(cuenta.pk)
    lookups = [
        Prefetch(name, queryset=rows if name in present else rows.model.objects.none())
        for name, rows in ROW_PREFETCHES.items()
    ]
    if getattr(cuenta, "cosoc_activity", None) is not None:
        lookups.append("cosoc_activity__council__members")
    prefetch_related_objects([cuenta], *lookups)
    attach_totals(cuenta)


def is_loaded(cuenta: m.Cuenta) -> bool:
    return hasattr(cuenta, "totals")
