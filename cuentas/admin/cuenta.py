"""The Cuenta's admin: its own page, and one page per section of the document.

The change page holds what belongs to the Cuenta itself (years, ceremony,
authorities, quotes, headline figures) and links to one page per section,
``…/cuenta/<id>/seccion/<key>/``, where every table of that section is an
inline. Keeping each section on its own page keeps the forms short enough to
enter 58 efemérides without scrolling past 30 other tables.
"""

from collections import Counter

from django.contrib import admin
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cuentas import access
from cuentas.admin_imports import CuentaImportExportMixin
from cuentas.models import Cuenta
from cuentas.sections import BY_KEY, SECTIONS

from .base import ModelAdmin
from .inlines import SECTION_INLINES, AuthorityInline, DeclaredFigureInline, QuoteInline, SectionTextInline
from .summary import cuenta_quality, declared_figures_placement, section_totals
from .workflow import WorkflowAdminMixin

CUENTA_FIELDSETS = (
    (
        None,
        {
            "fields": (
                ("region", "management_year", "presentation_year"),
                "title",
                "status",
                ("director", "director_office"),
                "introduction",
            )
        },
    ),
    (
        _("Ceremonia"),
        {"fields": (("ceremony_date", "ceremony_start", "ceremony_end"), ("venue", "address"), "ceremony_comuna")},
    ),
    (_("Calidad de los datos"), {"fields": ("quality_panel", "declared_figures_panel")}),
    (_("Secciones del documento"), {"fields": ("sections_panel",)}),
)


YEAR_TEXT = {"management_year": "management_year_display", "presentation_year": "presentation_year_display"}


def years_shown_as_text(fieldsets):
    """The fieldsets with the year fields read as "2022", not as the localized number "2.022"."""

    def swap(field):
        if isinstance(field, tuple):
            return tuple(swap(name) for name in field)
        return YEAR_TEXT.get(field, field)

    return tuple((name, {**options, "fields": swap(tuple(options["fields"]))}) for name, options in fieldsets)


@admin.register(Cuenta)
class CuentaAdmin(CuentaImportExportMixin, WorkflowAdminMixin, ModelAdmin):
    list_display = ("__str__", "region", "management_year_display", "presentation_year_display", "status", "updated_at")
    list_display_links = ("__str__",)
    list_filter = ("status", "region", "management_year")
    list_select_related = ("region",)
    search_fields = ("title", "region__name")
    # Region is a plain select: its choices are the user's regions only.
    autocomplete_fields = ("ceremony_comuna",)
    # The status moves only through the workflow (send to review, publish, reopen).
    readonly_fields = ("status", "quality_panel", "declared_figures_panel", "sections_panel")
    change_form_template = "admin/cuentas/cuenta/change_form.html"

    # Years read "2022", not "2.022" as a localized number would.
    @admin.display(description=_("año de gestión"), ordering="management_year")
    def management_year_display(self, obj):
        return str(obj.management_year_id)

    @admin.display(description=_("año de la cuenta"), ordering="presentation_year")
    def presentation_year_display(self, obj):
        return str(obj.presentation_year)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # An editor of one region creates Cuentas of that region only: it comes chosen.
        if not access.sees_all_regions(request.user) and len(access.region_ids(request.user)) == 1:
            initial.setdefault("region", next(iter(access.region_ids(request.user))))
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "management_year" in form.base_fields:
            # New Cuentas only for the años de gestión open for them, latest first;
            # an existing Cuenta keeps its own year even once that year is closed.
            years = Q(open_for_cuentas=True) | Q(pk=obj.management_year_id) if obj else Q(open_for_cuentas=True)
            field = form.base_fields["management_year"]
            field.queryset = field.queryset.filter(years).order_by("-year")
        return form

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/seccion/<slug:section>/",
                self.admin_site.admin_view(self.section_view),
                name="{}_{}_section".format(*info),
            ),
            *super().get_urls(),
        ]

    def section_view(self, request, object_id, section):
        if section not in BY_KEY:
            raise Http404(_("No existe la sección «%(section)s».") % {"section": section})
        request.cuenta_section = BY_KEY[section]
        lists = [
            (
                model._meta.verbose_name_plural,
                f"{reverse(f'admin:cuentas_{model._meta.model_name}_changelist')}?cuenta__id__exact={object_id}",
            )
            for model in BY_KEY[section].models
        ]
        cuenta = self.get_object(request, object_id)
        context = {
            "section": BY_KEY[section],
            "section_totals": section_totals(cuenta, BY_KEY[section].key) if cuenta else None,
            "sections": SECTIONS,
            "section_lists": lists,
            "show_save_and_add_another": False,
        }
        return self.changeform_view(request, object_id, extra_context=context)

    def current_section(self, request):
        return getattr(request, "cuenta_section", None)

    def get_fieldsets(self, request, obj=None):
        if self.current_section(request):
            # A section page edits its tables only; the Cuenta's fields stay on its main page.
            return ()
        if obj is None:
            return CUENTA_FIELDSETS[:2]
        if not self.has_change_permission(request, obj):
            return years_shown_as_text(CUENTA_FIELDSETS)
        return CUENTA_FIELDSETS

    def get_inlines(self, request, obj):
        section = self.current_section(request)
        if obj is None:
            return ()
        if section is None:
            return (AuthorityInline, QuoteInline, DeclaredFigureInline.for_section(""))
        return (
            SectionTextInline.for_section(section.slug),
            *(inline for model in section.models for inline in SECTION_INLINES[model]),
            DeclaredFigureInline.for_section(section.slug),
        )

    def response_add(self, request, obj, post_url_continue=None):
        # A new Cuenta is only a frame: go straight to its page to fill the sections.
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST or "_popup" in request.POST:
            return response
        return HttpResponseRedirect(reverse("admin:cuentas_cuenta_change", args=[obj.pk]))

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        section = self.current_section(request)
        if section and not {"_continue", "_addanother", "_saveasnew"} & set(request.POST):
            return HttpResponseRedirect(reverse("admin:cuentas_cuenta_change", args=[obj.pk]))
        return response

    @admin.display(description=_("Observaciones"))
    def quality_panel(self, obj):
        return cuenta_quality(obj) if obj and obj.pk else "—"

    @admin.display(description=_("Cifras declaradas"))
    def declared_figures_panel(self, obj):
        return declared_figures_placement(obj) if obj and obj.pk else "—"

    @admin.display(description=_("Secciones"))
    def sections_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        figures = Counter(obj.declared_figures.values_list("section", flat=True))
        texts = set(obj.section_texts.exclude(text="").values_list("section", flat=True))
        rows = []
        for section in SECTIONS:
            count = sum(model.objects.filter(cuenta=obj).count() for model in section.models)
            parts = [ngettext("%(n)s fila", "%(n)s filas", count) % {"n": count}]
            if figures[section.slug]:
                n = figures[section.slug]
                parts.append(ngettext("%(n)s cifra declarada", "%(n)s cifras declaradas", n) % {"n": n})
            if section.slug in texts:
                parts.append(_("texto"))
            url = reverse("admin:cuentas_cuenta_section", args=[obj.pk, section.slug])
            rows.append((url, section.title, ", ".join(str(part) for part in parts)))
        return format_html(
            '<ol class="cuenta-sections">{}</ol>',
            format_html_join("", '<li><a href="{}">{}</a> <span class="quiet">({})</span></li>', rows),
        )
