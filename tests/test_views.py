import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cuentas.models import Cuenta
from cuentas.roles import EDITOR

from .factories import (
    make_budget_execution,
    make_cuenta,
    make_ohiggins,
    make_populated_cuenta,
    make_program_line,
    make_region,
    make_rm_2022_budget,
    make_training,
    make_user,
)

pytestmark = pytest.mark.django_db

REGIONS = [
    ("15", "XV", "Arica y Parinacota", 1),
    ("02", "II", "Antofagasta", 3),
    ("13", "RM", "Metropolitana", 7),
    ("12", "XII", "Magallanes", 16),
]


def region(code):
    for region_code, numeral, name, order in REGIONS:
        if region_code == code:
            return make_region(
                code=code, numeral=numeral, name=name, official_name=f"Región de {name}", iso_code=f"CL-{numeral}",
                north_to_south=order,
            )  # fmt: skip
    raise KeyError(code)


def cuenta_url(cuenta):
    return reverse("cuentas:cuenta", kwargs={"region": cuenta.region_id, "year": cuenta.management_year_id})


def download_url(cuenta, table, fmt):
    kwargs = {"region": cuenta.region_id, "year": cuenta.management_year_id, "table": table, "fmt": fmt}
    return reverse("cuentas:table_download", kwargs=kwargs)


def text(response):
    """The page's text with non-breaking spaces as plain spaces, for readable assertions."""
    return response.content.decode().replace("\u00a0", " ")


@pytest.fixture
def editor(db):
    """An editor of the Región Metropolitana, where make_cuenta() puts its Cuentas."""
    return make_user("alice", EDITOR, [make_region()])


# --- Home -----------------------------------------------------------------------------------------------


def test_home_lists_regions_north_to_south_with_their_published_years_latest_first(client):
    for code in ("12", "13", "15"):
        region(code)
    make_cuenta(region=region("13"), management_year=2021)
    make_cuenta(region=region("13"), management_year=2022)
    make_cuenta(region=region("13"), management_year=2023, status=Cuenta.Status.DRAFT)

    response = client.get("/")

    regions = [r.name for r in response.context["regions"]]
    assert regions == ["Arica y Parinacota", "Metropolitana", "Magallanes"]
    rm = response.context["regions"][1]
    assert [c.management_year_id for c in rm.published_cuentas] == [2022, 2021]
    assert 'href="/cuentas/13/2022/"' in text(response)
    assert "/cuentas/13/2023/" not in text(response)


@pytest.mark.parametrize("cuentas", [1, 4])
def test_home_costs_six_queries_whatever_the_number_of_cuentas(client, django_assert_num_queries, cuentas):
    for code, *_ in REGIONS[:cuentas]:
        make_training(make_cuenta(region=region(code)))
    # 1 regions, 2 their published Cuentas, 3 the latest año de gestión, 4 that year's Cuentas with
    # their column totals, 5 their regional placements, 6 their subsidies (figures.national).
    with django_assert_num_queries(6):
        response = client.get("/")
    assert response.context["national"]["participants"] == 100 * cuentas
    assert response.context["national"]["regions"] == cuentas


def test_home_shows_the_latest_national_figures_summed_over_regions(client):
    make_budget_execution(make_cuenta(region=region("13")), requested=1000, accrued=900)
    make_budget_execution(make_cuenta(region=region("02")), requested=3000, accrued=3000)
    make_budget_execution(make_cuenta(region=region("02"), management_year=2021), requested=5, accrued=0)

    response = client.get("/")

    assert "Cifras nacionales 2022" in text(response)
    assert "97,50 %" in text(response)  # (900 + 3000) / (1000 + 3000)
    assert "$ 3.900" in text(response)


def test_a_national_sum_says_how_many_cuentas_report_it(client):
    make_training(make_cuenta(region=region("13")), women=700, men=300)
    make_cuenta(region=region("02"))  # published, without training rows

    page = text(client.get("/"))

    assert '1.000 <span class="cell-note">(suma de 1 de las 2 cuentas: las demás no lo informan)</span>' in page


# --- A Cuenta's page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 15])
def test_cuenta_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries, rows):
    cuenta = make_populated_cuenta(rows=rows)
    # 1 the Cuenta's version (cache key); 1 the Cuenta with region, ceremony comuna, training summary,
    # tax franchise, FOMIL totals, COSOC activity and council joined; 1 which of its tables have rows; 26
    # those tables, each with its column totals (authorities, quotes, section texts, declared figures,
    # budget by subtítulo, by programme, training, initiatives, certification, intermediation, FOMIL,
    # employment activities, subsidies, dialogues, Gobiernos en Terreno, publications, followers,
    # efemérides, contacts by type, sex, month and programme, milestones, partnerships, axes, team); 1 the
    # initiatives' comunas; 1 the COSOC members; 1 how many comunas the region has (share of comunas with
    # a FOMIL agreement); 2 the fe de erratas (corrections, published versions).
    with django_assert_num_queries(34):
        response = client.get(cuenta_url(cuenta))
    assert response.status_code == 200
    assert len(response.context["page"].tables["equipo"].rows) == rows


