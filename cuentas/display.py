"""Chilean number formats for the public pages.

Temporary: cuentas/formatting.py (being written in another branch) will own
these; the public site switches to it once it reaches main.
"""

from decimal import Decimal

NBSP = "\u00a0"


def format_int(value) -> str:
    """25431 -> "25.431"; None -> "–"."""
    if value is None:
        return "–"
    return f"{int(value):,}".replace(",", ".")


def format_money(value) -> str:
    """16631241866 -> "$ 16.631.241.866" (integer pesos)."""
    if value is None:
        return "–"
    return f"${NBSP}{format_int(value)}"


def format_decimal(value, places: int = 2) -> str:
    """Decimal("98.28") -> "98,28"."""
    if value is None:
        return "–"
    text = f"{Decimal(value):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_percent(value, places: int = 2) -> str:
    """Decimal("98.28") -> "98,28 %"."""
    if value is None:
        return "–"
    return f"{format_decimal(value, places)}{NBSP}%"
