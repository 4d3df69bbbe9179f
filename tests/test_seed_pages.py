"""The two seed Cuentas as a citizen reads them: figures rendered from their rows."""

from decimal import Decimal

import pytest
from django.urls import reverse


def page_text(client, region, year):
    response = client.get(reverse("cuentas:cuenta", kwargs={"region": region, "year": year}))
    assert response.status_code == 200
    return response, response.content.decode().replace("\u00a0", " ")


@pytest.fixture
def rm(seeds, client):
    return page_text(client, "13", 2022)


def test_rm_2022_sentences_quote_the_computed_figures(rm):
    _, text = rm
    assert "ejecución global de <strong>98,28 %</strong>" in text
    assert "un total de <strong>25.431</strong> participantes" in text
    assert "un <strong>65,84 %</strong> son mujeres" in text
    # The document says 1.005 people were certified; its table adds up to 1.105, which the page shows.
    assert "<strong>1.105</strong> personas pasaron por procesos de evaluación" in text
    assert "un <strong>147,52 %</strong> de la meta de 58.385" in text


def test_rm_2022_tables_total_in_their_footers(rm):
    response, _ = rm
    tables = response.context["page"].tables
    assert tables["presupuesto_subtitulos"].totals["requested"] == 16_631_241_866
    assert tables["capacitacion_participantes"].totals["total"] == 25_431
    assert tables["comunicaciones_seguidores"].totals["growth"] == Decimal("26.90")  # (18.377 - 14.481) / 14.481
    assert len(tables["comunicaciones_efemerides"].rows) == 58
    assert len(tables["participacion_gobiernos_en_terreno"].rows) == 25


def test_rm_2022_has_every_section_numbered_in_registry_order(rm):
    response, _ = rm
    assert [(s.number, s.slug) for s in response.context["page"].sections] == [
        (1, "presupuesto"),
        (2, "capacitacion"),
        (3, "certificacion"),
        (4, "intermediacion"),
        (5, "subsidios"),
        (6, "participacion"),
        (7, "comunicaciones"),
        (8, "atencion"),
        (9, "hitos"),
        (10, "enfasis"),
        (11, "equipo"),
    ]


def test_ohiggins_2024_shows_its_headline_figures_and_only_its_non_empty_sections(seeds, client):
    response, text = page_text(client, "06", 2024)
    assert "más de 76.000" in text
    assert [s.slug for s in response.context["page"].sections] == [
        "presupuesto",
        "capacitacion",
        "intermediacion",
        "hitos",
    ]
