"""Open-data exports: every table as CSV, XLSX and JSON, the whole Cuenta as a workbook, round trips."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest
import tablib
from import_export.formats.base_formats import CSV

from cuentas import models as m
from cuentas.exports import export_table, export_workbook, table_template, workbook_template
from cuentas.resources import TABLES, headers_of, sheet_name
from cuentas.services import import_workbook
from cuentas.writers import escape_formula
from tests.factories import cuenta_data, database_state, make_cuenta, make_full_cuenta

TRIGGERS = ["=1+1", "+54 9 1234", "-2", "@SUM(A1:A2)", "\tTabulado", "\rRetorno"]


@pytest.fixture
def rm(territory):
    return make_full_cuenta()


@pytest.fixture
def hostile_team(rm):
    for position, name in enumerate(TRIGGERS, start=1):
        m.TeamMember.objects.create(cuenta=rm, name=name, role="Analista", position=position)
    return rm


def read_csv_zip(content: bytes) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    files = {}
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8-sig")
        files[name] = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return files


def read_xlsx(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


# Formula injection -----------------------------------------------------------------------------


def test_escape_formula_guards_every_owasp_leading_character():
    assert [escape_formula(text) for text in TRIGGERS] == ["'" + text for text in TRIGGERS]
    assert [escape_formula(value) for value in ("Becas", "", 3, None)] == ["Becas", "", 3, None]


def test_django_import_export_escaping_alone_would_not_do(settings):
    """Its formula escaping only strips a leading «=» (changing the text) and leaves the rest."""
    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
    dataset = tablib.Dataset(*[(text, 3) for text in TRIGGERS], headers=["Nombre", "Orden"])

    exported = CSV().export_data(dataset)

    rows = list(csv.reader(io.StringIO(exported)))[1:]
    assert [row[0] for row in rows] == ["1+1", "+54 9 1234", "-2", "@SUM(A1:A2)", "\tTabulado", "\rRetorno"]


def test_csv_export_neutralises_formulas_and_keeps_numbers(hostile_team):
    files = read_csv_zip(export_table(hostile_team, m.TeamMember, "csv").content)

    rows = files["cuenta-publica-metropolitana-2022-equipo.csv"]
    assert rows[0] == ["Nombre", "Cargo", "Unidad", "Orden"]
    assert rows[1:] == [
        ["Juan Soto", "Director regional", "", "0"],
        *[["'" + text, "Analista", "", str(position)] for position, text in enumerate(TRIGGERS, start=1)],
    ]


def test_xlsx_export_neutralises_formulas_and_keeps_numbers(hostile_team):
    sheet = read_xlsx(export_table(hostile_team, m.TeamMember, "xlsx").content)["Equipo"]

    names = [(cell.value, cell.data_type) for cell in sheet["A"][2:]]
    positions = [(cell.value, cell.data_type) for cell in sheet["D"][2:]]
    assert names == [("'" + text, "s") for text in TRIGGERS]
    assert positions == [(position, "n") for position in range(1, 7)]


def test_workbook_export_neutralises_formulas_too(hostile_team):
    book = read_xlsx(export_workbook(hostile_team).content)

    assert book["Citas"]["C2"].value == "'=Una cita que empieza como fórmula"
    assert book["Ejecución por subtítulo"]["B3"].value == 16_421_763_713


def test_json_export_keeps_text_verbatim_and_numbers_as_numbers(hostile_team):
    document = json.loads(export_table(hostile_team, m.TeamMember, "json").content)

    assert [row["Nombre"] for row in document["filas"]][1:] == TRIGGERS
    assert [row["Orden"] for row in document["filas"]] == [0, 1, 2, 3, 4, 5, 6]


def test_escaped_export_imports_back_to_the_original_text(hostile_team):
    before = cuenta_data(hostile_team)

    result = import_workbook(hostile_team, io.BytesIO(export_workbook(hostile_team).content), name="c.xlsx")

    assert result.errors == []
    assert cuenta_data(hostile_team) == before


# Formats and the data dictionary --------------------------------------------------------------


def test_csv_export_is_a_zip_of_the_table_and_its_dictionary(rm):
    response = export_table(rm, m.TrainingParticipation, "csv")

    files = read_csv_zip(response.content)
    assert response["Content-Disposition"] == (
        'attachment; filename="cuenta-publica-metropolitana-2022-participantes-por-linea-csv.zip"'
    )
    assert files["cuenta-publica-metropolitana-2022-participantes-por-linea.csv"] == [
        ["Línea programática", "Mujeres", "Hombres", "Total"],
        ["Becas", "9788", "2527", "12315"],
        ["Capacitación en Oficios", "0", "17", "17"],
    ]
    assert files["diccionario.csv"] == [
        ["Columna", "Significado", "Unidad"],
        ["Línea programática", "Línea programática", "nombre según el catálogo de líneas programáticas"],
        ["Mujeres", "Mujeres", "número entero"],
        ["Hombres", "Hombres", "número entero"],
        ["Total", "Mujeres más hombres; se calcula. Al importar se comprueba.", "personas"],
    ]


def test_xlsx_table_export_carries_its_dictionary(rm):
    book = read_xlsx(export_table(rm, m.BudgetExecution, "xlsx").content)

    assert book.sheetnames == ["Ejecución por subtítulo", "Diccionario"]
    assert [[c.value for c in row] for row in book["Ejecución por subtítulo"].iter_rows()] == [
        ["Subtítulo", "Requerimiento", "Devengado"],
        [21, 65_427_018, 60_346_518],
        [24, 16_421_763_713, 16_141_435_580],
    ]
    assert [c.value for c in book["Diccionario"][3]] == [
        "Requerimiento",
        "Requerimiento. En pesos, sin decimales.",
        "pesos chilenos, entero",
    ]


def test_json_table_export_carries_cuenta_dictionary_and_rows(rm):
    document = json.loads(export_table(rm, m.SubsidyResult, "json").content)

    assert document["cuenta"] == {
        "region": "Metropolitana",
        "codigo_region": "13",
        "anio_gestion": 2022,
        "anio_cuenta": 2023,
        "titulo": "Cuenta Pública Metropolitana 2022",
    }
    assert document["tabla"] == "Resultados de subsidios"
    assert [entry["columna"] for entry in document["diccionario"]] == headers_of(m.SubsidyResult)
    assert document["filas"] == [
        {
            "Subsidio": "Bono al Trabajo de la Mujer",
            "Mujeres": None,
            "Hombres": None,
            "Total": 5321,
            "Personas (total)": 5321,
            "Monto pagado a mujeres": None,
            "Monto pagado a hombres": None,
            "Monto total pagado": None,
            "Empresas usuarias": None,
            "Periodo desde": None,
            "Periodo hasta": None,
        },
        {
            "Subsidio": "Subsidio al Empleo Joven",
            "Mujeres": 10026,
            "Hombres": 52530,
            "Total": 62556,
            "Personas (total)": None,
            "Monto pagado a mujeres": None,
            "Monto pagado a hombres": None,
            "Monto total pagado": 18_349_097_819,
            "Empresas usuarias": None,
            "Periodo desde": "2022-01-01",
            "Periodo hasta": "2022-12-31",
        },
    ]


def test_workbook_has_readme_every_table_and_dictionary(rm):
    book = read_xlsx(export_workbook(rm).content)

    assert book.sheetnames == ["Léame", *[sheet_name(model) for model in TABLES], "Diccionario"]
    assert all(len(name) <= 31 for name in book.sheetnames)
    for model in TABLES:
        assert [c.value for c in book[sheet_name(model)][1]] == headers_of(model)


def test_workbook_export_costs_a_fixed_number_of_queries(rm, django_assert_num_queries):
    rm = m.Cuenta.objects.get(pk=rm.pk)
    # One query per table, the prefetch of the initiatives' comunas, the region for «Léame», and the names of
    # the three short catalogues offered as drop-downs (channels, funnel steps, kinds of activity).
    with django_assert_num_queries(len(TABLES) + 2 + 3):
        export_workbook(rm)


def test_template_has_headers_and_one_example_row_per_table(rm):
    book = read_xlsx(workbook_template(rm).content)

    for model in TABLES:
        rows = list(book[sheet_name(model)].iter_rows(values_only=True))
        assert rows[0] == tuple(headers_of(model))
        assert len(rows) == 2
        assert rows[1][0] == "EJEMPLO — borre esta fila", model


def test_template_readme_says_how_example_rows_are_marked(rm):
    def readme(content):
        rows = read_xlsx(content)["Léame"].iter_rows(values_only=True)
        return [row for row in rows if row[0] != "Generada el"]  # stamped to the minute

    template, exported = readme(workbook_template(rm).content), readme(export_workbook(rm).content)

    assert template[-1] == (
        None,
        "La fila 2 de cada hoja es un ejemplo y lleva «EJEMPLO — borre esta fila» en su primera columna: bórrela, "
        "o escriba sus datos en toda la fila. Una fila de ejemplo nunca se importa.",
    )
    assert exported == template[:-1]


@pytest.mark.parametrize("download", [export_workbook, workbook_template])
def test_workbook_shows_the_management_year_as_2022(rm, download):
    readme = read_xlsx(download(rm).content)["Léame"]

    assert (readme["A4"].value, readme["B4"].value) == ("Año de gestión", 2022)
    assert readme["B4"].number_format == "0"  # never «2.022»


def test_table_template_as_csv(rm):
    content = table_template(m.FomilAgreement, "csv", rm).content.decode("utf-8-sig")

    assert content == "Municipalidad;Monto del convenio\r\nEJEMPLO — borre esta fila;1000000\r\n"


# Public downloads -------------------------------------------------------------------------------


def test_public_can_download_a_published_table(client, rm):
    response = client.get("/cuentas/13/2022/datos/participantes-por-linea.json")

    assert response.status_code == 200
    assert json.loads(response.content)["filas"][0]["Línea programática"] == "Becas"


def test_public_gets_404_for_a_draft(client, rm):
    rm.status = m.Cuenta.Status.DRAFT
    rm.save()

    assert client.get("/cuentas/13/2022/datos.xlsx").status_code == 404
    assert client.get("/cuentas/13/2022/datos/equipo.csv").status_code == 404


def test_public_workbook_download(client, rm):
    response = client.get("/cuentas/13/2022/datos.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_unknown_table_or_format_is_404(client, rm):
    assert client.get("/cuentas/13/2022/datos/no-existe.csv").status_code == 404
    assert client.get("/cuentas/13/2022/datos/equipo.pdf").status_code == 404


# Round trips -------------------------------------------------------------------------------------


def test_every_table_round_trips_through_the_workbook(rm):
    before = cuenta_data(rm)
    content = export_workbook(rm).content
    rm.delete()
    empty = make_cuenta(management_year=2022)

    result = import_workbook(empty, io.BytesIO(content), name="cuenta.xlsx")

    assert result.errors == []
    assert cuenta_data(empty) == before


#: RM 2022: 229 rows, its one row of FOMIL totals among them.
@pytest.mark.parametrize(("region", "year", "rows"), [("13", 2022, 229), ("06", 2024, 26)])
def test_seed_round_trips_into_an_empty_cuenta(seeds, region, year, rows):
    seed = m.Cuenta.objects.get(region=region, management_year=year)
    before = cuenta_data(seed)
    content = export_workbook(seed).content
    seed.delete()
    empty = make_cuenta(region=m.Region.objects.get(code=region), management_year=year)

    result = import_workbook(empty, io.BytesIO(content), name="cuenta.xlsx")

    assert result.errors == []
    assert result.rows == rows
    assert cuenta_data(empty) == before


#: Tables whose rows belong to the region (comunas, COSOC) or to the year (dates within it).
BOUND_TO_REGION_OR_YEAR = ("Efemérides", "Gobiernos en Terreno", "Actividad del COSOC", "Diálogos participativos")


def test_rm_2022_into_another_region_and_year_refuses_what_belongs_to_the_rm(seeds):
    rm = m.Cuenta.objects.get(region="13", management_year=2022)
    other = make_cuenta(region=m.Region.objects.get(code="05"), management_year=2023)
    before = database_state(other)

    result = import_workbook(other, io.BytesIO(export_workbook(rm).content), name="rm-2022.xlsx")

    assert {error.sheet for error in result.errors} == set(BOUND_TO_REGION_OR_YEAR)
    assert str(result.errors[0]) == (
        "Hoja «Actividad del COSOC», fila 2, columna Consejo en funciones: "
        "La Región de Valparaíso no tiene un COSOC registrado; pídalo al nivel central."
    )
    assert database_state(other) == before


def test_rm_2022_into_another_region_and_year_is_identical_in_every_other_table(seeds):
    rm = m.Cuenta.objects.get(region="13", management_year=2022)
    other = make_cuenta(region=m.Region.objects.get(code="05"), management_year=2023)
    book = read_xlsx(export_workbook(rm).content)
    for name in BOUND_TO_REGION_OR_YEAR:
        book[name].delete_rows(2, book[name].max_row)
    buffer = io.BytesIO()
    book.save(buffer)

    result = import_workbook(other, io.BytesIO(buffer.getvalue()), name="rm-2022.xlsx")

    assert result.errors == []
    bound = {model.__name__ for model in TABLES if sheet_name(model) in BOUND_TO_REGION_OR_YEAR}
    expected = {name: rows for name, rows in cuenta_data(rm).items() if name not in bound}
    assert {name: rows for name, rows in cuenta_data(other).items() if name not in bound} == expected


def test_template_offers_the_choices_as_a_drop_down(rm):
    sheet = read_xlsx(workbook_template(rm).content)["Resultados de intermediación"]

    validations = {(str(v.sqref), v.formula1) for v in sheet.data_validations.dataValidation}
    assert validations == {
        ("A2:A5000", '"Red OMIL de la región,OMIL en convenio FOMIL,Plataforma Laboral"'),
        (
            "B2:B5000",
            '"Personas atendidas,Personas orientadas laboralmente,Personas derivadas a empresas,Personas colocadas"',
        ),
    }


def test_template_offers_the_kinds_of_activity_and_the_choices_of_a_field_as_drop_downs(rm):
    book = read_xlsx(workbook_template(rm).content)

    (kinds,) = book["Actividades de empleo"].data_validations.dataValidation
    (sexes,) = book["Atenciones por sexo"].data_validations.dataValidation
    assert (str(kinds.sqref), kinds.formula1) == (
        "A2:A5000",
        '"Ferias laborales,Talleres de apresto laboral,Reclutamientos masivos,Encuentros empresariales,'
        "Contactos con empresas,Evaluaciones funcionales de personas con discapacidad,"
        'Análisis de puestos de trabajo para personas con discapacidad,Otras actividades"',
    )
    assert (str(sexes.sqref), sexes.formula1) == ("A2:A5000", '"Mujeres,Hombres"')
