"""The few formulas every figure in a Cuenta is computed with, written once.

Ratios are ``Decimal`` percentages rounded half up, as a reader does by hand;
``None`` means "cannot be computed" (nothing to divide by), never zero.
"""

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def quantize(value: Decimal | None, places: int = 2) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def exact_percent(part, whole) -> Decimal | None:
    """part / whole × 100, unrounded."""
    if part is None or not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def percent(part, whole, places: int = 2) -> Decimal | None:
    """part / whole as a percentage rounded half up: percent(16743, 25431) == 65.84."""
    return quantize(exact_percent(part, whole), places)


def exact_growth(start, end) -> Decimal | None:
    """(end - start) / start × 100, unrounded: growth is measured against the start."""
    if start is None or end is None:
        return None
    return exact_percent(end - start, start)


def growth(start, end, places: int = 2) -> Decimal | None:
    """Growth from start to end, (end - start) / start, as a rounded percentage.

    growth(2382, 2689) == 12.89. Dividing by the end value instead, as some
    documents do, gives 11.42 and understates every increase.
    """
    return quantize(exact_growth(start, end), places)
