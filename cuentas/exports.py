"""Open data: every table of a Cuenta as CSV, XLSX or JSON, and the whole Cuenta as one workbook.

The workbook is the very format the import reads (one sheet per table, named as
in ``resources.sheet_name``), so a Cuenta exported and imported elsewhere comes
back identical. Every export carries a short data dictionary (column, meaning,
unit): a «Diccionario» sheet in XLSX, a ``diccionario`` key in JSON, and a
``diccionario.csv`` next to the table in the CSV download, which is a zip.

Every CSV and XLSX byte is written by ``writers``, which guards text against
formula injection (OWASP «CSV Injection») and leaves numbers alone; the import
removes its apostrophe again. JSON is left verbatim: no spreadsheet interprets
it, and programs reading it deserve the exact text.
"""

import datetime
import io
import json
import zipfile
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .cells import CATALOGUE_KEYS, EXAMPLE_MARKER, EXAMPLE_TEXT, CatalogueWidget
from .models import ActivityKind, Comuna, CosocCouncil, Cuenta, IntermediationChannel, IntermediationIndicator
from .resources import (
    TABLES,
    column_name,
    importable_fields,
    is_by_sex,
    resource_for,
    sheet_name,
    table_section_title,
)
from .writers import EXCEL_CL, Year, add_sheet, attachment, choice_list, csv_bytes, new_workbook, save_workbook

FORMATS = ("csv", "xlsx", "json")


def table_slug(model) -> str:
    return slugify(sheet_name(model))


TABLE_BY_SLUG = {table_slug(model): model for model in TABLES}


def table_by_slug(slug: str):
    try:
        return TABLE_BY_SLUG[slug]
    except KeyError:
        raise Http404(_("No existe la tabla «%(table)s».") % {"table": slug}) from None


# Data -------------------------------------------------------------------------------------------


def table_data(cuenta: Cuenta, model) -> tuple[list[str], list[list]]:
    """Headers and rows of one table of ``cuenta``, values in their native types."""
    resource = resource_for(model, cuenta)
    dataset = resource.export()
    return list(dataset.headers), [list(row) for row in dataset]


def dictionary(model) -> list[tuple[str, str, str]]:
    """(column, meaning, unit) for every column of a table."""
    entries = []
    for field in importable_fields(model):
        meaning = capfirst(str(field.verbose_name))
        if field.help_text:
            meaning = f"{meaning}. {field.help_text}"
        entries.append((column_name(field), meaning, unit_of(field)))
        if is_by_sex(model) and field.name == "men":
            entries.append(("Total", total_meaning(model), _("personas")))
    return entries


def total_meaning(model) -> str:
    if any(field.name == "people_total" for field in model._meta.concrete_fields):
        return _(
            "Mujeres más hombres, o las personas (total) cuando no se separan por sexo; se calcula. "
            "Al importar se comprueba."
        )
    return _("Mujeres más hombres; se calcula. Al importar se comprueba.")


def unit_of(field) -> str:
    from django.db import models

    if field.many_to_many:
        return _("nombres de comunas de la región, separados por comas")
    if field.is_relation:
        if field.related_model is Comuna:
            return _("nombre de una comuna de la región, o su código CUT")
        if field.related_model is CosocCouncil:
            return _("periodo del consejo, p. ej. 2021-2022")
        keys = CATALOGUE_KEYS.get(field.related_model, ("name",))
        if keys[0] == "code":
            return _("número o nombre según el catálogo de %(catalogue)s") % {
                "catalogue": field.related_model._meta.verbose_name_plural
            }
        if "code" in keys:
            return _("nombre o código según el catálogo de %(catalogue)s") % {
                "catalogue": field.related_model._meta.verbose_name_plural
            }
        return _("nombre según el catálogo de %(catalogue)s") % {
            "catalogue": field.related_model._meta.verbose_name_plural
        }
    if field.choices:
        return _("una de: %(choices)s") % {"choices": ", ".join(str(label) for _value, label in field.flatchoices)}
    if isinstance(field, models.BigIntegerField):
        return _("pesos chilenos, entero")
    if isinstance(field, models.IntegerField):
        return _("número entero")
    if isinstance(field, models.DecimalField):
        return _("número con hasta 2 decimales")
    if isinstance(field, models.DateField):
        return _("fecha (dd-mm-aaaa en Excel, aaaa-mm-dd en CSV y JSON)")
    return _("texto")


