"""Assembling a Cuenta for reading: its non-empty sections, numbered, with tables, charts and facts.

The public page and the PDF render the same section partials
(``templates/cuentas/sections/_<key>.html``) with the context built here.
Nothing here queries or adds up rows: it reads what ``queries.cuenta_page``
loaded and what the figures layer (``cuentas.figures``) computes from it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .charts import Chart, charts_for
from .figures import CuentaFigures, MetricArgumentError
from .figures.cuenta import PLACED
from .formatting import format_declared, format_value
from .models import Cuenta, DeclaredFigure, Metric, SectionKey
from .numbers import percent
from .sections import Section, numbered
from .tables import PublicTable, tables_for

SUBTITLE_24 = 24


@dataclass
class PageSection:
    number: int
    section: Section
    paragraphs: list[str]
    figures: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def slug(self) -> str:
        return self.section.slug

    @property
    def template(self) -> str:
        return self.section.template


@dataclass
class CuentaPage:
    cuenta: Cuenta
    sections: list[PageSection]
    tables: dict[str, PublicTable]
    charts: dict[str, Chart]
    facts: dict
    headline_figures: list


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def build(cuenta: Cuenta, request=None) -> CuentaPage:
    tables = tables_for(cuenta, request)
    charts = charts_for(cuenta)
    texts = {text.section: _paragraphs(text.text) for text in cuenta.section_texts.all()}
    computed = CuentaFigures.of(cuenta)
    figures: dict[str, list] = {}
    for figure in cuenta.declared_figures.all():
        if _shown(figure, computed):
            figures.setdefault(figure.section, []).append(figure)

    present = {table.spec.section.value for table in tables.values()}
    present |= {key for key, paragraphs in texts.items() if paragraphs}
    present |= {key for key in figures if key}
    extra = {
        SectionKey.TRAINING: _one(cuenta, "training_summary") or _one(cuenta, "tax_franchise"),
        SectionKey.INTERMEDIATION: _one(cuenta, "fomil_summary"),
        SectionKey.PARTICIPATION: _one(cuenta, "cosoc_activity") or cuenta.dialogues.all(),
        SectionKey.MILESTONES: cuenta.milestones.all(),
        SectionKey.AXES: cuenta.strategic_axes.all(),
    }
    present |= {key.value for key, content in extra.items() if content}

    sections = [
        PageSection(number, section, texts.get(section.slug, []), figures.get(section.slug, []))
        for number, section in numbered(present)
    ]
    return CuentaPage(cuenta, sections, tables, charts, facts(cuenta), figures.get("", []))


#: Computed figures the section templates quote in a sentence or a table, with the arguments they cover
#: ("*" for any). A declared headline figure whose computed twin is one of these is read there.
QUOTED: dict[str, set[str]] = {
    Metric.BUDGET_REQUESTED: {""},
    Metric.BUDGET_ACCRUED: {""},
    Metric.BUDGET_EXECUTION: {""},
    Metric.SUBTITLE_EXECUTION: {"*"},
    Metric.SUBTITLE_SHARE: {"24"},
    Metric.PROGRAMS_REQUESTED: {""},
    Metric.PROGRAMS_ACCRUED: {""},
    Metric.PROGRAMS_EXECUTION: {"*"},
    Metric.TRAINING_PARTICIPANTS: {""},
    Metric.TRAINING_WOMEN: {""},
    Metric.TRAINING_MEN: {""},
    Metric.TRAINING_WOMEN_SHARE: {""},
    Metric.CERTIFIED: {""},
    Metric.CERTIFIED_WOMEN: {""},
    Metric.CERTIFIED_MEN: {""},
    Metric.CERTIFIED_WOMEN_SHARE: {""},
    Metric.INTERMEDIATION_ACHIEVED: {"*"},
    Metric.INTERMEDIATION_FULFILMENT: {"*"},
    Metric.WOMEN_PLACED_SHARE: {"*"},
    Metric.FOMIL_AGREEMENTS: {""},
    Metric.FOMIL_AMOUNT: {""},
    Metric.FOMIL_COMUNA_SHARE: {""},
    Metric.ACTIVITIES: {"*"},
    Metric.ACTIVITIES_INVESTMENT: {"*"},
    Metric.SUBSIDY_PEOPLE: {"*"},
    Metric.SUBSIDY_AMOUNT: {"*"},
    Metric.FIELD_EVENTS: {""},
    Metric.PUBLICATIONS: {"*"},
    Metric.FOLLOWERS_START: {"*"},
    Metric.FOLLOWERS_END: {"*"},
    Metric.FOLLOWERS_GROWTH: {"*"},
    Metric.EFEMERIDES: {""},
    Metric.CONTACTS: {""},
    Metric.CONTACT_TYPE_SHARE: {"*"},
    Metric.CONTACT_SEX_SHARE: {"*"},
}


@dataclass(frozen=True)
class Placement:
    """Where a declared figure appears on the page and in the PDF, and what it is compared with."""

    shown: bool
    computed: Decimal | None
    comparable: bool
    text: str


def placement(figure: DeclaredFigure, figures: CuentaFigures) -> Placement:
    """Whether and how the page shows a declared figure; it never vanishes.

    One number, one source: where the rows compute the figure, the page shows
    the computed value (the editor is told about any difference). A figure the
    section's sentences or tables already quote is read there; any other is
    listed with the section's figures, computed when it can be, as declared
    when it can't. Table totals are always computed.
    """
    computed, error = None, ""
    if figure.metric:
        try:
            computed = figures.value(figure.metric, figure.metric_argument)
        except MetricArgumentError as exc:
            error = str(exc)
    where = SectionKey(figure.section).label if figure.section else _("Cifras destacadas")
    if computed is None:
        if figure.kind == DeclaredFigure.Kind.TABLE_TOTAL:
            text = _("No se muestra: es el total declarado de una tabla que no tiene datos.")
            return Placement(False, None, False, str(text) + (f" {error}" if error else ""))
        reason = error or (_("no hay datos para calcularla") if figure.metric else _("no tiene cifra calculada"))
        text = _("Se muestra tal como se declara en «%(where)s» (%(reason)s).") % {"where": where, "reason": reason}
        return Placement(True, None, False, str(text))
    arguments = QUOTED.get(figure.metric, set())
    if "*" in arguments or figure.metric_argument.strip() in arguments or figure.kind != DeclaredFigure.Kind.HEADLINE:
        text = _("Se muestra calculada en el texto o las tablas de «%(where)s».") % {"where": where}
        return Placement(False, computed, True, str(text))
    text = _("Se muestra calculada entre las cifras de «%(where)s».") % {"where": where}
    return Placement(True, computed, True, str(text))


def _shown(figure: DeclaredFigure, figures: CuentaFigures) -> bool:
    """Whether the page lists a declared figure; its ``display`` is the computed value when there is one."""
    where = placement(figure, figures)
    if where.shown:
        figure.display = (
            format_declared(figure)
            if where.computed is None
            else format_value(where.computed, figure.unit, figure.decimals)
        )
    return where.shown


def _one(cuenta: Cuenta, name: str):
    """A reverse one-to-one row loaded by select_related, or None."""
    return getattr(cuenta, name, None)


def facts(cuenta: Cuenta) -> dict:
    """The figures the sections' sentences quote, read from the figures layer."""
    figures = CuentaFigures.of(cuenta)
    value = figures.value
    result: dict = {
        "figures": figures,
        "budget_rate": value(Metric.BUDGET_EXECUTION),
        "programs_rate": value(Metric.PROGRAMS_EXECUTION),
    }
    subtitle_24 = next((row for row in cuenta.budget_executions.all() if row.subtitle_id == SUBTITLE_24), None)
    if subtitle_24 is not None:
        result["subtitle_24"] = subtitle_24
        result["subtitle_24_rate"] = value(Metric.SUBTITLE_EXECUTION, str(SUBTITLE_24))
        result["subtitle_24_share"] = value(Metric.SUBTITLE_SHARE, str(SUBTITLE_24))

    result["participants"] = value(Metric.TRAINING_PARTICIPANTS)
    result["participants_women_share"] = value(Metric.TRAINING_WOMEN_SHARE)
    summary = _one(cuenta, "training_summary")
    result["courses_held"] = summary.courses_held if summary else None

    result["certified"] = value(Metric.CERTIFIED)
    result["certified_women_share"] = value(Metric.CERTIFIED_WOMEN_SHARE)

    channels = figures.channels()
    result["fomil_channels"] = [
        {"channel": channel, "funnel": figures.funnel(channel.code)} for channel in channels if channel.is_fomil
    ]
    result["other_channels"] = [
        {"channel": channel, "funnel": figures.funnel(channel.code)} for channel in channels if not channel.is_fomil
    ]
    result["fomil_agreements"] = value(Metric.FOMIL_AGREEMENTS)
    result["fomil_amount"] = value(Metric.FOMIL_AMOUNT)
    result["fomil_summary"] = figures.fomil_summary
    result["has_fomil"] = bool(result["fomil_channels"] or result["fomil_agreements"] is not None)
    if result["fomil_agreements"] is not None:
        result["fomil_comuna_share"] = value(Metric.FOMIL_COMUNA_SHARE)
        result["region_comunas"] = figures.region_comunas
    result["channel_count"] = len(channels)
    result["placed"] = figures.regional_total(PLACED)
    result["comuna_rankings"] = figures.comuna_rankings
    result["employer_rankings"] = figures.employer_rankings
    result["activities"] = value(Metric.ACTIVITIES)
    result["activities_investment"] = value(Metric.ACTIVITIES_INVESTMENT)

    result["subsidy_people"] = figures.subsidy_sum("", "people")
    result["subsidy_amount"] = figures.subsidy_sum("", "amount")
    result["subsidies_by_budget"] = figures.subsidies_by_budget()

    result["publications"] = value(Metric.PUBLICATIONS)
    result["followers_start"] = value(Metric.FOLLOWERS_START)
    result["followers_end"] = value(Metric.FOLLOWERS_END)
    result["followers_growth"] = value(Metric.FOLLOWERS_GROWTH)
    followers = list(cuenta.follower_counts.all())
    if followers:
        result["fastest_network"] = max(followers, key=lambda row: row.growth or Decimal(-1))
    result["field_events"] = value(Metric.FIELD_EVENTS)

    result["contacts"] = value(Metric.CONTACTS)
    by_type = list(cuenta.contacts_by_type.all())
    if by_type and result["contacts"]:
        top = max(by_type, key=lambda row: row.count)
        result["top_contact_type"] = top
        result["top_contact_type_share"] = value(Metric.CONTACT_TYPE_SHARE, top.contact_type.name)
    by_program = list(cuenta.contacts_by_program.all())
    programs_total = figures.total("contacts_by_program_total")
    if by_program and programs_total:
        top = max(by_program, key=lambda row: row.count)
        result["top_program"] = top
        result["top_program_share"] = percent(top.count, programs_total)
    if figures.contacts_by_sex:
        result["contacts_women_share"] = value(Metric.CONTACT_SEX_SHARE, "F")
    return result
