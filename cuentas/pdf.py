"""The Cuenta Pública as one PDF, for the ceremony and for the State's archive.

WeasyPrint renders ``templates/pdf/document.html`` — a cover, a table of
contents and the very section partials the public page includes — with the
print stylesheet ``static/cuentas/pdf.css``. The result is PDF/A-3a (tagged,
fonts embedded) with the data of every table attached as a CSV file.

A rendered file is kept as ``MEDIA_ROOT/pdf/<cuenta id>/<version>.pdf``, where
the version is a SHA-256 of everything that shapes the document: every row of
the Cuenta and the catalogue entries they name, read straight from the database
(imports and shell edits do not touch ``Cuenta.updated_at``), plus the
templates, the stylesheet and the code that lay it out. Any change makes a new
file; until then a download is a plain file response.
"""

import gc
import hashlib
import io
import mimetypes
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pikepdf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import connections
from django.db.models import Model, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint.text.fonts import FontConfiguration

from . import queries, snapshots, workflow, writers
from .models import CosocMember, Cuenta, CuentaVersion
from .page import CuentaPage
from .page import build as build_page
from .sections import ROW_MODELS

#: Archival and accessible: PDF/A-3 allows attachments, level "a" tags the structure.
PDF_VARIANT = "pdf/a-3a"
TEMPLATE = "pdf/document.html"
STYLESHEET = "cuentas/pdf.css"
#: The only URL prefix a render may fetch; it maps to the static files.
STATIC_BASE = "file:///cuentas-static/"
#: What a document's version depends on besides its data (relative to BASE_DIR).
SOURCE_PATTERNS = ("templates/**/*.html", "static/cuentas/**/*.css", "cuentas/**/*.py")


