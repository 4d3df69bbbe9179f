"""A corpus of hostile uploads, each built in memory: what the import must refuse cheaply.

Each builder returns the file's name and bytes; ``CORPUS`` lists them with the
table they are uploaded as (None: a whole-Cuenta workbook) and the start of the
Spanish message that refuses them, under the default limits of
``config/settings.py``. ``tests/test_hostile_uploads.py`` asserts the messages
and that nothing was written; ``benchmarks/hostile_uploads.py`` times each and
measures its peak memory.

The files are built to slip past every check made before parsing (size under
``IMPORT_MAX_UPLOAD_BYTES``, zip entries compressed less than 200 times, real
types), so that what refuses them is the reader's own bounds.
"""

import io
import os
import zipfile
from dataclasses import dataclass
from functools import cache

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SHARED_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

DIGITS = bytes.maketrans(bytes(range(256)), b"0123456789" * 25 + b"012345")
LETTERS = bytes.maketrans(bytes(range(256)), b"abcdefghijklmnopqrstuvwxyz" * 9 + b"abcdefghijklmnopqrstuv")


def random_digits(size: int) -> bytes:
    """Digits that do not compress much: a zip bomb check does not see them."""
    return os.urandom(size).translate(DIGITS)


def random_letters(size: int) -> bytes:
    return os.urandom(size).translate(LETTERS)


# XLSX ---------------------------------------------------------------------------------------------


def workbook(sheets: dict[str, object], shared_strings=None, styles=None, level: int = 6) -> bytes:
    """A minimal XLSX: ``sheets`` maps a sheet's name to its XML (bytes, or an iterable of byte chunks)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{entries}</sheets></workbook>',
        )
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{WORKSHEET}" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        if shared_strings is not None:
            relations += f'<Relationship Id="rIdS" Type="{SHARED_STRINGS}" Target="sharedStrings.xml"/>'
            _write(archive, "xl/sharedStrings.xml", shared_strings)
        if styles is not None:
            relations += f'<Relationship Id="rIdT" Type="{STYLES}" Target="styles.xml"/>'
            _write(archive, "xl/styles.xml", styles)
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PACKAGE}">{relations}</Relationships>')
        for n, content in enumerate(sheets.values(), start=1):
            _write(archive, f"xl/worksheets/sheet{n}.xml", content)
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, content) -> None:
    with archive.open(name, "w", force_zip64=True) as entry:
        for chunk in [content] if isinstance(content, bytes) else content:
            entry.write(chunk)


def sheet(rows, dimension: str = "") -> bytes:
    """A worksheet of inline-string rows: each row a list of (reference, text)."""
    parts = [f'<worksheet xmlns="{MAIN}">'.encode()]
    if dimension:
        parts.append(f'<dimension ref="{dimension}"/>'.encode())
    parts.append(b"<sheetData>")
    for number, cells in rows:
        inner = "".join(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>' for ref, text in cells)
        parts.append(f'<row r="{number}">{inner}</row>'.encode())
    parts.append(b"</sheetData></worksheet>")
    return b"".join(parts)


TEAM_HEADER = (1, [("A1", "Nombre"), ("B1", "Cargo")])


def xlsx_declared_dimension():
    """11 KiB that declare A1:XFD2000 (openpyxl padded every row to 16.384 cells), a value in the far corner."""
    rows = [TEAM_HEADER] + [(n, [(f"A{n}", "Ana")]) for n in range(2, 400)] + [(2000, [("XFD2000", "x")])]
    return "dimension.xlsx", workbook({"Equipo": sheet(rows, dimension="A1:XFD2000")})


def xlsx_far_column():
    """A value in column XFD of every row."""
    rows = [TEAM_HEADER] + [(n, [(f"A{n}", "Ana"), (f"XFD{n}", "x")]) for n in range(2, 2000)]
    return "columna-lejana.xlsx", workbook({"Equipo": sheet(rows)})


def xlsx_wide_header():
    """A header row with a title in each of Excel's 16.384 columns."""
    cells = [(f"{_letters(n)}1", f"Columna {n}") for n in range(1, 16_385)]
    return "encabezado-ancho.xlsx", workbook({"Equipo": sheet([(1, cells)])})


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def empty_rows(megabytes: int):
    """Empty rows (``<row r="…"/>``), as Excel writes rows it has formatted, ``megabytes`` of them unpacked."""

    def chunks():
        yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nombre</t></is></c></row>'
        block = "".join(f'<row r="{n}" spans="1:2" x14ac:dyDescent="0.25"/>' for n in range(2, 100_002)).encode()
        for _ in range(megabytes * 1024 * 1024 // len(block)):
            yield block
        yield b"</sheetData></worksheet>"

    return workbook({"Equipo": chunks()}, level=9)


@cache
def xlsx_empty_rows_95_mb():
    """The issue's file: 95 MB of empty rows in a few MB, which took 97 s to be refused."""
    return "filas-vacias-95.xlsx", empty_rows(95)


@cache
def xlsx_empty_rows():
    """45 MB of empty rows: within the unpacked size, so the reader's own count refuses them."""
    return "filas-vacias.xlsx", empty_rows(45)


def xlsx_long_text():
    """A cell whose text goes on for 5 MB of digits."""
    content = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nombre</t></is></c></row>'
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        + random_digits(5 * 1024 * 1024)
        + b"</t></is></c></row></sheetData></worksheet>"
    )
    return "texto-largo.xlsx", workbook({"Equipo": content})


