"""Hostile uploads are refused by the reader's own bounds, each with its Spanish message, and nothing is written.

The corpus is built in memory by tests/hostile_files.py; benchmarks/hostile_uploads.py
times the same files and measures their memory. What refuses each file is a
counter of the reader (rows, columns, cells, characters, parse steps), never a clock.
"""

import io

import pytest
from django.urls import reverse

from cuentas import models as m
from cuentas.services import import_workbook
from cuentas.spreadsheets import Sheet, SpreadsheetError, read_upload

from .factories import database_state, make_cuenta, make_full_cuenta
from .hostile_files import CORPUS, MAIN, TEAM_HEADER, sheet, workbook


@pytest.fixture
def rm(territory):
    return make_full_cuenta(status=m.Cuenta.Status.DRAFT)


@pytest.mark.parametrize("hostile", CORPUS, ids=[hostile.build.__name__ for hostile in CORPUS])
def test_a_hostile_upload_is_refused_naming_its_bound_and_nothing_is_written(rm, hostile):
    name, content = hostile.build()
    table = getattr(m, hostile.table) if hostile.table else None
    before = database_state(rm)

    result = import_workbook(rm, io.BytesIO(content), name=name, table=table)

    assert [str(error) for error in result.errors] == [hostile.message.format(name=name)]
    assert database_state(rm) == before


def read(content: bytes, name: str, columns: int = 9) -> list[Sheet]:
    return read_upload(io.BytesIO(content), name=name, columns=lambda sheet: columns)


def test_the_declared_dimension_is_not_believed():
    rows = [TEAM_HEADER, (2, [("A2", "Ana"), ("B2", "Jefa")]), (3, [("A3", "Luis")])]

    (read_sheet,) = read(workbook({"Equipo": sheet(rows, dimension="A1:XFD1048576")}), "equipo.xlsx")

    assert (read_sheet.headers, read_sheet.rows, read_sheet.lines) == (
        ["Nombre", "Cargo"],
        [["Ana", "Jefa"], ["Luis", None]],
        [2, 3],
    )


def test_the_header_is_checked_before_any_data_row_is_read():
    """The data rows are not even UTF-8: the header's width refuses the file first."""
    content = (";".join(["Nombre"] * 10) + "\n").encode() + "Peñalolén;1\n".encode("latin-1")

    with pytest.raises(SpreadsheetError) as refused:
        read(content, "equipo.csv")

    assert str(refused.value) == (
        "La hoja «equipo» de «equipo.csv» tiene 10 columnas de encabezado; su tabla admite hasta 9. "
        "Borre las columnas que sobran."
    )


def test_columns_a_table_has_plus_the_margin_are_read_and_one_more_is_refused(settings, rm):
    settings.IMPORT_MAX_EXTRA_COLUMNS = 1
    five = "Nombre;Cargo;Unidad;Orden;Extra\nAna;Jefa;;1;\n"
    six = "Nombre;Cargo;Unidad;Orden;Extra;Otra\nAna;Jefa;;1;;\n"

    accepted = import_workbook(rm, io.BytesIO(five.encode()), name="equipo.csv", table=m.TeamMember, dry_run=True)
    refused = import_workbook(rm, io.BytesIO(six.encode()), name="equipo.csv", table=m.TeamMember, dry_run=True)

    assert [str(error) for error in accepted.errors] == [
        "Hoja «equipo»: la columna «Extra» no es de esta tabla; las columnas son «Nombre», «Cargo», «Unidad» y «Orden»."
    ]
    assert [str(error) for error in refused.errors] == [
        "La hoja «equipo» de «equipo.csv» tiene 6 columnas de encabezado; su tabla admite hasta 5. "
        "Borre las columnas que sobran."
    ]


def test_data_beyond_the_header_but_within_the_table_is_left_out_as_before():
    (read_sheet,) = read(b"Nombre;Cargo\nAna;Jefa;sobra\n", "equipo.csv")

    assert read_sheet.rows == [["Ana", "Jefa"]]


def test_a_nul_byte_anywhere_in_a_csv_is_refused():
    content = b"Nombre\n" + b"Ana\n" * 5_000 + b"A\x00na\n"

    with pytest.raises(SpreadsheetError) as refused:
        read(content, "equipo.csv")

    assert str(refused.value) == "«equipo.csv» no es un archivo de texto CSV: la línea 5002 contiene un carácter nulo."


def test_the_parse_budget_counts_empty_cells_too(settings):
    settings.IMPORT_MAX_PARSE_STEPS = 1_000
    content = workbook({"Equipo": sheet([TEAM_HEADER, *[(n, [(f"C{n}", "")]) for n in range(2, 400)]])})

    with pytest.raises(SpreadsheetError) as refused:
        read(content, "equipo.xlsx")

    assert str(refused.value).startswith("«equipo.xlsx» es demasiado extenso para leerlo: tiene más de 1.000 elementos")


def test_cells_are_read_with_their_types_and_rich_text_without_phonetic_guides():
    strings = (
        f'<sst xmlns="{MAIN}"><si><t>Compartido</t></si>'
        "<si><r><t>Rico </t></r><r><t>texto</t></r><rPh><t>guía</t></rPh></si></sst>"
    ).encode()
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    cells = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>C</t>'
        '</is></c><c r="D1" t="inlineStr"><is><t>D</t></is></c><c r="E1" t="inlineStr"><is><t>E</t></is></c></row>'
        '<row r="2"><c r="A2"><v>42</v></c><c r="B2" s="1"><v>44629</v></c><c r="C2" t="b"><v>1</v></c>'
        '<c r="D2"><f>1+1</f><v>2.5</v></c><c r="E2" t="str"><f>"a"</f><v>  a  </v></c></row>'
    )
    content = workbook(
        {"Hoja": f'<worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>'.encode()},
        shared_strings=strings,
        styles=styles.encode(),
    )

    (read_sheet,) = read(content, "tipos.xlsx")

    assert read_sheet.headers == ["Compartido", "Rico texto", "C", "D", "E"]
    assert [str(value) for value in read_sheet.rows[0]] == ["42", "2022-03-09 00:00:00", "True", "2.5", "a"]


def test_the_summary_says_one_problem_in_the_singular(rm):
    one = import_workbook(rm, io.BytesIO(b"Nombre\n"), name="equipo.csv", table=m.TeamMember)
    two = import_workbook(rm, io.BytesIO(b"Nombre;Sobra;Falta\nAna;;\n"), name="equipo.csv", table=m.TeamMember)

    assert (one.summary(), two.summary()) == (
        "La planilla tiene 1 problema; no se guardó nada.",
        "La planilla tiene 2 problemas; no se guardó nada.",
    )


def test_the_import_page_shows_the_refusal(admin_client, territory):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .hostile_files import csv_wide_header

    cuenta = make_cuenta(status=m.Cuenta.Status.DRAFT)
    name, content = csv_wide_header()

    response = admin_client.post(
        reverse("admin:cuentas_cuenta_import", args=[cuenta.pk]),
        {"file": SimpleUploadedFile(name, content), "table": "equipo"},
    )

    page = response.content.decode()
    assert "La planilla tiene 1 problema; no se guardó nada." in page
    assert "tiene en la fila 1 más de 100.000 caracteres" in page
