"""What the admin shows beside the entered rows: totals computed from them, and data-quality findings."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cuentas.figures import CuentaFigures
from cuentas.formatting import format_declared, format_int, format_money, format_percent, format_value
from cuentas.models import Cuenta, Metric, SectionKey
from cuentas.page import placement
from cuentas.quality import Finding, check_cuenta

INT, MONEY, PERCENT = format_int, format_money, format_percent

#: The totals each section page shows: (metric, argument, label, format).
SECTION_TOTALS = {
    SectionKey.BUDGET: (
        (Metric.BUDGET_REQUESTED, "", _("Requerimiento total"), MONEY),
        (Metric.BUDGET_ACCRUED, "", _("Devengado total"), MONEY),
        (Metric.BUDGET_EXECUTION, "", _("% de ejecución global"), PERCENT),
        (Metric.PROGRAMS_REQUESTED, "", _("Subtítulo 24 por programa: requerimiento"), MONEY),
        (Metric.PROGRAMS_ACCRUED, "", _("Subtítulo 24 por programa: devengado"), MONEY),
        (Metric.PROGRAMS_EXECUTION, "", _("Subtítulo 24 por programa: % de ejecución"), PERCENT),
    ),
    SectionKey.TRAINING: (
        (Metric.TRAINING_PARTICIPANTS, "", _("Participantes"), INT),
        (Metric.TRAINING_WOMEN, "", _("Mujeres"), INT),
        (Metric.TRAINING_MEN, "", _("Hombres"), INT),
        (Metric.TRAINING_WOMEN_SHARE, "", _("% mujeres"), PERCENT),
    ),
    SectionKey.CERTIFICATION: (
        (Metric.CERTIFIED, "", _("Personas evaluadas"), INT),
        (Metric.CERTIFIED_WOMEN, "", _("Mujeres"), INT),
        (Metric.CERTIFIED_MEN, "", _("Hombres"), INT),
        (Metric.CERTIFIED_WOMEN_SHARE, "", _("% mujeres"), PERCENT),
    ),
    SectionKey.INTERMEDIATION: (
        (Metric.FOMIL_AGREEMENTS, "", _("Convenios FOMIL"), INT),
        (Metric.FOMIL_AMOUNT, "", _("Monto de los convenios FOMIL"), MONEY),
        (Metric.FOMIL_COMUNA_SHARE, "", _("% de las comunas de la región con convenio FOMIL"), PERCENT),
        (Metric.ACTIVITIES, "", _("Actividades de empleo"), INT),
        (Metric.ACTIVITIES_INVESTMENT, "", _("Inversión en actividades de empleo"), MONEY),
    ),
    SectionKey.SUBSIDIES: (
        (Metric.SUBSIDY_PEOPLE, "central", _("Subsidios de presupuesto central: personas"), INT),
        (Metric.SUBSIDY_AMOUNT, "central", _("Subsidios de presupuesto central: monto pagado"), MONEY),
        (Metric.SUBSIDY_PEOPLE, "regional", _("Subsidios de presupuesto regional: personas"), INT),
        (Metric.SUBSIDY_AMOUNT, "regional", _("Subsidios de presupuesto regional: monto pagado"), MONEY),
        (Metric.SUBSIDY_NATIONAL_SHARE, "central", _("Subsidios centrales: % del total nacional"), PERCENT),
        (Metric.SUBSIDY_WOMEN_SHARE, "", _("% mujeres en todos los subsidios"), PERCENT),
    ),
    SectionKey.PARTICIPATION: (
        (Metric.COSOC_MEMBERS, "", _("Integrantes del COSOC en funciones"), INT),
        (Metric.FIELD_EVENTS, "", _("Gobiernos en Terreno"), INT),
    ),
    SectionKey.COMMUNICATIONS: (
        (Metric.PUBLICATIONS, "", _("Publicaciones"), INT),
        (Metric.FOLLOWERS_START, "", _("Seguidores al inicio"), INT),
        (Metric.FOLLOWERS_END, "", _("Seguidores al cierre"), INT),
        (Metric.FOLLOWERS_GROWTH, "", _("% de crecimiento de seguidores"), PERCENT),
        (Metric.EFEMERIDES, "", _("Efemérides"), INT),
    ),
    SectionKey.CONTACTS: ((Metric.CONTACTS, "", _("Atenciones"), INT),),
}


def section_totals(cuenta: Cuenta, section: SectionKey):
    """The section's computed totals as an HTML table, or a dash when it has none."""
    figures = CuentaFigures.of(cuenta)
    rows = [
        (label, show(figures.value(metric, argument)))
        for metric, argument, label, show in SECTION_TOTALS.get(section, ())
    ]
    if section == SectionKey.INTERMEDIATION:
        for channel in figures.channels():
            for step in figures.funnel(channel.code)[1:]:
                label = _("%(channel)s: de %(first)s a %(step)s") % {
                    "channel": channel.name,
                    "first": figures.funnel(channel.code)[0].row.indicator.name.lower(),
                    "step": step.row.indicator.name.lower(),
                }
                rows.append((label, PERCENT(step.from_first)))
    if not rows:
        return "—"
    return format_html(
        '<table class="cuenta-summary"><tbody>{}</tbody></table>',
        format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows),
    )


def declared_figures_placement(cuenta: Cuenta):
    """For each declared figure: where the page and the PDF show it, and its comparison with the computed one."""
    figures = CuentaFigures.of(cuenta)
    rows = []
    for figure in cuenta.declared_figures.all():
        where = placement(figure, figures)
        if where.computed is None:
            compared = _("No comparada")
        else:
            compared = _("Calculada: %(value)s") % {"value": format_value(where.computed, figure.unit, figure.decimals)}
        rows.append((figure.label, format_declared(figure), where.text, compared))
    if not rows:
        return "—"
    return format_html(
        '<table class="cuenta-summary"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        _("Cifra"),
        _("Declarada"),
        _("Dónde aparece"),
        _("Comparación"),
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
    )


def quality_findings(findings: list[Finding]):
    """The data-quality findings as an HTML list, errors first."""
    if not findings:
        return _("Sin observaciones: las cifras declaradas coinciden con las calculadas.")
    ordered = sorted(findings, key=lambda finding: finding.severity != "error")
    return format_html(
        '<ul class="quality-findings">{}</ul>',
        format_html_join(
            "",
            '<li class="{}"><strong>{}</strong> · {}: {}</li>',
            ((f.severity, f.severity.label, f.section_title, f.message) for f in ordered),
        ),
    )


def cuenta_quality(cuenta: Cuenta):
    return quality_findings(check_cuenta(cuenta))
