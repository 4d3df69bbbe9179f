"""The privacy notice's promise: e-mails and names are erased twelve months after the answers are published."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from cuentas.models import ParticipationProcess, Question

from .factories import make_cuenta


def make_question(process, number, **kwargs):
    kwargs.setdefault("status", Question.Status.ACCEPTED)
    return Question.objects.create(
        process=process,
        number=number,
        public_number=f"CPP-13-2022-{number:04}",
        text="¿Una pregunta de prueba?",
        **kwargs,
    )


def test_personal_data_is_erased_a_year_after_the_answers_and_from_the_history(catalogues):
    now = timezone.now()
    event = now.date() - datetime.timedelta(days=500)
    old = ParticipationProcess.objects.create(
        cuenta=make_cuenta(), event_date=event, answers_published_at=now - datetime.timedelta(days=366)
    )
    recent = ParticipationProcess.objects.create(
        cuenta=make_cuenta(management_year=2023),
        event_date=event,
        answers_published_at=now - datetime.timedelta(days=30),
    )
    private = make_question(old, 1, email="a@example.org", name="Ana", organisation="Junta de vecinos")
    public = make_question(old, 2, email="b@example.org", name="Berta", publish_name=True)
    kept = make_question(recent, 3, email="c@example.org", name="Carla")

    output = io.StringIO()
    call_command("participation_forget", stdout=output)

    private.refresh_from_db()
    public.refresh_from_db()
    kept.refresh_from_db()
    assert (private.email, private.name, private.organisation) == ("", "", "")
    assert (public.email, public.name) == ("", "Berta")  # published with her consent, so it stays
    assert (kept.email, kept.name) == ("c@example.org", "Carla")
    history = Question.history.filter(id=private.pk)
    assert set(history.values_list("email", "name", "organisation")) == {("", "", "")}
    assert output.getvalue() == "Datos personales borrados de 2 preguntas.\n"
