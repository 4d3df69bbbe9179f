"""Importing a spreadsheet into a Cuenta: all or nothing, every problem named in Spanish.

Every refused file is checked against the database state before and after:
the row counts of every table and a checksum of the Cuenta's data.
"""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cuentas import models as m
from cuentas.exports import example_value, export_workbook, workbook_template
from cuentas.resources import BY_SHEET, TABLES, importable_fields, sheet_name
from cuentas.services import import_workbook
from tests.factories import (
    cuenta_data,
    database_state,
    make_cuenta,
    make_full_cuenta,
    make_program_line,
    make_region,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture
def rm(territory):
    """The Región Metropolitana 2022 Cuenta, with a row in every table."""
    return make_full_cuenta()


@pytest.fixture
def workbook(rm):
    """The RM 2022 Cuenta exported: a valid workbook to spoil one cell at a time."""
    return export_workbook(rm).content


def edit(content: bytes, sheet: str, changes: dict) -> bytes:
    """Set cells of ``sheet`` by (row, header) → value and return the new file."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    worksheet = book[sheet]
    headers = [cell.value for cell in worksheet[1]]
    for (row, header), value in changes.items():
        worksheet.cell(row=row, column=headers.index(header) + 1).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(cuenta, content: bytes, name="planilla.xlsx", **kwargs):
    return import_workbook(cuenta, io.BytesIO(content), name=name, **kwargs)


#: What the importer says of a row of the template left as it came.
EXAMPLE_ROW = (
    "es la fila de ejemplo de la plantilla («EJEMPLO — borre esta fila»): bórrela, o escriba sus datos en toda "
    "la fila en lugar del ejemplo. Las filas de ejemplo nunca se importan."
)


def fill_examples(content: bytes, cuenta, keep_example_text: tuple[str, str] | None = None) -> bytes:
    """What an editor does with the template: write real data over every example row.

    The marker in the first column becomes what the template shows in that column,
    and every «Texto de ejemplo» a real text, but for ``keep_example_text`` (sheet, header).
    """
    book = openpyxl.load_workbook(io.BytesIO(content))
    for name, model in BY_SHEET.items():
        worksheet = book[name]
        if worksheet.max_row < 2:
            continue
        worksheet["A2"].value = example_value(importable_fields(model)[0], cuenta)
        headers = [cell.value for cell in worksheet[1]]
        for header, cell in zip(headers, worksheet[2], strict=False):
            if cell.value == "Texto de ejemplo" and (name, header) != keep_example_text:
                cell.value = f"{header} de {name}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(cuenta, content, name="planilla.xlsx", **kwargs) -> list[str]:
    """Import a file that must be refused; assert nothing changed; return the messages."""
    before = database_state(cuenta)
    result = upload(cuenta, content, name, **kwargs)
    assert not result.ok
    assert database_state(cuenta) == before
    return [str(error) for error in result.errors]


# The valid path --------------------------------------------------------------------------------


def test_exported_workbook_imports_back_unchanged(rm, workbook):
    before = database_state(rm)

    result = upload(rm, workbook)

    assert result.errors == []
    assert result.rows == 38
    assert database_state(rm)[1] == before[1]


def test_dry_run_validates_everything_and_writes_nothing(rm, workbook):
    before = database_state(rm)
    changed = edit(workbook, "Equipo", {(2, "Nombre"): "Otra Persona"})

    result = upload(rm, changed, dry_run=True)

    assert result.ok
    assert [(t.title, t.rows, t.replaced) for t in result.tables if t.title == "Equipo"] == [("Equipo", 1, 1)]
    assert database_state(rm) == before


def test_import_replaces_the_tables_of_the_file(rm, workbook):
    changed = edit(workbook, "Equipo", {(2, "Nombre"): "Otra Persona", (3, "Nombre"): "Tercera Persona"})

    result = upload(rm, changed)

    assert result.ok
    assert list(rm.team_members.values_list("name", flat=True)) == ["Otra Persona", "Tercera Persona"]


def test_filled_template_imports_into_an_empty_cuenta(territory):
    cuenta = make_cuenta(region=make_region())
    make_full_cuenta(region=make_region(), management_year=2021)  # catalogues to refer to
    template = fill_examples(workbook_template(cuenta).content, cuenta)

    result = upload(cuenta, template)

    assert result.errors == []
    assert [table.rows for table in result.tables] == [1] * len(TABLES)
    assert m.TeamMember.objects.filter(cuenta=cuenta).get().name == "Nombre de Equipo"
    assert m.FomilAgreement.objects.filter(cuenta=cuenta).get().comuna.region_id == "13"
    assert (cuenta.fomil_summary.agreements, cuenta.fomil_summary.amount) == (10, 1_000_000)


# Example rows of the template never import --------------------------------------------------------


def test_template_as_it_comes_is_refused_naming_the_example_row_of_every_sheet(territory):
    cuenta = make_cuenta(region=make_region())
    make_full_cuenta(region=make_region(), management_year=2021)  # catalogues to refer to

    assert refused(cuenta, workbook_template(cuenta).content) == [
        f"Hoja «{sheet_name(model)}», fila 2: {EXAMPLE_ROW}" for model in TABLES
    ]


def test_dry_run_of_a_template_with_one_example_row_left_says_so_and_refuses(territory):
    cuenta = make_cuenta(region=make_region())
    make_full_cuenta(region=make_region(), management_year=2021)
    book = openpyxl.load_workbook(io.BytesIO(fill_examples(workbook_template(cuenta).content, cuenta)))
    book["Hitos"]["A2"].value = "Ejemplo - borre esta fila"  # the marker as someone may retype it
    buffer = io.BytesIO()
    book.save(buffer)

    result = upload(cuenta, buffer.getvalue(), dry_run=True)

    assert [str(error) for error in result.errors] == [f"Hoja «Hitos», fila 2: {EXAMPLE_ROW}"]
    assert not result.ok
    assert not m.Milestone.objects.filter(cuenta=cuenta).exists()


def test_example_text_left_in_a_filled_row_is_refused(territory):
    cuenta = make_cuenta(region=make_region())
    make_full_cuenta(region=make_region(), management_year=2021)
    content = fill_examples(workbook_template(cuenta).content, cuenta, keep_example_text=("Equipo", "Cargo"))

    assert refused(cuenta, content) == [
        "Hoja «Equipo», fila 2, columna Cargo: «Texto de ejemplo» es el texto de ejemplo de la plantilla; "
        "escriba el dato real o borre la fila."
    ]


def test_example_row_of_a_one_table_csv_template_is_refused(rm):
    content = "Fecha;Efeméride\r\nEJEMPLO — borre esta fila;Texto de ejemplo\r\n08-03-2022;Día de la Mujer\r\n"

    assert refused(rm, content.encode(), "efemerides.csv", table=m.Efemeride) == [
        f"Hoja «efemerides», fila 2: {EXAMPLE_ROW}"
    ]


def test_catalogues_match_without_case_or_accents(rm, workbook):
    changed = edit(
        workbook,
        "Participantes por línea",
        {(2, "Línea programática"): "  BECAS ", (3, "Línea programática"): "capacitacion en oficios"},
    )

    result = upload(rm, changed)

    assert result.errors == []
    assert sorted(rm.training_participations.values_list("line__name", flat=True)) == [
        "Becas",
        "Capacitación en Oficios",
    ]


def test_comuna_by_cut_code_even_without_its_leading_zero(territory):
    cuenta = make_full_cuenta(region=m.Region.objects.get(code="05"), management_year=2022)
    content = edit(export_workbook(cuenta).content, "Convenios FOMIL", {(2, "Municipalidad"): 5101})

    result = upload(cuenta, content)

    assert result.errors == []
    assert cuenta.fomil_agreements.get().comuna.name == "Valparaíso"


def test_chilean_number_formats_are_read(rm, workbook):
    changed = edit(
        workbook,
        "Ejecución por subtítulo",
        {(2, "Requerimiento"): "$ 16.631.241.866", (2, "Devengado"): "16345308245"},
    )

    result = upload(rm, changed)

    assert result.errors == []
    assert rm.budget_executions.get(subtitle=21).requested == 16_631_241_866


def test_csv_with_semicolons_and_bom_imports_one_table(rm):
    content = "\ufeffFecha;Efeméride\r\n08-03-2022;Día de la Mujer\r\n2022-05-01;Día del Trabajo\r\n".encode()

    result = upload(rm, content, "efemerides.csv", table=m.Efemeride)

    assert result.errors == []
    assert list(rm.efemerides.values_list("name", flat=True)) == ["Día de la Mujer", "Día del Trabajo"]


def test_csv_as_chilean_excel_saves_it(rm):
    """Excel «CSV UTF-8»: BOM, «;», CRLF, dates as typed, a comuna in capitals and one by CUT code."""
    content = (DATA / "gobiernos-en-terreno.csv").read_bytes()

    result = upload(rm, content, "gobiernos-en-terreno.csv", table=m.FieldEvent)

    assert result.errors == []
    assert [(str(e.start_date), e.comuna.name if e.comuna else "", e.place) for e in rm.field_events.all()] == [
        ("2022-03-08", "Puente Alto", ""),
        ("2022-04-11", "Paine", ""),
        ("2022-11-02", "Puente Alto", "Bajos de Mena"),
        ("2022-11-18", "", "Expo FISA"),
    ]


def test_csv_with_commas_and_no_bom_imports_one_table(rm):
    content = 'Comuna,Fecha,Temática\nSan Ramón,01-06-2022,"Mejorando los servicios, Sence"\n'.encode()

    result = upload(rm, content, "dialogos.csv", table=m.ParticipatoryDialogue)

    assert result.errors == []
    assert rm.dialogues.get().theme == "Mejorando los servicios, Sence"


def test_formula_cell_is_read_as_its_saved_value_never_evaluated(rm, workbook):
    content = edit(workbook, "Equipo", {(2, "Orden"): "=1+1"})
    content = saved_value(content, "1+1", "7")

    result = upload(rm, content)

    assert result.errors == []
    assert rm.team_members.get().position == 7


def saved_value(content: bytes, formula: str, value: str) -> bytes:
    """Give a formula the cached value Excel would have saved with it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rf"<f>{re.escape(formula)}</f><v\s*/>|<f>{re.escape(formula)}</f><v></v>",
                    f"<f>{formula}</f><v>{value}</v>",
                    data.decode(),
                ).encode()
            target.writestr(item, data)
    return buffer.getvalue()


