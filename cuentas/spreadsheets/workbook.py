"""XLSX, read part by part through expat within the bounds of ``limits``.

Before any XML is parsed the archive is checked (``check_zip``): how many files
it holds, how big they would be unpacked and how much each is compressed (zip
bombs), encryption. Then the workbook's own parts are read: its list of sheets
and where they are, the styles (which number formats are dates), the shared
strings; and each sheet the import needs. Every part is streamed: expat gets it
64 KiB at a time as it is decompressed, each element is one step of the file's
``Budget``, and a tag, comment or text that goes on for more than
``Limits.token_bytes`` without an event is refused, so expat never holds more.

Nothing a file says about itself is believed: the declared dimension
(``<dimension ref="A1:XFD2000">``) is not read, a row is as wide as its cells,
and a cell with a value beyond the columns its table may have is refused the
moment it is seen. No formula is evaluated: a formula cell gives the value
Excel saved with it, or is reported if it has none. A DOCTYPE (and so any
entity declaration) is refused, as defusedxml does for openpyxl.

openpyxl does not read uploads: its read-only worksheet pads every row to the
declared dimension and builds each row's elements whole before handing it over
(README, «Archivos hostiles»). Its number-format and date helpers are used.
"""

import posixpath
import zipfile
import zlib
from collections.abc import Callable
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

from .limits import (
    Budget,
    CellProblem,
    Limits,
    Sheet,
    SpreadsheetError,
    append_row,
    cell_too_long,
    header,
    megabytes,
    row_too_long,
    thousands,
    too_many_columns,
    too_many_row_elements,
)

CHUNK = 64 * 1024
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
#: Excel's own bounds of a sheet, of its cell styles and of the nesting of SpreadsheetML (with room).
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
MAX_STYLES = 65_536
MAX_DEPTH = 32

#: A single file inside an XLSX that unpacks to more than this many times its
#: packed size is a zip bomb: real worksheets compress about 10 to 30 times.
MAX_COMPRESSION_RATIO = 200


def damaged(display: str) -> SpreadsheetError:
    return SpreadsheetError(_("«%(name)s» está dañado o no es una planilla Excel (.xlsx) válida.") % {"name": display})


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
    if WORKBOOK not in {entry.filename for entry in entries}:
        raise SpreadsheetError(
            _("«%(name)s» es un archivo comprimido, pero no una planilla Excel (.xlsx).") % {"name": display}
        )


def read_xlsx(file, display: str, limits: Limits, columns: Callable[[str], int | None]) -> list[Sheet]:
    """The worksheets of the XLSX ``file``; those ``columns`` gives no width for are only named."""
    check_zip(file, display)
    budget = Budget(limits, display)
    try:
        with zipfile.ZipFile(file) as archive:
            return Book(archive, display, limits, budget).sheets(columns)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, KeyError, ValueError, IndexError):
        raise damaged(display) from None
    finally:
        file.seek(0)


