"""Numbers as Chilean public documents print them, written once.

``.`` separates thousands and ``,`` decimals: ``25.431``, ``$ 16.631.241.866``,
``98,28 %``. Every value is rounded half up first (see numbers.py). Templates
reach these functions through the ``cuentas_format`` filters; messages built in
Python (quality.py) call them directly, so a figure reads the same everywhere.
"""

from datetime import date
from decimal import Decimal

from .numbers import quantize

#: What an unknown value (``None``) is shown as.
EMPTY = "—"


def _decimal(value) -> Decimal:
    # str() first so that a float such as 0.1 becomes Decimal("0.1"), not its binary expansion.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_number(value, places: int = 0) -> str:
    """``value`` rounded half up to ``places`` decimals: format_number(1234.5, 1) == "1.234,5"."""
    if value is None:
        return EMPTY
    rounded = quantize(_decimal(value), places)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):.{places}f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_int(value) -> str:
    """A count with thousands separators: format_int(25431) == "25.431"."""
    return format_number(value, 0)


def format_money(value) -> str:
    """Integer pesos: format_money(16631241866) == "$ 16.631.241.866"."""
    if value is None:
        return EMPTY
    text = format_int(value)
    if text.startswith("-"):
        return f"-$ {text[1:]}"
    return f"$ {text}"


def format_percent(value, places: int = 2) -> str:
    """A percentage already multiplied by 100: format_percent(Decimal("98.2807")) == "98,28 %"."""
    if value is None:
        return EMPTY
    return f"{format_number(value, places)} %"


def format_declared(figure) -> str:
    """A DeclaredFigure as the document states it: "más de 76.000", "98,23 %", "más de $ 2.650.000.000".

    Takes any object with ``value``, ``decimals``, ``unit`` and ``qualifier``
    (the fields of ``DeclaredFigure``); it reads them and never queries.
    """
    return format_value(figure.value, figure.unit, figure.decimals, figure.qualifier)


def format_value(value, unit: str, places: int = 0, qualifier: str = "") -> str:
    """A value in one of DeclaredFigure's units ("personas", "pesos", "porcentaje", "numero")."""
    # Imported here so that models may use this module without an import cycle.
    from .models import DeclaredFigure

    if unit == DeclaredFigure.Unit.PESOS:
        text = format_money(value)
    elif unit == DeclaredFigure.Unit.PERCENT:
        text = format_percent(value, places)
    else:
        text = format_number(value, places)
    if qualifier and value is not None:
        return f"{DeclaredFigure.Qualifier(qualifier).label} {text}"
    return text


MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def period_label(row) -> str:
    """The part of the year a result covers: «enero a noviembre de 2024»; "" for a whole year or none given."""
    start, end = getattr(row, "period_start", None), getattr(row, "period_end", None)
    if start is None or end is None:
        return ""
    next_day = end.toordinal() + 1
    whole_months = start.day == 1 and date.fromordinal(next_day).day == 1
    if whole_months and start.year == end.year:
        if start.month == 1 and end.month == 12:
            return ""
        if start.month == end.month:
            return f"{MONTHS[start.month - 1]} de {start.year}"
        return f"{MONTHS[start.month - 1]} a {MONTHS[end.month - 1]} de {start.year}"
    return f"{start:%d-%m-%Y} al {end:%d-%m-%Y}"
