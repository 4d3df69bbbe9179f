"""The admin import page: upload, preview with every problem, fix, confirm; downloads and permissions."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from cuentas import models as m
from cuentas.resources import TABLES, sheet_name
from tests.factories import database_state, make_cuenta, make_full_cuenta


@pytest.fixture
def central(client, django_user_model):
    user = django_user_model.objects.create_superuser("central", "central@example.com", "clave-segura-123")
    client.force_login(user)
    return client


def staff(client, django_user_model, *codenames):
    """A staff member of the Región Metropolitana with exactly ``codenames``."""
    user = django_user_model.objects.create_user("editora", "editora@example.com", "clave-segura-123", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="cuentas", codename__in=codenames))
    m.RegionMembership.objects.create(user=user, region_id="13")
    client.force_login(user)
    return client


def import_codenames():
    # Import and export each take their explicit permission (cuentas.import_cuenta, export_cuenta).
    codenames = ["view_cuenta", "change_cuenta", "import_cuenta"]
    for model in TABLES:
        codenames += [f"add_{model._meta.model_name}", f"delete_{model._meta.model_name}"]
    return codenames


@pytest.fixture
def catalogued(territory):
    """Catalogues to refer to: those of a full Cuenta of 2021."""
    return make_full_cuenta(management_year=2021)


@pytest.fixture
def empty(catalogued):
    return make_cuenta(management_year=2022, status=m.Cuenta.Status.DRAFT)


def xlsx(content: bytes, changes: dict) -> bytes:
    """Fill cells of a workbook: {(sheet, row, header): value}."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    for (sheet, row, header), value in changes.items():
        headers = [cell.value for cell in book[sheet][1]]
        book[sheet].cell(row=row, column=headers.index(header) + 1).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def without_examples(content: bytes, but: tuple[str, ...]) -> bytes:
    """Delete the example row of every table sheet but those in ``but``, as the «Léame» asks."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    for model in TABLES:
        if sheet_name(model) not in but:
            book[sheet_name(model)].delete_rows(2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_new_editor_fills_the_template_fixes_two_errors_and_confirms(central, empty):
    url = f"/admin/cuentas/cuenta/{empty.pk}/importar/"
    template = central.get(f"/admin/cuentas/cuenta/{empty.pk}/plantilla/").content
    filled = xlsx(
        without_examples(template, but=("Equipo", "Gobiernos en Terreno", "Participantes por línea")),
        {
            ("Equipo", 2, "Nombre"): "Carolina Rojas",
            ("Equipo", 2, "Cargo"): "Directora regional",
            ("Equipo", 2, "Unidad"): None,
            ("Equipo", 3, "Nombre"): "Pedro Muñoz",
            ("Equipo", 3, "Orden"): 2,
            ("Gobiernos en Terreno", 2, "Comuna"): "Espejo",
            ("Gobiernos en Terreno", 2, "Lugar"): "Plaza de Armas",
            ("Participantes por línea", 2, "Línea programática"): "Becas",
            ("Participantes por línea", 2, "Mujeres"): "16.743",
            ("Participantes por línea", 2, "Total"): 16743,
        },
    )
    before = database_state(empty)

    preview = central.post(url, {"file": SimpleUploadedFile("rm-2022.xlsx", filled), "table": ""})

    assert preview.status_code == 200
    assert [str(error) for error in preview.context["result"].errors] == [
        "Hoja «Participantes por línea», fila 2, columna Total: "
        "16.743 no es la suma de Mujeres y Hombres (16.743 + 10 = 16.753).",
        "Hoja «Gobiernos en Terreno», fila 2, columna Comuna: "
        "«Espejo» no es una comuna de la Región Metropolitana de Santiago; ¿quiso decir «Lo Espejo»?",
    ]
    assert "Confirmar la importación" not in preview.content.decode()
    assert database_state(empty) == before

    fixed = xlsx(
        filled, {("Gobiernos en Terreno", 2, "Comuna"): "Lo Espejo", ("Participantes por línea", 2, "Total"): None}
    )
    preview = central.post(url, {"file": SimpleUploadedFile("rm-2022.xlsx", fixed), "table": ""})

    assert preview.context["result"].errors == []
    assert "Confirmar la importación" in preview.content.decode()
    assert database_state(empty) == before

    confirmed = central.post(url, {"confirm": "1", "token": preview.context["token"]})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"/admin/cuentas/cuenta/{empty.pk}/change/"
    assert list(empty.team_members.values_list("name", flat=True)) == ["Carolina Rojas", "Pedro Muñoz"]
    assert empty.field_events.get().comuna.name == "Lo Espejo"
    assert empty.training_participations.get().women == 16743
    page = central.get(confirmed["Location"])
    assert "Se importó «rm-2022.xlsx»" in page.content.decode()


def test_preview_of_the_template_as_it_comes_names_each_example_row_and_offers_no_confirmation(central, empty):
    template = central.get(f"/admin/cuentas/cuenta/{empty.pk}/plantilla/").content
    before = database_state(empty)

    preview = central.post(
        f"/admin/cuentas/cuenta/{empty.pk}/importar/",
        {"file": SimpleUploadedFile("plantilla.xlsx", template), "table": ""},
    )

    content = preview.content.decode()
    errors = preview.context["result"].errors
    assert [(error.sheet, error.line, error.column) for error in errors] == [
        (sheet_name(model), 2, None) for model in TABLES
    ]
    assert {error.message for error in errors} == {
        "es la fila de ejemplo de la plantilla («EJEMPLO — borre esta fila»): bórrela, o escriba sus datos en toda "
        "la fila en lugar del ejemplo. Las filas de ejemplo nunca se importan."
    }
    assert content.count("es la fila de ejemplo de la plantilla") == len(TABLES)
    assert "Confirmar la importación" not in content
    assert preview.context["token"] is None
    assert database_state(empty) == before


def test_one_table_template_as_it_comes_is_refused_too(central, empty):
    template = central.get("/admin/cuentas/cuenta/plantilla/equipo/csv/").content

    preview = central.post(
        f"/admin/cuentas/cuenta/{empty.pk}/importar/",
        {"file": SimpleUploadedFile("plantilla-equipo.csv", template), "table": "equipo"},
    )

    assert [str(error) for error in preview.context["result"].errors] == [
        "Hoja «plantilla-equipo», fila 2: es la fila de ejemplo de la plantilla («EJEMPLO — borre esta fila»): "
        "bórrela, o escriba sus datos en toda la fila en lugar del ejemplo. Las filas de ejemplo nunca se importan."
    ]
    assert not empty.team_members.exists()


def test_preview_of_a_hostile_file_shows_its_message(central, empty):
    response = central.post(
        f"/admin/cuentas/cuenta/{empty.pk}/importar/",
        {"file": SimpleUploadedFile("planilla.xlsx", b"%PDF-1.4 ..."), "table": ""},
    )

    assert "«planilla.xlsx» es un documento PDF, no una planilla." in response.content.decode()


def test_one_table_from_a_csv(central, empty):
    content = "\ufeffNombre;Cargo\nAna Pérez;Directora regional\n".encode()
    url = f"/admin/cuentas/cuenta/{empty.pk}/importar/"

    preview = central.post(url, {"file": SimpleUploadedFile("equipo.csv", content), "table": "equipo"})
    central.post(url, {"confirm": "1", "token": preview.context["token"]})

    assert list(empty.team_members.values_list("name", "role")) == [("Ana Pérez", "Directora regional")]


def test_a_token_cannot_be_replayed_or_guessed(central, empty):
    url = f"/admin/cuentas/cuenta/{empty.pk}/importar/"
    content = b"Nombre\nAna\n"
    preview = central.post(url, {"file": SimpleUploadedFile("equipo.csv", content), "table": "equipo"})
    central.post(url, {"confirm": "1", "token": preview.context["token"]})

    again = central.post(url, {"confirm": "1", "token": preview.context["token"]}, follow=True)
    guessed = central.post(url, {"confirm": "1", "token": "../../etc/passwd"}, follow=True)

    assert "La vista previa expiró" in again.content.decode()
    assert "La vista previa expiró" in guessed.content.decode()
    assert empty.team_members.count() == 1


def test_change_page_offers_import_and_download(central, empty):
    content = central.get(f"/admin/cuentas/cuenta/{empty.pk}/change/").content.decode()

    assert f'href="/admin/cuentas/cuenta/{empty.pk}/importar/"' in content
    assert f'href="/admin/cuentas/cuenta/{empty.pk}/exportar/"' in content


def test_admin_downloads_each_table_in_each_format(central, catalogued):
    for fmt, kind in (("csv", "application/zip"), ("json", "application/json")):
        response = central.get(f"/admin/cuentas/cuenta/{catalogued.pk}/exportar/equipo/{fmt}/")
        assert (response.status_code, response["Content-Type"]) == (200, kind)
    assert central.get(f"/admin/cuentas/cuenta/{catalogued.pk}/exportar/equipo/pdf/").status_code == 404


def test_admin_exports_a_draft_too(central, empty):
    assert central.get(f"/admin/cuentas/cuenta/{empty.pk}/exportar/").status_code == 200


def test_templates_per_table_and_blank_workbook(central, db):
    assert central.get("/admin/cuentas/cuenta/plantilla/").status_code == 200
    response = central.get("/admin/cuentas/cuenta/plantilla/efemerides/csv/")
    assert response.content.decode("utf-8-sig").splitlines()[0] == "Fecha;Efeméride"


def test_editor_without_import_permissions_is_refused(client, django_user_model, empty):
    editor = staff(client, django_user_model, "view_cuenta", "change_cuenta", "export_cuenta")

    assert editor.get(f"/admin/cuentas/cuenta/{empty.pk}/importar/").status_code == 403
    assert editor.get(f"/admin/cuentas/cuenta/{empty.pk}/exportar/").status_code == 200


def test_editor_with_every_row_permission_may_import(client, django_user_model, empty):
    editor = staff(client, django_user_model, *import_codenames())

    assert editor.get(f"/admin/cuentas/cuenta/{empty.pk}/importar/").status_code == 200


def test_staff_without_view_permission_cannot_export(client, django_user_model, empty):
    clerk = staff(client, django_user_model)

    assert clerk.get(f"/admin/cuentas/cuenta/{empty.pk}/exportar/").status_code == 403


def test_anonymous_is_sent_to_log_in(client, empty):
    response = client.get(f"/admin/cuentas/cuenta/{empty.pk}/importar/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_unknown_cuenta_is_404(central, db):
    assert central.get("/admin/cuentas/cuenta/999/importar/").status_code == 404


def test_upload_over_the_limit_is_refused_before_its_body_is_read(central, empty, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    url = f"/admin/cuentas/cuenta/{empty.pk}/importar/"
    big = SimpleUploadedFile("planilla.xlsx", b"\0" * (2 * 1024 * 1024))

    response = central.post(url, {"file": big, "table": ""})

    assert response.status_code == 200
    assert "El archivo pesa 2,0 MB; el máximo que se acepta es 1,0 MB." in response.content.decode()
    assert response.wsgi_request._read_started is False


def test_import_form_still_requires_the_csrf_token(client, django_user_model, empty):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(django_user_model.objects.create_superuser("c2", "c2@example.com", "clave-segura-123"))

    response = browser.post(f"/admin/cuentas/cuenta/{empty.pk}/importar/", {"table": ""})

    assert response.status_code == 403
