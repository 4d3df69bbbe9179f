"""What every admin of the app shares: Chilean number entry and display helpers."""

from django.contrib import admin
from django.db import models
from django.utils import formats

#: Amounts and counts are typed as Chileans write them: "16.631.241.866".
NUMBER_INPUT = {
    models.BigIntegerField: {"localize": True},
    models.PositiveIntegerField: {"localize": True},
    models.DecimalField: {"localize": True},
}


def show_percent(value) -> str:
    """98.28 → "98,28 %"; unknown → "—"."""
    if value is None:
        return "—"
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} %"


def show_number(value) -> str:
    if value is None:
        return "—"
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


class NumbersMixin:
    formfield_overrides = NUMBER_INPUT


class ModelAdmin(NumbersMixin, admin.ModelAdmin):
    pass


class TabularInline(NumbersMixin, admin.TabularInline):
    extra = 0


class StackedInline(NumbersMixin, admin.StackedInline):
    extra = 0