class StaticOnlyFetcher(weasyprint.URLFetcher):
    """Serve the project's static files to WeasyPrint and refuse every other URL.

    A render never reaches the network, nor any file outside the static files,
    whatever a template or an editor's text may link to.
    """

    def fetch(self, url: str, headers=None) -> weasyprint.urls.URLFetcherResponse:
        if not url.startswith(STATIC_BASE):
            raise ValueError(f"La generación del PDF no descarga recursos externos: {url}")
        relative = url.removeprefix(STATIC_BASE).split("?")[0].split("#")[0]
        if ".." in relative.split("/"):
            raise ValueError(f"Ruta no permitida: {url}")
        found = finders.find(relative)
        if found is None:
            raise ValueError(f"No existe el archivo estático {relative}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return weasyprint.urls.URLFetcherResponse(url, Path(found).read_bytes(), headers={"Content-Type": content_type})


@dataclass(frozen=True)
class CachedPdf:
    """A rendered document on disk."""

    path: Path
    version: str


# --- Content version ---------------------------------------------------------------------------------


def _columns(model: type[Model]) -> list[str]:
    """Every column of ``model``, and of the catalogue rows its foreign keys point at (one join each)."""
    names = []
    for field in model._meta.concrete_fields:
        names.append(field.attname)
        target = field.related_model
        if field.is_relation and target is not Cuenta:
            names += [f"{field.name}__{related.attname}" for related in target._meta.concrete_fields]
    return names


#: Stands for the Cuenta's id in the digest query, compiled once and run with the real id.
_PLACEHOLDER_ID = -732_001


def _as_text(model: type[Model], rows: QuerySet) -> QuerySet:
    """Each row of ``rows`` as one line of text: the model's label, then every column (see ``_columns``)."""
    parts = [Value(f"{model._meta.label}\x1e")]
    for name in _columns(model):
        parts += [Cast(name, TextField()), Value("\x1f")]
    return rows.order_by().values_list(_concat(parts))


def _concat(parts: list) -> Concat:
    """Concatenate as a balanced tree: SQLite's parser overflows on a chain as deep as a row is wide."""
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    return Concat(_concat(parts[:middle]), _concat(parts[middle:]), output_field=TextField())


def _row_querysets() -> Iterator[QuerySet]:
    """Everything the document shows, as it is in the database, for the placeholder Cuenta.

    The Cuenta (region and ceremony comuna joined), every model in
    ``ROW_MODELS`` (their catalogue entries joined), the many-to-many links of
    those models, the members of the COSOC in office.
    """
    yield _as_text(Cuenta, Cuenta.objects.filter(pk=_PLACEHOLDER_ID))
    for model in ROW_MODELS:
        yield _as_text(model, model.objects.filter(cuenta=_PLACEHOLDER_ID))
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            lookup = f"{field.m2m_field_name()}__cuenta"
            yield _as_text(through, through.objects.filter(**{lookup: _PLACEHOLDER_ID}))
    yield _as_text(CosocMember, CosocMember.objects.filter(council__activities__cuenta=_PLACEHOLDER_ID))


@lru_cache(maxsize=4)
def _digest_sql(alias: str) -> tuple[str, tuple]:
    """The digest query as SQL for one database: a UNION ALL of ``_row_querysets``, compiled once."""
    first, *rest = _row_querysets()
    return first.union(*rest, all=True).query.sql_with_params()


def data_digest(cuenta: Cuenta) -> str:
    """SHA-256 of the Cuenta's rows and the catalogue entries they name, read in one query.

    Any change shows: an edit through the admin, an import, a shell
    ``update()`` that leaves ``updated_at`` alone, a renamed programme line.
    """
    connection = connections[Cuenta.objects.db]
    sql, params = _digest_sql(connection.alias)
    params = [cuenta.pk if param == _PLACEHOLDER_ID else param for param in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        lines = sorted(row[0] for row in cursor.fetchall())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _source_digest() -> str:
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__} {PDF_VARIANT}".encode())
    base = Path(settings.BASE_DIR)
    paths = sorted(
        {path for pattern in SOURCE_PATTERNS for path in base.glob(pattern) if "migrations" not in path.parts}
    )
    for path in paths:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_cached_source_digest = lru_cache(maxsize=1)(_source_digest)


def source_digest() -> str:
    """SHA-256 of the templates, stylesheets and code that lay the document out.

    Read once per process; with ``DEBUG`` on, on every call, so that editing a
    template during development renders anew.
    """
    return _source_digest() if settings.DEBUG else _cached_source_digest()


def content_version(cuenta: Cuenta) -> str:
    """The version of the Cuenta's PDF: it changes whenever its data or its layout does."""
    return hashlib.sha256(f"{data_digest(cuenta)}:{source_digest()}".encode()).hexdigest()


# --- Rendering ---------------------------------------------------------------------------------------


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block.

    WeasyPrint allocates millions of short-lived objects while laying out a
    document; the collector's passes over them cost about a fifth of the
    render time and free next to nothing, since the objects die with the
    document anyway.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@lru_cache(maxsize=1)
def _stylesheet_text() -> str:
    return Path(finders.find(STYLESHEET)).read_text(encoding="utf-8")


def stylesheet_text() -> str:
    """The print stylesheet's text (read once per process; with ``DEBUG`` on, on every call)."""
    if settings.DEBUG:
        _stylesheet_text.cache_clear()
    return _stylesheet_text()


@lru_cache(maxsize=1)
def _parsed(text: str) -> weasyprint.CSS:
    fetcher = StaticOnlyFetcher(allowed_protocols={"file"})
    return weasyprint.CSS(string=text, base_url=STATIC_BASE, url_fetcher=fetcher)


def stylesheet() -> weasyprint.CSS:
    """The print stylesheet parsed, its selectors compiled: every render reuses it until its text changes."""
    return _parsed(stylesheet_text())


def document_html(cuenta: Cuenta, page: CuentaPage, inline_stylesheet: bool = False) -> str:
    """The document's HTML: cover, table of contents and the public page's section partials.

    ``page`` is what ``cuentas.page.build`` assembles for the public page;
    rendering reads what ``load`` prefetched and never queries. WeasyPrint
    gets the stylesheet already parsed (``stylesheet``); with
    ``inline_stylesheet`` the HTML carries it and stands alone, for another
    renderer (the benchmark's Chromium) or a person to read.
    """
    context = {
        "cuenta": cuenta,
        "page": page,
        "draft": not cuenta.is_published,
        "has_presentation": bool(cuenta.introduction or page.headline_figures or cuenta.quotes.all()),
        "stylesheet": stylesheet_text() if inline_stylesheet else "",
        "show_downloads": False,
        "for_print": True,
    }
    return render_to_string(TEMPLATE, context)


def table_csv(table) -> bytes:
    """A table's data as CSV, exactly as the public page's «Descargar CSV» gives it (raw numbers)."""
    return writers.table_bytes(table, "csv")


def table_attachments(cuenta: Cuenta, tables: Iterable) -> list[weasyprint.Attachment]:
    """One CSV attachment per table, named after the table, dated with the Cuenta's last change."""
    stamp = cuenta.updated_at
    return [
        weasyprint.Attachment(
            string=table_csv(table),
            name=f"{table.spec.slug}.csv",
            description=str(table.caption),
            created=stamp,
            modified=stamp,
            relationship="Data",
        )
        for table in tables
    ]


def _unique_associated_files(document, pdf_file) -> None:
    """Drop the duplicates WeasyPrint 70 leaves in the catalogue's /AF array.

    Its PDF/A step lists every attachment twice, once from the embedded
    files' name tree and once from the file specifications themselves.
    """
    associated = pdf_file.catalog.get("AF")
    if associated:
        associated[:] = list(dict.fromkeys(associated))


_thread = threading.local()


def font_config() -> FontConfiguration:
    """This thread's WeasyPrint font configuration, kept from one render to the next.

    It holds the fonts Pango has loaded and measured: a new one per render
    loads them again, some 3 % of the render. One per thread, as Pango's font
    maps are not meant to be shared between threads.
    """
    if not hasattr(_thread, "font_config"):
        _thread.font_config = FontConfiguration()
    return _thread.font_config


def layout(html: str) -> weasyprint.Document:
    """The document's HTML laid out into pages by WeasyPrint, with the print stylesheet."""
    fetcher = StaticOnlyFetcher(allowed_protocols={"file"})
    document = weasyprint.HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher)
    return document.render(stylesheets=[stylesheet()], pdf_variant=PDF_VARIANT, font_config=font_config())