class Book:
    """One workbook being read: its parts, found through its relationships, and what they say."""

    def __init__(self, archive: zipfile.ZipFile, display: str, limits: Limits, budget: Budget):
        self.archive = archive
        self.display = display
        self.limits = limits
        self.budget = budget
        self.names = set(archive.namelist())

    def parse(self, name: str, handler: "Handler") -> None:
        """Feed the part ``name`` to expat with ``handler``, a chunk at a time."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = CHUNK
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self.refuse_declarations
        parser.EntityDeclHandler = self.refuse_declarations
        parser.ExternalEntityRefHandler = self.refuse_declarations
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.characters
        quiet = 0
        try:
            with self.archive.open(name) as stream:
                while chunk := stream.read(CHUNK):
                    before = self.budget.steps + handler.text_seen
                    parser.Parse(chunk, False)
                    quiet = 0 if self.budget.steps + handler.text_seen != before else quiet + len(chunk)
                    if quiet > self.limits.token_bytes:
                        raise SpreadsheetError(
                            _(
                                "«%(name)s» tiene un elemento de más de %(max)s sin datos que leer; no parece una "
                                "planilla hecha con Excel."
                            )
                            % {"name": self.display, "max": megabytes(self.limits.token_bytes)}
                        )
                parser.Parse(b"", True)
        except expat.ExpatError:
            raise damaged(self.display) from None

    def refuse_declarations(self, *args):
        raise SpreadsheetError(
            _(
                "«%(name)s» trae declaraciones XML (DOCTYPE o entidades), que una planilla de Excel no tiene; "
                "no se abrirá."
            )
            % {"name": self.display}
        )

    def part(self, target: str) -> str:
        """The archive name of a relationship's target, relative to ``xl/`` or absolute."""
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if name not in self.names:
            raise damaged(self.display)
        return name

    def sheets(self, columns: Callable[[str], int | None]) -> list[Sheet]:
        workbook = WorkbookHandler(self.budget)
        self.parse(WORKBOOK, workbook)
        relations = RelationsHandler(self.budget)
        if WORKBOOK_RELS not in self.names:
            raise damaged(self.display)
        self.parse(WORKBOOK_RELS, relations)
        styles = StylesHandler(self.budget)
        strings = StringsHandler(self.budget, self.display, self.limits)
        for kind, target in relations.targets.values():
            if kind.endswith("/styles"):
                self.parse(self.part(target), styles)
            elif kind.endswith("/sharedStrings"):
                self.parse(self.part(target), strings)
        dates, durations = styles.date_styles()
        epoch = calendar(workbook.date1904)
        sheets = []
        for name, relation in workbook.sheets:
            kind, target = relations.targets.get(relation, ("", ""))
            if not kind.endswith("/worksheet"):
                continue  # a chart sheet or a dialog: no cells
            allowed = columns(name)
            if allowed is None:
                sheets.append(Sheet(name=name, headers=[], skipped=True))
                continue
            handler = SheetHandler(
                Sheet(name=name, headers=[]), self, min(allowed, MAX_COLUMN), strings.strings, dates, durations, epoch
            )
            self.parse(self.part(target), handler)
            sheets.append(handler.finish())
        return sheets


def calendar(date1904: bool):
    """The day Excel counts dates from in this workbook."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    return CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900


def local(name: str) -> str:
    """An element's name without its namespace prefix («x:row» → «row»)."""
    return name.rpartition(":")[2] if ":" in name else name


class Handler:
    """expat callbacks: every element one step of the budget; ``text_seen`` counts characters delivered.

    Elements nest at most ``MAX_DEPTH`` deep (SpreadsheetML needs fewer than ten
    levels), so expat's stack of open elements stays small.
    """

    def __init__(self, budget: Budget):
        self.budget = budget
        self.text_seen = 0
        self.depth = 0

    def start(self, name, attrs):
        self.budget.steps += 1
        if self.budget.steps > self.budget.limits.parse_steps:
            self.budget.check_steps()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.too_deep()
        self.open(local(name), attrs)

    def too_deep(self) -> SpreadsheetError:
        return SpreadsheetError(
            _("«%(name)s» está dañado o no es una planilla Excel (.xlsx): anida elementos a más de %(max)s niveles.")
            % {"name": self.budget.display, "max": MAX_DEPTH}
        )

    def open(self, name, attrs):
        pass

    def end(self, name):
        self.depth -= 1
        self.close(local(name))

    def close(self, name):
        pass

    def characters(self, data):
        self.text_seen += len(data)


class WorkbookHandler(Handler):
    def __init__(self, budget):
        super().__init__(budget)
        self.sheets: list[tuple[str, str]] = []
        self.date1904 = False

    def open(self, name, attrs):
        if name == "sheet":
            relation = next((value for key, value in attrs.items() if key.endswith(":id")), "")
            self.sheets.append((attrs.get("name", ""), relation))
        elif name == "workbookPr":
            self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")


