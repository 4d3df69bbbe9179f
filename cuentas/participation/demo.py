"""Demonstration processes, dated relative to today (``manage.py participation_demo``).

O'Higgins 2024 gets a process whose question window is open today, with two
questions waiting for moderation; the Metropolitana 2022 gets a closed process
with published answers and one refused item. Both are flagged ``is_demo`` and
the public pages say so. Running it again re-dates them and changes nothing
else; a process that is not demonstration data is never touched.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cuentas.models import Answer, Cuenta, ParticipationProcess, ParticipationTopic, Question

from . import services
from .workdays import add_working_days

DEMO_TEXT = "[Demostración] "


def _working_days_before(day: datetime.date, days: int) -> datetime.date:
    start = day
    while add_working_days(start, days) > day:
        start -= datetime.timedelta(days=1)
    return start


def _process(cuenta: Cuenta, event_date: datetime.date, **fields) -> ParticipationProcess | None:
    process = ParticipationProcess.objects.filter(cuenta=cuenta).first()
    if process is not None and not process.is_demo:
        return None  # real data: never touched
    process = process or ParticipationProcess(cuenta=cuenta, is_demo=True)
    process.event_date = event_date
    process.window_opens = process.window_closes = None  # recomputed from the event
    for name, value in fields.items():
        setattr(process, name, value)
    process.save()
    return process


def _question(process, number: int, text: str, **fields) -> Question:
    fields.setdefault("confirmed_at", timezone.now())
    public_number = services.public_number(process.cuenta, number)
    question, _ = Question.objects.update_or_create(
        public_number=public_number,
        defaults={
            "process": process,
            "number": number,
            "text": DEMO_TEXT + text,
            "confirmed_at": timezone.now(),
            **fields,
        },
    )
    return question


@transaction.atomic
def load(today: datetime.date | None = None) -> list[ParticipationProcess]:
    """Create or re-date the demonstration processes; returns those it made or kept."""
    today = today or timezone.localdate()
    made = []
    topic = ParticipationTopic.objects.order_by("position").first()
    open_cuenta = Cuenta.objects.published().filter(region_id="06", management_year=2024).first()
    if open_cuenta is not None:
        event = _working_days_before(today, 3)
        process = _process(
            open_cuenta,
            event,
            modality=ParticipationProcess.Modality.MIXED,
            event_time=datetime.time(11, 0),
            event_place="Centro Cultural de Rancagua (demostración)",
            stream_url="https://www.youtube.com/@SENCEChile",
            cosoc_session_date=event - datetime.timedelta(days=14),
            summary_published_on=event - datetime.timedelta(days=7),
        )
        if process is not None:
            _question(
                process, 1, "¿Habrá cursos de oficios en Pichilemu este año?", section="capacitacion", status="recibida"
            )
            _question(
                process,
                2,
                "Sugiero horarios vespertinos para los talleres de apresto.",
                kind="sugerencia",
                topic=topic,
                status="recibida",
            )
            made.append(process)
    closed_cuenta = Cuenta.objects.published().filter(region_id="13", management_year=2022).first()
    if closed_cuenta is not None:
        event = _working_days_before(today, 50)
        process = _process(closed_cuenta, event, event_place="Biblioteca de Santiago (demostración)")
        if process is not None:
            published_at = timezone.make_aware(
                datetime.datetime.combine(add_working_days(process.window_closes, 8), datetime.time(10))
            )
            answer, _ = Answer.objects.update_or_create(
                process=process,
                text=DEMO_TEXT + "En 2023 se abrirán 40 cursos del programa Mujeres Jefas de Hogar en la región.",
                defaults={"status": Answer.Status.PUBLISHED, "published_at": published_at},
            )
            received = timezone.make_aware(
                datetime.datetime.combine(process.window_opens + datetime.timedelta(days=2), datetime.time(9))
            )
            for number, text in (
                (1, "¿Cuántos cursos para mujeres jefas de hogar habrá el próximo año?"),
                (2, "¿Seguirá el programa para jefas de hogar en 2023?"),
            ):
                _question(
                    process,
                    number,
                    text,
                    section="capacitacion",
                    status="aceptada",
                    confirmed_at=received,
                    answer=answer,
                    name="Vecina de Maipú" if number == 1 else "",
                    publish_name=number == 1,
                )
            _question(
                process,
                3,
                "Mensaje publicitario sin relación con la cuenta.",
                status="rechazada",
                refusal_reason="spam",
                confirmed_at=received,
            )
            ParticipationProcess.objects.filter(pk=process.pk).update(answers_published_at=published_at)
            made.append(process)
    for process in made:
        services.touch_public_page(process)
    return made


def remove() -> int:
    """Delete the demonstration processes (their questions and answers go with them)."""
    count, _ = ParticipationProcess.objects.filter(is_demo=True).delete()
    return count
