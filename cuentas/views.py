"""The public site: home, a Cuenta's page and its table downloads, comparisons."""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from . import access, page, pdf, queries, snapshots, workflow, writers
from .figures import national
from .models import Cuenta, CuentaVersion, Region
from .numbers import growth, quantize
from .participation import queries as participation_queries
from .tables import BY_SLUG

#: A rendered Cuenta page is cached per content version (pk, updated_at, status). Saving the
#: Cuenta (admin pages, imports) makes a new version; the timeout bounds how long an edit that
#: does not touch the Cuenta (a catalogue name, a row changed from its own changelist) can wait.
PAGE_CACHE_SECONDS = 10 * 60
#: How long a worker trusts the version it last read for a public page: a published
#: Cuenta is read-only, and a reopening or a new publication shows within this delay.
VERSION_CACHE_SECONDS = 2


@require_safe
def health(request):
    """A view that touches no database: liveness checks and the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


class HomeView(TemplateView):
    """Regions north to south with their published Cuentas, and the latest national figures.

    Queries: regions, their published Cuentas, the latest año de gestión, the
    indicators of that year's Cuentas: 4.
    """

    template_name = "cuentas/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        regions = list(queries.regions_with_cuentas())
        year = queries.latest_year()
        context["regions"] = regions
        context["latest_year"] = year
        context["national"] = national.national_figures(year) if year else None
        context["shows_demo"] = any(c.is_demo for r in regions for c in r.published_cuentas)
        return context


def public_version(region: str, year: int) -> tuple[int, str] | None:
    """The published Cuenta's (pk, content version), read from the database at most every few seconds."""
    key = f"cuenta-version:{region}:{year}"
    version = cache.get(key)
    if version is None:
        version = queries.cuenta_version(AnonymousUser(), region, year) or ()
        cache.set(key, version, VERSION_CACHE_SECONDS)
    return version or None


@receiver(post_save, sender=Cuenta)
def forget_public_version(sender, instance: Cuenta, **kwargs) -> None:
    """A saved Cuenta (edited, published, reopened) is read again on its next public request."""
    key = f"cuenta-version:{instance.region_id}:{instance.management_year_id}"
    transaction.on_commit(lambda: cache.delete(key))


class CuentaDetailView(TemplateView):
    """A Cuenta's page. Queries: see ``queries.cuenta_page``; 1 more for its version (the cache key)."""

    template_name = "cuentas/cuenta_detail.html"

    def get(self, request, *args, **kwargs):
        if access.edits_cuentas(request.user):
            version = queries.cuenta_version(request.user, kwargs["region"], kwargs["year"])
        else:
            version = public_version(kwargs["region"], kwargs["year"])
        if version is None:
            # Reopened for a correction: the public keeps reading the version last published.
            published = latest_published_version(kwargs["region"], kwargs["year"])
            if published is None:
                raise Http404("No hay una cuenta pública publicada de esa región y año.")
            return redirect(published_version_url(published))
        # Sorted tables (query string) and editors' previews are rendered every time.
        if request.GET or access.edits_cuentas(request.user):
            return super().get(request, *args, **kwargs)
        # Today's date too: the participation window opens and closes with the calendar.
        key = "cuenta-page:{}:{}:{}".format(*version, timezone.localdate().isoformat())
        content = cache.get(key)
        if content is None:
            response = super().get(request, *args, **kwargs)
            response.render()
            cache.set(key, response.content, PAGE_CACHE_SECONDS)
            return response
        return HttpResponse(content)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cuenta = queries.cuenta_page(self.request.user, kwargs["region"], kwargs["year"])
        context["cuenta"] = cuenta
        context["page"] = page.build(cuenta, self.request)
        context["show_downloads"] = True
        kwargs = {"region": cuenta.region_id, "year": cuenta.management_year_id}
        context["pdf_url"] = reverse("cuentas:cuenta_pdf", kwargs=kwargs)
        context["data_url"] = reverse("cuentas:cuenta_data", kwargs=kwargs)
        context["shows_demo"] = cuenta.is_demo
        context["erratas"] = workflow.erratas(cuenta)
        context["versions"] = list(cuenta.versions.published())
        context["participation"] = participation_queries.page_context(cuenta, timezone.localdate())
        return context


