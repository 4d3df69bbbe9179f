"""A changelist per kind of row, to look across Cuentas (filter by region and year).

Rows are entered on the Cuenta's section pages; these lists are reached from
there ("Ver como lista") and by central staff, so they stay out of the index.
Their columns come from the inline that edits the same rows, but for the
intermediation results, which the section page splits in three inlines and
this one list shows together.
"""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuentas.models import Authority, Comuna, Cuenta, DeclaredFigure, IntermediationResult, Quote, SectionText

from .base import ModelAdmin
from .inlines import (
    SECTION_INLINES,
    AuthorityInline,
    DeclaredFigureInline,
    QuoteInline,
    RegionalResultInline,
    SectionTextInline,
)

CUENTA_LEVEL = {
    Authority: AuthorityInline,
    Quote: QuoteInline,
    SectionText: SectionTextInline,
    DeclaredFigure: DeclaredFigureInline,
}


def flat(fields):
    for field in fields:
        if isinstance(field, tuple | list):
            yield from field
        else:
            yield field


class RowAdmin(ModelAdmin):
    list_filter = ("cuenta__region", "cuenta__management_year")
    search_fields = ("cuenta__title", "cuenta__region__name")

    def get_model_perms(self, request):
        # Hidden from the admin index: rows are entered from their Cuenta.
        return {}

    # A row changed here, outside its Cuenta's pages, still makes a new version of
    # the Cuenta, so its cached public page and PDF follow at once.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        touch(obj.cuenta_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        touch(obj.cuenta_id)

    def delete_queryset(self, request, queryset):
        cuentas = set(queryset.values_list("cuenta_id", flat=True))
        super().delete_queryset(request, queryset)
        touch(*cuentas)


def touch(*cuenta_ids):
    Cuenta.objects.filter(pk__in=cuenta_ids).update(updated_at=timezone.now())


def row_admin(model, inline):
    concrete = [name for name in flat(inline.fields) if name not in inline.readonly_fields]
    shown = [
        name
        for name in concrete
        if not isinstance(model._meta.get_field(name), models.ManyToManyField | models.TextField)
    ]
    related = [name for name in shown if model._meta.get_field(name).is_relation]
    comunas = [
        name
        for name in concrete
        if model._meta.get_field(name).related_model is Comuna
        and name not in getattr(inline, "autocomplete_fields", ())
    ]
    attrs = {
        "__module__": __name__,
        "list_display": ("cuenta", *shown[:6], *inline.readonly_fields),
        "list_select_related": ("cuenta__region", *related),
        "fields": ("cuenta", *inline.fields),
        "readonly_fields": inline.readonly_fields,
        # Outside a section page any comuna may be chosen: by autocomplete, not from 346 options.
        "autocomplete_fields": ("cuenta", *getattr(inline, "autocomplete_fields", ()), *comunas),
    }
    for name in inline.readonly_fields:
        attrs[name] = getattr(inline, name)
    return type(f"{model.__name__}Admin", (RowAdmin,), attrs)


@admin.register(IntermediationResult)
class IntermediationResultAdmin(RowAdmin):
    """Every kind of intermediation row in one list (the section page splits them in three)."""

    list_display = ("cuenta", "channel", "indicator", "place", "goal", "achieved", "women", "men", "fulfilment_display")
    list_filter = (*RowAdmin.list_filter, "channel", "indicator")
    list_select_related = ("cuenta__region", "channel", "indicator", "comuna")
    search_fields = (*RowAdmin.search_fields, "comuna__name", "employer")
    fields = (
        "cuenta",
        ("channel", "indicator"),
        ("comuna", "employer", "employer_sector"),
        ("goal", "achieved", "women", "men"),
        ("period_start", "period_end"),
    )
    autocomplete_fields = ("cuenta", "comuna")

    @admin.display(description=_("comuna o empleador"), ordering="comuna__name")
    def place(self, obj):
        return obj.employer or (obj.comuna.name if obj.comuna_id else _("Regional"))

    fulfilment_display = RegionalResultInline.fulfilment_display


SECTION_ROWS = {model: inlines[0] for model, inlines in SECTION_INLINES.items() if model is not IntermediationResult}

for row_model, row_inline in {**CUENTA_LEVEL, **SECTION_ROWS}.items():
    admin.site.register(row_model, row_admin(row_model, row_inline))