def test_successful_import_is_logged_in_the_cuenta_history(rm, workbook, admin_user):
    from django.contrib.admin.models import LogEntry

    upload(rm, workbook, user=admin_user)

    assert LogEntry.objects.get().change_message == "Importó una planilla: 38 filas en 30 tablas."


# Every hostile or wrong file is refused with its message, and nothing changes --------------------


def test_wrong_headers_are_refused(rm, workbook):
    content = edit(workbook, "Equipo", {(1, "Nombre"): "Nombre completo"})

    assert refused(rm, content) == [
        "Hoja «Equipo»: la columna «Nombre completo» no es de esta tabla; ¿quiso decir «Nombre»?",
        "Hoja «Equipo»: falta la columna «Nombre».",
    ]


def test_missing_sheet_is_refused(rm, workbook):
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    del book["Hitos"]
    buffer = io.BytesIO()
    book.save(buffer)

    assert refused(rm, buffer.getvalue()) == [
        "Falta la hoja «Hitos». La planilla de una cuenta trae todas las hojas de la plantilla, "
        "aunque alguna quede vacía."
    ]


def test_extra_unknown_sheet_is_refused(rm, workbook):
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    book.create_sheet("Hoja1")
    buffer = io.BytesIO()
    book.save(buffer)

    assert refused(rm, buffer.getvalue()) == [
        "Hoja «Hoja1»: la hoja «Hoja1» no corresponde a ninguna tabla de la cuenta; "
        "bórrela o use la plantilla de la cuenta."
    ]


