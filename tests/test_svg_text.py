"""Chart labels drawn by WeasyPrint as whole runs of text (cuentas/svg_text.py)."""

import io
from contextlib import contextmanager

import pikepdf
import pypdf
import pytest
import weasyprint

from cuentas import charts, svg_text


def svg(*texts: str, width: int = 480, height: int = 120) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="DejaVu Sans" font-size="15">{"".join(texts)}</svg>'
    )


def render(markup: str) -> bytes:
    return weasyprint.HTML(string=f"<html><body style='margin: 0'>{markup}</body></html>").write_pdf()


@contextmanager
def glyph_by_glyph():
    """WeasyPrint's own text function, as before ``svg_text.install``."""
    tags = dict(svg_text._svg.TAGS)
    for tag, function in tags.items():
        if function is svg_text.text:
            svg_text._svg.TAGS[tag] = svg_text._per_glyph_text
    svg_text._svg.text = svg_text._per_glyph_text
    try:
        yield
    finally:
        svg_text._svg.TAGS.update(tags)
        svg_text._svg.text = svg_text.text


def text_operations(content: bytes) -> list[tuple[str, list]]:
    """The text-showing and colour operators of the first page, its form XObjects' included, in order."""
    operations = []

    def walk(owner):
        for operands, operator in pikepdf.parse_content_stream(owner):
            if str(operator) in ("Tj", "TJ", "rg"):
                operations.append((str(operator), list(operands)))
            if str(operator) == "Do":
                walk(resources.XObject[operands[0]])

    with pikepdf.open(io.BytesIO(content)) as document:
        page = document.pages[0]
        resources = page.Resources
        walk(page)
    return operations


def runs_shown(content: bytes) -> int:
    """How many text-showing operations the first page makes."""
    return sum(operator in ("Tj", "TJ") for operator, _ in text_operations(content))


def test_a_chart_label_is_drawn_as_one_run_of_text():
    content = render(svg('<text x="10" y="20" fill="#1d4f91">21 Gastos en personal</text>'))

    assert runs_shown(content) == 1
    assert "21 Gastos en personal" in pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_without_install_weasyprint_draws_the_same_label_glyph_by_glyph():
    with glyph_by_glyph():
        content = render(svg('<text x="10" y="20">21 Gastos en personal</text>'))

    assert runs_shown(content) == len("21 Gastos en personal") - 3  # spaces draw nothing


def test_a_label_keeps_its_colour():
    operations = text_operations(render(svg('<text x="10" y="20" fill="#1d4f91">Becas</text>')))

    colour = [operands for operator, operands in operations if operator == "rg"][-1]
    assert [round(float(value), 3) for value in colour] == [0.114, 0.310, 0.569]


def anchored(content: bytes) -> tuple[list[float], list[float]]:
    """Where the first page puts its text: the first text matrix, and the shift of an anchored label's group."""
    matrix, shift = None, [0.0] * 6
    last_cm = None

    def walk(owner, resources):
        nonlocal matrix, shift, last_cm
        for operands, operator in pikepdf.parse_content_stream(owner):
            if str(operator) == "cm":
                last_cm = [float(value) for value in operands]
            elif str(operator) == "Do":
                shift = last_cm
                walk(resources.XObject[operands[0]], resources)
            elif str(operator) == "Tm" and matrix is None:
                matrix = [float(value) for value in operands]

    with pikepdf.open(io.BytesIO(content)) as document:
        walk(document.pages[0], document.pages[0].Resources)
    return matrix, shift


@pytest.mark.parametrize("anchor", ["start", "middle", "end"])
def test_a_label_sits_where_weasyprint_puts_it_glyph_by_glyph(anchor):
    """Same start, and for text-anchor middle or end the same shift: the run measures as wide as its glyphs."""
    label = svg(f'<text x="240" y="40" text-anchor="{anchor}">Atenciones por mes</text>')

    matrix, shift = anchored(render(label))
    with glyph_by_glyph():
        first_glyph, glyphs_shift = anchored(render(label))

    assert matrix == pytest.approx(first_glyph, abs=0.01)
    assert shift == pytest.approx(glyphs_shift, abs=0.5)
    if anchor != "start":
        assert shift[4] < -30  # moved left by half or all of the label's width


def test_text_placed_glyph_by_glyph_still_goes_to_weasyprint():
    content = render(svg('<text x="10 30 50" y="20">abc</text>'))

    assert runs_shown(content) == 3


def test_every_chart_of_a_cuenta_draws_each_label_once():
    chart = charts.Chart(
        "meses",
        "Atenciones por mes",
        "Una columna por mes.",
        ["Enero", "Febrero", "Marzo"],
        [charts.Series("Atenciones", [11_535, 7_444, 61])],
        columns=True,
    )
    content = render(chart.svg())

    # Per month: its value above the column and its name below.
    assert runs_shown(content) == 6
    text = pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert all(label in text for label in ("11.535", "7.444", "61", "Ene", "Feb", "Mar"))
