"""Data-quality checks of a Cuenta, in words an editor understands.

``check_cuenta(cuenta)`` lists what disagrees:

* every ``DeclaredFigure`` whose value differs from the figure computed from
  the rows (the computed value is rounded half up to the decimals the document
  printed; "más de" passes when the computed value is greater, "menos de" when
  it is smaller; a figure whose rows are missing is not compared);
* tables that contradict each other (the subtítulo-24 lines against the
  subtítulo-24 row, women placed against everyone placed, …).

It costs one query for the declared figures plus one per source table the
checks need (the figures layer, ``cuentas.figures``), whatever the number of rows.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _

from .figures import CuentaFigures, MetricArgumentError
from .formatting import format_int, format_money, format_value
from .models import Cuenta, DeclaredFigure, Metric, SectionKey
from .numbers import quantize
from .sections import SECTIONS


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "advertencia", _("Advertencia")


@dataclass(frozen=True)
class Finding:
    severity: Severity
    section: str
    message: str

    @property
    def section_title(self) -> str:
        return SectionKey(self.section).label if self.section else str(_("Cifras destacadas"))


#: Metrics that add up the rows of a table; those that count rows or read one value; the rest are ratios.
SUMS = {
    Metric.BUDGET_REQUESTED,
    Metric.BUDGET_ACCRUED,
    Metric.PROGRAMS_REQUESTED,
    Metric.PROGRAMS_ACCRUED,
    Metric.TRAINING_PARTICIPANTS,
    Metric.TRAINING_WOMEN,
    Metric.TRAINING_MEN,
    Metric.CERTIFIED,
    Metric.CERTIFIED_WOMEN,
    Metric.CERTIFIED_MEN,
    Metric.SUBSIDY_PEOPLE,
    Metric.SUBSIDY_AMOUNT,
    Metric.PUBLICATIONS,
    Metric.FOLLOWERS_START,
    Metric.FOLLOWERS_END,
    Metric.CONTACTS,
}
RECORDS = {
    Metric.INTERMEDIATION_ACHIEVED,
    Metric.FOMIL_AGREEMENTS,
    Metric.COSOC_MEMBERS,
    Metric.FIELD_EVENTS,
    Metric.EFEMERIDES,
}

SOURCE = {
    DeclaredFigure.Kind.HEADLINE: _("El texto"),
    DeclaredFigure.Kind.TABLE_TOTAL: _("La tabla"),
}
MISMATCH_SUM = _("%(source)s declara %(declared)s %(label)s; la tabla suma %(computed)s.")
MISMATCH_RECORD = _("%(source)s declara %(declared)s %(label)s; la tabla registra %(computed)s.")
MISMATCH_RATIO = _("%(source)s declara %(declared)s %(label)s; calculado con los datos da %(computed)s.")
TRUNCATED = _("%(exact)s redondeado es %(computed)s: el documento truncó en vez de redondear.")
QUALIFIER_FAILS = _("%(source)s declara %(declared)s %(label)s, pero los datos dan %(computed)s.")
BAD_ARGUMENT = _("No se pudo comparar «%(label)s» con los datos: %(error)s")
GROWTH_FORMULA = _("El crecimiento se mide contra el valor inicial: (cierre − inicio) ÷ inicio.")
GROWTH_DIVIDED_BY_END = _(
    "La cifra declarada divide por el valor de cierre; el crecimiento se mide contra el valor inicial: "
    "(cierre − inicio) ÷ inicio."
)
GROWTH_AVERAGE_DIVIDED_BY_END = _(
    "La cifra declarada es el promedio simple de las redes, cada una dividida por su valor de cierre; el "
    "crecimiento de todas las redes juntas se mide contra el valor inicial: (cierre − inicio) ÷ inicio."
)

SUBTITLE_24 = 24
LINES_VS_SUBTITLE = _(
    "Las líneas programáticas del subtítulo 24 suman %(lines)s de %(field)s; la fila del subtítulo 24 dice %(row)s."
)
FIELD_NAMES = {"requested": _("requerimiento"), "accrued": _("devengado")}
SUBTITLE_OVERSPENT = _("El subtítulo %(subtitle)s tiene más devengado (%(accrued)s) que requerimiento (%(requested)s).")
LINE_OVERSPENT = _("La línea «%(line)s» tiene más devengado (%(accrued)s) que requerimiento (%(requested)s).")
MORE_THAN_PREVIOUS_STEP = _(
    "%(channel)s: «%(step)s» (%(count)s) supera a «%(previous)s» (%(previous_count)s), la etapa anterior del embudo."
)
COMUNAS_DONT_ADD_UP = _(
    "%(channel)s, %(indicator)s: las comunas informadas suman %(comunas)s y la cifra regional es %(regional)s."
)
COMUNAS_EXCEED = _(
    "%(channel)s, %(indicator)s: las comunas informadas suman %(comunas)s, más que la cifra regional (%(regional)s)."
)
FOMIL_LIST_AND_TOTAL = _(
    "La cuenta lista %(listed)s municipalidades con convenio FOMIL, pero sus totales FOMIL dicen %(declared)s."
)
CONTACT_TOTALS_DIFFER = _(
    "Las atenciones por tipo suman %(by_type)s y las personas atendidas por sexo suman %(by_sex)s; deberían coincidir."
)


def check_cuenta(cuenta: Cuenta) -> list[Finding]:
    """Every disagreement in ``cuenta``, in the order of its sections."""
    metrics = CuentaFigures.of(cuenta)
    findings = [
        finding for figure in cuenta.declared_figures.all() if (finding := check_figure(figure, metrics)) is not None
    ]
    findings += check_budget(metrics) + check_intermediation(metrics) + check_contacts(metrics)
    order = {"": 0} | {section.slug: index for index, section in enumerate(SECTIONS, start=1)}
    return sorted(findings, key=lambda finding: order[finding.section])


def check_figure(figure: DeclaredFigure, metrics: CuentaFigures) -> Finding | None:
    """A finding if ``figure`` disagrees with the figure computed from the rows.

    None when it agrees, or when the rows it would be computed from are missing.
    """
    if not figure.metric:
        return None
    try:
        computed = metrics.value(figure.metric, figure.metric_argument)
    except MetricArgumentError as error:
        return Finding(Severity.WARNING, figure.section, str(BAD_ARGUMENT % {"label": figure.label, "error": error}))
    if computed is None:
        return None

    declared = figure.declared_value
    places = figure.decimals
    values = {
        "source": SOURCE[figure.kind],
        "declared": format_value(declared, figure.unit, places, figure.qualifier),
        "label": figure.label,
        "computed": format_value(computed, figure.unit, places),
    }
    if figure.qualifier == DeclaredFigure.Qualifier.MORE_THAN:
        return None if computed > declared else Finding(Severity.ERROR, figure.section, str(QUALIFIER_FAILS % values))
    if figure.qualifier == DeclaredFigure.Qualifier.LESS_THAN:
        return None if computed < declared else Finding(Severity.ERROR, figure.section, str(QUALIFIER_FAILS % values))
    if quantize(computed, places) == declared:
        return None

    metric = Metric(figure.metric)
    template = MISMATCH_SUM if metric in SUMS else MISMATCH_RECORD if metric in RECORDS else MISMATCH_RATIO
    message = str(template % values)
    severity = Severity.ERROR
    if computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN) == declared:
        # Off by one in the last printed digit because the document cut the decimals instead of rounding.
        severity = Severity.WARNING
        exact = format_value(computed, figure.unit, places + 1)
        message += " " + str(TRUNCATED % {"exact": exact, "computed": values["computed"]})
    if metric == Metric.FOLLOWERS_GROWTH:
        message += " " + growth_hint(figure, metrics)
    return Finding(severity, figure.section, message)


def growth_hint(figure: DeclaredFigure, metrics: CuentaFigures) -> str:
    """Why a declared growth differs; most often the document divided by the end value instead of the start."""

    def matches(value: Decimal | None) -> bool:
        return value is not None and quantize(value, figure.decimals) == figure.declared_value

    if matches(metrics.growth_divided_by_end(figure.metric_argument)):
        return str(GROWTH_DIVIDED_BY_END)
    if not figure.metric_argument and matches(metrics.average_growth_divided_by_end()):
        return str(GROWTH_AVERAGE_DIVIDED_BY_END)
    return str(GROWTH_FORMULA)


def check_budget(metrics: CuentaFigures) -> list[Finding]:
    """The subtítulo-24 lines add up to the subtítulo-24 row; nothing accrues more than was assigned."""
    section = SectionKey.BUDGET.value
    findings = []
    subtitle = metrics.budget.get(SUBTITLE_24)
    if subtitle is not None and metrics.programs:
        for field, name in FIELD_NAMES.items():
            lines = metrics.total(f"programs_{field}")
            if lines != subtitle[field]:
                message = LINES_VS_SUBTITLE % {
                    "lines": format_money(lines),
                    "field": name,
                    "row": format_money(subtitle[field]),
                }
                findings.append(Finding(Severity.ERROR, section, str(message)))
    for code, row in metrics.budget.items():
        if row["accrued"] > row["requested"]:
            message = SUBTITLE_OVERSPENT % {
                "subtitle": code,
                "accrued": format_money(row["accrued"]),
                "requested": format_money(row["requested"]),
            }
            findings.append(Finding(Severity.WARNING, section, str(message)))
    for row in metrics.programs.values():
        if row["accrued"] > row["requested"]:
            message = LINE_OVERSPENT % {
                "line": row["name"],
                "accrued": format_money(row["accrued"]),
                "requested": format_money(row["requested"]),
            }
            findings.append(Finding(Severity.WARNING, section, str(message)))
    return findings


def check_intermediation(metrics: CuentaFigures) -> list[Finding]:
    """Each funnel step ≤ the step before (warning); comunas add up to the regional figure; FOMIL list ≈ totals."""
    section = SectionKey.INTERMEDIATION.value
    findings = []
    for channel in metrics.channels():
        steps = metrics.funnel(channel.code)
        for previous, step in pairwise(steps):
            if step.row.achieved > previous.row.achieved:
                message = MORE_THAN_PREVIOUS_STEP % {
                    "channel": channel.name,
                    "step": step.row.indicator.name,
                    "count": format_int(step.row.achieved),
                    "previous": previous.row.indicator.name,
                    "previous_count": format_int(previous.row.achieved),
                }
                findings.append(Finding(Severity.WARNING, section, str(message)))
    for ranking in metrics.comuna_rankings:
        if ranking.adds_up is False:
            values = {
                "channel": ranking.channel.name,
                "indicator": ranking.indicator.name.lower(),
                "comunas": format_int(ranking.ranked_total),
                "regional": format_int(ranking.regional),
            }
            exceeds = ranking.ranked_total > ranking.regional
            template = COMUNAS_EXCEED if exceeds else COMUNAS_DONT_ADD_UP
            findings.append(Finding(Severity.ERROR if exceeds else Severity.WARNING, section, str(template % values)))
    summary, listed = metrics.fomil_summary, metrics.total("fomil_count")
    if summary is not None and summary.agreements is not None and listed and listed != summary.agreements:
        message = FOMIL_LIST_AND_TOTAL % {"listed": format_int(listed), "declared": format_int(summary.agreements)}
        findings.append(Finding(Severity.WARNING, section, str(message)))
    return findings


def check_contacts(metrics: CuentaFigures) -> list[Finding]:
    """Contacts by type and people by sex count the same people attended."""
    if not metrics.contacts_by_type or not metrics.contacts_by_sex:
        return []
    by_type = metrics.total("contacts_by_type_total")
    by_sex = metrics.total("contacts_by_sex_total")
    if by_type == by_sex:
        return []
    message = CONTACT_TOTALS_DIFFER % {"by_type": format_int(by_type), "by_sex": format_int(by_sex)}
    return [Finding(Severity.WARNING, SectionKey.CONTACTS.value, str(message))]
