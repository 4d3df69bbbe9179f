"""The Cuenta Pública as a PDF: content, pagination, archival format, drafts, the kept file."""

import datetime
import io
import re

import pikepdf
import pypdf
import pyphen
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from weasyprint.formatting_structure import boxes

from cuentas import models as m
from cuentas import pdf
from cuentas.models import Cuenta, TrainingParticipation
from cuentas.roles import EDITOR

from .factories import make_cuenta, make_populated_cuenta, make_region, make_rm_2022_budget, make_training, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rm_2022(django_db_setup, django_db_blocker):
    """The Metropolitana 2022 PDF, rendered once for the module, and the titles of its sections in order.

    The seed is loaded inside a transaction rolled back afterwards, so the
    other tests still start from an empty database.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "territory", "catalogues", "rm_2022", verbosity=0)
        cuenta = Cuenta.objects.select_related("region").get(region_id="13", management_year=2022)
        _, page = pdf.load(cuenta)
        titles = [f"{item.number}. {item.title}" for item in page.sections]
        content = pdf.render(cuenta)
        table_slugs = {table.spec.slug for table in page.tables.values()}
        transaction.set_rollback(True)
    return {"content": content, "titles": titles, "tables": table_slugs}


def page_texts(content: bytes) -> list[str]:
    """Each page's text, with non-breaking spaces as plain spaces."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]


def pdf_url(cuenta) -> str:
    return reverse("cuentas:cuenta_pdf", kwargs={"region": cuenta.region_id, "year": cuenta.management_year_id})


def download(client, cuenta) -> bytes:
    response = client.get(pdf_url(cuenta))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def editor(db):
    """An editor of the Región Metropolitana, where make_cuenta() puts its Cuentas."""
    return make_user("alice", EDITOR, [make_region()])


# --- Content -------------------------------------------------------------------------------------------


def test_rm_2022_pdf_holds_every_section_title_and_key_figures_in_chilean_format(rm_2022):
    text = "\n".join(page_texts(rm_2022["content"]))

    assert rm_2022["titles"] == [
        "1. Balance de ejecución presupuestaria",
        "2. Programas de capacitación",
        "3. Evaluación y certificación de competencias",
        "4. Intermediación laboral",
        "5. Subsidios al empleo",
        "6. Participación ciudadana",
        "7. Comunicaciones",
        "8. Atención ciudadana",
        "9. Principales hitos y alianzas",
        "10. Énfasis de gestión",
        "11. Equipo",
    ]
    flat = re.sub(r"\s+", " ", text)
    for title in rm_2022["titles"]:
        assert title in flat
    # Money is printed "$ 16.631.241.866" (a non-breaking space after the sign). The OMIL's fulfilment
    # is computed from its rows, 86.132 / 58.385 = 147,52 %, which the Metropolitana document rounded to 147,5 %.
    for figure in ("$ 16.631.241.866", "98,28 %", "25.431", "1.105", "147,52 %"):
        assert figure in flat, figure


def test_rm_2022_cover_names_sence_the_region_both_years_and_the_ceremony(rm_2022):
    cover = re.sub(r"\s+", " ", page_texts(rm_2022["content"])[0])

    for words in (
        "SENCE",
        "Cuenta Pública Participativa",
        "Región Metropolitana de Santiago",
        "AÑO DE GESTIÓN",
        "2022",
        "AÑO DE LA CUENTA",
        "2023",
        "10:00 a 12:00 h",
        "Teatro Melipilla, Serrano 457, Melipilla",
    ):
        assert words in cover, words


def test_cover_gives_the_ceremony_date_time_and_place_and_the_director(client, catalogues):
    cuenta = make_cuenta(
        ceremony_date=datetime.date(2023, 4, 28),
        ceremony_start=datetime.time(10),
        ceremony_end=datetime.time(12),
        venue="Teatro Municipal",
        address="Serrano 457",
        ceremony_comuna=m.Comuna.objects.get(name="Melipilla"),
        director="Ana Pérez",
        director_office="Directora regional",
    )
    make_rm_2022_budget(cuenta)

    cover = re.sub(r"\s+", " ", page_texts(download(client, cuenta))[0])

    for words in (
        "Viernes 28 de abril de 2023",
        "10:00 a 12:00 h",
        "Teatro Municipal, Serrano 457, Melipilla",
        "Ana Pérez Directora regional",
    ):
        assert words in cover, words


def test_contents_page_numbers_are_the_pages_where_the_sections_start(rm_2022):
    pages = page_texts(rm_2022["content"])
    contents = pages[1]
    listed = dict(re.findall(r"^(\d+\. .+?) \.{3,} ?(\d+)$", contents, flags=re.MULTILINE))
    listed = {re.sub(r"\s+", " ", title): int(number) for title, number in listed.items()}

    assert list(listed) == rm_2022["titles"]
    for title, number in listed.items():
        first = next(i for i, text in enumerate(pages[2:], start=3) if title in re.sub(r"\s+", " ", text))
        assert number == first, title