# Writers ----------------------------------------------------------------------------------------


def write_csv(headers, rows) -> bytes:
    """CSV for Chilean Excel (see ``writers.EXCEL_CL``)."""
    return csv_bytes(headers, rows, EXCEL_CL)


def _xlsx_sheet(workbook, title, headers, rows, widths=None, choices=None):
    from openpyxl.utils import get_column_letter

    validations = [
        choice_list(choices[header], get_column_letter(index))
        for index, header in enumerate(headers, start=1)
        if header in (choices or {})
    ]
    return add_sheet(workbook, title, headers, rows, widths=widths, validations=validations)


#: Excel refuses a list validation longer than this.
MAX_LIST_FORMULA = 255


#: Catalogues short enough to offer as a drop-down, as the choice lists they replaced were.
LISTED_CATALOGUES = (IntermediationChannel, IntermediationIndicator, ActivityKind)


def catalogue_lists() -> dict[type, list[str]]:
    """The names of each listed catalogue, in its order (one query per catalogue)."""
    return {model: [str(name) for name in model.objects.values_list("name", flat=True)] for model in LISTED_CATALOGUES}


def choice_lists(model, catalogues: dict[type, list[str]] | None = None) -> dict[str, list[str]]:
    """Columns whose values are a short list of choices, to offer them as a drop-down in Excel.

    ``catalogues`` (from ``catalogue_lists``) adds the short catalogues the columns refer to.
    """
    lists = {}
    for field in importable_fields(model):
        if field.choices:
            labels = [str(label) for value, label in field.flatchoices if value != ""]
        elif field.many_to_one and catalogues and field.related_model in catalogues:
            labels = catalogues[field.related_model]
        else:
            labels = []
        formula = ",".join(labels)
        if labels and len(formula) + 2 <= MAX_LIST_FORMULA and not any("," in label for label in labels):
            lists[column_name(field)] = labels
    return lists


def dictionary_headers() -> list[str]:
    return [_("Columna"), _("Significado"), _("Unidad")]


def table_xlsx(model, headers, rows) -> bytes:
    workbook = new_workbook()
    _xlsx_sheet(workbook, sheet_name(model), headers, rows, choices=choice_lists(model, catalogue_lists()))
    _xlsx_sheet(workbook, "Diccionario", dictionary_headers(), dictionary(model), widths={2: 80, 3: 40})
    return save_workbook(workbook)