def test_empty_tables_cost_no_query(client, django_assert_num_queries):
    cuenta = make_cuenta()
    make_training(cuenta)
    # 1 version, 1 the Cuenta, 1 which tables have rows, 1 the training rows,
    # 2 the fe de erratas (corrections, published versions).
    with django_assert_num_queries(6):
        response = client.get(cuenta_url(cuenta))
    assert [section.slug for section in response.context["page"].sections] == ["capacitacion"]


def test_cached_cuenta_page_costs_no_query_until_the_cuenta_changes(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    cuenta = make_populated_cuenta()
    first = client.get(cuenta_url(cuenta))
    # The Cuenta's version and its page both come from the cache.
    with django_assert_num_queries(0):
        second = client.get(cuenta_url(cuenta))
    assert second.content == first.content

    cuenta.title = "Cuenta Pública corregida"
    with django_capture_on_commit_callbacks(execute=True):
        cuenta.save()

    assert "Cuenta Pública corregida" in text(client.get(cuenta_url(cuenta)))


def test_rm_2022_budget_reads_in_chilean_formats_with_totals_from_the_database(client):
    cuenta = make_cuenta()
    make_rm_2022_budget(cuenta)

    response = client.get(cuenta_url(cuenta))

    table = response.context["page"].tables["presupuesto_subtitulos"]
    assert table.totals == {"requested": 16_631_241_866, "accrued": 16_345_308_245, "rate": Decimal("98.28")}
    page = text(response)
    assert '<td class="num money">$ 16.631.241.866</td>' in page
    assert "ejecución global de <strong>98,28 %</strong>" in page
    assert "que suman el 98,74 % del presupuesto, se ejecutaron en un <strong>98,29 %</strong>" in page
    assert '<td class="num percent">92,23 %</td>' in page


def test_sections_are_numbered_continuously_leaving_empty_ones_out(client):
    cuenta = make_cuenta()
    make_budget_execution(cuenta)
    make_training(cuenta)
    from cuentas.models import ContactsByType

    from .factories import make_contact_type

    ContactsByType.objects.create(cuenta=cuenta, contact_type=make_contact_type(), count=3)

    response = client.get(cuenta_url(cuenta))

    numbered = [(s.number, s.slug) for s in response.context["page"].sections]
    assert numbered == [(1, "presupuesto"), (2, "capacitacion"), (3, "atencion")]
    assert '<span class="section-number">3.</span> Atención ciudadana' in text(response)


def test_cuenta_page_has_one_h1_and_captioned_tables_with_scoped_headers(client):
    cuenta = make_populated_cuenta(rows=2)

    page = text(client.get(cuenta_url(cuenta)))

    assert page.count("<h1") == 1
    assert page.count("<table") == page.count("<caption")
    assert '<th scope="col"' in page
    assert '<th scope="row"' in page
    assert 'lang="es-CL"' in page
    assert 'href="#contenido"' in page


def test_table_sorts_by_query_string_without_javascript(client):
    cuenta = make_cuenta()
    make_training(cuenta, make_program_line(name="A"), women=1, men=1)
    make_training(cuenta, make_program_line(name="B"), women=9, men=9)

    response = client.get(cuenta_url(cuenta), {"capacitacion-participantes-sort": "-total"})

    rows = response.context["page"].tables["capacitacion_participantes"].rows
    assert [row.record.line.name for row in rows] == ["B", "A"]


def test_demo_cuenta_page_shows_the_demo_banner(client):
    real = make_cuenta()
    demo = make_cuenta(region=region("02"), is_demo=True)

    assert "Datos de demostración." not in text(client.get(cuenta_url(real)))
    assert "Datos de demostración." in text(client.get(cuenta_url(demo)))


# --- Drafts are invisible -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Cuenta.Status.DRAFT, Cuenta.Status.REVIEW])
def test_unpublished_cuenta_is_404_on_every_url_for_the_public(client, status):
    cuenta = make_cuenta(status=status)
    make_training(cuenta)

    assert client.get(cuenta_url(cuenta)).status_code == 404
    assert client.get(download_url(cuenta, "capacitacion-participantes", "csv")).status_code == 404
    assert client.get(download_url(cuenta, "capacitacion-participantes", "xlsx")).status_code == 404


def test_unpublished_cuenta_is_404_for_a_user_who_may_not_edit_it(client):
    cuenta = make_cuenta(status=Cuenta.Status.DRAFT)
    client.force_login(User.objects.create_user("charlie", password="x", is_staff=True))

    assert client.get(cuenta_url(cuenta)).status_code == 404


def test_editor_previews_a_draft_and_it_is_not_cached(client, editor):
    cuenta = make_cuenta(status=Cuenta.Status.DRAFT)
    make_training(cuenta)
    client.force_login(editor)

    response = client.get(cuenta_url(cuenta))

    assert response.status_code == 200
    assert "Borrador" in text(response)
    assert client.get(download_url(cuenta, "capacitacion-participantes", "csv")).status_code == 200
    client.logout()
    assert client.get(cuenta_url(cuenta)).status_code == 404


def test_editor_of_another_region_gets_404_on_a_draft(client):
    cuenta = make_cuenta(status=Cuenta.Status.DRAFT)
    client.force_login(make_user("bob", EDITOR, [make_ohiggins()]))

    assert client.get(cuenta_url(cuenta)).status_code == 404
    assert client.get(download_url(cuenta, "capacitacion-participantes", "csv")).status_code == 404


# --- Downloads ------------------------------------------------------------------------------------------


def test_table_downloads_as_csv_with_raw_numbers(client, django_assert_num_queries):
    cuenta = make_cuenta()
    make_training(cuenta, make_program_line(name="Becas Laborales"), women=9788, men=2527)
    make_training(cuenta, make_program_line(name="Emprendimiento"), women=591, men=86)

    # 1 the Cuenta, 2 the table's rows with their column totals.
    with django_assert_num_queries(2):
        response = client.get(download_url(cuenta, "capacitacion-participantes", "csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "cuenta-metropolitana-2022-capacitacion-participantes.csv" in response["Content-Disposition"]
    assert response.content.decode().splitlines() == [
        "Línea programática,Mujeres,Hombres,Total,% mujeres",
        "Becas Laborales,9788,2527,12315,79.48",
        "Emprendimiento,591,86,677,87.30",
    ]


def test_table_downloads_as_xlsx_with_numbers_as_numbers(client):
    cuenta = make_cuenta()
    make_rm_2022_budget(cuenta)

    response = client.get(download_url(cuenta, "presupuesto-subtitulos", "xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Subtítulo", "Asignación", "Requerimiento", "Devengado", "% ejecución")
    assert rows[3][:4] == (24, "Transferencias corrientes", 16_421_763_713, 16_141_435_580)


def test_unknown_table_or_format_is_404(client):
    cuenta = make_cuenta()
    assert client.get(download_url(cuenta, "no-existe", "csv")).status_code == 404
    assert client.get(download_url(cuenta, "presupuesto-subtitulos", "pdf")).status_code == 404


# --- Compare --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("regions", [1, 4])
def test_compare_year_costs_five_queries(client, django_assert_num_queries, regions):
    for code, *_ in REGIONS[:regions]:
        make_training(make_cuenta(region=region(code)))
    # 1 published years, 2 regions, 3 that year's Cuentas with their column totals, 4 their regional
    # placements, 5 their subsidies.
    with django_assert_num_queries(5):
        response = client.get(reverse("cuentas:compare_year"), {"anio": 2022})
    assert response.context["reporting"] == regions


def test_compare_year_ranks_regions_and_shows_missing_ones_as_without_data(client):
    region("15")
    make_training(make_cuenta(region=region("13")), women=700, men=300)
    make_training(make_cuenta(region=region("02")), women=50, men=50)
    make_cuenta(region=region("12"))  # published, but without training data

    response = client.get(reverse("cuentas:compare_year"), {"anio": 2022})

    rows = {row["region"].code: row for row in response.context["rows"]}
    assert rows["15"]["cells"] is None
    participants = {code: row["cells"][1][1:] for code, row in rows.items() if row["cells"]}
    assert participants == {"02": (100, 2), "13": (1000, 1), "12": (None, None)}
    page = text(response)
    assert "Sin datos para 2022" in page
    assert '1.000 <span class="cell-note">(1.º)</span>' in page


@pytest.mark.parametrize("years", [1, 5])
def test_compare_region_costs_six_queries(client, django_assert_num_queries, years):
    for year in range(2020, 2020 + years):
        make_training(make_cuenta(management_year=year))
    # 1 the region, 2 published years, 3 the region's Cuentas with their column totals, 4 their regional
    # placements, 5 their subsidies, 6 the region selector.
    with django_assert_num_queries(6):
        response = client.get(reverse("cuentas:compare_region", kwargs={"region": "13"}))
    assert len(response.context["rows"]) == years


def test_compare_region_shows_variation_and_years_without_data(client):
    make_training(make_cuenta(management_year=2020), women=50, men=50)
    make_training(make_cuenta(management_year=2022), women=90, men=60)
    make_cuenta(region=region("02"), management_year=2021)  # another region makes 2021 a year with data

    response = client.get(reverse("cuentas:compare_region", kwargs={"region": "13"}))

    rows = {row["year"]: row for row in response.context["rows"]}
    assert rows[2021]["cells"] is None
    assert rows[2022]["cells"][1][1:] == (150, None)  # no variation across a year without data
    page = text(response)
    assert "Sin datos para 2021" in page


def test_compare_region_variation_is_growth_for_counts_and_points_for_shares(client):
    make_training(make_cuenta(management_year=2021), women=50, men=50)
    make_training(make_cuenta(management_year=2022), women=90, men=60)

    response = client.get(reverse("cuentas:compare_region", kwargs={"region": "13"}))

    latest = response.context["rows"][-1]["cells"]
    assert latest[1][2] == 50  # participants: (150 - 100) / 100
    assert latest[2][2] == 10  # % women: 60 % - 50 %
    page = text(response)
    assert "+50,00 %" in page
    assert "+10,00 p. p." in page


def test_compare_region_selector_redirects_and_refuses_unknown_regions(client):
    region("13")
    response = client.get(reverse("cuentas:compare_region_select"), {"region": "13"})
    assert response.status_code == 302
    assert response["Location"] == "/comparar/region/13/"
    assert client.get(reverse("cuentas:compare_region_select"), {"region": "99"}).status_code == 404


def test_health_view_touches_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("cuentas:health")).content == b"ok"


@pytest.mark.parametrize("rows", [1, 15])
def test_table_download_costs_two_queries_whatever_the_rows(client, django_assert_num_queries, rows):
    cuenta = make_populated_cuenta(rows=rows)
    # 1 the Cuenta, 2 the table's rows with their column totals.
    with django_assert_num_queries(2):
        response = client.get(download_url(cuenta, "capacitacion-participantes", "csv"))
    assert len(response.content.decode().splitlines()) == 1 + rows


def test_demo_table_download_says_so_in_its_name(client):
    cuenta = make_cuenta(is_demo=True)
    make_training(cuenta)

    response = client.get(download_url(cuenta, "capacitacion-participantes", "xlsx"))

    assert (
        'filename="demostracion-cuenta-metropolitana-2022-capacitacion-participantes.xlsx"'
        in response["Content-Disposition"]
    )


def test_cuenta_page_links_the_whole_data_workbook_and_the_pdf(client):
    cuenta = make_cuenta()
    make_training(cuenta)

    page = text(client.get(cuenta_url(cuenta)))

    assert 'href="/cuentas/13/2022/datos.xlsx" download>Todos los datos (XLSX)</a>' in page
    assert 'href="/cuentas/13/2022/pdf/">Descargar la cuenta en PDF</a>' in page


def test_section_partials_render_without_a_request_and_without_page_chrome(db):
    """The PDF renders the same partials: no request, no downloads, no sorting links."""
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from cuentas import page, queries

    cuenta = make_populated_cuenta(rows=2)
    built = page.build(queries.cuenta_page(AnonymousUser(), cuenta.region_id, cuenta.management_year_id))

    html = "".join(
        render_to_string(item.template, {"item": item, "page": built, "cuenta": built.cuenta})
        for item in built.sections
    )

    assert html.count("<section") == 11
    assert "Descargar" not in html
    assert "?capacitacion-participantes-sort" not in html
    assert "<nav" not in html
    assert "<svg" in html


def test_compare_year_downloads_as_csv_with_ranks_and_regions_without_data(client, django_assert_num_queries):
    region("15")
    make_training(make_cuenta(region=region("13")), women=700, men=300)

    # The page's 5 queries: published years, regions, that year's Cuentas with their column totals,
    # their regional placements, their subsidies.
    with django_assert_num_queries(5):
        response = client.get(reverse("cuentas:compare_year"), {"anio": 2022, "formato": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="comparacion-regiones-2022.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Región,Datos de demostración,Ejecución presupuestaria,Ejecución presupuestaria: lugar,")
    assert lines[1] == "Arica y Parinacota,no" + "," * 14
    assert lines[2].startswith("Metropolitana,no,,,1000,1,70.00,1,")


def test_compare_region_downloads_as_xlsx_with_variations(client):
    make_training(make_cuenta(management_year=2021), women=50, men=50)
    make_training(make_cuenta(management_year=2022), women=90, men=60)

    response = client.get(reverse("cuentas:compare_region", kwargs={"region": "13"}), {"formato": "xlsx"})

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Año de gestión",
        "Datos de demostración",
        "Ejecución presupuestaria",
        "Ejecución presupuestaria: variación (p. p.)",
        "Participantes en capacitación",
        "Participantes en capacitación: variación (%)",
    )
    assert rows[2][:6] == (2022, False, None, None, 150, 50)


def test_comparison_refuses_unknown_formats(client):
    region("13")
    assert client.get(reverse("cuentas:compare_year"), {"formato": "pdf"}).status_code == 404
