"""Borrador → en revisión → publicada, corrections as new versions, and the «Fe de erratas»."""

import io
import re
from decimal import Decimal
from io import StringIO

import pypdf
import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from cuentas import audit, workflow
from cuentas.audit import FieldChange
from cuentas.figures import CuentaFigures
from cuentas.models import Cuenta, CuentaVersion, DeclaredFigure, Metric, ProgramLine, TrainingParticipation
from cuentas.numbers import quantize
from cuentas.quality import Severity, check_figure
from cuentas.roles import DIRECTOR
from cuentas.workflow import WorkflowError

from .factories import make_cuenta, make_ohiggins, make_user
from .test_admin import form_data, inline_errors, section_url

Status = Cuenta.Status


def declare_wrong_total(cuenta):
    """A headline figure the table contradicts: a quality error."""
    DeclaredFigure.objects.create(
        cuenta=cuenta, section="capacitacion", label="participantes", value=700, metric=Metric.TRAINING_PARTICIPANTS
    )


def declare_truncated_share(cuenta):
    """87,29 % women where 591 of 677 is 87,297 %: truncated, not rounded, a quality warning."""
    DeclaredFigure.objects.create(
        cuenta=cuenta,
        section="capacitacion",
        kind=DeclaredFigure.Kind.TABLE_TOTAL,
        label="de mujeres",
        value=Decimal("87.29"),
        decimals=2,
        unit=DeclaredFigure.Unit.PERCENT,
        metric=Metric.TRAINING_WOMEN_SHARE,
    )


TRUNCATED_WARNING = (
    "La tabla declara 87,29 % de mujeres; calculado con los datos da 87,30 %. "
    "87,297 % redondeado es 87,30 %: el documento truncó en vez de redondear."
)


@pytest.fixture
def cuenta(rm):
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


def test_a_quality_error_blocks_publication(cuenta, rm_director):
    declare_wrong_total(cuenta)
    workflow.submit_for_review(cuenta, rm_director)

    with pytest.raises(WorkflowError) as raised:
        workflow.publish(cuenta, rm_director, acknowledge_warnings=True)

    cuenta.refresh_from_db()
    assert raised.value.message == "La cuenta tiene errores de calidad: corríjalos antes de publicar."
    assert [f.message for f in raised.value.findings] == ["El texto declara 700 participantes; la tabla suma 677."]
    assert cuenta.status == Status.REVIEW
    assert not CuentaVersion.objects.exists()


def test_warnings_must_be_acknowledged_and_are_kept_with_the_version(cuenta, rm_director):
    declare_truncated_share(cuenta)
    workflow.submit_for_review(cuenta, rm_director)

    with pytest.raises(WorkflowError, match="Revise las advertencias"):
        workflow.publish(cuenta, rm_director)
    version = workflow.publish(cuenta, rm_director, acknowledge_warnings=True)

    assert version.acknowledged_warnings == [TRUNCATED_WARNING]


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


def test_director_publishes_from_the_admin_acknowledging_the_warnings(client, cuenta, rm_director):
    declare_truncated_share(cuenta)
    workflow.submit_for_review(cuenta, rm_director)
    client.force_login(rm_director)
    url = reverse("admin:cuentas_cuenta_workflow", args=[cuenta.pk, "publicar"])

    shown = client.get(url)
    refused = client.post(url, {})
    accepted = client.post(url, {"acknowledge_warnings": "on"})

    assert [f.message for f in shown.context["warnings"]] == [TRUNCATED_WARNING]
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


@pytest.fixture
def rm_2022(seeds, rm_director):
    """The Metropolitana 2022 seed, in review, with the figures the quality checks call errors corrected.

    The seed reproduces the printed document, errors included (tests/test_quality.py
    covers them); a directorate corrects them before publishing.
    """
    call_command("populate_history", "--auto", verbosity=0, stdout=StringIO(), stderr=StringIO())
    cuenta = Cuenta.objects.get(region="13", management_year=2022)
    metrics = CuentaFigures(cuenta)
    for figure in cuenta.declared_figures.all():
        finding = check_figure(figure, metrics)
        if finding is not None and finding.severity == Severity.ERROR:
            figure.value = quantize(metrics.value(figure.metric, figure.metric_argument), figure.decimals)
            figure.save()
    Cuenta.objects.filter(pk=cuenta.pk).update(status=Status.REVIEW)
    cuenta.refresh_from_db()
    return cuenta


