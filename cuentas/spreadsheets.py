"""Reading an uploaded spreadsheet without trusting it.

Every check that can be made before parsing is made before parsing: the size of
the upload, what the first bytes say the file really is, and, for an XLSX (a zip
archive), how many files it holds and how big they would be once unpacked. Only
then does openpyxl open it, read-only, never evaluating a formula: a formula
cell yields the value Excel saved with it, or is refused if it has none.

CSV files must be UTF-8 (with or without the BOM Excel writes) and may use the
``;`` Chilean Excel writes or ``,``.

Every problem is a ``SpreadsheetError`` whose message, in Spanish, is meant for
the editor who uploaded the file.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from .formatting import format_number

XLSX_EXTENSIONS = {".xlsx"}
CSV_EXTENSIONS = {".csv", ".txt"}

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
PDF_MAGIC = b"%PDF"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls, .doc: the pre-2007 Office formats
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"

#: A single file inside an XLSX that unpacks to more than this many times its
#: packed size is a zip bomb: real worksheets compress about 10 to 30 times.
MAX_COMPRESSION_RATIO = 200


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
    CSV) for ``rows[i]``; entirely empty rows are left out.
    """

    name: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def megabytes(size: int) -> str:
    """12.5 MB as an editor reads it: «12,5 MB»."""
    return f"{format_number(size / (1024 * 1024), 1)} MB"


