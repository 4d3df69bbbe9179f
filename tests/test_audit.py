"""Every change to a Cuenta's data is on record: who, when, and what it was before."""

import io

import pytest
import tablib
from django.test import RequestFactory
from django.urls import reverse
from import_export import resources
from simple_history.models import HistoricalRecords

from cuentas import audit, workflow
from cuentas.audit import FieldChange
from cuentas.exports import export_workbook
from cuentas.models import AUDITED, CosocCouncil, CosocMember, Cuenta, ProgramLine, TrainingParticipation
from cuentas.resources import TABLES
from cuentas.sections import ROW_MODELS
from cuentas.services import import_workbook

from .factories import make_cuenta, make_fiscal_year, make_full_cuenta
from .test_admin import form_data, inline_errors, section_url


@pytest.fixture
def cuenta(rm):
    return make_cuenta(region=rm, status=Cuenta.Status.DRAFT)


@pytest.fixture
def emprendimiento(db):
    return ProgramLine.objects.create(name="Emprendimiento")


@pytest.fixture
def row(cuenta, emprendimiento):
    return TrainingParticipation.objects.create(cuenta=cuenta, line=emprendimiento, women=591, men=86)


def test_every_model_that_holds_cuenta_data_is_audited():
    assert set(ROW_MODELS) | set(TABLES) | {Cuenta, CosocCouncil, CosocMember} <= set(AUDITED)


def test_a_change_through_an_inline_is_recorded_with_its_user_and_old_and_new_values(client, rm_editor, cuenta, row):
    client.force_login(rm_editor)
    url = section_url(cuenta, "capacitacion")
    data = form_data(client.get(url))
    data["training_participations-0-women"] = "600"

    response = client.post(url, data)

    assert response.status_code == 302, inline_errors(response)
    latest = audit.cuenta_entries(cuenta)[0]
    assert (latest.user, latest.action, latest.kind, latest.label) == (
        rm_editor,
        "~",
        "participantes por línea programática",
        "Emprendimiento",
    )
    assert latest.changes == [FieldChange("mujeres", "591", "600")]


def test_a_row_deleted_through_an_inline_is_recorded(client, rm_editor, cuenta, row):
    client.force_login(rm_editor)
    url = section_url(cuenta, "capacitacion")
    data = form_data(client.get(url))
    data["training_participations-0-DELETE"] = "on"

    client.post(url, data)

    latest = audit.cuenta_entries(cuenta)[0]
    assert (latest.user, latest.action, latest.label) == (rm_editor, "-", "Emprendimiento")
    assert not TrainingParticipation.objects.exists()


def test_creating_a_cuenta_in_the_admin_is_recorded(client, rm_editor, rm):
    make_fiscal_year(2022)
    client.force_login(rm_editor)

    client.post(
        reverse("admin:cuentas_cuenta_add"),
        {"region": rm.pk, "management_year": "2022", "presentation_year": "2023", "title": "Cuenta RM 2022"},
    )

    entry = audit.cuenta_entries(Cuenta.objects.get())[0]
    assert (entry.user, entry.action) == (rm_editor, "+")
    assert FieldChange("título", "—", "Cuenta RM 2022") in entry.changes


def test_cuenta_history_page_shows_who_changed_what_from_what_to_what(client, rm_editor, cuenta, row):
    row.women = 600
    row._history_user = rm_editor
    row.save()
    client.force_login(rm_editor)

    content = client.get(reverse("admin:cuentas_cuenta_history", args=[cuenta.pk])).content.decode()

    assert "Mujeres: <del>591</del> → <ins>600</ins>" in content
    assert "Editora" in content


def test_workflow_steps_are_recorded_with_their_user_and_reason(cuenta, rm_director):
    workflow.submit_for_review(cuenta, rm_director)
    workflow.publish(cuenta, rm_director)
    workflow.reopen(cuenta, rm_director, "Corrige cifra de mujeres.")

    steps = [(e.user, e.reason, e.changes) for e in audit.cuenta_entries(cuenta) if e.action == "~"]

    assert steps == [
        (
            rm_director,
            "Reabierta para corregir: Corrige cifra de mujeres.",
            [FieldChange("estado", "Publicada", "Borrador")],
        ),
        (rm_director, "Publicada (versión 1)", [FieldChange("estado", "En revisión", "Publicada")]),
        (rm_director, "Enviada a revisión", [FieldChange("estado", "Borrador", "En revisión")]),
    ]


