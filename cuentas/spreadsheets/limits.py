"""The bounds within which an upload is read, and the counters that hold a reader to them.

Every bound is checked while the file is read, at the first element, field or
character that crosses it: a hostile file costs at most what a file at the
bounds costs, never work in proportion to its own size or to what it declares
about itself. Each refusal is a ``SpreadsheetError`` whose message, in
Spanish, names the bound.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from ..formatting import format_number


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, in Spanish."""


@dataclass
class CellProblem:
    line: int
    column: str
    message: str


@dataclass
class Sheet:
    """One table of values as the file holds it: a header row and data rows.

    ``lines[i]`` is the row number the editor sees in Excel (or the line of the
    CSV) for ``rows[i]``; entirely empty rows are left out. A sheet no table
    reads (``skipped``) keeps only its name.
    """

    name: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    skipped: bool = False


def megabytes(size: int) -> str:
    """12.5 MB as an editor reads it: «12,5 MB»."""
    return f"{format_number(size / (1024 * 1024), 1)} MB"


def thousands(number: int) -> str:
    return format_number(number)


@dataclass(frozen=True)
class Limits:
    """The bounds of one import, from settings (``IMPORT_MAX_*``; see README, «Archivos hostiles»)."""

    rows: int
    cells: int
    cell_chars: int
    row_chars: int
    parse_steps: int
    extra_columns: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            cells=settings.IMPORT_MAX_CELLS,
            cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            row_chars=settings.IMPORT_MAX_ROW_CHARS,
            parse_steps=settings.IMPORT_MAX_PARSE_STEPS,
            extra_columns=settings.IMPORT_MAX_EXTRA_COLUMNS,
        )

    @property
    def token_bytes(self) -> int:
        """The most bytes of XML read without a single element or text event: one very long tag or comment.

        A cell at its longest, every character written as a numeric reference
        («&#128512;», 10 bytes), and room for the tags around it.
        """
        return 10 * self.cell_chars + 64 * 1024


class Budget:
    """The counters of one file: parse steps (XML elements or CSV fields, empty ones too) and non-empty cells.

    The reader adds to ``steps`` itself (the hot loop) and calls ``check_steps``
    now and then, and ``add_cell`` for every cell with a value.
    """

    def __init__(self, limits: Limits, display: str):
        self.limits = limits
        self.display = display
        self.steps = 0
        self.cells = 0

    def check_steps(self) -> None:
        if self.steps > self.limits.parse_steps:
            raise SpreadsheetError(
                _(
                    "«%(name)s» es demasiado extenso para leerlo: tiene más de %(max)s elementos (celdas, filas o "
                    "campos, también vacíos). Borre las filas y columnas vacías o divida la planilla."
                )
                % {"name": self.display, "max": thousands(self.limits.parse_steps)}
            )

    def add_cell(self) -> None:
        self.cells += 1
        if self.cells > self.limits.cells:
            raise self.too_many_cells()

    def too_many_cells(self) -> SpreadsheetError:
        return SpreadsheetError(
            _("«%(name)s» tiene más de %(max)s celdas con datos; divida la planilla.")
            % {"name": self.display, "max": thousands(self.limits.cells)}
        )


def too_many_columns(sheet: str, display: str, found: int, allowed: int, line: int | None = None) -> SpreadsheetError:
    if line is None:
        message = _(
            "La hoja «%(sheet)s» de «%(name)s» tiene %(found)s columnas de encabezado; su tabla admite hasta "
            "%(max)s. Borre las columnas que sobran."
        )
    else:
        message = _(
            "La hoja «%(sheet)s» de «%(name)s» tiene datos en la columna %(found)s de la fila %(line)s; su tabla "
            "admite hasta %(max)s columnas. Borre las columnas que sobran."
        )
    return SpreadsheetError(
        message % {"sheet": sheet, "name": display, "found": thousands(found), "max": allowed, "line": line}
    )


def cell_too_long(sheet: str, display: str, line, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("La hoja «%(sheet)s» de «%(name)s» tiene en la fila %(line)s una celda de más de %(max)s caracteres.")
        % {"sheet": sheet, "name": display, "line": line, "max": thousands(limit)}
    )


def row_too_long(sheet: str, display: str, line, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "La hoja «%(sheet)s» de «%(name)s» tiene en la fila %(line)s más de %(max)s caracteres, más de lo que "
            "cabe en una fila de una tabla; revise si falta cerrar unas comillas."
        )
        % {"sheet": sheet, "name": display, "line": line, "max": thousands(limit)}
    )


def too_many_rows(sheet: str, display: str, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("La hoja «%(sheet)s» de «%(name)s» tiene más de %(max)s filas; divida la planilla.")
        % {"sheet": sheet, "name": display, "max": thousands(limit)}
    )


def too_many_row_elements(sheet: str, display: str, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "La hoja «%(sheet)s» de «%(name)s» tiene más de %(max)s filas, contando las vacías que guardan formato; "
            "borre las filas vacías del final o divida la planilla."
        )
        % {"sheet": sheet, "name": display, "max": thousands(limit)}
    )


def header(value) -> str:
    """A header cell as matched against the table's: its words, single-spaced."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def append_row(sheet: Sheet, values: list, line: int, display: str, limits: Limits) -> None:
    if len(sheet.rows) >= limits.rows:
        raise too_many_rows(sheet.name, display, limits.rows)
    sheet.rows.append(values)
    sheet.lines.append(line)
