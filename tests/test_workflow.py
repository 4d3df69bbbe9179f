"""Borrador → en revisión → publicada, corrections as new versions, and the «Fe de erratas»."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from cuentas import workflow
from cuentas.models import Cuenta, CuentaVersion, ProgramLine, TrainingParticipation
from cuentas.roles import DIRECTOR
from cuentas.workflow import WorkflowError

from .factories import make_cuenta, make_ohiggins, make_user
from .test_admin import form_data, inline_errors, section_url

Status = Cuenta.Status


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str


@pytest.fixture
def findings(monkeypatch):
    """The quality findings the checks return; none unless a test adds some."""
    found = []
    monkeypatch.setattr(workflow, "check_cuenta", lambda cuenta: list(found))
    return found


@pytest.fixture
def cuenta(rm, findings):
    cuenta = make_cuenta(region=rm, status=Status.DRAFT, title="Cuenta Pública Participativa RM 2022")
    line = ProgramLine.objects.create(name="Emprendimiento")
    TrainingParticipation.objects.create(cuenta=cuenta, line=line, women=591, men=86)
    return cuenta


def published(cuenta, director):
    workflow.submit_for_review(cuenta, director)
    return workflow.publish(cuenta, director)


def test_director_sends_a_draft_to_review(cuenta, rm_director):
    workflow.submit_for_review(cuenta, rm_director)

    cuenta.refresh_from_db()
    assert cuenta.status == Status.REVIEW


def test_editor_cannot_send_to_review_or_publish(cuenta, rm_editor):
    with pytest.raises(WorkflowError) as submitting:
        workflow.submit_for_review(cuenta, rm_editor)
    cuenta.status = Status.REVIEW
    cuenta.save()
    with pytest.raises(WorkflowError) as publishing:
        workflow.publish(cuenta, rm_editor)

    cuenta.refresh_from_db()
    assert submitting.value.message == "Solo un director(a) de la región envía la cuenta a revisión."
    assert publishing.value.message == "Solo un director(a) de la región publica la cuenta."
    assert cuenta.status == Status.REVIEW


def test_director_of_another_region_cannot_publish(cuenta, rm_director):
    other = make_user("directora_ohiggins", DIRECTOR, [make_ohiggins()])
    workflow.submit_for_review(cuenta, rm_director)

    with pytest.raises(WorkflowError, match="publica la cuenta"):
        workflow.publish(cuenta, other)
    assert not CuentaVersion.objects.exists()


def test_a_draft_is_published_only_after_review(cuenta, rm_director):
    with pytest.raises(WorkflowError) as raised:
        workflow.publish(cuenta, rm_director)

    assert raised.value.message == "Solo una cuenta en revisión puede publicarse."


def test_a_quality_error_blocks_publication(cuenta, rm_director, findings):
    findings.append(Finding("error", "La tabla suma 1.105 y el texto dice 1.005."))
    workflow.submit_for_review(cuenta, rm_director)

    with pytest.raises(WorkflowError) as raised:
        workflow.publish(cuenta, rm_director, acknowledge_warnings=True)

    cuenta.refresh_from_db()
    assert raised.value.message == "La cuenta tiene errores de calidad: corríjalos antes de publicar."
    assert [f.message for f in raised.value.findings] == ["La tabla suma 1.105 y el texto dice 1.005."]
    assert cuenta.status == Status.REVIEW
    assert not CuentaVersion.objects.exists()


def test_warnings_must_be_acknowledged_and_are_kept_with_the_version(cuenta, rm_director, findings):
    findings.append(Finding("advertencia", "Falta la tabla de subsidios."))
    workflow.submit_for_review(cuenta, rm_director)

    with pytest.raises(WorkflowError, match="Revise las advertencias"):
        workflow.publish(cuenta, rm_director)
    version = workflow.publish(cuenta, rm_director, acknowledge_warnings=True)

    assert version.acknowledged_warnings == ["Falta la tabla de subsidios."]


def test_publication_stamps_who_and_when_and_freezes_the_data(cuenta, rm_director):
    version = published(cuenta, rm_director)

    cuenta.refresh_from_db()
    assert cuenta.status == Status.PUBLISHED
    assert (version.number, version.published_by, version.reason, version.changes) == (1, rm_director, "", [])
    assert version.published_at is not None
    restored, rows = version.restore()
    assert restored.title == "Cuenta Pública Participativa RM 2022"
    assert [(row.line.name, row.women) for row in rows[TrainingParticipation]] == [("Emprendimiento", 591)]


def test_reopening_needs_a_reason(cuenta, rm_director):
    published(cuenta, rm_director)

    with pytest.raises(WorkflowError, match="Indique el motivo de la corrección"):
        workflow.reopen(cuenta, rm_director, "  ")

    cuenta.refresh_from_db()
    assert cuenta.status == Status.PUBLISHED


def test_correcting_one_figure_publishes_a_second_version_with_its_erratum(client, cuenta, rm_director):
    """The story of the issue: publish, reopen to correct one figure, publish again."""
    first = published(cuenta, rm_director)
    workflow.reopen(cuenta, rm_director, "Error de digitación en mujeres de Emprendimiento.")
    assert workflow.public_version(cuenta) == first  # the public still reads version 1

    client.force_login(rm_director)
    url = section_url(cuenta, "capacitacion")
    data = form_data(client.get(url))
    data["training_participations-0-women"] = "600"
    response = client.post(url, data)
    assert response.status_code == 302, inline_errors(response)
    second = published(cuenta, rm_director)

    assert (second.number, second.reason) == (2, "Error de digitación en mujeres de Emprendimiento.")
    assert second.changes == ["Capacitación › Emprendimiento: mujeres 591 → 600"]
    assert workflow.erratas(cuenta) == [second]
    assert workflow.public_version(cuenta) == second
    first.refresh_from_db()
    assert [row.women for row in first.restore()[1][TrainingParticipation]] == [591]


def test_cuenta_page_offers_the_director_the_steps_of_the_current_state(client, cuenta, rm_director, rm_editor):
    client.force_login(rm_director)
    director_steps = client.get(reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])).context["workflow_steps"]
    client.force_login(rm_editor)
    editor_steps = client.get(reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])).context["workflow_steps"]

    assert [label for _url, label in director_steps] == ["Enviar a revisión"]
    assert editor_steps == []


def test_director_publishes_from_the_admin_acknowledging_the_warnings(client, cuenta, rm_director, findings):
    findings.append(Finding("advertencia", "Falta la tabla de subsidios."))
    workflow.submit_for_review(cuenta, rm_director)
    client.force_login(rm_director)
    url = reverse("admin:cuentas_cuenta_workflow", args=[cuenta.pk, "publicar"])

    shown = client.get(url)
    refused = client.post(url, {})
    accepted = client.post(url, {"acknowledge_warnings": "on"})

    assert [f.message for f in shown.context["warnings"]] == ["Falta la tabla de subsidios."]
    assert refused.context["error"] == "Revise las advertencias de calidad y confirme que las acepta."
    assert accepted.status_code == 302
    cuenta.refresh_from_db()
    assert cuenta.status == Status.PUBLISHED


def test_editor_cannot_open_the_publish_page(client, cuenta, rm_editor, rm_director):
    workflow.submit_for_review(cuenta, rm_director)
    client.force_login(rm_editor)

    response = client.post(reverse("admin:cuentas_cuenta_workflow", args=[cuenta.pk, "publicar"]), {})

    assert response.status_code == 403


def test_director_of_another_region_gets_404_on_the_workflow_pages(client, cuenta, ohiggins_editor):
    client.force_login(ohiggins_editor)

    response = client.get(reverse("admin:cuentas_cuenta_workflow", args=[cuenta.pk, "revision"]))

    assert response.status_code == 404


def test_director_reopens_from_the_admin_with_a_reason(client, cuenta, rm_director):
    published(cuenta, rm_director)
    client.force_login(rm_director)
    url = reverse("admin:cuentas_cuenta_workflow", args=[cuenta.pk, "reabrir"])

    response = client.post(url, {"reason": "Corrige cifra de mujeres."})

    cuenta.refresh_from_db()
    assert response.status_code == 302
    assert cuenta.status == Status.DRAFT
    assert list(cuenta.versions.values_list("number", "reason")) == [(1, ""), (2, "Corrige cifra de mujeres.")]
