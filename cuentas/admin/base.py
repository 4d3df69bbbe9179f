"""What every admin of the app shares: Chilean number entry and display helpers."""

from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
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


class RowFormSet(BaseInlineFormSet):
    """Inline formset that reports duplicate rows with the constraint's own message."""

    def get_unique_error_message(self, unique_check):
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and set(constraint.fields) == set(unique_check):
                return constraint.violation_error_message
        return super().get_unique_error_message(unique_check)


class ModelAdmin(NumbersMixin, admin.ModelAdmin):
    pass


class TabularInline(NumbersMixin, admin.TabularInline):
    formset = RowFormSet
    extra = 1


class StackedInline(NumbersMixin, admin.StackedInline):
    formset = RowFormSet
    extra = 0


class YearFilter(admin.AllValuesFieldListFilter):
    """Lists years as "2022", not as the localized number "2.022"."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if isinstance(choice["display"], int):
                choice["display"] = str(choice["display"])
            yield choice