def test_text_in_a_number_cell_is_refused(rm, workbook):
    content = edit(workbook, "Participantes por línea", {(2, "Mujeres"): "nueve mil"})

    assert refused(rm, content) == [
        "Hoja «Participantes por línea», fila 2, columna Mujeres: «nueve mil» no es un número."
    ]


def test_negative_number_is_refused(rm, workbook):
    content = edit(workbook, "Ejecución por subtítulo", {(3, "Devengado"): -5000})

    assert refused(rm, content) == [
        "Hoja «Ejecución por subtítulo», fila 3, columna Devengado: "
        "-5.000 es negativo; las cantidades y montos no pueden ser negativos."
    ]


def test_total_that_does_not_add_up_is_refused(rm, workbook):
    content = edit(workbook, "Participantes por línea", {(2, "Total"): 12316})

    assert refused(rm, content) == [
        "Hoja «Participantes por línea», fila 2, columna Total: "
        "12.316 no es la suma de Mujeres y Hombres (9.788 + 2.527 = 12.315)."
    ]


def test_unknown_comuna_is_refused_with_a_suggestion(rm, workbook):
    content = edit(workbook, "Gobiernos en Terreno", {(2, "Comuna"): "Espejo"})

    assert refused(rm, content) == [
        "Hoja «Gobiernos en Terreno», fila 2, columna Comuna: "
        "«Espejo» no es una comuna de la Región Metropolitana de Santiago; ¿quiso decir «Lo Espejo»?"
    ]


