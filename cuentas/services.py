"""Writes that span many rows: importing a spreadsheet into a Cuenta.

An import replaces, in one transaction, every table the file brings: the rows
the Cuenta had in those tables are deleted and the file's rows created. If a
single cell anywhere in the file is wrong nothing is written, and the result
lists every problem by sheet, row and column, in Spanish. A dry run does all
the same work and then rolls it back, which is what the admin preview shows.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Cuenta
from .resources import (
    BY_SHEET,
    TABLES,
    headers_of,
    normalize,
    quoted_list,
    required_headers,
    resource_for,
    sheet_name,
    suggestions,
    thousands,
)
from .spreadsheets import Sheet, SpreadsheetError, read_upload

#: Sheets our own workbooks carry besides the tables; an import skips them.
EXTRA_SHEETS = {normalize("Léame"), normalize("Diccionario")}

#: Rows shown per table in the preview.
PREVIEW_ROWS = 5

#: At most this many problems are listed; the count says how many there are in all.
MAX_LISTED_ERRORS = 200


@dataclass
class RowError:
    message: str
    sheet: str = ""
    line: int | None = None
    column: str | None = None

    def __str__(self):
        parts = []
        if self.sheet:
            parts.append(_("Hoja «%(sheet)s»") % {"sheet": self.sheet})
        if self.line is not None:
            parts.append(_("fila %(line)s") % {"line": self.line})
        if self.column:
            parts.append(_("columna %(column)s") % {"column": self.column})
        place = ", ".join(parts)
        if not place:
            return self.message
        return f"{capfirst_text(place)}: {self.message}"


def capfirst_text(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class TableResult:
    model: type
    sheet: str
    headers: list[str]
    rows: int = 0
    replaced: int = 0
    preview: list[list] = field(default_factory=list)

    @property
    def title(self) -> str:
        return sheet_name(self.model)


@dataclass
class ImportResult:
    cuenta: Cuenta
    dry_run: bool
    tables: list[TableResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)

    @property
    def listed_errors(self) -> list[RowError]:
        return self.errors[:MAX_LISTED_ERRORS]

    @property
    def unlisted_errors(self) -> int:
        return max(0, len(self.errors) - MAX_LISTED_ERRORS)

    def summary(self) -> str:
        if not self.ok:
            count = len(self.errors)
            return ngettext(
                "La planilla tiene %(count)s problema; no se guardó nada.",
                "La planilla tiene %(count)s problemas; no se guardó nada.",
                count,
            ) % {"count": thousands(count)}
        return _("%(rows)s filas en %(tables)s tablas.") % {"rows": thousands(self.rows), "tables": len(self.tables)}


@dataclass
class Plan:
    """One sheet of the file matched to one table, ready to import."""

    model: type
    sheet: Sheet
    dataset: tablib.Dataset


def import_workbook(cuenta: Cuenta, file, user=None, *, table=None, dry_run=False, name="") -> ImportResult:
    """Import ``file`` (XLSX or CSV) into ``cuenta``: every table it brings, or only ``table``.

    All or nothing: the result's ``errors`` list every problem, and when there is
    one the database is left exactly as it was.
    """
    result = ImportResult(cuenta=cuenta, dry_run=dry_run)
    try:
        sheets = read_upload(file, name=name, columns=sheet_widths(table))
    except SpreadsheetError as error:
        result.errors.append(RowError(str(error)))
        return result
    plans = plan_import(sheets, table, result)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            # Two imports into one Cuenta at once would interleave their deletes and inserts.
            Cuenta.objects.select_for_update().only("pk").get(pk=cuenta.pk)
            for plan in plans:
                import_table(cuenta, plan, result, dry_run=dry_run)
            if result.errors or dry_run:
                transaction.set_rollback(True)
            else:
                Cuenta.objects.filter(pk=cuenta.pk).update(updated_at=timezone.now())
                if user is not None and user.pk:
                    log_import(cuenta, user, result)
    except DatabaseError as error:
        result.errors.append(RowError(_("La base de datos rechazó la importación; no se guardó nada (%s).") % error))
    return result


def sheet_widths(table) -> Callable[[str], int | None]:
    """How many columns each sheet of the file may have: its table's own and ``IMPORT_MAX_EXTRA_COLUMNS``.

    A sheet is for the table it is named after or, when one table is imported,
    for that one. Our own «Léame» and «Diccionario» sheets, and in a whole
    workbook a sheet named after no table, are not read at all: only their names matter.
    """
    by_name = {normalize(name): model for name, model in BY_SHEET.items()}

    def columns(sheet: str) -> int | None:
        key = normalize(sheet)
        if key in EXTRA_SHEETS:
            return None
        model = by_name.get(key, table)
        return None if model is None else len(headers_of(model)) + settings.IMPORT_MAX_EXTRA_COLUMNS

    return columns


def plan_import(sheets: list[Sheet], table, result: ImportResult) -> list[Plan]:
    """Match the file's sheets to tables and their headers to columns, or say why not."""
    sheets = [sheet for sheet in sheets if normalize(sheet.name) not in EXTRA_SHEETS]
    matched = match_workbook_sheets(sheets, result) if table is None else match_single_sheet(sheets, table, result)
    plans = []
    for model, sheet in matched:
        dataset = build_dataset(model, sheet, result)
        if dataset is not None:
            plans.append(Plan(model, sheet, dataset))
            for problem in sheet.problems:
                result.errors.append(RowError(problem.message, sheet.name, problem.line, problem.column))
    if not result.errors and not any(plan.dataset.height for plan in plans):
        result.errors.append(RowError(_("El archivo no trae filas de datos: solo encabezados o celdas vacías.")))
    return plans


