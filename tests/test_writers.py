"""No file the site hands out carries a live formula (cuentas/writers.py, the one writer).

Formula text (OWASP's triggers) is planted in every free-text column of every
row and catalogue entry, then every download address and every attachment of
the PDF is read back: no XLSX cell of formula type, no ``<f>`` element, no CSV
field starting with a trigger unless it is a plain number.
"""

import csv
import io
import itertools
import re
import zipfile

import openpyxl
import pikepdf
import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from cuentas import exports, tables
from cuentas.resources import FORMULA_TRIGGERS, TABLES
from cuentas.writers import PLAIN, csv_bytes, escape_formula, xlsx_bytes

from .factories import make_full_cuenta

PAYLOADS = ('=HYPERLINK("http://x")', "+1+2", "-1+2", "@SUM(1,1)", "\tTabulado", "\rRetorno")
#: Kept by the system, not text anyone types.
SYSTEM = {"cuentaversion", "regionmembership"}
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
FORMULA_ELEMENT = re.compile(rb"<(\w+:)?f[\s>/]")


def text_fields(model):
    """The free-text columns of ``model``: not keys, codes or choices."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not (field.primary_key or field.choices or field.is_relation)
        and (field.max_length or 1000) >= 20
    ]


def plant_formulas() -> int:
    """Put a formula-like text in every free-text column of every row of the app; return how many."""
    counter = itertools.count()
    planted = 0
    for model in apps.get_app_config("cuentas").get_models():
        name = model._meta.model_name
        fields = text_fields(model)
        if name.startswith("historical") or name in SYSTEM or not fields:
            continue
        rows = list(model._default_manager.all())
        for row in rows:
            for field in fields:
                number = next(counter)
                suffix = f" {number}"  # unique, for the catalogues' unique names
                text = PAYLOADS[number % len(PAYLOADS)]
                setattr(row, field.attname, text[: (field.max_length or 1000) - len(suffix)] + suffix)
                planted += 1
        model._default_manager.bulk_update(rows, [field.attname for field in fields])
    return planted


def download_addresses(cuenta):
    """Every public and admin address that hands out a CSV, XLSX or zip of CSVs for ``cuenta``."""
    kwargs = {"region": cuenta.region_id, "year": cuenta.management_year_id}
    for spec in tables.TABLES:
        for fmt in ("csv", "xlsx"):
            yield reverse("cuentas:table_download", kwargs={**kwargs, "table": spec.slug, "fmt": fmt})
    yield reverse("cuentas:cuenta_data", kwargs=kwargs)
    for model in TABLES:
        slug = exports.table_slug(model)
        for fmt in ("csv", "xlsx"):
            yield reverse("cuentas:cuenta_table_data", kwargs={**kwargs, "table": slug, "fmt": fmt})
    for fmt in ("csv", "xlsx"):
        yield reverse("cuentas:compare_year") + f"?anio={cuenta.management_year}&formato={fmt}"
        yield reverse("cuentas:compare_region", kwargs={"region": cuenta.region_id}) + f"?formato={fmt}"
    yield reverse("admin:cuentas_cuenta_export", args=[cuenta.pk])
    yield reverse("admin:cuentas_cuenta_template")
    yield reverse("admin:cuentas_cuenta_cuenta_template", args=[cuenta.pk])
    for model in TABLES:
        slug = exports.table_slug(model)
        for fmt in ("csv", "xlsx"):
            yield reverse("admin:cuentas_cuenta_export_table", args=[cuenta.pk, slug, fmt])
            yield reverse("admin:cuentas_cuenta_table_template", args=[slug, fmt])


def csv_fields(content: bytes):
    text = content.decode("utf-8-sig")
    delimiter = ";" if ";" in text.split("\n", 1)[0] else ","
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield from row


def xlsx_cells(content: bytes):
    """Every cell value, with a problem for each formula cell or ``<f>`` element found."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and FORMULA_ELEMENT.search(archive.read(name)):
                problems.append(f"{name}: elemento <f>")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    values = []
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{worksheet.title}!{cell.coordinate}: fórmula {cell.value!r}")
                values.append(cell.value)
    return values, problems


def inspect(content: bytes) -> tuple[int, list[str]]:
    """(guarded text cells, live formulas) of a CSV, an XLSX or a zip of CSVs."""
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                results = [inspect(archive.read(name)) for name in archive.namelist()]
                return sum(r[0] for r in results), [p for r in results for p in r[1]]
        values, problems = xlsx_cells(content)
    else:
        values, problems = list(csv_fields(content)), []
    texts = [value for value in values if isinstance(value, str)]
    problems += [f"texto {text!r}" for text in texts if text.startswith(FORMULA_TRIGGERS) and not NUMBER.match(text)]
    guarded = sum(1 for text in texts if text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS)
    return guarded, problems


@pytest.fixture
def planted(territory, admin_client):
    cuenta = make_full_cuenta()
    assert plant_formulas() > 400  # the territory's comunas and regions, every catalogue, every row
    cuenta.refresh_from_db()
    return cuenta


def test_no_download_and_no_pdf_attachment_carries_a_live_formula(admin_client, planted):
    found = {}
    for address in download_addresses(planted):
        response = admin_client.get(address)
        assert response.status_code == 200, address
        found[address] = inspect(response.content)
    pdf = admin_client.get(reverse("cuentas:cuenta_pdf", kwargs={"region": "13", "year": 2022}))
    with pikepdf.open(io.BytesIO(b"".join(pdf.streaming_content))) as document:
        for name, attached in document.attachments.items():
            found[f"PDF › {name}"] = inspect(attached.get_file().read_bytes())

    assert {address: problems for address, (_, problems) in found.items() if problems} == {}
    # The walk saw the planted text, guarded, in every kind of file (some tables hold no free text).
    assert len([address for address in found if address.startswith("PDF › ")]) >= 15
    assert sum(guarded for guarded, _ in found.values()) > 300
    must_show = [
        "/cuentas/13/2022/tablas/capacitacion-participantes.csv",
        "/cuentas/13/2022/tablas/capacitacion-participantes.xlsx",
        "/cuentas/13/2022/datos.xlsx",
        "/cuentas/13/2022/datos/equipo.csv",
        "/cuentas/13/2022/datos/equipo.xlsx",
        "/comparar/?anio=2022&formato=csv",
        "/comparar/?anio=2022&formato=xlsx",
        f"/admin/cuentas/cuenta/{planted.pk}/exportar/",
        "PDF › capacitacion-participantes.csv",
        "PDF › equipo.csv",
    ]
    assert {address: found[address][0] > 0 for address in must_show} == dict.fromkeys(must_show, True)


def test_numbers_stay_numbers_and_text_is_guarded_in_both_formats():
    rows = [["=1+1", -5, 3.5, "-1+2", "Becas"]]

    text = csv_bytes(["a", "b", "c", "d", "e"], rows, PLAIN).decode()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes("Hoja", ["a", "b", "c", "d", "e"], rows))).active

    assert text.splitlines()[1] == "'=1+1,-5,3.5,'-1+2,Becas"
    assert [cell.value for cell in sheet[2]] == ["'=1+1", -5, 3.5, "'-1+2", "Becas"]
    assert [cell.data_type for cell in sheet[2]] == ["s", "n", "n", "s", "s"]


def test_escape_formula_guards_every_owasp_trigger_and_nothing_else():
    assert [escape_formula(text) for text in PAYLOADS] == ["'" + text for text in PAYLOADS]
    assert [escape_formula(value) for value in ("Becas", "", 3, -3, None)] == ["Becas", "", 3, -3, None]