def test_comuna_of_another_region_is_refused(rm, workbook):
    content = edit(workbook, "Gobiernos en Terreno", {(2, "Comuna"): "Rancagua"})

    assert refused(rm, content) == [
        "Hoja «Gobiernos en Terreno», fila 2, columna Comuna: «Rancagua» es una comuna de la "
        "Región del Libertador General Bernardo O'Higgins, no de la Región Metropolitana de Santiago."
    ]


def test_ambiguous_programme_name_is_refused(rm, workbook):
    make_program_line(name="Capacitacion en oficios")
    content = edit(workbook, "Participantes por línea", {(3, "Línea programática"): "CAPACITACION EN OFICIOS"})

    assert refused(rm, content) == [
        "Hoja «Participantes por línea», fila 3, columna Línea programática: «CAPACITACION EN OFICIOS» es ambiguo: "
        "puede ser «Capacitacion en oficios» o «Capacitación en Oficios». Escriba el nombre exacto."
    ]


def test_duplicate_rows_are_refused(rm, workbook):
    content = edit(workbook, "Participantes por línea", {(3, "Línea programática"): "Becas"})

    assert refused(rm, content) == [
        "Hoja «Participantes por línea», fila 3, columna Línea programática: "
        "repite la fila 2 (igual Línea programática); cada una debe aparecer una vez."
    ]


def test_a_second_row_in_a_one_row_table_is_refused(rm, workbook):
    content = edit(workbook, "Resúmenes de capacitación", {(3, "Cursos ejecutados"): 5})

    assert refused(rm, content) == [
        "Hoja «Resúmenes de capacitación», fila 3: esta tabla admite una sola fila por cuenta y la fila 2 ya la ocupa."
    ]


def test_a_second_row_of_fomil_totals_is_refused(rm, workbook):
    content = edit(workbook, "Totales FOMIL", {(3, "Convenios firmados"): 12})

    assert refused(rm, content) == [
        "Hoja «Totales FOMIL», fila 3: esta tabla admite una sola fila por cuenta y la fila 2 ya la ocupa."
    ]


