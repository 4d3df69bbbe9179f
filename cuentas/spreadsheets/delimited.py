"""CSV, read as a stream of lines within the bounds of ``limits``.

UTF-8 (with or without the BOM Excel writes), ``;`` as Chilean Excel writes it
or ``,`` (a tab too). Bytes are decoded and split into lines a chunk at a time;
no line may be longer than a row may be (``IMPORT_MAX_ROW_CHARS``), and a NUL
anywhere, a sign of a binary file, is refused with its line. The header is
checked against the table's columns before any data row is read.
"""

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from pathlib import PurePath

from django.utils.translation import gettext as _

from .limits import (
    Budget,
    Limits,
    Sheet,
    SpreadsheetError,
    append_row,
    cell_too_long,
    header,
    row_too_long,
    too_many_columns,
)

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CHUNK = 64 * 1024
LINE_END = re.compile(r"\r\n|\n|\r")


class Lines:
    """The file's text line by line, each with its ending, counting lines and the characters of the current row.

    ``csv.reader`` pulls lines from here; a quoted field may span several, so
    the row's characters are counted across them until ``row_done``.
    """

    def __init__(self, file, display: str, sheet: str, limits: Limits):
        self.file = file
        self.display = display
        self.sheet = sheet
        self.limits = limits
        self.line = 0
        self.row_chars = 0
        self.row_start = 1

    def row_done(self) -> None:
        self.row_chars = 0
        self.row_start = self.line + 1

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        pending = ""
        first = True
        while True:
            chunk = self.file.read(CHUNK)
            failure = None
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                # The lines before the bad bytes are read first: a wrong header is named before a wrong encoding.
                failure = error
                text = chunk[: max(error.start, 0)].decode("utf-8", errors="ignore")
            if first:
                text = text.removeprefix("\ufeff")
                first = False
            pending += text
            start = 0
            for match in LINE_END.finditer(pending):
                if match.group() == "\r" and match.end() == len(pending) and chunk and not failure:
                    break  # a CR at the end of the chunk: its LF may come with the next one
                yield self.checked(pending[start : match.end()])
                start = match.end()
            pending = pending[start:]
            if failure is not None:
                raise self.not_utf8(pending)
            if len(pending) > self.limits.row_chars:
                self.row_chars += len(pending)
                raise row_too_long(self.sheet, self.display, self.row_start, self.limits.row_chars)
            if not chunk:
                break
        if pending:
            yield self.checked(pending)

    def checked(self, line: str) -> str:
        self.line += 1
        self.row_chars += len(line)
        if "\x00" in line:
            raise SpreadsheetError(
                _("«%(name)s» no es un archivo de texto CSV: la línea %(line)s contiene un carácter nulo.")
                % {"name": self.display, "line": self.line}
            )
        if self.row_chars > self.limits.row_chars:
            raise row_too_long(self.sheet, self.display, self.row_start, self.limits.row_chars)
        return line

    def not_utf8(self, text_before: str) -> SpreadsheetError:
        line = self.line + len(LINE_END.findall(text_before)) + 1
        return SpreadsheetError(
            _(
                "«%(name)s» no está en UTF-8 (la línea %(line)s tiene caracteres que no se pueden leer; parece "
                "Latin-1 o Windows-1252). En Excel use «Guardar como» → «CSV UTF-8 (delimitado por comas)»."
            )
            % {"name": self.display, "line": line}
        )


def delimiter_of(first_line: str) -> str:
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    if "\t" in first_line and first_line.count("\t") > first_line.count(delimiter):
        delimiter = "\t"
    return delimiter


def read_csv(file, display: str, limits: Limits, columns: Callable[[str], int | None]) -> Sheet:
    """The CSV ``file`` (binary, at its start) as one sheet named after the file."""
    name = PurePath(display).stem
    head = file.read(4)
    file.seek(0)
    if head.startswith(UTF16_BOMS):
        raise SpreadsheetError(
            _(
                "«%(name)s» está guardado como «Texto Unicode» (UTF-16). En Excel use «Guardar como» → "
                "«CSV UTF-8 (delimitado por comas)»."
            )
            % {"name": display}
        )
    allowed = columns(name)
    if allowed is None:
        return Sheet(name=name, headers=[], skipped=True)
    budget = Budget(limits, display)
    lines = Lines(file, display, name, limits)
    source = iter(lines)
    first = next(source, "")
    sheet = Sheet(name=name, headers=[])
    reader = csv.reader(_chain(first, source), delimiter=delimiter_of(first))
    try:
        for number, values in enumerate(reader):
            budget.steps += len(values) + 1
            budget.check_steps()
            if number == 0:
                sheet.headers = _headers(values, sheet, display, allowed)
            else:
                _data_row(values, sheet, lines.row_start, display, limits, budget, allowed)
            lines.row_done()
    except csv.Error:
        raise SpreadsheetError(
            _("«%(name)s» no es un CSV válido (línea %(line)s): revise las comillas de esa línea.")
            % {"name": display, "line": lines.line}
        ) from None
    if not sheet.headers:
        raise SpreadsheetError(_("«%(name)s» no tiene fila de encabezados.") % {"name": display})
    return sheet


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def _headers(values: list[str], sheet: Sheet, display: str, allowed: int) -> list[str]:
    headers = [header(value) for value in values]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > allowed:
        raise too_many_columns(sheet.name, display, len(headers), allowed)
    return headers


def _data_row(values, sheet: Sheet, line: int, display: str, limits: Limits, budget: Budget, allowed: int) -> None:
    width = len(sheet.headers)
    row = [None] * width
    empty = True
    for index, value in enumerate(values):
        if len(value) > limits.cell_chars:
            raise cell_too_long(sheet.name, display, line, limits.cell_chars)
        value = value.strip()
        if not value:
            continue
        if index >= allowed:
            raise too_many_columns(sheet.name, display, index + 1, allowed, line)
        budget.add_cell()
        if index < width:
            row[index] = value
            empty = False
    if not empty:
        append_row(sheet, row, line, display, limits)
