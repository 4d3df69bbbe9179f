from decimal import Decimal

from django.template import Context, Template

from cuentas.formatting import format_declared, format_int, format_money, format_number, format_percent
from cuentas.models import DeclaredFigure


def test_integers_use_a_dot_for_thousands():
    assert format_int(25431) == "25.431"
    assert format_int(691828) == "691.828"
    assert format_int(999) == "999"
    assert format_int(0) == "0"
    assert format_int(-1234) == "-1.234"


def test_integers_round_half_up():
    assert format_int(Decimal("1234.5")) == "1.235"
    assert format_int(Decimal("2.5")) == "3"  # not 2, as banker's rounding would give


def test_money_is_integer_pesos_after_a_dollar_sign_and_a_space():
    assert format_money(16631241866) == "$ 16.631.241.866"
    assert format_money(400000) == "$ 400.000"
    assert format_money(0) == "$ 0"
    assert format_money(-1500) == "-$ 1.500"


def test_percent_uses_a_comma_for_decimals_and_a_space_before_the_sign():
    assert format_percent(Decimal("98.28074401596824206753436917")) == "98,28 %"
    assert format_percent(Decimal("147.5241928577545602466386914"), 1) == "147,5 %"
    assert format_percent(Decimal("65.84"), 0) == "66 %"
    assert format_percent(100) == "100,00 %"
    assert format_percent(Decimal("0.0105")) == "0,01 %"


def test_percent_rounds_half_up():
    assert format_percent(Decimal("12.345")) == "12,35 %"  # half even would print 12,34
    assert format_percent(Decimal("49.45"), 1) == "49,5 %"


def test_floats_are_rounded_from_their_shortest_decimal_text():
    # Decimal(2.675) is 2.67499999…, which would round down; str(2.675) is "2.675".
    assert format_number(2.675, 2) == "2,68"


def test_unknown_values_show_a_dash():
    assert format_int(None) == "—"
    assert format_money(None) == "—"
    assert format_percent(None) == "—"


def test_declared_figures_read_as_the_document_states_them():
    people = DeclaredFigure(value=Decimal("76000"), decimals=0, unit="personas", qualifier="mas_de")
    pesos = DeclaredFigure(value=Decimal("2650000000"), decimals=0, unit="pesos", qualifier="mas_de")
    rate = DeclaredFigure(value=Decimal("98.23"), decimals=2, unit="porcentaje")
    whole_rate = DeclaredFigure(value=Decimal("66.00"), decimals=0, unit="porcentaje")
    assert format_declared(people) == "más de 76.000"
    assert format_declared(pesos) == "más de $ 2.650.000.000"
    assert format_declared(rate) == "98,23 %"
    assert format_declared(whole_rate) == "66 %"


def test_template_filters_call_the_same_functions():
    template = Template(
        "{% load cuentas_format %}"
        "{{ requested|format_money }} | {{ participants|format_int }} | "
        "{{ rate|format_percent }} | {{ fulfilment|format_percent:1 }} | {{ figure|format_declared }}"
    )
    context = Context(
        {
            "requested": 16631241866,
            "participants": 25431,
            "rate": Decimal("98.2807"),
            "fulfilment": Decimal("147.5241"),
            "figure": DeclaredFigure(value=Decimal("76000"), decimals=0, unit="personas", qualifier="mas_de"),
        }
    )
    assert template.render(context) == "$ 16.631.241.866 | 25.431 | 98,28 % | 147,5 % | más de 76.000"