def with_rows(content: bytes, sheet: str, rows: list[dict]) -> bytes:
    """Replace the data rows of ``sheet`` by ``rows`` ({header: value}), from row 2 on."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    worksheet = book[sheet]
    headers = [cell.value for cell in worksheet[1]]
    worksheet.delete_rows(2, worksheet.max_row)
    for row in rows:
        worksheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_results_by_comuna_and_by_employer_sit_beside_the_regional_one(rm, workbook):
    content = with_rows(
        workbook,
        "Resultados de intermediación",
        [
            {"Canal": "Red OMIL de la región", "Indicador": "colocados", "Logro": 100, "Mujeres": 60, "Hombres": 40},
            {"Canal": "red_omil", "Indicador": "Personas colocadas", "Comuna": "Puente Alto", "Logro": 30},
            {"Canal": "red_omil", "Indicador": "Personas colocadas", "Comuna": "13101", "Logro": 20, "Mujeres": 9},
            {
                "Canal": "red_omil",
                "Indicador": "colocados",
                "Comuna": "Santiago",
                "Empleador": "Constructora Andes",
                "Sector del empleador": "construccion",
                "Logro": 7,
                "Periodo desde": "01-01-2022",
                "Periodo hasta": "30-06-2022",
            },
        ],
    )

    result = upload(rm, content)

    assert result.errors == []
    rows = rm.intermediation_results.order_by("achieved")
    assert [(r.comuna.name if r.comuna else "", r.employer, r.achieved, r.women, r.men) for r in rows] == [
        ("Santiago", "Constructora Andes", 7, None, None),
        ("Santiago", "", 20, 9, None),
        ("Puente Alto", "", 30, None, None),
        ("", "", 100, 60, 40),
    ]
    assert (rows[0].employer_sector.name, str(rows[0].period_start), str(rows[0].period_end)) == (
        "Construcción",
        "2022-01-01",
        "2022-06-30",
    )


def test_a_comuna_result_given_twice_is_refused(rm, workbook):
    row = {"Canal": "red_omil", "Indicador": "colocados", "Comuna": "Puente Alto", "Logro": 30}
    content = with_rows(workbook, "Resultados de intermediación", [row, {**row, "Logro": 31}])

    assert refused(rm, content) == [
        "Hoja «Resultados de intermediación», fila 3, columna Canal: repite la fila 2 "
        "(igual Canal, Indicador, Comuna, Empleador); cada una debe aparecer una vez."
    ]


def test_intermediation_rows_that_break_the_rules_are_refused_with_their_messages(rm, workbook):
    content = with_rows(
        workbook,
        "Resultados de intermediación",
        [
            {"Canal": "red_omil", "Indicador": "colocados", "Logro": 10, "Mujeres": 6, "Hombres": 5},
            {"Canal": "red_omil", "Indicador": "atendidos", "Sector del empleador": "Construcción", "Logro": 10},
            {"Canal": "red_omil", "Indicador": "orientados", "Comuna": "Rancagua", "Logro": 10},
            {"Canal": "OMIL", "Indicador": "Mujeres colocadas", "Logro": 10},
        ],
    )

    assert refused(rm, content) == [
        "Hoja «Resultados de intermediación», fila 2: Mujeres más hombres no pueden superar el logro total.",
        "Hoja «Resultados de intermediación», fila 3, columna Sector del empleador: "
        "El sector solo se indica para un empleador.",
        "Hoja «Resultados de intermediación», fila 4, columna Comuna: «Rancagua» es una comuna de la "
        "Región del Libertador General Bernardo O'Higgins, no de la Región Metropolitana de Santiago.",
        "Hoja «Resultados de intermediación», fila 5, columna Indicador: «Mujeres colocadas» ya no es un indicador: "
        "escriba las mujeres colocadas en la columna «Mujeres» de la fila «Personas colocadas» del mismo canal, "
        "y borre esta fila.",
    ]


def test_subsidy_with_only_its_total_of_people(rm, workbook):
    content = with_rows(
        workbook,
        "Resultados de subsidios",
        [{"Subsidio": "SEJ", "Total": "5.321", "Personas (total)": "5.321"}],
    )

    result = upload(rm, content)

    assert result.errors == []
    subsidy = rm.subsidy_results.get()
    assert (subsidy.women, subsidy.men, subsidy.people_total, subsidy.total, subsidy.amount) == (
        None,
        None,
        5321,
        5321,
        None,
    )


def test_subsidy_totals_that_do_not_fit_are_refused(rm, workbook):
    content = with_rows(
        workbook,
        "Resultados de subsidios",
        [
            {"Subsidio": "SEJ", "Total": 5000, "Personas (total)": 5321},
            {"Subsidio": "BTM", "Mujeres": 10, "Total": 25},
            {"Subsidio": "Bono al Trabajo de la Mujer", "Personas (total)": 7},
            {"Subsidio": "bono al trabajo de la mujer", "Personas (total)": 8},
        ],
    )

    assert refused(rm, content) == [
        "Hoja «Resultados de subsidios», fila 2, columna Total: "
        "5.000 no es el total de personas de la columna «Personas (total)» (5.321).",
        "Hoja «Resultados de subsidios», fila 3, columna Total: 25 no se puede comprobar: falta «Hombres». "
        "Si el documento no separa por sexo, escriba el total en «Personas (total)» y deje vacías Mujeres y Hombres.",
        "Hoja «Resultados de subsidios», fila 5, columna Subsidio: repite la fila 4 (igual Subsidio); "
        "cada una debe aparecer una vez.",
    ]


def test_people_by_sex_and_as_a_total_at_once_are_refused(rm, workbook):
    content = with_rows(
        workbook,
        "Resultados de subsidios",
        [{"Subsidio": "SEJ", "Mujeres": 10, "Hombres": 5, "Personas (total)": 15}],
    )

    assert refused(rm, content) == [
        "Hoja «Resultados de subsidios», fila 2: Indique las personas por sexo o el total de personas, no ambos: "
        "el total se calcula del desglose."
    ]


def test_kinds_of_activity_by_name_or_code_with_and_without_investment(rm, workbook):
    content = with_rows(
        workbook,
        "Actividades de empleo",
        [
            {"Tipo de actividad": "feria", "Cantidad": 3, "Inversión": "$ 4.500.000"},
            {"Tipo de actividad": "Talleres de apresto laboral", "Cantidad": 12},
            {"Tipo de actividad": "ENCUENTROS EMPRESARIALES", "Cantidad": 2},
        ],
    )

    result = upload(rm, content)

    assert result.errors == []
    assert list(rm.employment_activities.values_list("kind_id", "count", "investment")) == [
        ("feria", 3, 4_500_000),
        ("taller", 12, None),
        ("encuentro_empresarial", 2, None),
    ]


def test_empty_file_is_refused(rm):
    assert refused(rm, b"") == ["«planilla.xlsx» está vacío."]


def test_file_over_the_size_limit_is_refused_before_it_is_read(rm, tmp_path):
    big = tmp_path / "planilla.xlsx"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)
    before = database_state(rm)

    with big.open("rb") as file:
        result = import_workbook(rm, file, name="planilla.xlsx")

    assert [str(e) for e in result.errors] == ["«planilla.xlsx» pesa 50,0 MB; el máximo que se acepta es 10,0 MB."]
    assert database_state(rm) == before


def test_zip_bomb_is_refused(rm):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(120):
                entry.write(chunk)
    assert len(buffer.getvalue()) < 1024 * 1024

    assert refused(rm, buffer.getvalue()) == [
        "«planilla.xlsx» ocuparía 120,0 MB al descomprimirse; el máximo es 50,0 MB. "
        "Puede ser un archivo malicioso («bomba zip»)."
    ]


def test_zip_with_absurdly_many_entries_is_refused(rm):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(600):
            archive.writestr(f"xl/{number}.xml", "")

    assert refused(rm, buffer.getvalue()) == [
        "«planilla.xlsx» contiene 600 archivos internos; una planilla normal tiene unas decenas."
    ]


def test_pdf_renamed_xlsx_is_refused(rm):
    content = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"

    assert refused(rm, content) == [
        "«planilla.xlsx» es un documento PDF, no una planilla. Suba la planilla en Excel (.xlsx) o CSV."
    ]


def test_csv_in_latin1_is_refused(rm):
    content = "Comuna;Monto del convenio\nPeñalolén;1000\n".encode("latin-1")

    assert refused(rm, content, "fomil.csv", table=m.FomilAgreement) == [
        "«fomil.csv» no está en UTF-8 (la línea 2 tiene caracteres que no se pueden leer; parece Latin-1 o "
        "Windows-1252). En Excel use «Guardar como» → «CSV UTF-8 (delimitado por comas)»."
    ]


def test_formula_without_saved_value_is_refused(rm, workbook):
    content = edit(workbook, "Equipo", {(2, "Orden"): "=SUM(A1:A9)"})

    assert refused(rm, content) == [
        "Hoja «Equipo», fila 2, columna Orden: la celda tiene una fórmula sin valor calculado; "
        "ábrala en Excel, guarde, o pegue solo los valores."
    ]


def test_damaged_xlsx_is_refused(rm, workbook):
    assert refused(rm, workbook[: len(workbook) // 2]) == [
        "«planilla.xlsx» está dañado: no se puede abrir como archivo Excel (.xlsx)."
    ]


def test_old_xls_is_refused(rm):
    assert refused(rm, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "planilla.xlsx") == [
        "«planilla.xlsx» está en el formato antiguo de Excel (.xls). Ábralo en Excel y guárdelo como "
        "«Libro de Excel (.xlsx)»."
    ]


def test_one_bad_row_anywhere_means_nothing_is_written(rm, workbook):
    content = edit(workbook, "Equipo", {(2, "Nombre"): "Nueva Persona"})
    content = edit(content, "Efemérides", {(2, "Fecha"): "32-13-2022"})

    assert refused(rm, content) == [
        "Hoja «Efemérides», fila 2, columna Fecha: «32-13-2022» no es una fecha; "
        "escríbala como dd-mm-aaaa, p. ej. 08-03-2022."
    ]
    assert list(rm.team_members.values_list("name", flat=True)) == ["Juan Soto"]


def test_every_problem_of_the_file_is_listed_at_once(rm, workbook):
    content = edit(workbook, "Equipo", {(2, "Nombre"): None})
    content = edit(content, "Gobiernos en Terreno", {(2, "Comuna"): "Espejo", (3, "Fecha"): "2021-01-01"})

    assert refused(rm, content) == [
        "Hoja «Gobiernos en Terreno», fila 2, columna Comuna: "
        "«Espejo» no es una comuna de la Región Metropolitana de Santiago; ¿quiso decir «Lo Espejo»?",
        "Hoja «Gobiernos en Terreno», fila 3, columna Fecha: La fecha debe estar dentro del año de gestión 2022.",
        "Hoja «Equipo», fila 2, columna Nombre: Este campo no puede estar vacío.",
    ]


def test_the_cuenta_cannot_be_changed_from_the_file(rm, workbook):
    content = edit(workbook, "Equipo", {(1, "Orden"): "Cuenta pública"})

    assert refused(rm, content)[0] == (
        "Hoja «Equipo»: la columna «Cuenta pública» no es de esta tabla; "
        "las columnas son «Nombre», «Cargo», «Unidad» y «Orden»."
    )


def test_whole_workbook_import_needs_all_sheets_not_a_csv(rm):
    content = b"Nombre\nJuan\n"

    assert refused(rm, content, "equipo.csv")[0].startswith("Falta la hoja «Autoridades presentes».")


def test_file_with_only_headers_is_refused(rm):
    assert refused(rm, b"Nombre;Cargo\n", "equipo.csv", table=m.TeamMember) == [
        "El archivo no trae filas de datos: solo encabezados o celdas vacías."
    ]


def test_import_into_another_cuenta_leaves_the_first_untouched(rm, workbook):
    other = make_cuenta(management_year=2021)
    before = cuenta_data(rm)

    upload(other, edit(workbook, "Equipo", {(2, "Nombre"): "Otra"}), table=m.TeamMember, name="equipo.xlsx")

    assert cuenta_data(rm) == before


def test_row_breaking_a_check_constraint_is_refused_with_its_message(rm, workbook):
    content = edit(workbook, "Gobiernos en Terreno", {(3, "Hasta"): "17-11-2022"})

    assert refused(rm, content) == [
        "Hoja «Gobiernos en Terreno», fila 3: La fecha de término debe ser posterior a la de inicio."
    ]


def test_sheet_with_too_many_rows_is_refused(rm, settings):
    settings.IMPORT_MAX_ROWS = 2
    content = b"Nombre\nUna\nDos\nTres\n"

    assert refused(rm, content, "equipo.csv", table=m.TeamMember) == [
        "La hoja «equipo» de «equipo.csv» tiene más de 2 filas; divida la planilla."
    ]


def test_xml_entity_expansion_is_refused(rm, workbook):
    """A «billion laughs» inside the workbook: no DOCTYPE is read, so no entity is ever expanded."""
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = laughs.encode() + data
            target.writestr(item, data)

    assert refused(rm, buffer.getvalue()) == [
        "«planilla.xlsx» trae declaraciones XML (DOCTYPE o entidades), que una planilla de Excel no tiene; "
        "no se abrirá."
    ]


@pytest.mark.parametrize(("region", "year"), [("13", 2023), ("06", 2025)])
def test_template_with_the_real_catalogues_imports_once_its_examples_are_filled(seeds, region, year):
    cuenta = make_cuenta(region=m.Region.objects.get(code=region), management_year=year)
    template = workbook_template(cuenta).content

    as_it_comes = refused(cuenta, template)
    result = upload(cuenta, fill_examples(template, cuenta))

    assert as_it_comes == [f"Hoja «{sheet}», fila 2: {EXAMPLE_ROW}" for sheet in sheets_with_examples(template)]
    assert result.errors == []
    assert result.rows == len(as_it_comes)


def sheets_with_examples(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [sheet_name(model) for model in TABLES if book[sheet_name(model)].max_row >= 2]
