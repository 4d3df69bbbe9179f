"""Assembling a Cuenta for reading: its non-empty sections, numbered, with tables, charts and facts.

The public page and the PDF render the same section partials
(``templates/cuentas/sections/_<key>.html``) with the context built here.
Nothing here queries: it reads what ``queries.cuenta_page`` loaded.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .charts import Chart, charts_for
from .models import Cuenta, DeclaredFigure, IntermediationResult, SectionKey
from .numbers import growth, percent
from .queries import add as _add
from .sections import Section, numbered
from .tables import PublicTable, tables_for


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
    figures: dict[str, list] = {}
    for figure in cuenta.declared_figures.all():
        if _shown(figure, cuenta, tables):
            figures.setdefault(figure.section, []).append(figure)

    present = {table.spec.section.value for table in tables.values()}
    present |= {key for key, paragraphs in texts.items() if paragraphs}
    present |= {key for key in figures if key}
    extra = {
        SectionKey.TRAINING: _one(cuenta, "training_summary") or _one(cuenta, "tax_franchise"),
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


#: Declared counts whose computed equivalent needs rows a Cuenta may not have.
COUNTED_BY = {
    "fomil_agreements": "fomil_count",
    "field_events": "field_events_count",
    "publications": "publications",
    "contacts": "contacts_by_type_total",
}


def _shown(figure: DeclaredFigure, cuenta: Cuenta, tables: dict) -> bool:
    """Whether the public page shows a declared figure.

    One number, one source: where the Cuenta's rows give the same figure the
    sentences and tables show the computed one (the editor is told about any
    difference), so only headline figures without a computed equivalent are
    shown as declared. Table totals are always computed.
    """
    if figure.kind != DeclaredFigure.Kind.HEADLINE:
        return False
    if not figure.metric:
        return True
    if figure.metric in COUNTED_BY:
        return not getattr(cuenta, COUNTED_BY[figure.metric], None)
    return not any(table.spec.section == figure.section for table in tables.values())


def _one(cuenta: Cuenta, name: str):
    """A reverse one-to-one row loaded by select_related, or None."""
    return getattr(cuenta, name, None)


def facts(cuenta: Cuenta) -> dict:
    """The figures the sections' sentences quote, computed from the rows and database totals."""
    result: dict = {
        "budget_rate": percent(cuenta.budget_accrued, cuenta.budget_requested),
        "programs_rate": percent(cuenta.programs_accrued, cuenta.programs_requested),
    }
    subtitle_24 = next((row for row in cuenta.budget_executions.all() if row.subtitle_id == 24), None)
    if subtitle_24 is not None:
        result["subtitle_24"] = subtitle_24
        result["subtitle_24_share"] = percent(subtitle_24.requested, cuenta.budget_requested)

    participants = _add(cuenta.training_women, cuenta.training_men)
    result["participants"] = participants
    result["participants_women_share"] = percent(cuenta.training_women, participants)
    summary = _one(cuenta, "training_summary")
    result["courses_held"] = summary.courses_held if summary else None

    certified = _add(cuenta.certification_women, cuenta.certification_men)
    result["certified"] = certified
    result["certified_women_share"] = percent(cuenta.certification_women, certified)

    channels: dict[str, dict[str, IntermediationResult]] = {}
    for row in cuenta.intermediation_results.all():
        channels.setdefault(row.channel, {})[row.indicator] = row
    result["omil"] = channels.get(IntermediationResult.Channel.OMIL, {})
    result["platform"] = platform = channels.get(IntermediationResult.Channel.PLATFORM, {})
    placed, women_placed = platform.get("colocados"), platform.get("mujeres_colocadas")
    if placed and women_placed:
        result["platform_women_placed_share"] = percent(women_placed.achieved, placed.achieved)
    omil_placed, omil_women = result["omil"].get("colocados"), result["omil"].get("mujeres_colocadas")
    if omil_placed and omil_women:
        result["omil_women_placed_share"] = percent(omil_women.achieved, omil_placed.achieved)

    result["subsidy_people"] = _add(cuenta.subsidy_women, cuenta.subsidy_men)
    result["followers_growth"] = growth(cuenta.followers_start, cuenta.followers_end)
    followers = list(cuenta.follower_counts.all())
    if followers:
        result["fastest_network"] = max(followers, key=lambda row: row.growth or Decimal(-1))

    by_type = list(cuenta.contacts_by_type.all())
    if by_type and cuenta.contacts_by_type_total:
        top = max(by_type, key=lambda row: row.count)
        result["top_contact_type"] = top
        result["top_contact_type_share"] = percent(top.count, cuenta.contacts_by_type_total)
    by_program = list(cuenta.contacts_by_program.all())
    if by_program and cuenta.contacts_by_program_total:
        top = max(by_program, key=lambda row: row.count)
        result["top_program"] = top
        result["top_program_share"] = percent(top.count, cuenta.contacts_by_program_total)
    women = next((row for row in cuenta.contacts_by_sex.all() if row.sex == "F"), None)
    if women and cuenta.contacts_by_sex_total:
        result["contacts_women_share"] = percent(women.count, cuenta.contacts_by_sex_total)
    return result
