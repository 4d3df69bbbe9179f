import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from cuentas import models as m
from cuentas.sections import ROW_MODELS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def rm(seeds) -> m.Cuenta:
    return m.Cuenta.objects.get(region_id="13", management_year=2022)


@pytest.fixture
def ohiggins(seeds) -> m.Cuenta:
    return m.Cuenta.objects.get(region_id="06", management_year=2024)


def test_every_fixture_loads_into_an_empty_database(db):
    assert not m.Region.objects.exists()
    call_command("loaddata", "territory", "catalogues", "rm_2022", "ohiggins_2024", verbosity=0)
    assert m.Cuenta.objects.count() == 2


def test_territory_has_16_regions_and_346_comunas(territory):
    assert m.Region.objects.count() == 16
    assert m.Comuna.objects.count() == 346
    assert m.Region.objects.get(code="13").name == "Metropolitana"
    assert m.Region.objects.get(code="06").name == "O'Higgins"


def test_catalogues(catalogues):
    assert m.BudgetSubtitle.objects.get(code=34).name == "Servicio de la deuda"
    assert m.ProductiveSector.objects.count() == 11
    assert list(m.ContactType.objects.values_list("name", flat=True)) == [
        "Pregunta",
        "Reclamo",
        "Trámite",
        "Felicitación",
        "Sugerencia",
    ]
    assert list(m.Subsidy.objects.filter(budget="regional").values_list("name", flat=True)) == [
        "Aprendices",
        "Experiencia Mayor",
    ]
    assert m.Subsidy.objects.filter(budget="central").count() == 4


def test_capacitacion_en_oficios_is_the_parent_of_its_five_lines(catalogues):
    parent = m.ProgramLine.objects.get(name="Capacitación en Oficios")
    assert sorted(parent.children.values_list("name", flat=True)) == [
        "Capacitación en Oficios EMTP",
        "Capacitación en Oficios Infractores de Ley",
        "Capacitación en Oficios Línea PeSD",
        "Capacitación en Oficios Registro Especial",
        "Capacitación en Oficios Sectorial",
    ]


def test_budget_and_training_rows_share_one_catalogue_entry_per_programme(rm):
    budget_lines = set(rm.program_budget_executions.values_list("line__name", flat=True))
    training_lines = set(rm.training_participations.values_list("line__name", flat=True))
    assert budget_lines & training_lines == {
        "Bono de Capacitación para Micro y Pequeños Empresarios",
        "Capacitación en Oficios",
        "Reconversión Laboral",
    }
    assert "Formación en el Puesto de Trabajo" in budget_lines  # printed "FORMACIÓN DE FORMACIÓN"


def test_metropolitana_2022_has_every_table(rm):
    assert rm.status == m.Cuenta.Status.PUBLISHED
    assert rm.presentation_year == 2023
    assert rm.budget_executions.count() == 4
    assert rm.program_budget_executions.count() == 7
    assert rm.training_summary.courses_held == 1249
    assert rm.training_participations.count() == 17
    assert rm.certification_results.count() == 11
    assert rm.intermediation_results.count() == 6
    assert rm.fomil_summary.agreements == 47
    assert rm.subsidy_results.count() == 6
    assert rm.cosoc_activity.sessions_held == 5
    assert rm.cosoc_activity.council.members.count() == 13
    assert rm.dialogues.count() == 1
    assert rm.field_events.count() == 25
    assert rm.publication_counts.count() == 3
    assert rm.follower_counts.count() == 3
    assert rm.efemerides.count() == 58
    assert rm.contacts_by_type.count() == 5
    assert rm.contacts_by_sex.count() == 2
    assert rm.milestones.count() == 3
    assert rm.strategic_axes.count() == 6


def test_metropolitana_ceremony_has_no_date(rm):
    assert (rm.venue, rm.address, rm.ceremony_comuna.name) == ("Teatro Melipilla", "Serrano 457", "Melipilla")
    assert (rm.ceremony_start, rm.ceremony_end) == (datetime.time(10), datetime.time(12))
    assert rm.ceremony_date is None


def test_infractores_de_ley_has_no_women(rm):
    row = rm.training_participations.get(line__name="Capacitación en Oficios Infractores de Ley")
    assert (row.women, row.men) == (0, 17)


def test_certification_reads_men_first_as_the_document_prints_them(rm):
    construction = rm.certification_results.get(sector__name="Construcción")
    transport = rm.certification_results.get(sector__name="Transporte y logística")
    assert (construction.women, construction.men) == (2, 189)
    assert (transport.women, transport.men) == (0, 122)


def test_omil_and_plataforma_laboral_results(rm):
    """Women placed are the women of the «colocados» step, not a step of their own; men are not given."""
    rows = {
        (row.channel_id, row.indicator_id): (row.goal, row.achieved, row.women, row.men)
        for row in rm.intermediation_results.all()
    }
    assert rows == {
        ("omil", "atendidos"): (58385, 86132, None, None),
        ("omil", "orientados"): (30170, 46566, None, None),
        ("omil", "colocados"): (19629, 17110, 7541, None),
        ("plataforma", "atendidos"): (None, 2675, None, None),
        ("plataforma", "colocados"): (None, 556, 275, None),
        ("plataforma", "orientados"): (None, 623, None, None),
    }