class TrainingParticipationResource(resources.ModelResource):
    class Meta:
        model = TrainingParticipation
        fields = ("id", "cuenta", "line", "women", "men")


def test_an_import_is_recorded_row_by_row(cuenta, emprendimiento):
    dataset = tablib.Dataset(headers=["id", "cuenta", "line", "women", "men"])
    dataset.append(["", cuenta.pk, emprendimiento.pk, 591, 86])

    result = TrainingParticipationResource().import_data(dataset, raise_errors=True)

    assert not result.has_errors()
    rows = [(e.action, e.label, e.changes) for e in audit.cuenta_entries(cuenta) if e.kind != "cuenta pública"]
    assert rows == [
        (
            "+",
            "Emprendimiento",
            [
                FieldChange("mujeres", "—", "591"),
                FieldChange("hombres", "—", "86"),
                FieldChange("línea programática", "—", "Emprendimiento"),
            ],
        )
    ]


def test_every_bulk_import_resource_writes_the_audit_trail_alongside():
    """Bulk writes skip the signals the audit trail listens to; a bulk resource must record history itself."""
    import cuentas.admin  # noqa: F401 -- loads every resource the admin uses

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [r for r in subclasses(resources.ModelResource) if r.__module__.startswith("cuentas")]
    bulk = [r for r in ours if r._meta.use_bulk]
    assert bulk != []
    assert [
        r.__name__
        for r in bulk
        if r.bulk_create is resources.ModelResource.bulk_create or r.bulk_update is resources.ModelResource.bulk_update
    ] == []


def test_a_spreadsheet_import_is_on_record_with_the_importing_user(territory, rm_editor):
    target = make_full_cuenta(status=Cuenta.Status.DRAFT)
    workbook = export_workbook(target).content
    before = len(audit.cuenta_entries(target))
    request = RequestFactory().post("/")
    request.user = rm_editor
    HistoricalRecords.context.request = request  # what HistoryRequestMiddleware does for an admin import
    try:
        result = import_workbook(target, io.BytesIO(workbook), rm_editor, name="cuenta.xlsx")
    finally:
        del HistoricalRecords.context.request

    assert result.errors == []
    imported = audit.cuenta_entries(target)[: len(audit.cuenta_entries(target)) - before]
    created = [e for e in imported if e.action == "+"]
    deleted = [e for e in imported if e.action == "-"]
    assert len(created) == len(deleted) == sum(model.objects.filter(cuenta=target).count() for model in TABLES)
    assert {(e.user, e.reason) for e in created} == {(rm_editor, "Importación de planilla")}
    assert {e.user for e in deleted} == {rm_editor}


def test_editor_reads_the_history_of_their_region_only(client, rm_editor, ohiggins_editor, central, cuenta, row):
    other = make_cuenta(region=ohiggins_editor.region_memberships.get().region, status=Cuenta.Status.DRAFT)
    url = reverse("admin:cuentas_cuenta_audit")

    client.force_login(ohiggins_editor)
    ohiggins_sees = {e.cuenta or e.label for e in client.get(url).context["entries"]}
    client.force_login(rm_editor)
    rm_sees = {e.cuenta or e.label for e in client.get(url).context["entries"]}
    client.force_login(central)
    central_sees = {e.cuenta or e.label for e in client.get(url).context["entries"]}

    assert ohiggins_sees == {str(other)}
    assert rm_sees == {str(cuenta)}
    assert central_sees == {str(cuenta), str(other)}


def test_citizen_cannot_read_the_history(client, cuenta):
    response = client.get(reverse("admin:cuentas_cuenta_audit"))

    assert response.status_code == 302
