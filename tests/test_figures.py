from decimal import Decimal

import pytest

from cuentas import models as m
from cuentas.figures import CuentaFigures, MetricArgumentError
from cuentas.figures.cuenta import COMPUTE
from cuentas.models import Cuenta, Metric
from cuentas.numbers import percent, quantize
from tests.factories import make_comuna, make_cuenta, make_subsidy


@pytest.fixture
def rm(seeds) -> CuentaFigures:
    """The figures of Región Metropolitana 2022."""
    return CuentaFigures(Cuenta.objects.get(region_id="13", management_year=2022))


def rounded(value: Decimal, places: int = 2) -> Decimal:
    return quantize(value, places)


def test_every_metric_has_an_implementation():
    assert set(COMPUTE) == set(Metric)


def test_every_metric_is_computed_for_metropolitana(rm):
    assert {metric for metric, _argument in rm.all()} == set(Metric)


def test_budget_totals_and_global_execution(rm):
    assert rm.value(Metric.BUDGET_REQUESTED) == 16631241866
    assert rm.value(Metric.BUDGET_ACCRUED) == 16345308245
    assert rounded(rm.value(Metric.BUDGET_EXECUTION)) == Decimal("98.28")


def test_metrics_are_exact_and_rounding_is_left_to_the_reader(rm):
    assert rm.value(Metric.BUDGET_EXECUTION) == Decimal(16345308245) * 100 / Decimal(16631241866)


def test_subtitle_24_is_executed_at_98_29_percent_not_the_98_23_of_the_text(rm):
    assert rounded(rm.value(Metric.SUBTITLE_EXECUTION, "24")) == Decimal("98.29")
    assert rounded(rm.value(Metric.PROGRAMS_EXECUTION)) == Decimal("98.29")


def test_subtitle_24_is_98_7_percent_of_the_budget(rm):
    assert rounded(rm.value(Metric.SUBTITLE_SHARE, "24"), 1) == Decimal("98.7")


def test_becas_executed_70_65_percent(rm):
    assert rounded(rm.value(Metric.PROGRAMS_EXECUTION, "Becas")) == Decimal("70.65")


def test_training_had_25431_participants_65_84_percent_women(rm):
    assert rm.value(Metric.TRAINING_PARTICIPANTS) == 25431
    assert rm.value(Metric.TRAINING_WOMEN) == 16743
    assert rm.value(Metric.TRAINING_MEN) == 8688
    assert rounded(rm.value(Metric.TRAINING_WOMEN_SHARE)) == Decimal("65.84")


def test_certification_adds_up_to_1105_people_52_85_percent_women(rm):
    # The text says 1.005; the table's rows, and its own total, say 1.105.
    assert rm.value(Metric.CERTIFIED) == 1105
    assert rm.value(Metric.CERTIFIED_WOMEN) == 584
    assert rm.value(Metric.CERTIFIED_MEN) == 521
    assert rounded(rm.value(Metric.CERTIFIED_WOMEN_SHARE)) == Decimal("52.85")


def test_omil_fulfilment_rounds_half_up_from_the_exact_ratio(rm):
    attended = rm.value(Metric.INTERMEDIATION_FULFILMENT, "omil:atendidos")
    # 86.132 / 58.385 = 147,524…: 147,52 with two decimals (not 147,53), 147,5 as the document printed.
    assert rounded(attended) == Decimal("147.52")
    assert rounded(attended, 1) == Decimal("147.5")
    assert rounded(rm.value(Metric.INTERMEDIATION_FULFILMENT, "omil:orientados")) == Decimal("154.35")
    assert rounded(rm.value(Metric.INTERMEDIATION_FULFILMENT, "omil:colocados")) == Decimal("87.17")


def test_women_are_44_07_percent_of_omil_placements(rm):
    assert rounded(rm.value(Metric.WOMEN_PLACED_SHARE, "omil")) == Decimal("44.07")