def test_director_publishes_rm_2022_corrects_one_figure_and_the_erratum_is_public(
    client, rm_2022, rm_director, django_capture_on_commit_callbacks
):
    """The issue's story, on the seed, through the admin as a director uses it."""
    client.force_login(rm_director)
    step = lambda name: reverse("admin:cuentas_cuenta_workflow", args=[rm_2022.pk, name])  # noqa: E731
    assert [f.severity for f in workflow.check_cuenta(rm_2022)] == ["advertencia", "advertencia"]

    assert client.post(step("publicar"), {"acknowledge_warnings": "on"}).status_code == 302
    reason = "Se corrige el número de mujeres en Emprendimiento (error de digitación)."
    assert client.post(step("reabrir"), {"reason": reason}).status_code == 302
    citizen = Client()
    page = reverse("cuentas:cuenta", kwargs={"region": "13", "year": 2022})
    version_1 = reverse("cuentas:cuenta_version", kwargs={"region": "13", "year": 2022, "number": 1})
    # While it is corrected, the public keeps reading what was published.
    assert citizen.get(page)["Location"] == version_1
    url = section_url(rm_2022, "capacitacion")
    data = form_data(client.get(url))
    row = next(k for k, v in data.items() if k.endswith("-line") and v == emprendimiento_pk(rm_2022))
    data[row.replace("-line", "-women")] = "600"
    assert client.post(url, data).status_code == 302
    assert client.post(step("revision"), {}).status_code == 302
    refused = client.post(step("publicar"), {"acknowledge_warnings": "on"})
    # The document printed the table's totals: the checks catch that they no longer add up.
    assert [f.message for f in refused.context["errors"]] == [
        "El texto declara 25.431 participantes; la tabla suma 25.440.",
        "La tabla declara 16.743 mujeres capacitadas; la tabla suma 16.752.",
        "La tabla declara 25.431 participantes; la tabla suma 25.440.",
    ]
    for figure in rm_2022.declared_figures.filter(metric__in=["training_women", "training_participants"]):
        figure.value += 9
        figure._history_user = rm_director
        figure.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(step("publicar"), {"acknowledge_warnings": "on"}).status_code == 302

    first, second = rm_2022.versions.order_by("number")
    assert (second.number, second.reason, second.published_by) == (2, reason, rm_director)
    assert second.changes == [
        "Capacitación › Emprendimiento: mujeres 591 → 600",
        "Capacitación › participantes (cifra del texto): valor declarado 25.431 → 25.440",
        "Capacitación › mujeres capacitadas (total de tabla): valor declarado 16.743 → 16.752",
        "Capacitación › participantes (total de tabla): valor declarado 25.431 → 25.440",
    ]
    erratum = render_to_string(
        "cuentas/includes/_erratas.html",
        {"cuenta": rm_2022, "erratas": workflow.erratas(rm_2022), "versions": rm_2022.versions.published()},
    )
    assert '<h2 id="erratas-titulo">Fe de erratas</h2>' in erratum
    assert f'<p class="errata__reason">{reason}</p>' in erratum
    assert "<li>Capacitación › Emprendimiento: mujeres 591 → 600</li>" in erratum
    public_page = citizen.get(page).content.decode()
    assert f'<p class="errata__reason">{reason}</p>' in public_page
    assert "<li>Capacitación › Emprendimiento: mujeres 591 → 600</li>" in public_page
    assert f'<a href="{version_1}">versión 1</a>' in public_page
    assert citizen.get(version_1).status_code == 200
    pdf_1 = citizen.get(reverse("cuentas:cuenta_version_pdf", kwargs={"region": "13", "year": 2022, "number": 1}))
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(b"".join(pdf_1.streaming_content))).pages
    )
    lines = text.replace("\u00a0", " ").splitlines()
    assert "Emprendimiento 591 86 677 87,30 %" in lines  # the table as version 1 published it
    assert not [line for line in lines if line.startswith("Emprendimiento 600")]
    women = {row.line.name: row.women for row in first.restore()[1][TrainingParticipation]}
    assert women["Emprendimiento"] == 591
    change = next(e for e in audit.cuenta_entries(rm_2022) if e.label == "Emprendimiento")
    assert (change.user, change.changes) == (rm_director, [FieldChange("mujeres", "591", "600")])