def read_upload(file, name: str = "") -> list[Sheet]:
    """The sheets of an uploaded XLSX or CSV file, after every safety check.

    ``file`` is a binary file object (a Django ``UploadedFile`` will do);
    ``name`` defaults to its ``name``.
    """
    name = name or getattr(file, "name", "") or ""
    display = PurePath(name).name or _("el archivo")
    extension = PurePath(name).suffix.lower()
    size = _size_of(file)
    if size == 0:
        raise SpreadsheetError(_("«%(name)s» está vacío.") % {"name": display})
    if size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise SpreadsheetError(
            _("«%(name)s» pesa %(size)s; el máximo que se acepta es %(max)s.")
            % {"name": display, "size": megabytes(size), "max": megabytes(settings.IMPORT_MAX_UPLOAD_BYTES)}
        )
    if extension not in XLSX_EXTENSIONS | CSV_EXTENSIONS:
        raise SpreadsheetError(
            _("«%(name)s» no es una planilla: se aceptan archivos Excel (.xlsx) o CSV (.csv).") % {"name": display}
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(PDF_MAGIC):
        raise SpreadsheetError(
            _("«%(name)s» es un documento PDF, no una planilla. Suba la planilla en Excel (.xlsx) o CSV.")
            % {"name": display}
        )
    if head.startswith(OLE2_MAGIC):
        raise SpreadsheetError(
            _(
                "«%(name)s» está en el formato antiguo de Excel (.xls). Ábralo en Excel y guárdelo como "
                "«Libro de Excel (.xlsx)»."
            )
            % {"name": display}
        )
    if head.startswith(ZIP_MAGIC):
        if extension not in XLSX_EXTENSIONS:
            raise SpreadsheetError(
                _("«%(name)s» no es un archivo de texto CSV: parece un archivo comprimido o un Excel (.xlsx).")
                % {"name": display}
            )
        return read_xlsx(file, display)
    if extension in XLSX_EXTENSIONS:
        raise SpreadsheetError(
            _("«%(name)s» no es un archivo Excel (.xlsx) válido: su contenido no corresponde a ese formato.")
            % {"name": display}
        )
    return [read_csv(file.read(), display)]


def _size_of(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


# XLSX --------------------------------------------------------------------------------------------


def check_zip(file, display: str) -> None:
    """Refuse archives that are broken, encrypted, or would unpack to something absurd."""
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(
            _("«%(name)s» está dañado: no se puede abrir como archivo Excel (.xlsx).") % {"name": display}
        ) from None
    finally:
        file.seek(0)
    if len(entries) > settings.IMPORT_MAX_ZIP_ENTRIES:
        raise SpreadsheetError(
            _("«%(name)s» contiene %(count)s archivos internos; una planilla normal tiene unas decenas.")
            % {"name": display, "count": len(entries)}
        )
    total = sum(entry.file_size for entry in entries)
    if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            _(
                "«%(name)s» ocuparía %(size)s al descomprimirse; el máximo es %(max)s. "
                "Puede ser un archivo malicioso («bomba zip»)."
            )
            % {"name": display, "size": megabytes(total), "max": megabytes(settings.IMPORT_MAX_UNCOMPRESSED_BYTES)}
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise SpreadsheetError(
                _("«%(name)s» está protegido con contraseña; quite la protección y vuelva a subirlo.")
                % {"name": display}
            )
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            raise SpreadsheetError(
                _("«%(name)s» tiene un contenido comprimido de forma anómala y no se abrirá («bomba zip»).")
                % {"name": display}
            )
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(
            _("«%(name)s» es un archivo comprimido, pero no una planilla Excel (.xlsx).") % {"name": display}
        )


def read_xlsx(file, display: str) -> list[Sheet]:
    check_zip(file, display)
    sheets, formulas = _read_workbook(file, display, data_only=False)
    if formulas:
        # Formulas are never evaluated: take the value Excel saved with each one.
        sheets, _ignored = _read_workbook(file, display, data_only=True)
        for sheet in sheets:
            index_of = {line: index for index, line in enumerate(sheet.lines)}
            for line, column in formulas.get(sheet.name, ()):
                index = index_of.get(line)
                value = sheet.rows[index][column] if index is not None else None
                if value is None:
                    sheet.problems.append(
                        CellProblem(
                            line,
                            sheet.headers[column],
                            _(
                                "la celda tiene una fórmula sin valor calculado; ábrala en Excel, guarde, "
                                "o pegue solo los valores."
                            ),
                        )
                    )
    return sheets


def _read_workbook(file, display: str, *, data_only: bool):
    # Imported here so that settings and URL loading never pay for openpyxl.
    import openpyxl

    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=data_only, keep_links=False)
    except Exception:
        # openpyxl raises many kinds of errors for a damaged file; all mean the same to the editor.
        raise SpreadsheetError(
            _("«%(name)s» está dañado o no es una planilla Excel (.xlsx) válida.") % {"name": display}
        ) from None
    sheets, formulas = [], {}
    try:
        for worksheet in workbook.worksheets:
            sheet, sheet_formulas = _read_worksheet(worksheet, display, data_only=data_only)
            sheets.append(sheet)
            if sheet_formulas:
                formulas[sheet.name] = sheet_formulas
    except SpreadsheetError:
        raise
    except Exception:
        raise SpreadsheetError(_("«%(name)s» está dañado: no se pudo leer su contenido.") % {"name": display}) from None
    finally:
        workbook.close()
        file.seek(0)
    return sheets, formulas


def _read_worksheet(worksheet, display: str, *, data_only: bool):
    """The sheet's values, and the cells that may hold a formula.

    Without ``data_only`` a formula cell reads as its text, «=SUM(B2:B9)»; such
    cells are noted so the caller can read them again as the value Excel saved.
    A text that merely starts with «=» is noted too, and reads back as itself.
    """
    rows = worksheet.iter_rows(values_only=True)
    headers = [_header(value) for value in next(rows, ())]
    while headers and not headers[-1]:
        headers.pop()
    sheet = Sheet(name=worksheet.title, headers=headers)
    formulas = []
    width = len(headers)
    for line, row in enumerate(rows, start=2):
        values = list(row[:width])
        empty = True
        for column, value in enumerate(values):
            if isinstance(value, str):
                value = value.strip() or None
                if value and value[0] == "=" and not data_only:
                    formulas.append((line, column))
                    empty = False
                values[column] = value
            if value is not None:
                empty = False
        if empty:
            continue
        values += [None] * (width - len(values))
        _append(sheet, values, line, display)
    return sheet, formulas


def _header(value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _append(sheet: Sheet, values: list, line: int, display: str) -> None:
    if len(sheet.rows) >= settings.IMPORT_MAX_ROWS:
        raise SpreadsheetError(
            _("La hoja «%(sheet)s» de «%(name)s» tiene más de %(max)s filas; divida la planilla.")
            % {"sheet": sheet.name, "name": display, "max": format_number(settings.IMPORT_MAX_ROWS)}
        )
    sheet.rows.append(values)
    sheet.lines.append(line)


# CSV ---------------------------------------------------------------------------------------------


def read_csv(data: bytes, display: str) -> Sheet:
    if data.startswith(UTF16_BOMS):
        raise SpreadsheetError(
            _(
                "«%(name)s» está guardado como «Texto Unicode» (UTF-16). En Excel use «Guardar como» → "
                "«CSV UTF-8 (delimitado por comas)»."
            )
            % {"name": display}
        )
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(_("«%(name)s» no es un archivo de texto CSV.") % {"name": display})
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SpreadsheetError(
            _(
                "«%(name)s» no está en UTF-8 (la línea %(line)s tiene caracteres que no se pueden leer; parece "
                "Latin-1 o Windows-1252). En Excel use «Guardar como» → «CSV UTF-8 (delimitado por comas)»."
            )
            % {"name": display, "line": line}
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    if "\t" in first_line and first_line.count("\t") > first_line.count(delimiter):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet = Sheet(name=PurePath(display).stem, headers=[])
    try:
        for header_row in reader:
            sheet.headers = [_header(value) for value in header_row]
            break
        while sheet.headers and not sheet.headers[-1]:
            sheet.headers.pop()
        width = len(sheet.headers)
        for values in reader:
            values = [value.strip() or None for value in values[:width]]
            if all(value is None for value in values):
                continue
            values += [None] * (width - len(values))
            _append(sheet, values, reader.line_num, display)
    except csv.Error as error:
        raise SpreadsheetError(
            _("«%(name)s» no es un CSV válido (línea %(line)s): %(error)s")
            % {"name": display, "line": reader.line_num, "error": error}
        ) from None
    if not sheet.headers:
        raise SpreadsheetError(_("«%(name)s» no tiene fila de encabezados.") % {"name": display})
    return sheet