class RelationsHandler(Handler):
    def __init__(self, budget):
        super().__init__(budget)
        self.targets: dict[str, tuple[str, str]] = {}

    def open(self, name, attrs):
        if name == "Relationship" and attrs.get("TargetMode") != "External":
            self.targets[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))


class StylesHandler(Handler):
    """The number format of each cell style (``cellXfs``), to tell dates and durations from numbers."""

    def __init__(self, budget):
        super().__init__(budget)
        self.custom: dict[int, str] = {}
        self.formats: list[int] = []
        self.within = ""

    def open(self, name, attrs):
        if name in ("numFmts", "cellXfs"):
            self.within = name
        elif name == "numFmt" and self.within == "numFmts":
            self.custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")[:255]
        elif name == "xf" and self.within == "cellXfs":
            self.formats.append(int(attrs.get("numFmtId", "0")))
        if len(self.formats) > MAX_STYLES or len(self.custom) > MAX_STYLES:
            raise SpreadsheetError(
                _("«%(name)s» tiene más de %(max)s estilos de celda, más de los que Excel admite.")
                % {"name": self.budget.display, "max": thousands(MAX_STYLES)}
            )

    def close(self, name):
        if name in ("numFmts", "cellXfs"):
            self.within = ""

    def date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        codes = [self.custom.get(number, BUILTIN_FORMATS.get(number)) for number in self.formats]
        dates = frozenset(index for index, code in enumerate(codes) if code and is_date_format(code))
        durations = frozenset(index for index, code in enumerate(codes) if code and is_timedelta_format(code))
        return dates, durations


class StringsHandler(Handler):
    """The shared strings: each ``<si>``'s text runs, without the phonetic guides (``<rPh>``)."""

    def __init__(self, budget, display, limits):
        super().__init__(budget)
        self.display = display
        self.limits = limits
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.length = 0
        self.collecting = False
        self.phonetic = False

    def open(self, name, attrs):
        if name == "si":
            self.parts, self.length = [], 0
        elif name == "t" and not self.phonetic:
            self.collecting = True
        elif name == "rPh":
            self.phonetic = True

    def close(self, name):
        if name == "t":
            self.collecting = False
        elif name == "rPh":
            self.phonetic = False
        elif name == "si":
            if len(self.strings) >= self.limits.cells:
                raise self.budget.too_many_cells()
            self.strings.append("".join(self.parts).replace("x005F_", ""))  # as openpyxl reads them

    def characters(self, data):
        self.text_seen += len(data)
        if self.collecting:
            self.length += len(data)
            if self.length > self.limits.cell_chars:
                raise SpreadsheetError(
                    _("«%(name)s» tiene un texto de más de %(max)s caracteres.")
                    % {"name": self.display, "max": thousands(self.limits.cell_chars)}
                )
            self.parts.append(data)


def column_index(reference: str) -> int:
    """«AB12» → 28; 0 if the reference starts with no letter."""
    number = 0
    for char in reference:
        code = ord(char) - 64
        if not 1 <= code <= 26:
            break
        number = number * 26 + code
    return number


def number(text: str):
    return float(text) if ("." in text or "E" in text or "e" in text) else int(text)


