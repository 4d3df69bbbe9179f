"""Draw a chart's SVG labels in WeasyPrint as whole runs of text, not one character at a time.

WeasyPrint 70 lays out and draws SVG ``<text>`` code point by code point, so
that per-glyph ``x``, ``y``, ``dx``, ``dy`` and ``rotate`` lists can place each
one (Kozea/WeasyPrint#2249). A chart label has none of them, yet costs one
Pango layout and one PDF text operation per letter: for the seven charts of
the Metropolitana 2022 document, about 1.700 of each and some 7 % of the
whole render. The issue itself proposes the fix used here: a ``<text>`` with a
single ``x`` and ``y``, no per-glyph attribute and no child element is laid out
and drawn as one run, as HTML text is; any other text goes to WeasyPrint's own
function, unchanged. The run also keeps its words together in the PDF's text.

``install`` puts the function where WeasyPrint's SVG renderer looks tags up;
``tests/test_svg_text.py`` checks that a chart label comes out as one run,
where WeasyPrint's own function puts it, in its colour, for as long as
WeasyPrint is pinned at a version that needs this.
"""

import importlib
from math import inf

from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.draw.text import draw_emojis, draw_first_line
from weasyprint.matrix import Matrix
from weasyprint.svg.bounding_box import extend_bounding_box
from weasyprint.text.line_break import split_first_line

# ``weasyprint.svg.text`` is also the name of the function the package imports from the module.
_svg = importlib.import_module("weasyprint.svg")
_svg_text = importlib.import_module("weasyprint.svg.text")
_per_glyph_text = _svg_text.text

#: Attributes that place, space, stretch or align glyphs one by one: WeasyPrint's function handles them.
PER_GLYPH = frozenset(
    {
        "dx",
        "dy",
        "rotate",
        "textLength",
        "lengthAdjust",
        "letter-spacing",
        "dominant-baseline",
        "alignment-baseline",
        "display-anchor",
        "direction",
    }
)


def _coordinate(value: str | None) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _style(svg, node, font_size) -> dict:
    """The text's style as WeasyPrint's own function builds it from the node's attributes."""
    style = _svg_text.Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = {"normal": 400, "bold": 700}.get(node.get("font-weight"), node.get("font-weight", 400))
    try:
        style["font_weight"] = int(weight)
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    return style


def text(svg, node, font_size) -> None:
    """Draw a ``<text>`` node: a simple one as a single run, any other one glyph by glyph."""
    x, y = _coordinate(node.get("x")), _coordinate(node.get("y"))
    simple = (
        node.tag == "text"
        and node.text
        and x is not None
        and y is not None
        and PER_GLYPH.isdisjoint(node.attrib)
        and next(iter(node), None) is None
    )
    if not simple:
        _per_glyph_text(svg, node, font_size)
        return

    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    svg.cursor_position = (x + width, y)
    svg.cursor_d_position[0] = svg.cursor_d_position[1] = 0
    # draw_node shifts the text by this box for text-anchor="middle" or "end".
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box, ((x, y - baseline), (x + width, y - baseline + height))
    )

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    run = _svg_text.TextBox(layout, style)
    run.baseline = baseline
    emojis = draw_first_line(svg.stream, run, "none", "none", Matrix(d=-1, e=x, f=y))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def install() -> None:
    """Have WeasyPrint's SVG renderer draw text with ``text`` (idempotent).

    Every tag WeasyPrint draws with its text function maps to ours, and the
    package's own name for it too: the renderer compares tags' functions with
    it to tell text nodes for ``text-anchor``.
    """
    for tag, function in _svg.TAGS.items():
        if function is _per_glyph_text:
            _svg.TAGS[tag] = text
    _svg.text = text