def match_single_sheet(sheets, table, result):
    if len(sheets) == 1:
        return [(table, sheets[0])]
    wanted = normalize(sheet_name(table))
    for sheet in sheets:
        if normalize(sheet.name) == wanted:
            return [(table, sheet)]
    result.errors.append(
        RowError(_("La planilla tiene varias hojas y ninguna se llama «%(sheet)s».") % {"sheet": sheet_name(table)})
    )
    return []


def match_workbook_sheets(sheets, result):
    by_name = {normalize(name): model for name, model in BY_SHEET.items()}
    found = {}
    for sheet in sheets:
        model = by_name.get(normalize(sheet.name))
        if model is None:
            hint = suggestions(sheet.name, {normalize(name): name for name in BY_SHEET})
            message = _("la hoja «%(sheet)s» no corresponde a ninguna tabla de la cuenta") % {"sheet": sheet.name}
            if hint:
                message += "; " + _("¿quiso decir %(names)s?") % {"names": quoted_list(hint)}
            else:
                message += "; " + _("bórrela o use la plantilla de la cuenta.")
            result.errors.append(RowError(message, sheet.name))
        elif model in found:
            result.errors.append(
                RowError(_("hay dos hojas para la tabla «%(table)s».") % {"table": sheet_name(model)}, sheet.name)
            )
        else:
            found[model] = sheet
    for model in TABLES:
        if model not in found and not result.errors:
            result.errors.append(
                RowError(
                    _(
                        "Falta la hoja «%(sheet)s». La planilla de una cuenta trae todas las hojas de la plantilla, "
                        "aunque alguna quede vacía."
                    )
                    % {"sheet": sheet_name(model)}
                )
            )
    return [(model, found[model]) for model in TABLES if model in found]


def build_dataset(model, sheet: Sheet, result: ImportResult) -> tablib.Dataset | None:
    """The sheet's rows under the table's own headers; None if its headers are wrong."""
    expected = headers_of(model)
    canonical = {normalize(header): header for header in expected}
    columns, seen, errors = [], {}, []
    for index, header in enumerate(sheet.headers):
        if not header:
            if any(row[index] is not None for row in sheet.rows):
                errors.append(_("la columna %(number)s tiene datos pero no encabezado.") % {"number": index + 1})
            continue
        name = canonical.get(normalize(header))
        if name is None:
            hint = suggestions(header, canonical)
            message = _("la columna «%(header)s» no es de esta tabla") % {"header": header}
            if hint:
                message += "; " + _("¿quiso decir %(names)s?") % {"names": quoted_list(hint)}
            else:
                message += "; " + _("las columnas son %(columns)s.") % {"columns": quoted_list(expected, _("y"))}
            errors.append(message)
        elif name in seen:
            errors.append(_("la columna «%(header)s» aparece dos veces.") % {"header": name})
        else:
            seen[name] = index
            columns.append((name, index))
    for header in required_headers(model):
        if header not in seen:
            errors.append(_("falta la columna «%(header)s».") % {"header": header})
    if errors:
        result.errors.extend(RowError(message, sheet.name) for message in errors)
        return None
    dataset = tablib.Dataset(headers=[name for name, _index in columns])
    for row in sheet.rows:
        dataset.append([row[index] for _name, index in columns])
    return dataset


def import_table(cuenta: Cuenta, plan: Plan, result: ImportResult, *, dry_run: bool) -> None:
    existing = plan.model.objects.filter(cuenta=cuenta)
    table = TableResult(
        model=plan.model,
        sheet=plan.sheet.name,
        headers=list(plan.dataset.headers),
        rows=plan.dataset.height,
        replaced=existing.count(),
        preview=[[as_shown(value) for value in row] for row in plan.dataset[:PREVIEW_ROWS]],
    )
    result.tables.append(table)
    existing.delete()
    resource = resource_for(plan.model, cuenta, plan.sheet.lines)
    outcome = resource.import_data(plan.dataset, dry_run=dry_run, use_transactions=True, raise_errors=False)
    sheet = plan.sheet.name
    for invalid in outcome.invalid_rows:
        line = resource.line_of(invalid.number)
        for attribute, messages in invalid.error_dict.items():
            column = None if attribute == NON_FIELD_ERRORS else resource.column_of(attribute)
            for message in messages:
                result.errors.append(RowError(str(message), sheet, line, column))
    for error_row in outcome.error_rows:
        for error in error_row.errors:
            result.errors.append(
                RowError(
                    _("no se pudo guardar: %(error)s") % {"error": error.error},
                    sheet,
                    resource.line_of(error_row.number),
                )
            )
    for error in outcome.base_errors:
        result.errors.append(
            RowError(_("la base de datos rechazó las filas: %(error)s") % {"error": error.error}, sheet)
        )


def as_shown(value):
    """A cell as the preview shows it: Excel's dates come as datetimes at midnight."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    return value


def log_import(cuenta: Cuenta, user, result: ImportResult) -> None:
    message = _("Importó una planilla: %(summary)s") % {"summary": result.summary()}
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[cuenta], action_flag=CHANGE, change_message=message, single_object=True
    )