def test_paragraphs_are_hyphenated_between_spanish_syllables(rm_2022):
    text = "\n".join(page_texts(rm_2022["content"]))
    breaks = re.findall(r"(\w+)\u2010\n(\w+)", text)  # WeasyPrint hyphenates with U+2010
    spanish = pyphen.Pyphen(lang="es")

    assert len(breaks) >= 10
    assert ("presu", "puesto") in breaks
    for start, end in breaks:
        assert len(start) in spanish.positions(start + end), f"{start}‐{end}"


def test_a_table_over_two_pages_repeats_its_header_on_the_second(rm_2022):
    pages = page_texts(rm_2022["content"])
    first = next(i for i, text in enumerate(pages) if "1 18-01-2022 Aniversario de Impuestos Internos" in text)
    last = next(i for i, text in enumerate(pages) if "58 25-12-2022 Día de la Navidad" in text)

    assert last == first + 1
    assert "N° Fecha Efeméride" in pages[first]
    assert pages[last].startswith("N° Fecha Efeméride\n")


def overflowing_cells(document) -> list[tuple[str, str, float]]:
    """Every text that sticks out of its table cell: (the table's caption, the text, by how many points)."""
    found = []

    def texts(box):
        if isinstance(box, boxes.TextBox):
            yield box
        for child in getattr(box, "children", ()):
            yield from texts(child)

    def walk(box, caption):
        if isinstance(box, boxes.TableBox):
            caption = box.element.findtext("caption", "")
        if isinstance(box, boxes.TableCellBox):
            right = box.content_box_x() + box.width
            found.extend(
                (caption, text.text, round((text.position_x + text.width - right) * 0.75, 1))
                for text in texts(box)
                if text.position_x + text.width > right + 0.5
            )
        for child in getattr(box, "children", ()):
            walk(child, caption)

    for page in document.pages:
        walk(page._page_box, "")
    return found


def laid_out(cuenta):
    return pdf.layout(pdf.document_html(*pdf.load(cuenta)))


@pytest.mark.parametrize("region", ["13", "06"])
def test_no_figure_or_header_of_the_seeds_sticks_out_of_its_table_column(seeds, region):
    """The print stylesheet fixes the columns' widths (see pdf.css): they fit every cell."""
    assert overflowing_cells(laid_out(Cuenta.objects.get(region_id=region))) == []


def test_every_kind_of_table_fits_its_columns(catalogues):
    assert overflowing_cells(laid_out(make_populated_cuenta(rows=3))) == []


def test_every_page_but_the_cover_says_pagina_x_de_y_and_the_cover_has_no_header(rm_2022):
    pages = page_texts(rm_2022["content"])
    total = len(pages)

    assert "Página" not in pages[0]
    assert "Región Metropolitana de Santiago · Año de gestión 2022" in pages[0]  # its title, not a header
    assert pages[0].count("Año de gestión 2022") == 1
    for number, text in enumerate(pages[1:], start=2):
        assert f"Página {number} de {total}" in text
        assert "Región Metropolitana de Santiago · Año de gestión 2022" in text  # the running header


def test_bookmarks_follow_the_numbered_headings(rm_2022):
    reader = pypdf.PdfReader(io.BytesIO(rm_2022["content"]))
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [re.sub(r"\s+", " ", item.title) for item in top]

    assert titles == ["Índice", *rm_2022["titles"]]
    nested = next(item for item in reader.outline if isinstance(item, list))
    assert re.sub(r"\s+", " ", nested[0].title) == "4.1 Fortalecimiento OMIL"


# --- Archival and accessible ------------------------------------------------------------------------------


def test_rm_2022_pdf_is_tagged_pdf_a_3a_in_chilean_spanish(rm_2022):
    with pikepdf.open(io.BytesIO(rm_2022["content"])) as document:
        with document.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3"
            assert xmp["pdfaid:conformance"] == "A"
        assert str(document.Root.Lang) == "es-CL"
        assert document.Root.MarkInfo.Marked is True
        structure = document.Root.StructTreeRoot
        kinds = set()
        stack = [structure]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    kinds.add(str(node.S))
                kids = node.get("/K")
                if isinstance(kids, pikepdf.Array):
                    stack.extend(kids)
                elif isinstance(kids, pikepdf.Dictionary):
                    stack.append(kids)
        assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= kinds


