"""Server-side SVG charts: the same markup in every browser, without JavaScript, and in WeasyPrint.

Why no charting library: the ones that render SVG on the server either need
JavaScript for their labels and tooltips (pygal), pull in a plotting stack
many times the size of this app for a raster-first output (matplotlib), or
style through CSS classes that WeasyPrint's SVG renderer does not apply the
same way. Two chart shapes cover what a Cuenta needs (horizontal bars, plain
or stacked or grouped, and columns by month), so they are drawn here in about
two hundred lines with every colour and font as an attribute.

Each chart has a title and a description (``<title>``/``<desc>``, and visible
in its ``<figure>``) and carries its data so the page can print it as a table,
the chart's text alternative.
"""

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from . import formatting
from .models import ContactsByMonth, Cuenta

WIDTH = 480
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
TEXT = "#1b1b1b"
AXIS = "#6b6b6b"
#: Dark enough for 3:1 against white (WCAG 1.4.11) and told apart by lightness too.
COLOURS = ("#1d4f91", "#b45309", "#5b6770")
VALUE_SPACE = 125  # room right of the longest bar for its value


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | Decimal | None]


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    categories: Sequence[str]
    series: Sequence[Series]
    stacked: bool = False
    columns: bool = False
    formatter: Callable = formatting.format_int
    #: Draw bars against this value at least (100 for percentages).
    floor: int | Decimal = 0
    #: A stacked bar's total, printed at its end: the row's own figure (women plus men), never added up here.
    totals: Sequence[int | None] = ()
    height: int = field(init=False, default=0)

    @property
    def id(self) -> str:
        return f"grafico-{self.slug}"

    @property
    def data_rows(self) -> list[tuple[str, list[str]]]:
        """The chart's data as text, one row per category: its text alternative."""
        return [
            (category, [self.formatter(s.values[i]) for s in self.series]) for i, category in enumerate(self.categories)
        ]

    def data_table_html(self) -> SafeString:
        """The chart's data as a table, its text alternative."""
        head = "".join(format_html('<th scope="col" class="num">{}</th>', s.name) for s in self.series)
        body = "".join(
            format_html(
                '<tr><th scope="row">{}</th>{}</tr>',
                label,
                format_html_join("", '<td class="num">{}</td>', ((c,) for c in cells)),
            )
            for label, cells in self.data_rows
        )
        return format_html(
            '<table class="data compact"><caption>{}</caption><thead><tr><th scope="col">Categoría</th>{}</tr></thead>'
            "<tbody>{}</tbody></table>",
            self.title,
            mark_safe(head),  # noqa: S308 -- built with format_html
            mark_safe(body),  # noqa: S308 -- built with format_html
        )

    def svg(self) -> SafeString:
        body = self._columns() if self.columns else self._bars()
        return mark_safe(  # noqa: S308 -- every text inside was escaped by _text
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {self.height}" '
            f'width="{WIDTH}" height="{self.height}" role="img" class="chart" '
            f'aria-labelledby="{self.id}-t {self.id}-d" font-family="{FONT}" font-size="15">'
            f'<title id="{self.id}-t">{escape(self.title)}</title>'
            f'<desc id="{self.id}-d">{escape(self.description)}</desc>{body}</svg>'
        )

    # --- drawing ------------------------------------------------------------------------------------

    def _scale_max(self):
        if self.stacked:
            peaks = [total or 0 for total in self.totals]
        else:
            peaks = [v or 0 for s in self.series for v in s.values]
        return max([self.floor, *peaks]) or 1

    def _legend(self, y: int) -> list[str]:
        if len(self.series) < 2:
            return []
        parts, x = [], 0
        for colour, series in zip(COLOURS, self.series, strict=False):
            parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/>')
            parts.append(_text(x + 20, y + 12, series.name))
            x += 34 + 9 * len(series.name)
        return parts

    def _bars(self) -> str:
        parts = self._legend(0)
        y = 28 if parts else 4
        scale = (WIDTH - VALUE_SPACE) / float(self._scale_max())
        reference = float(self.floor) * scale
        bar = 16
        for i, category in enumerate(self.categories):
            for line in textwrap.wrap(category, 50) or [""]:
                y += 18
                parts.append(_text(0, y - 3, line))
            y += 2
            values = [s.values[i] for s in self.series]
            if self.stacked:
                x = 0
                for colour, value in zip(COLOURS, values, strict=False):
                    width = float(value or 0) * scale
                    parts.append(_rect(x, y, width, bar, colour))
                    x += width
                parts.append(_text(x + 6, y + 13, self.formatter(self.totals[i])))
                y += bar
            else:
                for colour, value in zip(COLOURS, values, strict=False):
                    width = float(value or 0) * scale
                    parts.append(_rect(0, y, width, bar, colour))
                    # Values start past the reference line, so the line never crosses them.
                    parts.append(_text(max(width, reference) + 6, y + 13, self.formatter(value)))
                    y += bar + 2
            y += 12
        if self.floor:
            x = reference
            parts.append(f'<line x1="{x:.1f}" y1="{28 if len(self.series) > 1 else 4}" x2="{x:.1f}" y2="{y}" ')
            parts.append(f'stroke="{AXIS}" stroke-dasharray="4 3"/>')
        self.height = y + 4
        return "".join(parts)

    def _columns(self) -> str:
        parts = self._legend(0)
        top = 28 if parts else 4
        plot = 180
        slot = WIDTH / max(len(self.categories), 1)
        scale = plot / float(self._scale_max())
        base = top + 20 + plot
        values = self.series[0].values
        for i, (category, value) in enumerate(zip(self.categories, values, strict=True)):
            height = float(value or 0) * scale
            x = i * slot
            parts.append(_rect(x + slot * 0.15, base - height, slot * 0.7, height, COLOURS[0]))
            parts.append(_text(x + slot / 2, base - height - 5, self.formatter(value), anchor="middle", size=12))
            parts.append(_text(x + slot / 2, base + 16, category[:3], anchor="middle"))
        parts.append(f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{AXIS}"/>')
        self.height = base + 24
        return "".join(parts)


def _rect(x, y, width, height, colour) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{colour}"/>'


def _text(x, y, text, anchor="start", size=None) -> str:
    size_attr = f' font-size="{size}"' if size else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" fill="{TEXT}" text-anchor="{anchor}"{size_attr}>{escape(text)}</text>'


# --- The charts of a Cuenta ----------------------------------------------------------------------------


def _execution(slug, title, rows, label) -> Chart:
    return Chart(
        slug,
        title,
        "Porcentaje del requerimiento que se devengó; la línea punteada marca el 100 %.",
        [label(row) for row in rows],
        [Series("% ejecución", [row.execution_rate for row in rows])],
        formatter=formatting.format_percent,
        floor=100,
    )


def _by_sex(slug, title, rows, label) -> Chart:
    return Chart(
        slug,
        title,
        "Barras apiladas: mujeres y hombres; al final de cada barra, el total.",
        [label(row) for row in rows],
        [Series("Mujeres", [row.women for row in rows]), Series("Hombres", [row.men for row in rows])],
        stacked=True,
        totals=[row.total for row in rows],
    )


def charts_for(cuenta: Cuenta) -> dict[str, Chart]:
    """The charts of a Cuenta, by key, from its prefetched rows (no query)."""
    charts: dict[str, Chart] = {}
    if rows := list(cuenta.budget_executions.all()):
        charts["presupuesto_subtitulos"] = _execution(
            "presupuesto-subtitulos",
            "Ejecución presupuestaria por subtítulo",
            rows,
            lambda r: f"{r.subtitle.code} {r.subtitle.name}",
        )
    if rows := list(cuenta.program_budget_executions.all()):
        charts["presupuesto_programas"] = _execution(
            "presupuesto-programas", "Ejecución del subtítulo 24 por programa", rows, lambda r: r.line.name
        )
    if rows := list(cuenta.training_participations.all()):
        charts["capacitacion_participantes"] = _by_sex(
            "capacitacion-participantes", "Participantes por línea programática y sexo", rows, lambda r: r.line.name
        )
    if rows := list(cuenta.certification_results.all()):
        charts["certificacion_sectores"] = _by_sex(
            "certificacion-sectores", "Personas evaluadas por sector productivo y sexo", rows, lambda r: r.sector.name
        )
    omil = [
        r
        for r in cuenta.intermediation_results.all()
        if r.channel.is_fomil and r.goal is not None and r.comuna_id is None and not r.employer
    ]
    if omil:
        charts["intermediacion_omil"] = Chart(
            "intermediacion-omil",
            "OMIL en convenio FOMIL: meta y logro",
            "Para cada indicador, la meta (primera barra) y el logro (segunda barra).",
            [r.indicator.name for r in omil],
            [Series("Meta", [r.goal for r in omil]), Series("Logro", [r.achieved for r in omil])],
        )
    if rows := list(cuenta.follower_counts.all()):
        charts["comunicaciones_seguidores"] = Chart(
            "comunicaciones-seguidores",
            "Seguidores por red social",
            "Para cada red, los seguidores en enero (primera barra) y en diciembre (segunda barra).",
            [r.network.name for r in rows],
            [Series("Enero", [r.at_start for r in rows]), Series("Diciembre", [r.at_end for r in rows])],
        )
    if rows := list(cuenta.contacts_by_type.all()):
        charts["atencion_tipos"] = Chart(
            "atencion-tipos",
            "Atenciones según tipo de consulta",
            "Una barra por tipo de consulta, con su cantidad.",
            [r.contact_type.name for r in rows],
            [Series("Atenciones", [r.count for r in rows])],
        )
    if rows := list(cuenta.contacts_by_month.all()):
        by_month = {r.month: r.count for r in rows}
        charts["atencion_meses"] = Chart(
            "atencion-meses",
            "Atenciones por mes",
            "Una columna por mes, de enero a diciembre, con su cantidad de atenciones.",
            [label for _, label in ContactsByMonth.Month.choices],
            [Series("Atenciones", [by_month.get(month) for month in ContactsByMonth.Month.values])],
            columns=True,
        )
    for chart in charts.values():
        chart.svg_markup = chart.svg()
    return charts
