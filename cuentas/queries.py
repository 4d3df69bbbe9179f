"""Read-side queries of the public site: every page costs a fixed number of queries.

``cuenta_page()`` loads a Cuenta with every section row prefetched and the
column totals of its tables (see ``figures.rows``); the comparisons' and the
home page's indicators are in ``figures.national``.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from . import access
from . import models as m
from .figures import load_rows

User = AbstractBaseUser | AnonymousUser


def visible_cuentas(user: User) -> QuerySet[m.Cuenta]:
    """Published Cuentas, and the drafts of the regions the user works on."""
    if access.edits_cuentas(user):
        return m.Cuenta.objects.published() | access.editable_cuentas(user)
    return m.Cuenta.objects.published()


def cuenta_page(user: User, region: str, year: int) -> m.Cuenta:
    """The Cuenta of a region and year, ready to render; 404 if the user may not see it.

    Queries: 1 for the Cuenta (region, ceremony comuna, training summary, tax
    franchise, FOMIL totals and COSOC activity and participation process joined), then those of
    ``figures.load_rows``: 2 + up to 28, whatever the number of rows.
    """
    try:
        cuenta = _with_one_to_one(visible_cuentas(user)).get(region_id=region, management_year=year)
    except m.Cuenta.DoesNotExist:
        raise Http404("No hay una cuenta pública publicada de esa región y año.") from None
    load_rows(cuenta)
    return cuenta


def cuenta_document(pk: int) -> m.Cuenta:
    """The Cuenta ``pk`` loaded as ``cuenta_page`` loads it, whoever asks: the PDF's loader (same queries)."""
    cuenta = _with_one_to_one(m.Cuenta.objects.all()).get(pk=pk)
    load_rows(cuenta)
    return cuenta


def _with_one_to_one(queryset: QuerySet[m.Cuenta]) -> QuerySet[m.Cuenta]:
    return queryset.select_related(
        "region",
        "management_year",
        "ceremony_comuna",
        "training_summary",
        "tax_franchise",
        "fomil_summary",
        "cosoc_activity__council",
        "participation",
    )


def cuenta_version(user: User, region: str, year: int) -> tuple[int, str] | None:
    """(pk, content version) of a Cuenta the user may see, in one small query; None if none.

    This is all a cached page costs, so for the public it is one prepared SQL
    statement rather than a queryset compiled on every request.
    """
    if access.edits_cuentas(user):
        rows = visible_cuentas(user).filter(region_id=region, management_year=year).order_by()
        row = next(iter(rows.values_list("pk", "updated_at", "status")[:1]), None)
    else:
        with connection.cursor() as cursor:
            cursor.execute(PUBLISHED_VERSION_SQL, [region, year, m.Cuenta.Status.PUBLISHED])
            row = cursor.fetchone()
    if row is None:
        return None
    pk, updated_at, status = row
    # A cache key without spaces, whether the driver gave a datetime or (SQLite, raw) its text.
    return pk, f"{updated_at}-{status}".replace(" ", "T")


# The table name comes from the model; the values are parameters.
_CUENTA_TABLE = m.Cuenta._meta.db_table
PUBLISHED_VERSION_SQL = (
    f"SELECT id, updated_at, status FROM {_CUENTA_TABLE} WHERE region_id = %s AND management_year = %s AND status = %s"  # noqa: S608
)


def cuenta_for_download(user: User, region: str, year: int) -> m.Cuenta:
    """The Cuenta (with its column totals) whose table is downloaded; 404 as for its page."""
    queryset = visible_cuentas(user).select_related("region")
    try:
        return queryset.get(region_id=region, management_year=year)
    except m.Cuenta.DoesNotExist:
        raise Http404("No hay una cuenta pública publicada de esa región y año.") from None


def regions_with_cuentas() -> QuerySet[m.Region]:
    """Regions north to south, each with its published Cuentas latest first (2 queries)."""
    cuentas = (
        m.Cuenta.objects.published()
        .order_by("-management_year_id")
        .only("pk", "region_id", "management_year", "presentation_year", "title", "is_demo")
    )
    return m.Region.objects.order_by("north_to_south").prefetch_related(
        Prefetch("cuentas", queryset=cuentas, to_attr="published_cuentas")
    )


def published_years() -> list[int]:
    """Años de gestión with at least one published Cuenta, latest first (1 query)."""
    years = m.Cuenta.objects.published().order_by("-management_year_id").values_list("management_year", flat=True)
    return list(years.distinct())


def latest_year() -> int | None:
    years = m.Cuenta.objects.published().order_by("-management_year_id").values_list("management_year_id", flat=True)
    return years.first()