def test_rm_2022_pdf_is_compressed_with_its_xmp_metadata_left_readable(rm_2022):
    content = rm_2022["content"]

    assert b"/ObjStm" in content  # the objects packed into compressed object streams
    with pikepdf.open(io.BytesIO(content)) as document:
        assert "/Filter" not in document.Root.Metadata
        assert all(str(page.Contents.Filter) == "/FlateDecode" for page in document.pages)
    assert pdf.compress(content) == pdf.compress(content)


def test_rm_2022_pdf_carries_its_metadata(rm_2022):
    with pikepdf.open(io.BytesIO(rm_2022["content"])) as document:
        info = document.docinfo
        assert str(info.Title) == "Cuenta Pública SENCE Región Metropolitana 2022-2023"
        assert str(info.Author) == "SENCE — Dirección Regional Metropolitana"
        assert str(info.Subject) == (
            "Cuenta Pública Participativa 2023 del Servicio Nacional de Capacitación y Empleo (SENCE), "
            "Región Metropolitana de Santiago: año de gestión 2022."
        )
        assert str(info.Keywords).startswith("SENCE, Cuenta Pública Participativa, Región Metropolitana de Santiago")


def test_every_table_is_attached_as_csv_with_raw_numbers(rm_2022):
    with pikepdf.open(io.BytesIO(rm_2022["content"])) as document:
        attachments = document.attachments
        assert set(attachments) == {f"{slug}.csv" for slug in rm_2022["tables"]}
        budget = attachments["presupuesto-subtitulos.csv"]
        assert str(budget.obj.AFRelationship) == "/Data"
        assert budget.get_file().mime_type == "text/csv"
        csv = budget.get_file().read_bytes().decode("utf-8").splitlines()
        assert csv[0] == "Subtítulo,Asignación,Requerimiento,Devengado,% ejecución"
        assert csv[3].startswith("24,Transferencias corrientes,16421763713,16141435580,")
        assert len(document.Root.AF) == len(attachments)


# --- Drafts ---------------------------------------------------------------------------------------------


def test_draft_pdf_carries_the_borrador_watermark_on_every_page(client, editor, catalogues):
    cuenta = make_cuenta(status=Cuenta.Status.DRAFT)
    make_rm_2022_budget(cuenta)
    client.force_login(editor)

    response = client.get(pdf_url(cuenta))
    pages = page_texts(b"".join(response.streaming_content))

    assert response["Content-Disposition"] == 'inline; filename="cuenta-publica-sence-metropolitana-2022-borrador.pdf"'
    assert len(pages) == 3  # cover, contents, budget
    assert all("BORRADOR" in text for text in pages)


def test_published_pdf_has_no_watermark(client, catalogues):
    cuenta = make_cuenta()
    make_rm_2022_budget(cuenta)

    assert not any("BORRADOR" in text for text in page_texts(download(client, cuenta)))


def test_demo_cuenta_pdf_says_so_on_every_page_and_in_its_name(client, catalogues):
    cuenta = make_cuenta(is_demo=True)
    make_rm_2022_budget(cuenta)

    response = client.get(pdf_url(cuenta))
    pages = page_texts(b"".join(response.streaming_content))

    assert response["Content-Disposition"] == (
        'inline; filename="demostracion-cuenta-publica-sence-metropolitana-2022.pdf"'
    )
    cover = re.sub(r"\s+", " ", pages[0])
    assert (
        "Datos de demostración. Una cuenta sintética, creada para probar el sitio: sus cifras no son reales." in cover
    )
    assert all("Año de gestión 2022 · Datos de demostración" in re.sub(r"\s+", " ", text) for text in pages)


@pytest.mark.parametrize("status", [Cuenta.Status.DRAFT, Cuenta.Status.REVIEW])
def test_draft_pdf_is_404_for_the_public_and_for_staff_who_may_not_edit_it(client, status):
    cuenta = make_cuenta(status=status)

    assert client.get(pdf_url(cuenta)).status_code == 404
    client.force_login(User.objects.create_user("charlie", password="x", is_staff=True))
    assert client.get(pdf_url(cuenta)).status_code == 404
    assert not (pdf.storage_dir(cuenta)).exists()


def test_unknown_cuenta_pdf_is_404(client):
    assert client.get(reverse("cuentas:cuenta_pdf", kwargs={"region": "13", "year": 1999})).status_code == 404


# --- Rendered once per content version ------------------------------------------------------------------


