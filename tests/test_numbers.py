from decimal import Decimal

from cuentas.numbers import growth, percent


def test_percent_rounds_half_up():
    assert percent(1, 8, places=2) == Decimal("12.50")
    assert percent(1, 8, places=1) == Decimal("12.5")
    assert percent(5, 8, places=0) == Decimal("63")  # 62.5 rounds up, not to even


def test_percent_of_nothing_is_unknown_not_zero():
    assert percent(5, 0) is None
    assert percent(None, 5) is None


def test_growth_is_measured_against_the_start_value():
    # Facebook, Metropolitana 2022: 2.382 followers in January, 2.689 in December.
    # The document printed 11,42 % because it divided by the December value
    # ((2689 - 2382) / 2689); growth is measured against where you started.
    assert growth(2382, 2689) == Decimal("12.89")
    assert percent(2689 - 2382, 2689) == Decimal("11.42")
