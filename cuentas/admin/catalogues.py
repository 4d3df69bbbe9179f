"""Catalogues, kept by central staff; searchable so rows can pick them by autocomplete.

Who may change them is the roles' business (cuentas/roles.py: «Nivel central»
keeps every catalogue, regional staff read them); these admins only say how
each is listed and edited.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cuentas.models import (
    ActivityKind,
    BudgetSubtitle,
    Comuna,
    ContactType,
    CosocCouncil,
    CosocMember,
    FiscalYear,
    IntermediationChannel,
    IntermediationIndicator,
    NationalSubsidyTotal,
    ProductiveSector,
    ProgramLine,
    PublicationCategory,
    Region,
    SocialNetwork,
    Subsidy,
)

from .base import ModelAdmin, TabularInline


class CodedCatalogueAdmin(ModelAdmin):
    """A catalogue keyed by a code that rows, metric references and imports use: set once, never changed."""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else (*readonly, self.opts.pk.name)


@admin.register(Region)
class RegionAdmin(ModelAdmin):
    list_display = ("name", "numeral", "code", "iso_code", "official_name")
    search_fields = ("name", "official_name", "code", "numeral")
    ordering = ("north_to_south",)


@admin.register(Comuna)
class ComunaAdmin(ModelAdmin):
    list_display = ("name", "code", "province", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("name", "code")


@admin.register(BudgetSubtitle)
class BudgetSubtitleAdmin(ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("name",)


@admin.register(ProgramLine)
class ProgramLineAdmin(ModelAdmin):
    list_display = ("name", "parent", "kind")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "parent__name")
    autocomplete_fields = ("parent",)


@admin.register(ProductiveSector)
class ProductiveSectorAdmin(ModelAdmin):
    search_fields = ("name",)


@admin.register(Subsidy)
class SubsidyAdmin(ModelAdmin):
    list_display = ("name", "code", "budget")
    list_filter = ("budget",)
    search_fields = ("name", "code")


@admin.register(SocialNetwork)
class SocialNetworkAdmin(ModelAdmin):
    search_fields = ("name",)


@admin.register(ContactType)
class ContactTypeAdmin(ModelAdmin):
    list_display = ("name", "order")
    search_fields = ("name",)


@admin.register(PublicationCategory)
class PublicationCategoryAdmin(ModelAdmin):
    list_display = ("name", "order")
    search_fields = ("name",)


class CosocMemberInline(TabularInline):
    model = CosocMember
    fields = ("position", "person", "institution")


@admin.register(CosocCouncil)
class CosocCouncilAdmin(ModelAdmin):
    list_display = ("__str__", "region", "member_count")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("region__name", "members__person", "members__institution")
    ordering = ("region__north_to_south", "-start_year")  # the annotated count drops Meta.ordering
    inlines = (CosocMemberInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description="integrantes", ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


@admin.register(IntermediationChannel)
class IntermediationChannelAdmin(CodedCatalogueAdmin):
    list_display = ("name", "code", "is_fomil", "part_of", "order")
    list_filter = ("is_fomil",)
    list_select_related = ("part_of",)
    search_fields = ("name", "code")
    fields = ("name", "code", "is_fomil", "part_of", "order")


@admin.register(IntermediationIndicator)
class IntermediationIndicatorAdmin(CodedCatalogueAdmin):
    list_display = ("name", "code", "verb", "order")
    search_fields = ("name", "code", "verb")
    fields = ("name", "code", "verb", "order")


@admin.register(ActivityKind)
class ActivityKindAdmin(CodedCatalogueAdmin):
    list_display = ("name", "code", "order")
    search_fields = ("name", "code")
    fields = ("name", "code", "order")


class NationalSubsidyTotalInline(TabularInline):
    model = NationalSubsidyTotal
    fields = ("subsidy", "people", "amount", "source")
    extra = 0


@admin.register(FiscalYear)
class FiscalYearAdmin(CodedCatalogueAdmin):
    """Años de gestión: which take new Cuentas, and the national figures of each."""

    list_display = ("year_display", "open_for_cuentas", "national_total_count")
    list_filter = ("open_for_cuentas",)
    fields = ("year", "open_for_cuentas")
    inlines = (NationalSubsidyTotalInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(national_total=Count("national_subsidy_totals"))

    # The year reads "2022", not the localized number "2.022".
    def get_fields(self, request, obj=None):
        return tuple("year_display" if obj is not None and name == "year" else name for name in self.fields)

    def get_readonly_fields(self, request, obj=None):
        return tuple("year_display" if name == "year" else name for name in super().get_readonly_fields(request, obj))

    @admin.display(description=_("año de gestión"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)

    @admin.display(description=_("totales nacionales de subsidios"), ordering="national_total")
    def national_total_count(self, obj):
        return obj.national_total
