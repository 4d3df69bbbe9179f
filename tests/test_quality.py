from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cuentas.models import (
    BudgetExecution,
    ContactsBySex,
    ContactsByType,
    Cuenta,
    DeclaredFigure,
    FollowerCount,
    IntermediationResult,
    Metric,
    ProgramBudgetExecution,
)
from cuentas.quality import Finding, Severity, check_cuenta
from tests.factories import make_cuenta

GROWTH_DIVIDED_BY_END = (
    "La cifra declarada divide por el valor de cierre; el crecimiento se mide contra el valor inicial: "
    "(cierre − inicio) ÷ inicio."
)
AVERAGE_DIVIDED_BY_END = (
    "La cifra declarada es el promedio simple de las redes, cada una dividida por su valor de cierre; el "
    "crecimiento de todas las redes juntas se mide contra el valor inicial: (cierre − inicio) ÷ inicio."
)


@pytest.fixture
def cuenta(catalogues) -> Cuenta:
    """An empty Cuenta of a year no seed uses."""
    return make_cuenta(management_year=2030)


def declare(cuenta, metric, value, **kwargs) -> DeclaredFigure:
    kwargs.setdefault("label", "personas")
    kwargs.setdefault("unit", DeclaredFigure.Unit.PEOPLE)
    return DeclaredFigure.objects.create(cuenta=cuenta, metric=metric, value=Decimal(value), **kwargs)


def intermediation(cuenta, indicator, achieved, channel="omil", goal=None, women=None) -> IntermediationResult:
    return IntermediationResult.objects.create(
        cuenta=cuenta, channel_id=channel, indicator_id=indicator, goal=goal, achieved=achieved, women=women
    )


def test_metropolitana_2022_findings(seeds):
    findings = check_cuenta(Cuenta.objects.get(region_id="13", management_year=2022))
    assert findings == [
        Finding(
            Severity.ERROR,
            "presupuesto",
            "El texto declara 98,23 % de ejecución del subtítulo 24; calculado con los datos da 98,29 %.",
        ),
        Finding(
            Severity.ERROR,
            "certificacion",
            "El texto declara 1.005 personas certificadas; la tabla suma 1.105.",
        ),
        Finding(
            Severity.WARNING,
            "intermediacion",
            "El texto declara 49,4 % de mujeres entre las personas colocadas por la Plataforma Laboral; "
            "calculado con los datos da 49,5 %. 49,46 % redondeado es 49,5 %: el documento truncó en vez de "
            "redondear.",
        ),
        Finding(
            Severity.WARNING,
            "subsidios",
            "La tabla declara 46,77 % de mujeres entre los jóvenes contratados por Aprendices; "
            "calculado con los datos da 46,78 %. 46,779 % redondeado es 46,78 %: el documento truncó en vez de "
            "redondear.",
        ),
        Finding(
            Severity.ERROR,
            "comunicaciones",
            "El texto declara 16 % de crecimiento promedio de seguidores; calculado con los datos da 27 %. "
            + AVERAGE_DIVIDED_BY_END,
        ),
        Finding(
            Severity.ERROR,
            "comunicaciones",
            "El texto declara 28 % de crecimiento de seguidores en Instagram; calculado con los datos da 39 %. "
            + GROWTH_DIVIDED_BY_END,
        ),
        Finding(
            Severity.ERROR,
            "comunicaciones",
            "La tabla declara 11,42 % de crecimiento de seguidores en Facebook; calculado con los datos da "
            "12,89 %. " + GROWTH_DIVIDED_BY_END,
        ),
        Finding(
            Severity.ERROR,
            "comunicaciones",
            "La tabla declara 8,41 % de crecimiento de seguidores en Twitter; calculado con los datos da 9,18 %. "
            + GROWTH_DIVIDED_BY_END,
        ),
        Finding(
            Severity.ERROR,
            "comunicaciones",
            "La tabla declara 28,04 % de crecimiento de seguidores en Instagram; calculado con los datos da "
            "38,97 %. " + GROWTH_DIVIDED_BY_END,
        ),
        Finding(
            Severity.ERROR,
            "comunicaciones",
            "La tabla declara 15,96 % de crecimiento promedio de seguidores; calculado con los datos da 26,90 %. "
            + AVERAGE_DIVIDED_BY_END,
        ),
    ]