def test_subsidies(rm):
    rows = {row.subsidy.code: row for row in rm.subsidy_results.select_related("subsidy")}
    assert (rows["APRENDICES"].women, rows["APRENDICES"].men, rows["APRENDICES"].employers) == (167, 190, 17)
    assert (rows["EXPERIENCIA MAYOR"].women, rows["EXPERIENCIA MAYOR"].employers) == (59, 15)
    ife = rows["IFE LABORAL"]
    assert (ife.amount_women, ife.amount_men, ife.amount) == (137699892675, 119833438651, 257533331326)
    assert (ife.period_start, ife.period_end) == (datetime.date(2022, 1, 1), datetime.date(2022, 1, 31))
    assert (rows["BTM"].women, rows["BTM"].amount_total) == (10026, 21762986355)


def test_gobiernos_en_terreno_slips_are_cleaned(rm):
    events = [(e.start_date, e.end_date, e.comuna and e.comuna.name, e.place) for e in rm.field_events.all()]
    assert events[2] == (datetime.date(2022, 4, 20), None, "Lo Espejo", "")
    assert events[8] == (
        datetime.date(2022, 6, 29),
        None,
        "Santiago",
        "EXPO ATRACCIÓN TALENTO JOVEN, Plaza de la Constitución",
    )
    assert events[12] == (datetime.date(2022, 8, 6), None, "Santiago", "Quiero mi Barrio")
    assert events[19] == (datetime.date(2022, 11, 2), None, "Puente Alto", "Bajos de Mena")
    assert events[22] == (datetime.date(2022, 11, 18), datetime.date(2022, 11, 19), None, "Expo FISA")
    assert events[24] == (datetime.date(2022, 11, 28), None, "Colina", "Lo Arcaya")


def test_followers_and_contacts(rm):
    followers = {row.network.name: (row.at_start, row.at_end) for row in rm.follower_counts.all()}
    assert followers == {"Facebook": (2382, 2689), "Twitter": (3780, 4127), "Instagram": (8319, 11561)}
    by_type = [(row.contact_type.name, row.count) for row in rm.contacts_by_type.all()]
    assert by_type == [("Pregunta", 11535), ("Reclamo", 7444), ("Trámite", 61), ("Felicitación", 46), ("Sugerencia", 2)]
    assert dict(rm.contacts_by_sex.values_list("sex", "count")) == {"F": 9861, "M": 9227}


def test_efemerides_keep_their_printed_dates(rm):
    # Nº 35, "Día Nacional del Comercio", is printed 06-05-2022 between June and late May; kept as printed.
    assert rm.efemerides.get(name="Día Nacional del Comercio").date == datetime.date(2022, 5, 6)
    assert rm.efemerides.filter(date=datetime.date(2022, 5, 17)).count() == 3


def test_ohiggins_2024(ohiggins):
    assert (ohiggins.presentation_year, ohiggins.director, ohiggins.director_office) == (
        2025,
        "Doris Rodríguez",
        "Directora regional",
    )
    assert (ohiggins.venue, ohiggins.ceremony_comuna.name) == ("Teatro Municipal de San Fernando", "San Fernando")
    assert list(ohiggins.authorities.values_list("name", "office")) == [
        ("Jaime Chamorro", "Seremi del Trabajo"),
        ("Darío García", "Seremi de Economía"),
    ]
    franchise = ohiggins.tax_franchise
    assert (franchise.companies, franchise.workers_trained, franchise.amount, franchise.national_rank) == (
        1119,
        41013,
        None,
        4,
    )
    assert dict(ohiggins.employment_activities.values_list("kind_id", "count")) == {
        "feria": 21,
        "taller": 176,
        "reclutamiento": 83,
    }
    recyclers = ohiggins.initiatives.get(name="Recicladores de Base")
    assert (recyclers.people, recyclers.comunas_reached) == (92, 21)
    tourism = ohiggins.initiatives.get(name="Fortalecimiento del Turismo: capacitación")
    assert sorted(tourism.comunas.values_list("name", flat=True)) == ["Navidad", "Pichilemu", "Santa Cruz"]
    partnership = ohiggins.partnerships.get()
    assert (partnership.partner, partnership.people_reached, partnership.comuna.name) == (
        "CFT Estatal de O'Higgins",
        18,
        "San Vicente",
    )


def test_ohiggins_headline_figures(ohiggins):
    figures = {
        figure.label: (figure.qualifier, figure.value, figure.unit) for figure in ohiggins.declared_figures.all()
    }
    assert figures["personas beneficiadas directamente por los programas"] == ("mas_de", Decimal(76000), "personas")
    assert figures["de ejecución presupuestaria"] == ("mas_de", Decimal(2650000000), "pesos")
    assert figures["de las metas de las OMIL logradas"] == ("mas_de", Decimal(98), "porcentaje")
    assert len(figures) == 9


def test_every_seed_row_passes_model_validation(seeds):
    rows = [*m.Cuenta.objects.all(), *m.CosocCouncil.objects.all(), *m.CosocMember.objects.all()]
    for model in ROW_MODELS:
        rows += model.objects.all()
    for row in rows:
        row.full_clean()


@pytest.mark.parametrize(
    ("name", "cuenta", "first", "last"), [("rm_2022", 1, 1000, 1999), ("ohiggins_2024", 2, 2000, 2999)]
)
def test_seed_rows_keep_to_their_cuenta_pk_range(name, cuenta, first, last):
    rows = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    owned = [row for row in rows if row["model"] not in {"cuentas.cuenta", "cuentas.cosoccouncil"}]
    assert [row["pk"] for row in rows if row["model"] == "cuentas.cuenta"] == [cuenta]
    assert all(first <= row["pk"] <= last for row in owned)
    assert all(row["fields"].get("cuenta", cuenta) == cuenta for row in owned)