def test_women_placed_by_plataforma_laboral_round_to_49_5_not_49_4(rm):
    assert rm.value(Metric.INTERMEDIATION_ACHIEVED, "plataforma:colocados") == 556
    assert rounded(rm.value(Metric.WOMEN_PLACED_SHARE, "plataforma")) == Decimal("49.46")
    assert rounded(rm.value(Metric.WOMEN_PLACED_SHARE, "plataforma"), 1) == Decimal("49.5")


def test_indicator_without_a_goal_has_no_fulfilment(rm):
    assert rm.value(Metric.INTERMEDIATION_FULFILMENT, "plataforma:colocados") is None


def test_funnel_conversions_from_attended_to_placed(rm):
    # 17.110 placed of 86.132 attended by the OMIL; 556 of 2.675 by the Plataforma Laboral.
    assert rounded(rm.value(Metric.INTERMEDIATION_CONVERSION, "omil:atendidos:colocados")) == Decimal("19.86")
    assert rounded(rm.value(Metric.INTERMEDIATION_CONVERSION, "plataforma:atendidos:colocados")) == Decimal("20.79")
    steps = rm.funnel("omil")
    assert [step.row.indicator_id for step in steps] == ["atendidos", "orientados", "colocados"]
    assert [rounded(step.from_previous) if step.from_previous else None for step in steps] == [
        None,
        Decimal("54.06"),
        Decimal("36.74"),
    ]


def test_placements_over_every_channel_count_a_channel_inside_another_once(catalogues):
    cuenta = make_cuenta()
    for channel, achieved in (("red_omil", 1000), ("omil", 400), ("plataforma", 50)):
        m.IntermediationResult.objects.create(
            cuenta=cuenta, channel_id=channel, indicator_id="colocados", achieved=achieved
        )
    # The FOMIL OMIL are part of the regional OMIL network: 1.000 + 50, not 1.450.
    assert CuentaFigures(cuenta).regional_total("colocados").value == 1050


def test_a_channel_inside_another_counts_when_the_other_does_not_report_that_step(catalogues):
    cuenta = make_cuenta()
    m.IntermediationResult.objects.create(cuenta=cuenta, channel_id="red_omil", indicator_id="atendidos", achieved=900)
    m.IntermediationResult.objects.create(cuenta=cuenta, channel_id="omil", indicator_id="colocados", achieved=400)
    # The network reports only people attended: the 400 placed by the FOMIL OMIL are all that is known.
    assert CuentaFigures(cuenta).regional_total("colocados").value == 400


def test_central_subsidies_paid_340_772_815_500_pesos_to_691_828_people(rm):
    assert rm.value(Metric.SUBSIDY_AMOUNT, "central") == 340772815500
    assert rm.value(Metric.SUBSIDY_PEOPLE, "central") == 691828


def test_aprendices_hired_46_78_percent_women(rm):
    # 167 of 357; the document printed 46,77 % (truncated), the quality check says so.
    assert quantize(rm.value(Metric.SUBSIDY_WOMEN_SHARE, "Aprendices")) == Decimal("46.78")
    assert quantize(rm.value(Metric.SUBSIDY_WOMEN_SHARE, "Experiencia Mayor")) == Decimal("59.00")


def test_subsidy_amount_is_the_split_by_sex_or_the_declared_total(rm):
    assert rm.value(Metric.SUBSIDY_AMOUNT, "IFE Laboral") == 137699892675 + 119833438651
    assert rm.value(Metric.SUBSIDY_AMOUNT, "SEJ") == 18349097819


def test_subsidy_amount_is_unknown_when_a_subsidy_in_scope_has_none(rm):
    # Aprendices and Experiencia Mayor report people, not amounts: a partial sum would mislead.
    assert rm.value(Metric.SUBSIDY_AMOUNT, "regional") is None
    assert rm.value(Metric.SUBSIDY_AMOUNT) is None
    assert rm.value(Metric.SUBSIDY_PEOPLE, "regional") == 357 + 100


def test_contacts_add_up_to_19088_and_60_43_percent_are_questions(rm):
    assert rm.value(Metric.CONTACTS) == 19088
    assert rounded(rm.value(Metric.CONTACT_TYPE_SHARE, "Pregunta")) == Decimal("60.43")
    assert rounded(rm.value(Metric.CONTACT_TYPE_SHARE, "reclamo"), 0) == Decimal("39")
    assert rounded(rm.value(Metric.CONTACT_SEX_SHARE, "F"), 0) == Decimal("52")