class SheetHandler(Handler):
    """One worksheet's cells, row by row: row 1 is the header, each later row with a value a data row."""

    def __init__(self, sheet: Sheet, book: Book, allowed: int, strings, dates, durations, epoch):
        super().__init__(book.budget)
        self.sheet = sheet
        self.display = book.display
        self.limits = book.limits
        self.allowed = allowed
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = epoch
        self.row = 0
        self.values: dict[int, object] = {}
        self.keep_row = False
        self.row_chars = 0
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.formula = False
        self.parts: list[str] = []
        self.length = 0
        self.collecting = False
        self.inline = False
        self.phonetic = False
        self.max_steps = book.limits.parse_steps
        self.rows_seen = 0

    # start and end are the hot loop of a sheet: the budget, the depth and the prefix are
    # handled here rather than through Handler's layers, a third of the time per element.

    def start(self, name, attrs):
        budget = self.budget
        budget.steps += 1
        if budget.steps > self.max_steps:
            budget.check_steps()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.too_deep()
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            reference = attrs.get("r")
            self.column = column_index(reference) if reference else self.column + 1
            if not 0 < self.column <= MAX_COLUMN:
                raise damaged(self.display)
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.formula = False
            self.parts, self.length = [], 0
        elif name == "v":
            self.collecting = True
        elif name == "row":
            self.rows_seen += 1
            if self.rows_seen > self.limits.rows + 1:
                raise too_many_row_elements(self.sheet.name, self.display, self.limits.rows)
            reference = attrs.get("r")
            self.row = int(reference) if reference else self.row + 1
            if not 0 < self.row <= MAX_ROW:
                raise damaged(self.display)
            self.column = 0
            if self.values:
                self.values = {}
            self.keep_row = False
            self.row_chars = 0
        elif name == "f":
            self.formula = True
        elif name == "is":
            self.inline = True
        elif name == "t":
            self.collecting = self.inline and not self.phonetic
        elif name == "rPh":
            self.phonetic = True

    def end(self, name):
        self.depth -= 1
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            self.cell_done()
        elif name == "v" or name == "t":  # the hot loop: no tuple built per element
            self.collecting = False
        elif name == "row":
            if self.keep_row or self.row == 1:
                self.row_done()
        elif name == "rPh":
            self.phonetic = False
        elif name == "is":
            self.inline = False

    def characters(self, data):
        self.text_seen += len(data)
        if self.collecting:
            self.length += len(data)
            if self.length > self.limits.cell_chars:
                raise cell_too_long(self.sheet.name, self.display, self.row, self.limits.cell_chars)
            self.parts.append(data)

    def value(self):
        raw = "".join(self.parts) if self.parts else None
        if not raw:
            return None
        kind = self.kind
        if kind == "s":
            return self.strings[int(raw)]
        if kind in ("inlineStr", "str", "e"):
            return raw
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(raw)
        value = number(raw)
        if self.style in self.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(value, self.epoch, timedelta=self.style in self.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl reads a date out of range
        return value

    def cell_done(self):
        value = self.value()
        if isinstance(value, str):
            value = value.strip() or None
        # Data beyond the header's columns (but within the table's) is not read, as before any limit.
        read = self.row == 1 or self.column <= len(self.sheet.headers)
        if value is None:
            if self.formula and read and self.row > 1:
                self.no_saved_value()
            return
        if self.column > self.allowed:
            line = None if self.row == 1 else self.row
            raise too_many_columns(self.sheet.name, self.display, self.column, self.allowed, line)
        if isinstance(value, str):
            self.row_chars += len(value)
            if self.row_chars > self.limits.row_chars:
                raise row_too_long(self.sheet.name, self.display, self.row, self.limits.row_chars)
        self.budget.add_cell()
        if read:
            self.values[self.column] = value
            self.keep_row = True

    def no_saved_value(self):
        """A formula Excel saved no value with: the row is kept, and the cell reported."""
        self.keep_row = True
        message = _(
            "la celda tiene una fórmula sin valor calculado; ábrala en Excel, guarde, o pegue solo los valores."
        )
        self.sheet.problems.append(CellProblem(self.row, self.sheet.headers[self.column - 1], message))

    def row_done(self):
        if self.row == 1:
            width = max(self.values, default=0)
            headers = [header(self.values.get(column)) for column in range(1, width + 1)]
            while headers and not headers[-1]:
                headers.pop()
            self.sheet.headers = headers
            return
        if not self.keep_row:
            return
        width = len(self.sheet.headers)
        values = [self.values.get(column) for column in range(1, width + 1)]
        append_row(self.sheet, values, self.row, self.display, self.limits)

    def finish(self) -> Sheet:
        return self.sheet