def xlsx_long_shared_string():
    strings = f'<sst xmlns="{MAIN}"><si><t>'.encode() + random_letters(100_000) + b"</t></si></sst>"
    content = sheet([]).replace(b"<sheetData>", b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return "texto-compartido-largo.xlsx", workbook({"Equipo": content}, shared_strings=strings)


def xlsx_many_shared_strings():
    """Shared strings by the hundred thousand, more than the cells a file may have."""

    def chunks():
        yield f'<sst xmlns="{MAIN}">'.encode()
        for start in range(0, 400_000, 10_000):
            yield "".join(f"<si><t>t{n}</t></si>" for n in range(start, start + 10_000)).encode()
        yield b"</sst>"

    return "textos-compartidos.xlsx", workbook({"Equipo": sheet([TEAM_HEADER])}, shared_strings=chunks())


def xlsx_many_cells():
    """Two sheets of 45.000 rows, within their tables' width: more cells with data than a file may have."""

    def rows(width):
        yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        header = "".join(f'<c r="{_letters(c)}1"><v>{c}</v></c>' for c in range(1, 5))
        yield f'<row r="1">{header}</row>'.encode()
        for start in range(2, 45_002, 1_000):
            block = []
            for number in range(start, start + 1_000):
                cells = "".join(f'<c r="{_letters(c)}{number}"><v>{number * c}</v></c>' for c in range(1, width + 1))
                block.append(f'<row r="{number}">{cells}</row>')
            yield "".join(block).encode()
        yield b"</sheetData></worksheet>"

    return "muchas-celdas.xlsx", workbook({"Equipo": rows(4), "Efemérides": rows(4)})


def xlsx_long_comment():
    """A comment of 6 MB, a '>' every 100 bytes: no element, no text, for expat to hold whole."""
    filler = b"".join(random_letters(99) + b">" for _ in range(60_000))
    content = f'<worksheet xmlns="{MAIN}"><!-- '.encode() + filler + b" --><sheetData/></worksheet>"
    return "comentario.xlsx", workbook({"Equipo": content})


def xlsx_deep_nesting():
    content = f'<worksheet xmlns="{MAIN}">'.encode() + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</worksheet>"
    return "anidado.xlsx", workbook({"Equipo": content})


def xlsx_bloated_styles():
    """Styles by the million (Excel allows 64.000), with numbers that do not compress much."""

    def chunks():
        yield f'<styleSheet xmlns="{MAIN}"><cellXfs>'.encode()
        for _ in range(100):
            digits = random_digits(20_000)
            yield b"".join(b'<xf numFmtId="' + digits[n : n + 2] + b'"/>' for n in range(0, 20_000, 2))
        yield b"</cellXfs></styleSheet>"

    return "estilos.xlsx", workbook({"Equipo": sheet([TEAM_HEADER])}, styles=chunks())


def xlsx_entity_expansion():
    """A «billion laughs»: entity declarations in a DOCTYPE."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c>'
        "</row></sheetData></worksheet>"
    )
    return "entidades.xlsx", workbook({"Equipo": laughs.encode()})


def xlsx_zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(150):
                entry.write(b"\0" * (1024 * 1024))
    return "bomba.xlsx", buffer.getvalue()


# CSV ----------------------------------------------------------------------------------------------


def csv_wide_header():
    """The issue's file: 673 KiB whose header has 100.000 columns."""
    header = ";".join(f"c{n}" for n in range(100_000))
    return "encabezado-ancho.csv", (header + "\n" + "Ana;Jefa\n" * 200).encode()


def csv_wide_header_within_a_row():
    """A header of 12.000 columns, short enough for one row: the header's width refuses it."""
    return "columnas.csv", (";".join(f"c{n}" for n in range(12_000)) + "\nAna\n").encode()


def csv_nul_after_4_kib():
    body = "Nombre;Cargo\n" + "Ana;Jefa\n" * 1_000 + "Nul\x00o;Jefa\n" + "Ana;Jefa\n" * 10
    return "nulo.csv", body.encode()


def csv_long_cell():
    return "celda-larga.csv", b"Nombre;Cargo\n" + random_letters(40_000) + b";Jefa\n"


def csv_endless_line():
    return "linea-infinita.csv", b"Nombre;Cargo\n" + random_letters(9 * 1024 * 1024)


def csv_unclosed_quote():
    return "comilla.csv", b'Nombre;Cargo\n"Ana' + b"\nsigue" * 1_000_000


def csv_many_rows():
    return "filas.csv", b"Nombre\n" + b"Ana\n" * 60_000


def csv_many_empty_fields():
    """Rows of nothing but separators: every field is work, none a cell."""
    return "separadores.csv", b"Nombre;Cargo\n" + b";;;;;;;;\n" * 200_000


@dataclass(frozen=True)
class Hostile:
    build: object
    message: str
    table: str | None = "TeamMember"


TOO_LONG_ROW = (
    "La hoja «{sheet}» de «{{name}}» tiene en la fila {line} más de 100.000 caracteres, más de lo que cabe en una "
    "fila de una tabla; revise si falta cerrar unas comillas."
)
TOO_MANY_COLUMNS = (
    "La hoja «Equipo» de «{{name}}» tiene datos en la columna 16.384 de la fila {line}; su tabla admite hasta 9 "
    "columnas. Borre las columnas que sobran."
)
TOO_MANY_CELLS = "«{name}» tiene más de 100.000 celdas con datos; divida la planilla."
TOO_MANY_BYTES = (
    "«{{name}}» ocuparía {size} MB al descomprimirse; el máximo es 50,0 MB. Puede ser un archivo malicioso "
    "(«bomba zip»)."
)

CORPUS = (
    Hostile(xlsx_declared_dimension, TOO_MANY_COLUMNS.format(line=2000)),
    Hostile(xlsx_far_column, TOO_MANY_COLUMNS.format(line=2)),
    Hostile(
        xlsx_wide_header,
        "La hoja «Equipo» de «{name}» tiene 10 columnas de encabezado; su tabla admite hasta 9. "
        "Borre las columnas que sobran.",
    ),
    Hostile(xlsx_empty_rows_95_mb, TOO_MANY_BYTES.format(size="92,2")),
    Hostile(
        xlsx_empty_rows,
        "La hoja «Equipo» de «{name}» tiene más de 50.000 filas, contando las vacías que guardan formato; "
        "borre las filas vacías del final o divida la planilla.",
    ),
    Hostile(xlsx_long_text, "La hoja «Equipo» de «{name}» tiene en la fila 2 una celda de más de 32.767 caracteres."),
    Hostile(xlsx_long_shared_string, "«{name}» tiene un texto de más de 32.767 caracteres."),
    Hostile(xlsx_many_shared_strings, TOO_MANY_CELLS),
    Hostile(xlsx_many_cells, TOO_MANY_CELLS, table=None),
    Hostile(
        xlsx_long_comment,
        "«{name}» tiene un elemento de más de 0,4 MB sin datos que leer; no parece una planilla hecha con Excel.",
    ),
    Hostile(
        xlsx_deep_nesting,
        "«{name}» está dañado o no es una planilla Excel (.xlsx): anida elementos a más de 32 niveles.",
    ),
    Hostile(xlsx_bloated_styles, "«{name}» tiene más de 65.536 estilos de celda, más de los que Excel admite."),
    Hostile(
        xlsx_entity_expansion,
        "«{name}» trae declaraciones XML (DOCTYPE o entidades), que una planilla de Excel no tiene; no se abrirá.",
    ),
    Hostile(xlsx_zip_bomb, TOO_MANY_BYTES.format(size="150,0")),
    Hostile(csv_wide_header, TOO_LONG_ROW.format(sheet="encabezado-ancho", line=1)),
    Hostile(
        csv_wide_header_within_a_row,
        "La hoja «columnas» de «{name}» tiene 12.000 columnas de encabezado; su tabla admite hasta 9. "
        "Borre las columnas que sobran.",
    ),
    Hostile(csv_nul_after_4_kib, "«{name}» no es un archivo de texto CSV: la línea 1002 contiene un carácter nulo."),
    Hostile(
        csv_long_cell, "La hoja «celda-larga» de «{name}» tiene en la fila 2 una celda de más de 32.767 caracteres."
    ),
    Hostile(csv_endless_line, TOO_LONG_ROW.format(sheet="linea-infinita", line=2)),
    Hostile(csv_unclosed_quote, TOO_LONG_ROW.format(sheet="comilla", line=2)),
    Hostile(csv_many_rows, "La hoja «filas» de «{name}» tiene más de 50.000 filas; divida la planilla."),
    Hostile(
        csv_many_empty_fields,
        "«{name}» es demasiado extenso para leerlo: tiene más de 300.000 elementos (celdas, filas o campos, también "
        "vacíos). Borre las filas y columnas vacías o divida la planilla.",
    ),
)
