"""Public participation pages: fixed query counts with 1 and many rows, state on the Cuenta page, open processes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cuentas.models import Answer, ParticipationProcess, Question
from cuentas.participation import services

from .factories import make_cuenta


@pytest.fixture
def process(rm):
    today = timezone.localdate()
    return ParticipationProcess.objects.create(
        cuenta=make_cuenta(region=rm), event_date=today - datetime.timedelta(days=1)
    )


def answered(process, count):
    answer = Answer.objects.create(process=process, text="Respuesta", status="publicada", published_at=timezone.now())
    for number in range(1, count + 1):
        Question.objects.create(
            process=process,
            number=number,
            public_number=services.public_number(process.cuenta, number),
            text=f"Pregunta {number}",
            status="aceptada",
            answer=answer,
            confirmed_at=timezone.now(),
        )


@pytest.mark.parametrize("count", [1, 30])
def test_the_informe_costs_two_queries_whatever_the_number_of_questions(
    client, process, count, django_assert_num_queries
):
    answered(process, count)
    url = reverse("cuentas:participation_report", args=["13", 2022, "csv"])
    # The process with its Cuenta and region; its questions with answer, topic and comuna.
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.content.decode("utf-8-sig").count("CPP-13-2022-") == count


@pytest.mark.parametrize("count", [1, 30])
def test_the_participation_block_of_the_cuenta_page_costs_three_queries(process, count, django_assert_num_queries):
    from cuentas.participation import queries

    answered(process, count)
    cuenta = process.cuenta
    # The COSOC sessions, the COSOC observations, the answered questions (the process comes joined to the
    # Cuenta; the sessions' attendees only when there are sessions).
    with django_assert_num_queries(3):
        context = queries.page_context(cuenta, timezone.localdate())
    assert len(context["answered"]) == count


@pytest.mark.parametrize("count", [1, 30])
def test_the_open_processes_page_costs_one_query(client, rm, count, django_assert_num_queries):
    today = timezone.localdate()
    for year in range(2000, 2000 + count):
        cuenta = make_cuenta(region=rm, management_year=year)
        ParticipationProcess.objects.create(cuenta=cuenta, event_date=today)
    # The processes of published Cuentas still open or to come, with Cuenta and region.
    with django_assert_num_queries(1):
        response = client.get(reverse("cuentas:participation_open"))
    assert len(response.context["open"]) == count


def test_the_cuenta_page_shows_the_calendar_state_and_the_form_link(client, process):
    page = client.get(process.cuenta.get_absolute_url()).content.decode()
    assert "Abierta" in page
    assert reverse("cuentas:participation_form", args=["13", 2022]) in page
    assert "Periodo de preguntas" in page


def test_an_unaccepted_question_has_no_public_page(client, process):
    services.submit(process, {"kind": "pregunta", "text": "Una pregunta cualquiera", "email": ""}, "1.1.1.1")
    assert client.get(reverse("cuentas:participation_question", args=["13", 2022, 1])).status_code == 404


def test_a_draft_cuentas_process_is_not_public(client, rm):
    cuenta = make_cuenta(region=rm, status="borrador")
    ParticipationProcess.objects.create(cuenta=cuenta, event_date=timezone.localdate())
    assert client.get(reverse("cuentas:participation_form", args=["13", 2022])).status_code == 404
