"""Filters of the public comparisons: an indicator by its kind, a year-over-year variation.

Numbers themselves are formatted by cuentas.formatting (filters in cuentas_format).
"""

from django import template

from cuentas import formatting

register = template.Library()


@register.filter
def indicator(value, kind):
    """Format an indicator by its kind: "count", "money" or "percent"."""
    if kind == "percent":
        return formatting.format_percent(value)
    if kind == "money":
        return formatting.format_money(value)
    return formatting.format_int(value)


@register.filter
def variation(value, kind):
    """A year-over-year variation: percentage points for percentages, % growth for counts."""
    if value is None:
        return formatting.EMPTY
    sign = "+" if value > 0 else ""
    if kind == "percent":
        return f"{sign}{formatting.format_number(value, 2)} p. p."
    return f"{sign}{formatting.format_percent(value)}"


@register.filter
def nbsp(text):
    """Keep a formatted figure on one line: "$ 16.631.241.866" and "98,28 %" never break at their space."""
    return str(text).replace(" ", "\u00a0")