def test_participation_and_communications_counts(rm):
    assert rm.value(Metric.FIELD_EVENTS) == 25
    assert rm.value(Metric.EFEMERIDES) == 58
    assert rm.value(Metric.COSOC_MEMBERS) == 13
    assert rm.value(Metric.PUBLICATIONS) == 409


def test_fomil_agreements_come_from_the_totals_when_no_municipality_is_listed(rm):
    # The text says 47 municipalities signed without naming them: the FOMIL totals hold 47, the amount is unknown.
    assert rm.value(Metric.FOMIL_AGREEMENTS) == 47
    assert rm.value(Metric.FOMIL_AMOUNT) is None


def test_facebook_growth_is_measured_against_january(rm):
    assert rm.value(Metric.FOLLOWERS_START, "Facebook") == 2382
    assert rm.value(Metric.FOLLOWERS_END, "Facebook") == 2689
    assert rounded(rm.value(Metric.FOLLOWERS_GROWTH, "Facebook")) == Decimal("12.89")


def test_the_documents_11_42_percent_came_from_dividing_by_december():
    # (2.689 − 2.382) / 2.689: the increase over where the year ended, not where it started.
    assert percent(2689 - 2382, 2689) == Decimal("11.42")


def test_growth_of_every_network(rm):
    assert rounded(rm.value(Metric.FOLLOWERS_GROWTH, "Twitter")) == Decimal("9.18")
    assert rounded(rm.value(Metric.FOLLOWERS_GROWTH, "Instagram")) == Decimal("38.97")
    assert rm.value(Metric.FOLLOWERS_START) == 14481
    assert rm.value(Metric.FOLLOWERS_END) == 18377
    assert rounded(rm.value(Metric.FOLLOWERS_GROWTH)) == Decimal("26.90")


def test_computing_every_metric_costs_the_queries_of_one_page(seeds, django_assert_num_queries):
    cuenta = Cuenta.objects.get(region_id="13", management_year=2022)
    # Which relations have rows; the 17 non-empty relations of RM 2022; the COSOC activity, its
    # council and the council's members; the FOMIL totals; how many comunas the region has (FOMIL
    # coverage); the year's national subsidy totals. A page loads the one-to-one rows with the Cuenta.
    with django_assert_num_queries(1 + 17 + 3 + 1 + 1 + 1):
        CuentaFigures(cuenta).all()


def test_an_empty_cuenta_computes_nothing(catalogues):
    values = CuentaFigures(make_cuenta(management_year=2030)).all()
    assert set(values.values()) == {None}


def test_ohiggins_knows_only_what_its_rows_say(seeds):
    figures = CuentaFigures(Cuenta.objects.get(region_id="06", management_year=2024))
    assert figures.value(Metric.INTERMEDIATION_ACHIEVED, "red_omil:colocados") == 14535
    assert figures.value(Metric.INTERMEDIATION_FULFILMENT, "red_omil:colocados") is None
    assert figures.value(Metric.BUDGET_ACCRUED) is None
    assert figures.value(Metric.ACTIVITIES) == 21 + 176 + 83
    # Its activities' investment is declared as a whole («más de $ 1.065 millones»), not by activity.
    assert figures.value(Metric.ACTIVITIES_INVESTMENT) is None


def test_a_subsidy_known_only_by_its_total_of_people(catalogues):
    cuenta = make_cuenta()
    m.SubsidyResult.objects.create(cuenta=cuenta, subsidy=make_subsidy(), people_total=1200)
    figures = CuentaFigures(cuenta)
    assert figures.value(Metric.SUBSIDY_PEOPLE) == 1200
    assert figures.value(Metric.SUBSIDY_WOMEN_SHARE) is None
    assert figures.value(Metric.SUBSIDY_AMOUNT) is None


