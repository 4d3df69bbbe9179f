"""Template filters for Chilean number formats; they format, they never query.

{% load cuentas_format %}
{{ row.requested|format_money }}    → $ 16.631.241.866
{{ total|format_int }}              → 25.431
{{ row.execution_rate|format_percent }}   → 98,28 %
{{ fulfilment|format_percent:1 }}   → 147,5 %
{{ figure|format_declared }}        → más de 76.000
"""

from django import template

from cuentas import formatting

register = template.Library()


@register.filter
def format_int(value):
    return formatting.format_int(value)


@register.filter
def format_money(value):
    return formatting.format_money(value)


@register.filter
def format_percent(value, places=2):
    return formatting.format_percent(value, int(places))


@register.filter
def format_declared(figure):
    return formatting.format_declared(figure)


@register.filter
def period(row):
    """The part of the year a result covers: «enero a noviembre de 2024» ("" for the whole year)."""
    return formatting.period_label(row)