def emprendimiento_pk(cuenta):
    return cuenta.training_participations.get(line__name="Emprendimiento").line_id


def test_publishing_keeps_the_pdf_as_published(
    cuenta, rm_director, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    with django_capture_on_commit_callbacks(execute=True):
        version = published(cuenta, rm_director)

    version.refresh_from_db()
    assert version.pdf.name == "cuentas/versiones/cuenta-publica-sence-metropolitana-2022-version-1.pdf"
    with version.pdf.open("rb") as kept:
        assert kept.read(5) == b"%PDF-"


def test_unknown_version_is_404(client, cuenta, rm_director):
    published(cuenta, rm_director)

    assert client.get(reverse("cuentas:cuenta_version", args=["13", 2022, 2])).status_code == 404
    assert client.get(reverse("cuentas:cuenta_version_data", args=["13", 2022, 1])).status_code == 200


def test_each_version_shows_what_it_published_while_the_cuenta_is_corrected(
    cuenta, rm_director, django_capture_on_commit_callbacks
):
    """Title, years and data of a version come from its snapshot, never from the Cuenta being corrected."""
    titles = ["Cuenta Pública Participativa RM 2022", "Cuenta Pública RM 2022 (corregida)"]
    with django_capture_on_commit_callbacks(execute=True):
        published(cuenta, rm_director)
    workflow.reopen(cuenta, rm_director, "Corrige el título.")
    Cuenta.objects.filter(pk=cuenta.pk).update(title=titles[1])
    with django_capture_on_commit_callbacks(execute=True):
        published(Cuenta.objects.get(pk=cuenta.pk), rm_director)
    workflow.reopen(cuenta, rm_director, "Corrige el año de la cuenta.")
    Cuenta.objects.filter(pk=cuenta.pk).update(title="Borrador de la tercera versión", presentation_year=2030)
    citizen = Client()

    shown = {}
    for number in (1, 2):
        kwargs = {"region": "13", "year": 2022, "number": number}
        page = citizen.get(reverse("cuentas:cuenta_version", kwargs=kwargs)).content.decode()
        document = b"".join(citizen.get(reverse("cuentas:cuenta_version_pdf", kwargs=kwargs)).streaming_content)
        data = citizen.get(reverse("cuentas:cuenta_version_data", kwargs=kwargs))
        shown[number] = (
            re.search(r"<h1>(.*)</h1>", page).group(1),
            re.search(r"<title>(.*) · Cuentas Públicas SENCE</title>", page).group(1),
            pypdf.PdfReader(io.BytesIO(document)).metadata.title,
            data.json()["objects"][0]["fields"]["title"],
            data.json()["objects"][0]["fields"]["presentation_year"],
            data["Content-Disposition"],
        )

    assert shown == {
        number: (
            title,
            f"{title}, versión {number}",
            title,
            title,
            2023,
            f'attachment; filename="cuenta-publica-sence-metropolitana-2022-version-{number}.json"',
        )
        for number, title in enumerate(titles, start=1)
    }
    assert (
        "Borrador de la tercera versión"
        not in citizen.get(
            reverse("cuentas:cuenta_version", kwargs={"region": "13", "year": 2022, "number": 2})
        ).content.decode()
    )
