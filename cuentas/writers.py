"""The one writer of every CSV and XLSX file the site hands out.

Open data and import templates (``exports.py``), a table of the public page
(``views.TableDownloadView``), the CSVs attached to the PDF (``pdf.py``) and the
comparisons (``views.ComparisonDownloadMixin``) all write their bytes here, so
one rule holds for every file (OWASP «CSV Injection»): a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets an apostrophe in
front, numbers are written as numbers and never touched, and no XLSX cell is
ever of formula type, whatever its text looks like. The import removes that
apostrophe again (``resources``). JSON is not written here: nothing evaluates
it, and programs reading it deserve the exact text.

Two CSV dialects: ``EXCEL_CL`` for the open data a Chilean Excel opens (UTF-8
with BOM, «;», decimal comma) and ``PLAIN`` for the raw tables of the page, the
PDF and the comparisons (UTF-8, «,», decimal point).

Imports of openpyxl are local: settings and URL loading never pay for it.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .resources import FORMULA_TRIGGERS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}

#: Excel keeps at most 31 characters of a worksheet's name, and refuses these in it.
MAX_SHEET_TITLE = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    decimal: str
    bom: bool


EXCEL_CL = Dialect(delimiter=";", decimal=",", bom=True)
PLAIN = Dialect(delimiter=",", decimal=".", bom=False)


def escape_formula(value):
    """Neutralise a text that a spreadsheet would run as a formula; leave anything else alone."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


# CSV ----------------------------------------------------------------------------------------------


def csv_cell(value, dialect: Dialect = EXCEL_CL) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("sí") if value else _("no")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", dialect.decimal)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return str(escape_formula(str(value)))


def csv_bytes(headers, rows, dialect: Dialect = EXCEL_CL) -> bytes:
    """A CSV file: a header row, then ``rows``; every text cell guarded."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    writer.writerow([csv_cell(header, dialect) for header in headers])
    for row in rows:
        writer.writerow([csv_cell(value, dialect) for value in row])
    text = buffer.getvalue()
    return ("\ufeff" + text if dialect.bom else text).encode("utf-8")


# XLSX ---------------------------------------------------------------------------------------------


def new_workbook():
    from openpyxl import Workbook

    return Workbook(write_only=True)


class Year(int):
    """A year: a number that Excel shows as 2022, never with a thousands separator («2.022»)."""


def xlsx_cell(worksheet, value, bold: bool = False):
    """A cell holding ``value``: text guarded and never of formula type, numbers and dates as such."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", escape_formula(value))
    elif not isinstance(value, int | float | Decimal | datetime.date | type(None)):
        value = escape_formula(str(value))
    cell = WriteOnlyCell(worksheet, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"  # never a formula, whatever the text looks like
    if isinstance(value, datetime.date):
        cell.number_format = "DD-MM-YYYY"
    elif isinstance(value, Year):
        cell.number_format = "0"
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = "#,##0"
    if bold:
        cell.font = Font(bold=True)
    return cell


def add_sheet(workbook, title, headers, rows, widths=None, validations=()):
    """A worksheet of ``workbook``: bold headers, frozen below them, column widths, list validations.

    ``validations`` are openpyxl ``DataValidation`` objects (drop-down lists of choices).
    """
    from openpyxl.utils import get_column_letter

    worksheet = workbook.create_sheet(title=SHEET_TITLE_FORBIDDEN.sub("", str(title)).strip()[:MAX_SHEET_TITLE])
    worksheet.freeze_panes = "A2"
    for validation in validations:
        worksheet.data_validations.append(validation)
    for index, header in enumerate(headers, start=1):
        width = (widths or {}).get(index) or min(max(len(str(header)) + 4, 14), 60)
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.append([xlsx_cell(worksheet, header, bold=True) for header in headers])
    for row in rows:
        worksheet.append([xlsx_cell(worksheet, value) for value in row])
    return worksheet


def choice_list(labels, column: str):
    """A drop-down list of ``labels`` for rows 2 to 5000 of ``column``, as Excel offers it."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=_("Valor no válido"),
        error=_("Elija uno de los valores de la lista."),
    )
    validation.add(f"{column}2:{column}5000")
    return validation


def save_workbook(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(title, headers, rows) -> bytes:
    """A workbook of one sheet."""
    workbook = new_workbook()
    add_sheet(workbook, title, headers, rows)
    return save_workbook(workbook)


# Tables and responses -----------------------------------------------------------------------------


def table_rows(table) -> tuple[list, list[list]]:
    """Headers and rows of a django-tables2 table as its exports see them (``value_*``, raw numbers)."""
    header, *rows = table.as_values()
    return list(header), [list(row) for row in rows]


def table_bytes(table, fmt: str, title: str = "") -> bytes:
    """A public table as ``fmt`` (``csv``: the PLAIN dialect; ``xlsx``: one sheet named ``title``)."""
    headers, rows = table_rows(table)
    if fmt == "csv":
        return csv_bytes(headers, rows, PLAIN)
    return xlsx_bytes(title or str(table.caption), headers, rows)


def attachment(content: bytes, filename: str, kind: str) -> HttpResponse:
    """A download: ``content`` of ``kind`` (``csv``, ``xlsx``, ``zip``, ``json``) saved as ``filename``."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
