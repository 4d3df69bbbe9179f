"""The admin import page: upload, preview with every problem, fix, confirm; downloads and permissions."""

import html
import http.client
import importlib.util
import io
import re
from pathlib import Path

import openpyxl
import pypdf
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cuentas import models as m
from cuentas import workflow
from cuentas.admin_imports import FORM_OVERHEAD
from cuentas.resources import TABLES, headers_of, sheet_name
from cuentas.roles import DIRECTOR, EDITOR
from tests.factories import database_state, make_cuenta, make_full_cuenta, make_user

DATA = Path(__file__).parent / "data"


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

    assert response.status_code == 413
    assert "El archivo pesa 2,0 MB; el máximo que se acepta es 1,0 MB." in response.content.decode()
    assert response.wsgi_request._read_started is False


def test_import_form_still_requires_the_csrf_token(client, django_user_model, empty):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(django_user_model.objects.create_superuser("c2", "c2@example.com", "clave-segura-123"))

    response = browser.post(f"/admin/cuentas/cuenta/{empty.pk}/importar/", {"table": ""})

    assert response.status_code == 403


def test_upload_over_the_limit_is_refused_under_runserver_too(live_server, django_user_model, empty, settings):
    """Django's development server (the live server's handler) refuses hop-by-hop headers from the application."""
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    user = django_user_model.objects.create_superuser("central", "central@example.com", "clave-segura-123")
    browser = Client()
    browser.force_login(user)
    body = b"x" * (FORM_OVERHEAD + 4096)
    connection = http.client.HTTPConnection(live_server.thread.host, live_server.thread.port, timeout=30)

    connection.request(
        "POST",
        f"/admin/cuentas/cuenta/{empty.pk}/importar/",
        body=body,
        headers={
            "Content-Type": "multipart/form-data; boundary=frontera",
            "Cookie": f"sessionid={browser.cookies['sessionid'].value}",
        },
    )
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()

    assert response.status == 413
    assert "El archivo pesa 0,1 MB; el máximo que se acepta es 0,0 MB." in page


MALFORMED_BODIES = {
    "sin frontera": ("multipart/form-data", b"basura"),
    "frontera no válida": ("multipart/form-data; boundary=\u00f1and\u00fa", b"basura"),
}


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
def test_a_malformed_upload_is_a_bad_request_in_spanish(client, django_user_model, empty, body):
    client.force_login(django_user_model.objects.create_superuser("c2", "c2@example.com", "clave-segura-123"))
    content_type, data = body

    response = client.generic("POST", f"/admin/cuentas/cuenta/{empty.pk}/importar/", data, content_type=content_type)

    assert response.status_code == 400
    assert "Solicitud no válida" in response.content.decode()


def test_who_may_not_import_is_refused_before_the_body_is_parsed(client, django_user_model, empty):
    staff(client, django_user_model, "view_cuenta")
    content_type, data = MALFORMED_BODIES["sin frontera"]

    response = client.generic("POST", f"/admin/cuentas/cuenta/{empty.pk}/importar/", data, content_type=content_type)

    assert response.status_code == 403
    assert response.wsgi_request._read_started is False


# A Cuenta of a region other than the seeds, built only through the import ---------------------------
#
# tests/data/los-lagos-2024.xlsx is the workbook a Los Lagos editor uploads for 2024 (written by
# tests/data/make_los_lagos_2024.py): placements by comuna and sex, an employer ranking, the Red OMIL
# funnel with its metas, four kinds of employment activity, FOMIL as totals and a subsidy with only its
# total of people. Every figure the public page and the PDF show below comes from that file.


