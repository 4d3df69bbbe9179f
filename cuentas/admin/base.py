"""What every admin of the app shares: Chilean number entry and display helpers."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet

#: Amounts and counts are typed as Chileans write them: "16.631.241.866". A text
#: input, since a browser's number input refuses "." as a thousands separator.
NUMBER_INPUT = {
    models.BigIntegerField: {"localize": True, "widget": forms.TextInput(attrs={"inputmode": "numeric"})},
    models.PositiveIntegerField: {"localize": True, "widget": forms.TextInput(attrs={"inputmode": "numeric"})},
    models.DecimalField: {"localize": True, "widget": forms.TextInput(attrs={"inputmode": "decimal"})},
}


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