def table_json(cuenta, model, headers, rows) -> bytes:
    document = {
        "cuenta": cuenta_metadata(cuenta) if cuenta else None,
        "tabla": sheet_name(model),
        "seccion": table_section_title(model),
        "diccionario": [{"columna": c, "significado": s, "unidad": u} for c, s, u in dictionary(model)],
        "filas": [dict(zip(headers, row, strict=True)) for row in rows],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def table_csv_zip(model, headers, rows, stem) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.csv", write_csv(headers, rows))
        archive.writestr("diccionario.csv", write_csv(dictionary_headers(), dictionary(model)))
    return buffer.getvalue()


def cuenta_metadata(cuenta: Cuenta) -> dict:
    return {
        "region": cuenta.region.name,
        "codigo_region": cuenta.region_id,
        "anio_gestion": cuenta.management_year_id,
        "anio_cuenta": cuenta.presentation_year,
        "titulo": cuenta.title,
    }


def workbook_bytes(cuenta: Cuenta | None, rows_by_model: dict, *, template: bool = False) -> bytes:
    """The whole-Cuenta workbook: «Léame», one sheet per table, «Diccionario».

    A ``template`` carries example rows, and its «Léame» says how they are marked.
    """
    workbook = new_workbook()
    readme = [
        [_("Planilla de la cuenta pública"), cuenta.title if cuenta else _("(plantilla en blanco)")],
        [_("Región"), cuenta.region.official_name if cuenta else ""],
        [_("Año de gestión"), Year(cuenta.management_year_id) if cuenta else ""],
        [_("Generada el"), timezone.localtime().strftime("%d-%m-%Y %H:%M")],
        [],
        [_("Cómo se usa"), _("Una hoja por tabla. La primera fila de cada hoja son los encabezados: no los cambie.")],
        ["", _("Una hoja puede quedar vacía (solo encabezados); no borre ni agregue hojas.")],
        ["", _("Los totales y porcentajes se calculan: no los escriba como filas.")],
        ["", _("Al importar, cada tabla de la planilla reemplaza la de la cuenta; si hay un error no se guarda nada.")],
        ["", _("La hoja «Diccionario» explica cada columna y su unidad.")],
    ]
    if template:
        readme.append(
            [
                "",
                _(
                    "La fila 2 de cada hoja es un ejemplo y lleva «%(marker)s» en su primera columna: bórrela, "
                    "o escriba sus datos en toda la fila. Una fila de ejemplo nunca se importa."
                )
                % {"marker": EXAMPLE_MARKER},
            ]
        )
    _xlsx_sheet(workbook, "Léame", [_("Cuentas Públicas SENCE"), ""], readme, widths={1: 28, 2: 100})
    entries = []
    catalogues = catalogue_lists()
    for model in TABLES:
        headers, rows = rows_by_model[model]
        _xlsx_sheet(workbook, sheet_name(model), headers, rows, choices=choice_lists(model, catalogues))
        entries += [(sheet_name(model), *entry) for entry in dictionary(model)]
    _xlsx_sheet(workbook, "Diccionario", [_("Hoja"), *dictionary_headers()], entries, widths={1: 30, 3: 80, 4: 40})
    return save_workbook(workbook)


def file_stem(cuenta: Cuenta) -> str:
    return f"cuenta-publica-{slugify(cuenta.region.name)}-{cuenta.management_year_id}"


# Responses: what the admin and the public site call -------------------------------------------


def export_table(cuenta: Cuenta, model, fmt: str) -> HttpResponse:
    """One table of ``cuenta`` as ``fmt`` (csv: a zip with the table and its dictionary; xlsx; json).

    It does not check who may see the Cuenta: callers start from ``Cuenta.objects.published()``
    (public site) or from the admin's scoped queryset.
    """
    if fmt not in FORMATS:
        raise Http404(_("Formato no disponible."))
    headers, rows = table_data(cuenta, model)
    stem = f"{file_stem(cuenta)}-{table_slug(model)}"
    if fmt == "csv":
        return attachment(table_csv_zip(model, headers, rows, stem), f"{stem}-csv.zip", "zip")
    if fmt == "xlsx":
        return attachment(table_xlsx(model, headers, rows), f"{stem}.xlsx", "xlsx")
    return attachment(table_json(cuenta, model, headers, rows), f"{stem}.json", "json")


def export_workbook(cuenta: Cuenta) -> HttpResponse:
    """The whole ``cuenta`` as the workbook the import reads."""
    content = workbook_bytes(cuenta, {model: table_data(cuenta, model) for model in TABLES})
    return attachment(content, f"{file_stem(cuenta)}.xlsx", "xlsx")


# Templates: headers and one example row ---------------------------------------------------------


def example_value(field, cuenta: Cuenta | None):
    from django.db import models

    year = cuenta.management_year_id if cuenta else timezone.localdate().year - 1
    if field.many_to_many or (field.is_relation and field.related_model is Comuna):
        comunas = Comuna.objects.filter(region=cuenta.region) if cuenta else Comuna.objects.filter(code="13101")
        comuna = comunas.order_by("name").first()
        return comuna.name if comuna else ""
    if field.is_relation and field.related_model is CosocCouncil:
        council = CosocCouncil.objects.filter(region=cuenta.region).first() if cuenta else None
        return f"{council.start_year}-{council.end_year}" if council else ""
    if field.is_relation:
        widget = CatalogueWidget(field.related_model)
        first = field.related_model.objects.first()
        return widget.render(first) if first else ""
    if field.choices:
        choices = [label for value, label in field.flatchoices if value != ""]
        return str(choices[0]) if choices else ""
    if field.name == "position":
        return 1
    if isinstance(field, models.BigIntegerField):
        return 1_000_000
    if isinstance(field, models.IntegerField):
        limits = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
        return min([10, *limits])
    if isinstance(field, models.DecimalField):
        return Decimal("98.28")
    if isinstance(field, models.DateField):
        return datetime.date(year, 3, 8)
    return str(EXAMPLE_TEXT)


#: Example values that a table's own rules need to differ from the generic ones, by model and field.
EXAMPLE_OVERRIDES = {
    # Amounts and people go by sex or as a total, not both.
    "SubsidyResult": {"amount_total": None, "people_total": None},
    # Women and men are part of the logro.
    "IntermediationResult": {"achieved": 20},
    "FieldEvent": {"end_date": None},
}


def example_row(model, cuenta: Cuenta | None) -> tuple[list[str], list]:
    """Headers and one example row, marked as such in its first cell so it can never be imported.

    No row if a catalogue it needs is empty (say, no COSOC yet). The period a
    figure covers is left empty, as for most rows (the whole año de gestión).
    """
    headers, row = [], []
    overrides = {"period_start": None, "period_end": None, **EXAMPLE_OVERRIDES.get(model.__name__, {})}
    for field in importable_fields(model):
        headers.append(column_name(field))
        row.append(overrides[field.name] if field.name in overrides else example_value(field, cuenta))
        if field.is_relation and not field.null and not field.many_to_many and row[-1] == "":
            return [column_name(f) for f in importable_fields(model)], []
        if is_by_sex(model) and field.name == "men":
            headers.append("Total")
            row.append(20)
    row[0] = str(EXAMPLE_MARKER)
    return headers, [row]


def workbook_template(cuenta: Cuenta | None = None) -> HttpResponse:
    rows = {model: example_row(model, cuenta) for model in TABLES}
    content = workbook_bytes(cuenta, rows, template=True)
    stem = file_stem(cuenta) if cuenta else "cuenta-publica"
    return attachment(content, f"plantilla-{stem}.xlsx", "xlsx")


def table_template(model, fmt: str, cuenta: Cuenta | None = None) -> HttpResponse:
    headers, rows = example_row(model, cuenta)
    stem = f"plantilla-{table_slug(model)}"
    if fmt == "csv":
        return attachment(write_csv(headers, rows), f"{stem}.csv", "csv")
    if fmt == "xlsx":
        return attachment(table_xlsx(model, headers, rows), f"{stem}.xlsx", "xlsx")
    raise Http404(_("Formato no disponible."))


# Public downloads (published Cuentas only) ------------------------------------------------------


@require_safe
def public_workbook_download(request, region, year):
    cuenta = get_object_or_404(
        Cuenta.objects.published().select_related("region"), region_id=region, management_year=year
    )
    return export_workbook(cuenta)


@require_safe
def public_table_download(request, region, year, table, fmt):
    cuenta = get_object_or_404(
        Cuenta.objects.published().select_related("region"), region_id=region, management_year=year
    )
    return export_table(cuenta, table_by_slug(table), fmt)