def test_checking_metropolitana_costs_a_fixed_number_of_queries(seeds, django_assert_num_queries):
    cuenta = Cuenta.objects.get(region_id="13", management_year=2022)
    # The rows as a page loads them (which relations have rows, the 17 non-empty ones, the COSOC
    # activity, its council and members), the FOMIL totals and the year's national subsidy totals.
    with django_assert_num_queries(1 + 17 + 3 + 1 + 1):
        check_cuenta(cuenta)


def test_ohiggins_2024_has_no_findings(seeds):
    # "más de 14 mil familias con un nuevo ingreso" passes: the OMIL placed 14.535 people.
    assert check_cuenta(Cuenta.objects.get(region_id="06", management_year=2024)) == []


def test_a_clean_cuenta_has_no_findings(cuenta):
    BudgetExecution.objects.create(cuenta=cuenta, subtitle_id=21, requested=1000, accrued=900)
    BudgetExecution.objects.create(cuenta=cuenta, subtitle_id=24, requested=3000, accrued=2900)
    ProgramBudgetExecution.objects.create(cuenta=cuenta, line_id=1, requested=1000, accrued=1000)
    ProgramBudgetExecution.objects.create(cuenta=cuenta, line_id=3, requested=2000, accrued=1900)
    intermediation(cuenta, "atendidos", 100, goal=80)
    intermediation(cuenta, "colocados", 40, women=20)
    declare(cuenta, Metric.BUDGET_EXECUTION, "95", unit="porcentaje", label="de ejecución")  # 3.800 / 4.000
    declare(cuenta, Metric.INTERMEDIATION_FULFILMENT, "125", unit="porcentaje", metric_argument="omil:atendidos")
    declare(cuenta, Metric.WOMEN_PLACED_SHARE, "50.0", decimals=1, unit="porcentaje", metric_argument="OMIL")
    assert check_cuenta(cuenta) == []


def test_an_empty_cuenta_has_no_findings(cuenta):
    assert check_cuenta(cuenta) == []


def test_a_figure_whose_table_is_empty_is_not_compared(cuenta):
    declare(cuenta, Metric.FOMIL_AGREEMENTS, "47", label="municipalidades")
    declare(cuenta, Metric.CERTIFIED, "1005")
    assert check_cuenta(cuenta) == []


def test_a_figure_without_a_metric_is_not_compared(cuenta):
    intermediation(cuenta, "colocados", 10)
    declare(cuenta, "", "40.1", decimals=1, unit="porcentaje")
    assert check_cuenta(cuenta) == []


def test_more_than_passes_only_when_the_computed_value_is_greater(cuenta):
    placed = intermediation(cuenta, "colocados", 14000)
    declare(
        cuenta,
        Metric.INTERMEDIATION_ACHIEVED,
        "14000",
        label="familias con un nuevo ingreso",
        unit="numero",
        qualifier="mas_de",
        metric_argument="omil:colocados",
        section="intermediacion",
    )
    assert check_cuenta(cuenta) == [
        Finding(
            Severity.ERROR,
            "intermediacion",
            "El texto declara más de 14.000 familias con un nuevo ingreso, pero los datos dan 14.000.",
        )
    ]
    placed.achieved = 14001
    placed.save()
    # A loaded Cuenta keeps the rows it read, as any prefetch does: read it again.
    assert check_cuenta(Cuenta.objects.get(pk=cuenta.pk)) == []


def test_less_than_passes_only_when_the_computed_value_is_smaller(cuenta):
    intermediation(cuenta, "colocados", 500)
    declare(cuenta, Metric.INTERMEDIATION_ACHIEVED, "500", qualifier="menos_de", metric_argument="omil:colocados")
    declare(cuenta, Metric.INTERMEDIATION_ACHIEVED, "501", qualifier="menos_de", metric_argument="omil:colocados")
    assert check_cuenta(cuenta) == [
        Finding(Severity.ERROR, "", "El texto declara menos de 500 personas, pero los datos dan 500."),
    ]


def test_the_computed_value_is_rounded_half_up_to_the_declared_decimals(cuenta):
    intermediation(cuenta, "colocados", 8, women=1)
    # 1 / 8 = 12,5 %: 13 % with no decimals (half up), 12,5 % with one.
    declare(cuenta, Metric.WOMEN_PLACED_SHARE, "13", unit="porcentaje", metric_argument="omil")
    declare(cuenta, Metric.WOMEN_PLACED_SHARE, "12.5", decimals=1, unit="porcentaje", metric_argument="omil")
    assert check_cuenta(cuenta) == []