class TableDownloadView(View):
    """One table of a Cuenta as CSV or XLSX: raw numbers, headers in Spanish.

    Queries: the Cuenta with its totals, the table's rows: 2 (3 for the COSOC).
    """

    def get(self, request, region, year, table, fmt):
        spec = BY_SLUG.get(table)
        if spec is None or fmt not in ("csv", "xlsx"):
            raise Http404("No existe esa tabla.")
        cuenta = queries.cuenta_for_download(request.user, region, year)
        spec.prefetch(cuenta)
        content = writers.table_bytes(spec.table(cuenta), fmt, title=spec.caption)
        prefix = "demostracion-" if cuenta.is_demo else ""
        name = f"{prefix}cuenta-{slugify(cuenta.region.name)}-{cuenta.management_year_id}-{spec.slug}.{fmt}"
        return writers.attachment(content, name, fmt)


# --- Comparisons ---------------------------------------------------------------------------------------


class ComparisonDownloadMixin:
    """``?formato=csv`` or ``?formato=xlsx`` returns the comparison's table as a file, raw numbers."""

    def render_to_response(self, context, **kwargs):
        fmt = self.request.GET.get("formato")
        if fmt is None:
            return super().render_to_response(context, **kwargs)
        if fmt not in ("csv", "xlsx"):
            raise Http404("Formato no disponible.")
        headers, rows, name = self.dataset(context)
        if fmt == "csv":
            content = writers.csv_bytes(headers, rows, writers.PLAIN)
        else:
            content = writers.xlsx_bytes("Comparación", headers, rows)
        return writers.attachment(content, f"{name}.{fmt}", fmt)


class CompareYearView(ComparisonDownloadMixin, TemplateView):
    """Regions side by side for one año de gestión, with their rank on each indicator.

    Queries: published years, regions, that year's Cuentas with indicators: 3.
    """

    template_name = "cuentas/compare_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = queries.published_years()
        try:
            year = int(self.request.GET.get("anio") or (years[0] if years else 0))
        except ValueError:
            raise Http404("Año no válido.") from None
        regions = list(Region.objects.order_by("north_to_south"))
        by_region = {c.region_id: c for c in national.indicator_cuentas(management_year=year)}
        values = [national.indicator_values(by_region[r.code]) if r.code in by_region else None for r in regions]
        ranks = {ind.key: national.ranks(values, ind.key) for ind in national.INDICATORS}
        rows = []
        for i, region in enumerate(regions):
            cells = None
            if values[i] is not None:
                cells = [(ind, values[i][ind.key], ranks[ind.key].get(i)) for ind in national.INDICATORS]
            rows.append({"region": region, "cuenta": by_region.get(region.code), "cells": cells})
        context.update(
            years=years,
            year=year,
            rows=rows,
            indicators=national.INDICATORS,
            reporting=len(by_region),
            regions=regions,
            shows_demo=any(c.is_demo for c in by_region.values()),
        )
        return context

    def dataset(self, context):
        headers = ["Región", "Datos de demostración"]
        for ind in context["indicators"]:
            headers += [ind.label, f"{ind.label}: lugar"]
        rows = []
        for row in context["rows"]:
            values = [row["region"].name, bool(row["cuenta"] and row["cuenta"].is_demo)]
            for _, value, rank in row["cells"] or [(None, None, None)] * len(context["indicators"]):
                values += [value, rank]
            rows.append(values)
        return headers, rows, f"comparacion-regiones-{context['year']}"


def _variation(indicator, previous, current):
    """Counts: growth in %; percentages: difference in percentage points."""
    if previous is None or current is None:
        return None
    if indicator.kind == "percent":
        return quantize(Decimal(current) - Decimal(previous))
    return growth(previous, current)