def generator():
    spec = importlib.util.spec_from_file_location("make_los_lagos_2024", DATA / "make_los_lagos_2024.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cell_values(path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_los_lagos_workbook_is_what_its_generator_writes_with_the_templates_sheets(tmp_path):
    make = generator()
    make.write(tmp_path / "regenerated.xlsx")

    assert cell_values(DATA / "los-lagos-2024.xlsx") == cell_values(tmp_path / "regenerated.xlsx")
    assert {sheet_name(model): headers_of(model) for model in TABLES} == make.SHEETS


@pytest.fixture
def los_lagos_2024(client, catalogues):
    """Los Lagos 2024 as its new editor builds it: the Cuenta in the admin, every row from the workbook.

    Returns the Cuenta and the admin's preview of the upload.
    """
    los_lagos = m.Region.objects.get(code="10")
    client.force_login(make_user("editora_los_lagos", EDITOR, [los_lagos]))
    added = client.post(
        "/admin/cuentas/cuenta/add/",
        {
            "region": "10",
            "management_year": "2024",
            "presentation_year": "2025",
            "title": "Cuenta Pública Participativa Los Lagos 2024",
            "status": m.Cuenta.Status.DRAFT,
        },
    )
    assert added.status_code == 302
    cuenta = m.Cuenta.objects.get(region=los_lagos, management_year=2024)
    url = f"/admin/cuentas/cuenta/{cuenta.pk}/importar/"
    upload = SimpleUploadedFile("los-lagos-2024.xlsx", (DATA / "los-lagos-2024.xlsx").read_bytes())

    preview = client.post(url, {"file": upload, "table": ""})
    confirmed = client.post(url, {"confirm": "1", "token": preview.context["token"]})

    assert preview.context["result"].errors == []
    assert confirmed.status_code == 302
    return cuenta, preview.context["result"]


def test_los_lagos_editor_builds_the_cuenta_from_the_workbook(los_lagos_2024):
    cuenta, preview = los_lagos_2024

    assert [(table.title, table.rows) for table in preview.tables if table.rows] == [
        ("Resultados de intermediación", 21),
        ("Totales FOMIL", 1),
        ("Actividades de empleo", 4),
        ("Resultados de subsidios", 1),
    ]
    placed = cuenta.intermediation_results.filter(indicator="colocados")
    assert placed.get(comuna=None, employer="").achieved == 3120
    assert placed.get(comuna="10102").achieved == 170  # Calbuco, written by its CUT code
    assert [(r.comuna.name, r.employer_sector.name) for r in placed.exclude(employer="").order_by("-achieved")][:2] == [
        ("Puerto Montt", "Elaboración de alimentos y bebidas"),
        ("Puerto Montt", "Construcción"),
    ]
    assert (cuenta.fomil_summary.agreements, cuenta.fomil_summary.amount, cuenta.fomil_agreements.count()) == (
        28,
        None,
        0,
    )
    subsidy = cuenta.subsidy_results.get()
    assert (subsidy.subsidy.code, subsidy.women, subsidy.men, subsidy.people_total, subsidy.amount) == (
        "SEJ",
        None,
        None,
        14230,
        None,
    )


@pytest.fixture
def published(client, los_lagos_2024):
    """Los Lagos 2024 published by its director, read by a citizen."""
    cuenta, _preview = los_lagos_2024
    director = make_user("director_los_lagos", DIRECTOR, [cuenta.region])
    workflow.submit_for_review(cuenta, director)
    workflow.publish(cuenta, director)
    client.logout()
    return cuenta


def page_text(content: str) -> str:
    """What a reader sees of an HTML page: no tags, entities read, single spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", content)).replace("\xa0", " ")
    return " ".join(text.split())


def squashed(text: str) -> str:
    """Text without its line breaks, hyphenation or spaces: what survives a PDF's narrow table columns."""
    text = re.sub("\u2010\n", "", text.replace("\xa0", " "))
    return "".join(text.split())


#: What the public page and the PDF of Los Lagos 2024 say, computed from the workbook.
LOS_LAGOS_SAYS = {
    "fomil": "Durante el año 2024, 28 municipalidades tuvieron convenio de Fortalecimiento OMIL (FOMIL): "
    "un 93,33 % de las 30 comunas de la región.",
    # Under the heading «Red OMIL de la región»: each step, its meta and its conversions.
    "funnel": [
        "Red OMIL de la región 13.450 personas atendidas, un 112,08 % de la meta de 12.000.",
        "9.870 personas orientadas laboralmente, un 109,67 % de la meta de 9.000; 73,38 % de la etapa anterior.",
        "5.230 personas derivadas a empresas, un 104,60 % de la meta de 5.000; "
        "52,99 % de la etapa anterior y 38,88 % de las personas atendidas.",
        "3.120 personas colocadas, un 111,43 % de la meta de 2.800; 1.690 mujeres (54,17 %); "
        "59,66 % de la etapa anterior y 23,20 % de las personas atendidas.",
    ],
    # Puerto Montt placed 820 of the region's 3.120: 26,28 %.
    "comunas": [
        "1 Puerto Montt Red OMIL de la región: Personas colocadas 820 26,28 % 450 370",
        "2 Osorno Red OMIL de la región: Personas colocadas 610 19,55 % 330 280",
        "7 Calbuco Red OMIL de la región: Personas colocadas 170 5,45 % 90 80",
        "12 Río Negro Red OMIL de la región: Personas colocadas 80 2,56 % 42 38",
    ],
    "employers": [
        "1 Acuícola Seno de Reloncaví SpA (Elaboración de alimentos y bebidas, Puerto Montt) "
        "Red OMIL de la región: Personas colocadas 145 4,65 %",
        "2 Constructora Tepual Ltda. (Construcción, Puerto Montt) Red OMIL de la región: Personas colocadas 88 2,82 %",
        "3 Hotelera Lago Llanquihue S.A. (Gastronomía, hotelería y turismo, Puerto Varas) "
        "Red OMIL de la región: Personas colocadas 64 2,05 %",
        "4 Transportes Isla Grande Ltda. (Transporte y logística, Castro) "
        "Red OMIL de la región: Personas colocadas 41 1,31 %",
        "5 Comercial Rahue SpA (Comercio, Osorno) Red OMIL de la región: Personas colocadas 37 1,19 %",
    ],
    "activities": [
        "Se realizaron 118 actividades de empleo.",
        "Ferias laborales 6 $ 4.800.000 Año completo",
        "Talleres de apresto laboral 24 — Año completo",
        "Encuentros empresariales 3 $ 1.200.000 marzo a noviembre de 2024",
        "Evaluaciones funcionales de personas con discapacidad 85 — Año completo",
        "Total 118 —",
    ],
    "subsidy": "Subsidios de presupuesto central (Subsidio al Empleo Joven), gestionados a nivel central con "
    "participación de la dirección regional: 14.230 personas; el documento no informa el monto pagado.",
}


def in_order(text: str, parts: list[str]) -> bool:
    """Whether every part is in ``text``, each after the one before."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
    return True


def test_citizen_reads_the_los_lagos_figures_on_the_public_page(client, published):
    response = client.get("/cuentas/10/2024/")
    text = page_text(response.content.decode())

    assert response.status_code == 200
    assert LOS_LAGOS_SAYS["fomil"] in text
    assert in_order(text, LOS_LAGOS_SAYS["funnel"])
    assert in_order(text, LOS_LAGOS_SAYS["comunas"])
    assert in_order(text, LOS_LAGOS_SAYS["employers"])
    assert in_order(text, LOS_LAGOS_SAYS["activities"])
    assert LOS_LAGOS_SAYS["subsidy"] in text
    assert "$ 0" not in text  # no amount the file leaves unknown is shown as zero


def test_citizen_reads_the_los_lagos_figures_in_the_pdf(client, published):
    response = client.get("/cuentas/10/2024/pdf/")
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    pages = [page.extract_text() for page in reader.pages]
    text = squashed("\n".join(pages))

    assert response.status_code == 200
    assert squashed("Región de Los Lagos · Año de gestión 2024") in squashed(pages[0])
    assert squashed(LOS_LAGOS_SAYS["fomil"]) in text
    assert in_order(text, [squashed(part) for part in LOS_LAGOS_SAYS["funnel"]])
    assert in_order(text, [squashed(part) for part in LOS_LAGOS_SAYS["comunas"]])
    assert in_order(text, [squashed(part) for part in LOS_LAGOS_SAYS["employers"]])
    assert in_order(text, [squashed(part) for part in LOS_LAGOS_SAYS["activities"]])
    assert squashed(LOS_LAGOS_SAYS["subsidy"]) in text
    assert "$0" not in text