def test_cache_serves_the_same_bytes_until_the_data_changes_and_a_new_file_after(client, catalogues):
    cuenta = make_cuenta()
    make_rm_2022_budget(cuenta)
    row = make_training(cuenta, women=9788, men=2527)

    first = download(client, cuenta)
    kept = pdf.get_or_render(cuenta).path
    written = kept.stat().st_mtime_ns
    again = download(client, cuenta)
    assert again == first
    assert kept.stat().st_mtime_ns == written  # served, not rendered again

    # An import or a shell edit changes rows without touching the Cuenta's updated_at.
    TrainingParticipation.objects.filter(pk=row.pk).update(women=9789)
    changed = download(client, cuenta)

    assert changed != first
    assert not kept.exists()
    assert "9.789" in "\n".join(page_texts(changed))
    assert [path.name for path in pdf.storage_dir(cuenta).iterdir()] == [f"{pdf.content_version(cuenta)}.pdf"]


def test_renaming_a_catalogue_entry_a_row_names_makes_a_new_version(catalogues):
    cuenta = make_cuenta()
    row = make_training(cuenta)
    before = pdf.content_version(cuenta)

    row.line.name = "Capacitación en Oficios (nuevo nombre)"
    row.line.save()

    assert pdf.content_version(cuenta) != before


@pytest.mark.parametrize(
    "change",
    [
        lambda cuenta: Cuenta.objects.filter(pk=cuenta.pk).update(venue="Teatro Municipal"),
        lambda cuenta: m.DeclaredFigure.objects.filter(cuenta=cuenta).update(value=77000),
        lambda cuenta: m.Efemeride.objects.filter(cuenta=cuenta).first().delete(),
        lambda cuenta: m.CosocMember.objects.filter(council__activities__cuenta=cuenta).update(person="Otra Persona"),
        lambda cuenta: m.Initiative.objects.get(cuenta=cuenta).comunas.clear(),
        lambda cuenta: m.SubsidyResult.objects.filter(cuenta=cuenta).update(employers=0),
    ],
    ids=["cuenta", "declared figure", "deleted row", "cosoc member", "many-to-many", "null to zero"],
)
def test_any_change_to_what_the_document_shows_makes_a_new_version(change):
    cuenta = make_populated_cuenta(rows=1)
    before = pdf.content_version(cuenta)

    change(cuenta)

    assert pdf.content_version(cuenta) != before


def test_cached_download_is_a_plain_file_response_with_its_version_as_etag(client, catalogues):
    cuenta = make_cuenta()
    make_rm_2022_budget(cuenta)
    kept = pdf.get_or_render(cuenta)
    written = kept.path.stat().st_mtime_ns

    response = client.get(pdf_url(cuenta))
    content = b"".join(response.streaming_content)

    assert kept.path.stat().st_mtime_ns == written  # served from the file, not rendered again
    assert content == kept.path.read_bytes()
    assert response["ETag"] == f'"{kept.version}"'
    assert response["Content-Disposition"] == 'inline; filename="cuenta-publica-sence-metropolitana-2022.pdf"'


def test_a_client_holding_the_current_version_gets_304(client, catalogues):
    cuenta = make_cuenta()
    make_rm_2022_budget(cuenta)
    etag = client.get(pdf_url(cuenta))["ETag"]

    assert client.get(pdf_url(cuenta), HTTP_IF_NONE_MATCH=etag).status_code == 304
    m.BudgetExecution.objects.filter(cuenta=cuenta, subtitle=21).update(accrued=1)
    assert client.get(pdf_url(cuenta), HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_loading_a_cuenta_for_its_pdf_costs_a_fixed_number_of_queries(django_assert_num_queries, rows):
    cuenta = make_populated_cuenta(rows=rows)

    # The Cuenta, which row relations have rows, those 26 relations (each with its totals),
    # the COSOC members, the initiatives' comunas, how many comunas the region has (the share of
    # comunas with a FOMIL agreement).
    with django_assert_num_queries(31):
        loaded, page = pdf.load(cuenta)
        pdf.document_html(loaded, page)
    # Every row, catalogue entry and COSOC member the document shows, in one UNION ALL.
    with django_assert_num_queries(1):
        pdf.content_version(cuenta)


def test_a_cached_download_costs_the_cuenta_and_its_version_queries(client, django_assert_num_queries):
    cuenta = make_populated_cuenta(rows=3)
    pdf.get_or_render(cuenta)

    # The Cuenta and its region, then its content version.
    with django_assert_num_queries(2):
        assert client.get(pdf_url(cuenta)).status_code == 200


# --- No network -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://example.org/logo.png", "file:///etc/passwd", f"{pdf.STATIC_BASE}../../etc/passwd"]
)
def test_rendering_fetches_nothing_but_static_files(url):
    with pytest.raises(ValueError):
        pdf.StaticOnlyFetcher().fetch(url)


def test_static_files_are_served_to_the_renderer():
    response = pdf.StaticOnlyFetcher().fetch(f"{pdf.STATIC_BASE}{pdf.STYLESHEET}")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()
