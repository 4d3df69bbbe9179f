"""Catalogues, kept by central staff; searchable so rows can pick them by autocomplete."""

from django.contrib import admin
from django.db.models import Count

from cuentas.models import (
    BudgetSubtitle,
    Comuna,
    ContactType,
    CosocCouncil,
    CosocMember,
    ProductiveSector,
    ProgramLine,
    PublicationCategory,
    Region,
    SocialNetwork,
    Subsidy,
)

from .base import ModelAdmin, TabularInline


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
    autocomplete_fields = ("region",)
    inlines = (CosocMemberInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description="integrantes", ordering="member_total")
    def member_count(self, obj):
        return obj.member_total
