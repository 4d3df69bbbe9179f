"""Each figure reads the same wherever it appears: page, PDF, table downloads, comparisons, admin.

The figures layer (``cuentas/figures/``) defines each figure once; these tests
follow a few of RM 2022's and of a Cuenta with unknown values through every
consumer and check they agree, to the peso.
"""

import csv
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse

from cuentas import models as m
from cuentas.admin.summary import section_totals
from cuentas.models import Cuenta, SectionKey
from tests.factories import make_cuenta, make_subsidy


def _text(content: bytes) -> str:
    return content.decode().replace("\u00a0", " ")


def pdf_text(client, cuenta) -> str:
    response = client.get(reverse("cuentas:cuenta_pdf", args=[cuenta.region_id, cuenta.management_year_id]))
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")


def csv_rows(client, cuenta, table) -> list[dict]:
    url = reverse("cuentas:table_download", args=[cuenta.region_id, cuenta.management_year_id, table, "csv"])
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def comparison(client, cuenta) -> dict:
    response = client.get(reverse("cuentas:compare_year"), {"anio": cuenta.management_year_id})
    (row,) = [row for row in response.context["rows"] if row["region"].code == cuenta.region_id]
    return {indicator.key: value for indicator, value, _rank in row["cells"]}


@pytest.fixture
def rm(seeds) -> Cuenta:
    return Cuenta.objects.get(region_id="13", management_year=2022)


def test_rm_2022_figures_agree_on_the_page_pdf_downloads_comparison_and_admin(client, rm):
    page = _text(client.get(rm.get_absolute_url()).content)
    document = pdf_text(client, rm)
    compared = comparison(client, rm)

    def admin(section):
        return _text(str(section_totals(Cuenta.objects.get(pk=rm.pk), section)).encode())

    # Global budget execution: 16.345.308.245 / 16.631.241.866.
    for shown in (page, document, admin(SectionKey.BUDGET)):
        assert "98,28 %" in shown
    assert compared["budget_execution"] == Decimal("98.28")

    # Training participants and people certified (the text says 1.005; the rows add up to 1.105).
    for shown in (page, document, admin(SectionKey.TRAINING)):
        assert "25.431" in shown
    for shown in (page, document, admin(SectionKey.CERTIFICATION)):
        assert "1.105" in shown
    assert (compared["participants"], compared["certified"]) == (25431, 1105)

    # Central subsidies, as the document's summary table gives them.
    for shown in (page, document, admin(SectionKey.SUBSIDIES)):
        assert "691.828" in shown
        assert "$ 340.772.815.500" in shown
    # Every subsidy's people, central and regional: the comparison's indicator.
    assert compared["subsidy_people"] == 691828 + 357 + 100

    # IFE Laboral's amount is its split by sex added up; the row reads the same in its download.
    subsidies = {row["Subsidio"]: row for row in csv_rows(client, rm, "subsidios-personas")}
    assert subsidies["IFE Laboral"]["Monto pagado"] == "257533331326"
    assert "$ 257.533.331.326" in page and "$ 257.533.331.326" in document

    # OMIL placements and their share of women; the comparison counts every channel once.
    results = csv_rows(client, rm, "intermediacion-resultados")
    placed = [
        row for row in results if row["Canal"] == "OMIL en convenio FOMIL" and row["Indicador"] == "Personas colocadas"
    ]
    assert [(row["Logro"], row["% mujeres"]) for row in placed] == [("17110", "44.07")]
    for shown in (page, document):
        assert "17.110" in shown and "44,07 %" in shown
    assert compared["placements"] == 17110 + 556
    assert "En total, <strong>17.666</strong> personas fueron colocadas" in page


def test_unknown_amounts_are_never_zero_anywhere(client, rm):
    page = _text(client.get(rm.get_absolute_url()).content)
    document = pdf_text(client, rm)
    subsidies = {row["Subsidio"]: row for row in csv_rows(client, rm, "subsidios-personas")}
    # The document gives no amount for Aprendices and Experiencia Mayor.
    for name in ("Aprendices", "Experiencia Mayor"):
        assert subsidies[name]["Monto pagado"] == ""
    assert "$ 0" not in page and "$ 0" not in document
    assert "Monto total pagado" not in page
    # The total paid over every subsidy is withheld: the regional ones report none.
    assert "$ 340.772.815.500" in page
    regional = _text(str(section_totals(Cuenta.objects.get(pk=rm.pk), SectionKey.SUBSIDIES)).encode())
    assert "Subsidios de presupuesto regional: monto pagado</th><td>—" in regional


def test_a_cuenta_with_unknowns_withholds_totals_and_says_which_parts_are_missing(client, catalogues):
    cuenta = make_cuenta(region=m.Region.objects.get(code="10"), management_year=2024)
    known = make_subsidy(code="SEJ", name="Subsidio al Empleo Joven", budget=m.Subsidy.Budget.CENTRAL)
    only_people = make_subsidy(code="BTM", name="Bono al Trabajo de la Mujer", budget=m.Subsidy.Budget.CENTRAL)
    m.SubsidyResult.objects.create(cuenta=cuenta, subsidy=known, women=10, men=20, amount_total=3_000_000)
    m.SubsidyResult.objects.create(cuenta=cuenta, subsidy=only_people, people_total=1200)

    page = _text(client.get(cuenta.get_absolute_url()).content)
    document = pdf_text(client, cuenta)
    rows = {row["Subsidio"]: row for row in csv_rows(client, cuenta, "subsidios-personas")}
    compared = comparison(client, cuenta)
    admin = _text(str(section_totals(cuenta, SectionKey.SUBSIDIES)).encode())

    # People are known for both (30 and 1.200); the amount only for one: no total amount anywhere.
    assert (rows["Bono al Trabajo de la Mujer"]["Total"], rows["Bono al Trabajo de la Mujer"]["Monto pagado"]) == (
        "1200",
        "",
    )
    for shown in (page, document, admin):
        assert "1.230" in shown
    assert compared["subsidy_people"] == 1230
    assert "monto pagado sin información de Bono al Trabajo de la Mujer" in page
    assert "$ 3.000.000" in page and "$ 0" not in page
    assert "Subsidios de presupuesto central: monto pagado</th><td>—" in admin