def test_a_total_typed_in_a_table_is_compared_too(cuenta):
    ContactsByType.objects.create(cuenta=cuenta, contact_type_id=1, count=10)
    declare(cuenta, Metric.CONTACTS, "11", kind="total", label="atenciones", section="atencion")
    assert check_cuenta(cuenta) == [
        Finding(Severity.ERROR, "atencion", "La tabla declara 11 atenciones; la tabla suma 10."),
    ]


def test_a_growth_with_another_mistake_gets_the_formula(cuenta):
    FollowerCount.objects.create(cuenta=cuenta, network_id=1, at_start=100, at_end=120)
    declare(
        cuenta, Metric.FOLLOWERS_GROWTH, "25", unit="porcentaje", label="de crecimiento", metric_argument="facebook"
    )
    assert check_cuenta(cuenta) == [
        Finding(
            Severity.ERROR,
            "",
            "El texto declara 25 % de crecimiento; calculado con los datos da 20 %. El crecimiento se mide contra "
            "el valor inicial: (cierre − inicio) ÷ inicio.",
        )
    ]


def test_a_bad_argument_is_a_warning_not_a_crash(cuenta):
    FollowerCount.objects.create(cuenta=cuenta, network_id=3, at_start=100, at_end=120)
    declare(cuenta, Metric.FOLLOWERS_GROWTH, "20", label="de crecimiento", metric_argument="Instagran")
    assert check_cuenta(cuenta) == [
        Finding(
            Severity.WARNING,
            "",
            "No se pudo comparar «de crecimiento» con los datos: La tabla no tiene la red social «Instagran».",
        )
    ]


def test_subtitle_24_lines_must_add_up_to_the_subtitle_24_row(cuenta):
    BudgetExecution.objects.create(cuenta=cuenta, subtitle_id=24, requested=3000, accrued=2900)
    ProgramBudgetExecution.objects.create(cuenta=cuenta, line_id=1, requested=1000, accrued=1000)
    ProgramBudgetExecution.objects.create(cuenta=cuenta, line_id=3, requested=1500, accrued=1900)
    assert check_cuenta(cuenta) == [
        Finding(
            Severity.ERROR,
            "presupuesto",
            "Las líneas programáticas del subtítulo 24 suman $ 2.500 de requerimiento; la fila del subtítulo 24 "
            "dice $ 3.000.",
        ),
        Finding(
            Severity.WARNING,
            "presupuesto",
            "La línea «Capacitación en Oficios» tiene más devengado ($ 1.900) que requerimiento ($ 1.500).",
        ),
    ]


def test_accruing_more_than_requested_is_a_warning(cuenta):
    BudgetExecution.objects.create(cuenta=cuenta, subtitle_id=22, requested=100, accrued=101)
    assert check_cuenta(cuenta) == [
        Finding(
            Severity.WARNING,
            "presupuesto",
            "El subtítulo 22 tiene más devengado ($ 101) que requerimiento ($ 100).",
        )
    ]


def test_women_placed_cannot_exceed_everyone_placed(cuenta):
    # Women placed are the women of the «colocados» step: the database refuses more women than people.
    row = IntermediationResult(
        cuenta=cuenta, channel_id="plataforma", indicator_id="colocados", achieved=556, women=575
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert error.value.messages == ["Mujeres más hombres no pueden superar el logro total."]


def test_placing_more_people_than_were_attended_is_a_warning(cuenta):
    intermediation(cuenta, "atendidos", 1000)
    intermediation(cuenta, "orientados", 1200)
    assert check_cuenta(cuenta) == [
        Finding(
            Severity.WARNING,
            "intermediacion",
            "OMIL en convenio FOMIL: «Personas orientadas laboralmente» (1.200) supera a «Personas atendidas» "
            "(1.000), la etapa anterior del embudo.",
        )
    ]


def test_contacts_by_type_and_by_sex_should_count_the_same_people(cuenta):
    ContactsByType.objects.create(cuenta=cuenta, contact_type_id=1, count=19088)
    ContactsBySex.objects.create(cuenta=cuenta, sex="F", count=9861)
    ContactsBySex.objects.create(cuenta=cuenta, sex="M", count=9000)
    assert check_cuenta(cuenta) == [
        Finding(
            Severity.WARNING,
            "atencion",
            "Las atenciones por tipo suman 19.088 y las personas atendidas por sexo suman 18.861; deberían coincidir.",
        )
    ]