def test_a_sum_with_an_unknown_part_is_withheld_and_names_it(catalogues):
    cuenta = make_cuenta()
    m.SubsidyResult.objects.create(cuenta=cuenta, subsidy=make_subsidy(), women=10, men=5, amount_total=900)
    m.SubsidyResult.objects.create(cuenta=cuenta, subsidy=make_subsidy(code="X", name="Otro"), women=3)
    figures = CuentaFigures(cuenta)
    people = figures.subsidy_sum("", "people")
    assert (people.known, people.missing, people.value) == (15, ("Otro",), None)
    assert figures.value(Metric.SUBSIDY_PEOPLE) is None
    assert figures.value(Metric.SUBSIDY_AMOUNT) is None


def test_national_share_is_computed_once_central_staff_enter_the_national_figures(rm):
    assert rm.value(Metric.SUBSIDY_NATIONAL_SHARE, "central") is None
    year = m.FiscalYear.objects.get(year=2022)
    for code, people in (("IFE LABORAL", 1_000_000), ("PROTEGE", 200_000), ("SEJ", 150_000), ("BTM", 50_000)):
        m.NationalSubsidyTotal.objects.create(
            fiscal_year=year, subsidy=m.Subsidy.objects.get(code=code), people=people, source="Prueba"
        )
    figures = CuentaFigures(Cuenta.objects.get(region_id="13", management_year=2022))
    assert rounded(figures.value(Metric.SUBSIDY_NATIONAL_SHARE, "central")) == percent(691828, 1_400_000)
    assert rounded(figures.value(Metric.SUBSIDY_NATIONAL_SHARE, "SEJ")) == percent(62556, 150_000)


def test_comunas_are_ranked_and_checked_against_the_regional_figure(catalogues):
    cuenta = make_cuenta()
    m.IntermediationResult.objects.create(cuenta=cuenta, channel_id="red_omil", indicator_id="colocados", achieved=100)
    for n, achieved in enumerate((30, 50, 30)):
        comuna = make_comuna(code=f"1390{n + 1}", name=f"Comuna {n}", region=cuenta.region)
        m.IntermediationResult.objects.create(
            cuenta=cuenta, channel_id="red_omil", indicator_id="colocados", comuna=comuna, achieved=achieved
        )
    (ranking,) = CuentaFigures(cuenta).comuna_rankings
    assert [(row.comuna.name, row.rank, row.share) for row in ranking.rows] == [
        ("Comuna 1", 1, Decimal(50)),
        ("Comuna 0", 2, Decimal(30)),
        ("Comuna 2", 2, Decimal(30)),
    ]
    assert (ranking.ranked_total, ranking.regional, ranking.adds_up) == (110, 100, False)


@pytest.mark.parametrize(
    ("metric", "argument", "message"),
    [
        (
            Metric.SUBTITLE_EXECUTION,
            "veinticuatro",
            "«veinticuatro» no es un subtítulo: indique su número, p. ej. «24».",
        ),
        (Metric.SUBTITLE_EXECUTION, "29", "La tabla no tiene el subtítulo «29»."),
        (Metric.FOLLOWERS_GROWTH, "Instagran", "La tabla no tiene la red social «Instagran»."),
        (Metric.INTERMEDIATION_ACHIEVED, "omil", "«omil» no indica canal e indicador: use, p. ej., «omil:colocados»."),
        (Metric.WOMEN_PLACED_SHARE, "", "Falta indicar el canal, p. ej. «omil» o «plataforma»."),
        (Metric.WOMEN_PLACED_SHARE, "feria", "La tabla no tiene el canal «feria»; tiene «omil», «plataforma»."),
        (
            Metric.INTERMEDIATION_CONVERSION,
            "omil:atendidos",
            "«omil:atendidos» no indica canal y dos etapas: use, p. ej., «omil:atendidos:colocados».",
        ),
        (Metric.CONTACT_SEX_SHARE, "X", "Indique el sexo como «F» o «M»."),
        (Metric.BUDGET_REQUESTED, "24", "Esta cifra no lleva referencia, pero se indicó «24»."),
    ],
)
def test_a_bad_argument_is_refused_in_words_an_editor_understands(rm, metric, argument, message):
    with pytest.raises(MetricArgumentError) as error:
        rm.value(metric, argument)
    assert str(error.value) == message