class CompareRegionView(ComparisonDownloadMixin, TemplateView):
    """One region year over year, with the variation from the year before.

    Queries: the region, published years, the region's Cuentas with indicators, all regions (the selector): 4.
    """

    template_name = "cuentas/compare_region.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = get_object_or_404(Region, code=kwargs["region"])
        years = sorted(queries.published_years())
        by_year = {c.management_year_id: c for c in national.indicator_cuentas(region=region)}
        rows, previous = [], None
        for year in years:
            current = national.indicator_values(by_year[year]) if year in by_year else None
            cells = None
            if current is not None:
                cells = [
                    (
                        ind,
                        current[ind.key],
                        _variation(ind, previous[ind.key], current[ind.key]) if previous else None,
                    )
                    for ind in national.INDICATORS
                ]
            rows.append({"year": year, "cuenta": by_year.get(year), "cells": cells})
            previous = current
        context.update(
            region=region,
            rows=rows,
            indicators=national.INDICATORS,
            regions=Region.objects.order_by("north_to_south"),
            shows_demo=any(c.is_demo for c in by_year.values()),
        )
        return context

    def dataset(self, context):
        headers = ["Año de gestión", "Datos de demostración"]
        for ind in context["indicators"]:
            unit = "p. p." if ind.kind == "percent" else "%"
            headers += [ind.label, f"{ind.label}: variación ({unit})"]
        rows = []
        for row in context["rows"]:
            values = [row["year"], bool(row["cuenta"] and row["cuenta"].is_demo)]
            for _, value, change in row["cells"] or [(None, None, None)] * len(context["indicators"]):
                values += [value, change]
            rows.append(values)
        return headers, rows, f"comparacion-{slugify(context['region'].name)}"


@require_safe
def compare_region_redirect(request):
    """The region selector of the comparison page submits here (a GET form, no JavaScript)."""
    code = request.GET.get("region", "")
    if not Region.objects.filter(code=code).exists():
        raise Http404("Región no válida.")
    return redirect("cuentas:compare_region", region=code)


# --- Published versions: each stays readable and downloadable as it was published ---------------------


def latest_published_version(region: str, year: int) -> CuentaVersion | None:
    versions = CuentaVersion.objects.published().filter(cuenta__region_id=region, cuenta__management_year=year)
    return versions.order_by("-number").first()


def published_version(region: str, year: int, number: int) -> CuentaVersion:
    """A published version of a Cuenta, for anyone: what was published stays public."""
    return get_object_or_404(
        CuentaVersion.objects.published().select_related("cuenta__region", "published_by"),
        cuenta__region_id=region,
        cuenta__management_year=year,
        number=number,
    )


def published_version_url(version: CuentaVersion, name: str = "cuentas:cuenta_version") -> str:
    cuenta = version.cuenta
    return reverse(
        name, kwargs={"region": cuenta.region_id, "year": cuenta.management_year_id, "number": version.number}
    )


class CuentaVersionView(TemplateView):
    """One published version: when and why it was published, its PDF and its data as they were then.

    What the page shows of the Cuenta (title, years…) is read from the version's
    snapshot, never from the Cuenta as it stands: while it is reopened for a
    correction its editors may be changing exactly that. Only whether this is
    still the version in force, and the addresses, come from the Cuenta now.

    Queries: the version with its Cuenta and region, the Cuenta's published versions: 2.
    """

    template_name = "cuentas/cuenta_version.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = published_version(kwargs["region"], kwargs["year"], kwargs["number"])
        live = version.cuenta
        cuenta = snapshots.published_cuenta(version)
        versions = list(live.versions.published())
        context.update(
            version=version,
            cuenta=cuenta,
            address={"region": live.region_id, "year": live.management_year_id},
            versions=versions,
            is_current=live.is_published and version == versions[-1],
            under_correction=not live.is_published,
            shows_demo=cuenta.is_demo,
        )
        return context


@require_safe
def version_pdf(request, region: str, year: int, number: int):
    """The PDF kept when the version was published (pdf.keep_published_pdf)."""
    version = published_version(region, year, number)
    if not version.pdf:
        raise Http404("Esta versión no tiene un PDF guardado.")
    return FileResponse(version.pdf.open("rb"), content_type="application/pdf", filename=pdf.version_filename(version))


@require_safe
def version_data(request, region: str, year: int, number: int):
    """The Cuenta and all its rows as they were published, as JSON."""
    version = published_version(region, year, number)
    response = JsonResponse(version.data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    name = pdf.version_filename(version).removesuffix(".pdf") + ".json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
