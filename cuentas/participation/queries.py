"""What the public pages read of participation, each a fixed number of queries."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from cuentas.models import Cuenta, ParticipationProcess, Question


def process_of(cuenta: Cuenta) -> ParticipationProcess | None:
    """The Cuenta's process, loaded with it (``cuentas.queries`` joins it): no query."""
    try:
        return cuenta.participation
    except ParticipationProcess.DoesNotExist:
        return None


def published_process(region: str, year: int) -> ParticipationProcess:
    """The process of a published Cuenta, with the Cuenta and its region (1 query); 404 otherwise."""
    try:
        return ParticipationProcess.objects.select_related("cuenta__region").get(
            cuenta__region_id=region, cuenta__management_year=year, cuenta__status=Cuenta.Status.PUBLISHED
        )
    except ParticipationProcess.DoesNotExist:
        raise Http404("Esta cuenta pública no tiene un proceso de participación publicado.") from None


def answered_questions(process: ParticipationProcess) -> QuerySet[Question]:
    """Accepted questions whose answer is published, with answer, topic and comuna (1 query)."""
    return (
        process.questions.filter(status=Question.Status.ACCEPTED, answer__status="publicada")
        .select_related("answer", "topic", "comuna")
        .order_by("number")
    )


def page_context(cuenta: Cuenta, today: datetime.date) -> dict:
    """What the Cuenta's page shows of participation.

    Queries: the answered questions (1, only with a process). The COSOC
    sessions (with their attendees) and observations are rows of the Cuenta,
    loaded with the others by ``figures.load_rows`` when there are any.
    """
    process = process_of(cuenta)
    sessions = list(cuenta.cosoc_sessions.all())
    observations = list(cuenta.cosoc_observations.all())
    return {
        "process": process,
        "state": process.state(today) if process else None,
        "answered": list(answered_questions(process)) if process else [],
        "cosoc_sessions": sessions,
        "cosoc_observations": observations,
    }


def processes_overview(today: datetime.date) -> QuerySet[ParticipationProcess]:
    """Every process of a published Cuenta whose window is open or opens later, north to south (1 query)."""
    return (
        ParticipationProcess.objects.filter(cuenta__status=Cuenta.Status.PUBLISHED, window_closes__gte=today)
        .select_related("cuenta__region")
        .order_by("window_opens", "cuenta__region__north_to_south")
    )


def with_counts(queryset: QuerySet[ParticipationProcess], today: datetime.date) -> QuerySet[ParticipationProcess]:
    """Processes annotated with what waits: to moderate, accepted without a published answer, overdue."""
    unanswered = Q(questions__status=Question.Status.ACCEPTED) & ~Q(questions__answer__status="publicada")
    return queryset.annotate(
        to_moderate=Count("questions", filter=Q(questions__status=Question.Status.RECEIVED), distinct=True),
        unanswered=Count("questions", filter=unanswered, distinct=True),
        overdue=Count("questions", filter=unanswered & Q(answer_deadline__lt=today), distinct=True),
    )