def write_pdf(html: str, attachments: list[weasyprint.Attachment] | None = None) -> bytes:
    """Render the document's HTML to PDF/A-3a bytes, with the garbage collector paused.

    WeasyPrint writes the file uncompressed and ``compress`` packs it: see there why.
    """
    with gc_paused():
        raw = layout(html).write_pdf(
            pdf_variant=PDF_VARIANT,
            attachments=attachments or [],
            finisher=_unique_associated_files,
            uncompressed_pdf=True,
        )
        return compress(raw)


def compress(raw: bytes) -> bytes:
    """Compress an uncompressed PDF's streams and pack its objects into object streams, with qpdf.

    WeasyPrint's writer (pydyf) compresses at zlib's slowest level, 9: some
    8 % of the render, for a file some 3 % smaller than zlib's default level
    makes it. qpdf compresses at the default level in half that time, leaves the
    XMP metadata stream uncompressed as PDF/A expects, and derives the file's
    ``/ID`` from its content, so the same document gives the same bytes.
    """
    with pikepdf.open(io.BytesIO(raw)) as document:
        output = io.BytesIO()
        document.save(
            output,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
    return output.getvalue()


def load(cuenta: Cuenta) -> tuple[Cuenta, CuentaPage]:
    """The Cuenta with every row, and its page as the public site assembles it.

    Queries: those of the public page (``queries.cuenta_page``), whatever the
    number of rows; nothing after.
    """
    loaded = queries.cuenta_document(cuenta.pk)
    return loaded, build_page(loaded)


def render(cuenta: Cuenta) -> bytes:
    """The Cuenta's PDF, rendered now (``get_or_render`` keeps it)."""
    loaded, page = load(cuenta)
    return write_pdf(document_html(loaded, page), table_attachments(loaded, page.tables.values()))


# --- The kept files ----------------------------------------------------------------------------------


def storage_dir(cuenta: Cuenta) -> Path:
    return Path(settings.MEDIA_ROOT) / "pdf" / str(cuenta.pk)


def get_or_render(cuenta: Cuenta) -> CachedPdf:
    """The PDF of the Cuenta's current content: the kept file, or a new one rendered and kept.

    A new file is written to a temporary name and moved into place, so a
    concurrent download never reads half a file; older versions of the same
    Cuenta are then deleted.
    """
    version = content_version(cuenta)
    directory = storage_dir(cuenta)
    path = directory / f"{version}.pdf"
    if path.exists():
        return CachedPdf(path, version)
    content = render(cuenta)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".tmp", delete=False) as temporary:
        temporary.write(content)
    os.replace(temporary.name, path)
    for old in directory.glob("*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return CachedPdf(path, version)


def filename(cuenta: Cuenta, published: bool | None = None) -> str:
    """The name a downloaded PDF is saved under, e.g. ``cuenta-publica-sence-metropolitana-2022.pdf``.

    Drafts and demo Cuentas say so in the name too, as the table downloads do.
    """
    demo = "demostracion-" if cuenta.is_demo else ""
    draft = "" if (cuenta.is_published if published is None else published) else "-borrador"
    return f"{demo}cuenta-publica-sence-{slugify(cuenta.region.name)}-{cuenta.management_year_id}{draft}.pdf"


# --- Each published version keeps its PDF as published ------------------------------------------------


def version_filename(version: CuentaVersion) -> str:
    """A published version's PDF name, e.g. ``cuenta-publica-sence-metropolitana-2022-version-1.pdf``.

    Named after the Cuenta as that version published it (its snapshot).
    """
    published = snapshots.published_cuenta(version)
    return filename(published, published=True).removesuffix(".pdf") + f"-version-{version.number}.pdf"


@receiver(workflow.cuenta_published)
@receiver(workflow.cuenta_reopening)
def keep_published_pdf(sender, version: CuentaVersion, **kwargs) -> None:
    """Store the PDF of the Cuenta as it stands now in ``version.pdf``, once.

    Called when a version is published, and when the Cuenta is reopened for a
    correction (a version loaded as published, such as the seeds', gets its
    PDF then, before any data changes).
    """
    if version.pdf:
        return
    cuenta = Cuenta.objects.select_related("region").get(pk=version.cuenta_id)
    content = get_or_render(cuenta).path.read_bytes()
    version.pdf.save(version_filename(version), ContentFile(content), save=False)
    version.save(update_fields=["pdf"])
