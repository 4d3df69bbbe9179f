"""Template filters for Chilean number formats (temporary, see cuentas/display.py)."""

from django import template

from cuentas import display

register = template.Library()

register.filter("integer", display.format_int)
register.filter("money", display.format_money)
register.filter("percent", display.format_percent)


@register.filter
def indicator(value, kind):
    """Format an indicator by its kind: "count", "money" or "percent"."""
    if kind == "percent":
        return display.format_percent(value)
    if kind == "money":
        return display.format_money(value)
    return display.format_int(value)


@register.filter
def variation(value, kind):
    """A year-over-year variation: percentage points for percentages, % growth for counts."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ""
    if kind == "percent":
        return f"{sign}{display.format_decimal(value)}{display.NBSP}p.\u202fp."
    return f"{sign}{display.format_percent(value)}"


@register.filter
def declared(figure):
    """A declared figure as the document states it: «más de 76.000», «98,28 %», «$ 2.650.000.000»."""
    value = figure.declared_value
    if figure.unit == "porcentaje":
        text = display.format_percent(value, figure.decimals)
    elif figure.unit == "pesos":
        text = display.format_money(value)
    elif figure.decimals:
        text = display.format_decimal(value, figure.decimals)
    else:
        text = display.format_int(value)
    qualifier = figure.get_qualifier_display() if figure.qualifier else ""
    return f"{qualifier} {text}".strip()
