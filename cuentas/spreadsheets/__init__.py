"""Reading an uploaded spreadsheet within fixed bounds, without trusting it.

* ``limits``: the bounds (``Limits``, from the ``IMPORT_MAX_*`` settings), the
  counters that hold a reader to them (``Budget``), ``Sheet`` and
  ``SpreadsheetError``, whose Spanish message names the bound a file crossed.
* ``delimited``: CSV, streamed line by line.
* ``workbook``: XLSX; the zip checked first, then each XML part streamed through expat.

``read_upload`` is the door: size, the real type from the first bytes, then one
of the two readers, which stop at the first bound crossed. Imports point
inwards: this module → ``delimited``, ``workbook`` → ``limits``.

The caller says how many columns each sheet may have (``columns``: its table's
own plus ``IMPORT_MAX_EXTRA_COLUMNS``), or that a sheet is not to be read at
all; ``services.import_workbook`` derives it from the table each sheet is for.
"""

import io
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from .delimited import read_csv
from .limits import CellProblem, Limits, Sheet, SpreadsheetError, megabytes
from .workbook import read_xlsx

__all__ = ["CellProblem", "Limits", "Sheet", "SpreadsheetError", "megabytes", "read_upload"]

XLSX_EXTENSIONS = {".xlsx"}
CSV_EXTENSIONS = {".csv", ".txt"}

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
PDF_MAGIC = b"%PDF"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls, .doc: the pre-2007 Office formats


def any_table_width() -> int:
    """Columns a sheet may have when the caller does not say: the widest table's and the margin."""
    from ..resources import TABLES, headers_of

    return max(len(headers_of(model)) for model in TABLES) + settings.IMPORT_MAX_EXTRA_COLUMNS


def read_upload(file, name: str = "", columns: Callable[[str], int | None] | None = None) -> list[Sheet]:
    """The sheets of an uploaded XLSX or CSV file, after every safety check.

    ``file`` is a binary file object (a Django ``UploadedFile`` will do);
    ``name`` defaults to its ``name``. ``columns`` gives, for a sheet's name, the
    most columns it may have, or None to leave the sheet unread (only named).
    """
    name = name or getattr(file, "name", "") or ""
    display = PurePath(name).name or _("el archivo")
    extension = PurePath(name).suffix.lower()
    limits = Limits.from_settings()
    if columns is None:
        width = any_table_width()

        def columns(sheet):
            return width

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
        return read_xlsx(file, display, limits, columns)
    if extension in XLSX_EXTENSIONS:
        raise SpreadsheetError(
            _("«%(name)s» no es un archivo Excel (.xlsx) válido: su contenido no corresponde a ese formato.")
            % {"name": display}
        )
    try:
        return [read_csv(file, display, limits, columns)]
    finally:
        file.seek(0)


def _size_of(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size
