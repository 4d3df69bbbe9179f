"""A citizen's question from the form to the published answer, the informe, and who sees what on the way."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cuentas.models import Answer, ParticipationProcess, Question
from cuentas.participation import report, services
from cuentas.participation.workdays import add_working_days

from .factories import make_cuenta, make_user

EMAIL = "vecina.consulta@example.org"
TEXT = "¿Cuántos cursos para personas mayores habrá en Puente Alto el próximo año?"


@pytest.fixture
def process(rm):
    """An RM Cuenta whose question window is open today."""
    cuenta = make_cuenta(region=rm)
    today = timezone.localdate()
    return ParticipationProcess.objects.create(
        cuenta=cuenta, event_date=today - datetime.timedelta(days=2), event_place="Centro Cultural"
    )


def form_url(process):
    return reverse("cuentas:participation_form", args=[process.cuenta.region_id, process.cuenta.management_year_id])


def post_question(client, process, **overrides):
    data = {"kind": "pregunta", "topic": "s:capacitacion", "text": TEXT, "email": EMAIL, "website": ""}
    data.update(overrides)
    return client.post(form_url(process), data, REMOTE_ADDR=overrides.pop("address", "200.1.2.3"))


def admin_action(client, model, action, ids):
    return client.post(
        reverse(f"admin:cuentas_{model}_changelist"), {"action": action, "_selected_action": [str(i) for i in ids]}
    )


def test_a_question_goes_from_the_form_to_its_published_answer_and_the_informe(
    client, process, rm_editor, rm_director, ohiggins_editor, django_capture_on_commit_callbacks
):
    # The citizen sends a question on the open process.
    with django_capture_on_commit_callbacks(execute=True):
        response = post_question(client, process)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.public_number == "CPP-13-2022-0001"
    assert question.status == Question.Status.UNCONFIRMED
    receipt = client.get(response["Location"])
    assert "CPP-13-2022-0001" in receipt.content.decode()
    assert "Ley 19.628" in receipt.content.decode()

    # … confirms it by the link in the e-mail (plain text and HTML).
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    link = re.search(r"http://\S+/confirmar/\S+/", mail.outbox[0].body).group(0)
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    path = link.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    question.refresh_from_db()
    assert question.status == Question.Status.UNCONFIRMED  # following the link alone confirms nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 200
    question.refresh_from_db()
    assert question.status == Question.Status.RECEIVED
    subjects = [m.subject for m in mail.outbox]
    staff = "Nuevo envío por moderar: CPP-13-2022-0001"
    assert subjects[1:] == ["Recibimos su envío CPP-13-2022-0001", staff, staff]
    # One message per member of the region's staff, so no one sees the others' addresses.
    assert [m.to for m in mail.outbox[2:]] == [["director_rm@example.com"], ["editora_rm@example.com"]]

    # An editor of another region sees none of it.
    client.force_login(ohiggins_editor)
    for model in ("question", "answer", "participationprocess"):
        listing = client.get(reverse(f"admin:cuentas_{model}_changelist"))
        assert listing.status_code == 200
        assert "CPP-13" not in listing.content.decode()
        assert listing.context["cl"].result_count == 0
    assert client.get(reverse("admin:cuentas_question_change", args=[question.pk])).status_code == 404

    # A moderator of the region accepts it; an editor groups it under an answer and drafts it.
    client.force_login(rm_editor)
    admin_action(client, "question", "accept", [question.pk])
    question.refresh_from_db()
    assert question.status == Question.Status.ACCEPTED
    response = admin_action(client, "question", "group_under_one_answer", [question.pk])
    answer = Answer.objects.get()
    assert response["Location"] == reverse("admin:cuentas_answer_change", args=[answer.pk])
    response = client.post(
        reverse("admin:cuentas_answer_change", args=[answer.pk]),
        {
            "text": "Habrá 12 cursos en Puente Alto.",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "1",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
            "questions-0-id": str(question.pk),
            "questions-0-answer": str(answer.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    admin_action(client, "answer", "send_to_approval", [answer.pk])
    # The editor may not approve: the action is not even offered.
    response = admin_action(client, "answer", "approve_and_publish", [answer.pk])
    answer.refresh_from_db()
    assert answer.status == Answer.Status.SUBMITTED

    # The director approves: published, and the citizen's answer e-mail is sent.
    client.force_login(rm_director)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "answer", "approve_and_publish", [answer.pk])
    answer.refresh_from_db()
    assert answer.status == Answer.Status.PUBLISHED
    assert answer.approved_by == rm_director
    assert mail.outbox[-1].to == [EMAIL]
    assert mail.outbox[-1].subject == "Respuesta publicada a su envío CPP-13-2022-0001"
    assert question.get_absolute_url() in mail.outbox[-1].body

    # The Cuenta's public page shows the question and the answer.
    client.logout()
    page = client.get(process.cuenta.get_absolute_url()).content.decode()
    assert "Preguntas y respuestas" in page
    assert TEXT.replace("¿", "¿") in page
    assert "Habrá 12 cursos en Puente Alto." in page
    assert client.get(question.get_absolute_url()).status_code == 200

    # The informe lists it with the statistics; no e-mail address anywhere public.
    kwargs = [process.cuenta.region_id, process.cuenta.management_year_id]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("cuentas:participation_report", args=[*kwargs, "csv"])).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[1][0] == "CPP-13-2022-0001"
    assert rows[1][8] == "Habrá 12 cursos en Puente Alto."
    assert ["Recibidas (confirmadas)", "1"] in rows
    assert ["Respondidas dentro de plazo", "1"] in rows
    pdf_bytes = client.get(reverse("cuentas:participation_report", args=[*kwargs, "pdf"])).content
    assert pdf_bytes.startswith(b"%PDF-")
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert "CPP-13-2022-0001" in pdf_text
    public = [page, client.get(question.get_absolute_url()).content.decode(), pdf_text]
    public += [
        client.get(reverse("cuentas:participation_report", args=[*kwargs, f])).content.decode("utf-8-sig", "replace")
        for f in ("csv", "json")
    ]
    assert not any(EMAIL in text for text in public)

    # Every step is in the history, with who took it.
    history = [(h.history_change_reason, h.history_user) for h in question.history.order_by("history_date")]
    assert ("Aceptada", rm_editor) in history
    assert ("Aprobada y publicada", rm_director) in [
        (h.history_change_reason, h.history_user) for h in answer.history.all()
    ]


def test_a_burst_from_one_address_is_refused_after_the_limit_in_spanish(client, process, settings):
    statuses = [post_question(client, process, email="", text=f"{TEXT} número {i}").status_code for i in range(20)]
    assert statuses == [302] * settings.PARTICIPATION_RATE_PER_ADDRESS + [429] * (
        20 - settings.PARTICIPATION_RATE_PER_ADDRESS
    )
    response = post_question(client, process, email="")
    assert "Recibimos demasiados envíos desde su conexión" in response.content.decode()
    assert Question.objects.count() == settings.PARTICIPATION_RATE_PER_ADDRESS


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": "http://spam.example"}, "Deje vacío el último campo"),
        ({"text": "corto"}, "El texto es muy corto"),
        ({"text": "x" * 2001}, "El texto es muy largo"),
        ({"email": "alguien@mailinator.com"}, "No aceptamos correos de mailinator.com"),
        ({"topic": ""}, "Elija el tema de su envío."),
        ({"publish_name": "on"}, "Escriba su nombre si acepta publicarlo"),
    ],
)
def test_bad_input_gets_a_spanish_message_and_stores_nothing(client, process, overrides, message):
    response = post_question(client, process, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Question.objects.count() == 0


def test_without_e_mail_a_question_counts_at_once(client, process):
    post_question(client, process, email="")
    assert Question.objects.get().status == Question.Status.RECEIVED


def test_the_form_is_closed_outside_the_window(client, process):
    process.window_opens = process.window_closes = timezone.localdate() - datetime.timedelta(days=1)
    process.save()
    response = post_question(client, process)
    assert response.status_code == 403
    assert Question.objects.count() == 0
    assert "El periodo de preguntas cerró" in client.get(form_url(process)).content.decode()


def test_a_refused_question_is_hidden_never_deleted_and_counted_by_reason(client, process, rm_editor):
    services.submit(process, {"kind": "pregunta", "text": TEXT, "email": ""}, "1.1.1.1")
    question = Question.objects.get()
    services.refuse(question, rm_editor, Question.RefusalReason.OUT_OF_REMIT, Question.Referral.OIRS)
    question.refresh_from_db()
    assert question.status == Question.Status.REFUSED
    assert not rm_editor.has_perm("cuentas.delete_question")
    built = report.build(process)
    assert dict(built.not_published)["Fuera de la competencia de SENCE"] == 1
    assert dict(built.referrals)["Derivada a la OIRS"] == 1
    assert TEXT not in client.get(process.cuenta.get_absolute_url()).content.decode()


def test_a_director_of_another_region_cannot_approve(process, rm_editor, ohiggins):
    director = make_user("director_oh", "Director regional", [ohiggins])
    services.submit(process, {"kind": "pregunta", "text": TEXT, "email": ""}, "1.1.1.1")
    question = services.accept(Question.objects.get(), rm_editor)
    answer = services.group([question], rm_editor)
    answer.text = "Respuesta."
    answer.save()
    with pytest.raises(services.Refused, match="Solo un director"):
        services.approve(answer, director)


def test_spreadsheet_cells_that_start_like_formulas_are_neutralised():
    assert [report.safe_cell(v) for v in ("=1+1", "+5", "-x", "@a", "\tb", "\rc", "ok", 3)] == [
        "'=1+1",
        "'+5",
        "'-x",
        "'@a",
        "'\tb",
        "'\rc",
        "ok",
        3,
    ]


def test_the_answer_deadline_counts_working_days_from_the_window_close(process):
    assert process.window_closes == add_working_days(process.event_date, 15)
    assert process.answer_deadline == add_working_days(process.window_closes, 20)
