"""The informe de respuestas: every published question with its answer, and the statistics.

One loader (``build``, 1 query) feeds the PDF (through ``cuentas.pdf``, PDF/A),
CSV, XLSX and JSON. It never carries an e-mail address, and a name only with
the person's consent. Spreadsheet cells go through ``safe_cell`` (formula
neutralisation), to be switched to the shared writer ``cuentas/writers.py``.
"""

import csv
import io
import json
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from cuentas.formatting import format_int, format_number, format_percent
from cuentas.models import ParticipationProcess, Question
from cuentas.numbers import percent

from .workdays import working_days_between

#: A cell that starts with one of these would be read as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell a spreadsheet will not evaluate: a leading ' when it starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Row:
    number: str
    kind: str
    topic: str
    text: str
    name: str
    comuna: str
    organisation: str
    received: str
    answer: str
    answered_on: str
    working_days: int | None
    on_time: bool | None


COLUMNS = (
    ("number", "Número"),
    ("kind", "Tipo"),
    ("topic", "Tema"),
    ("text", "Pregunta, observación o sugerencia"),
    ("name", "Nombre (con consentimiento)"),
    ("comuna", "Comuna"),
    ("organisation", "Organización"),
    ("received", "Recibida"),
    ("answer", "Respuesta"),
    ("answered_on", "Respondida"),
    ("working_days", "Días hábiles para responder"),
    ("on_time", "Dentro de plazo"),
)


@dataclass
class Report:
    process: ParticipationProcess
    rows: list[Row]
    received: int
    published: int
    pending_moderation: int
    not_published: list[tuple[str, int]]
    referrals: list[tuple[str, int]]
    answered: int
    answered_on_time: int
    median_working_days: float | None
    by_topic: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def on_time_percent(self):
        return percent(self.answered_on_time, self.answered) if self.answered else None

    def statistics(self) -> list[tuple[str, str]]:
        """The statistics as (label, value shown the Chilean way)."""
        lines = [
            ("Recibidas (confirmadas)", format_int(self.received)),
            ("Publicadas", format_int(self.published)),
            ("Por moderar", format_int(self.pending_moderation)),
        ]
        lines += [(f"No publicadas: {label}", format_int(count)) for label, count in self.not_published]
        lines += [(label, format_int(count)) for label, count in self.referrals]
        lines += [
            ("Respondidas", format_int(self.answered)),
            ("Respondidas dentro de plazo", format_int(self.answered_on_time)),
            ("Respondidas dentro de plazo (%)", format_percent(self.on_time_percent)),
            ("Mediana de días hábiles para responder", format_number(self.median_working_days, 1)),
        ]
        return lines


def build(process: ParticipationProcess) -> Report:
    """The report of ``process`` (1 query: its confirmed questions with answer, topic and comuna)."""
    questions = list(
        process.questions.exclude(status=Question.Status.UNCONFIRMED)
        .select_related("answer", "topic", "comuna")
        .order_by("number")
    )
    deadline = process.answer_deadline
    rows, days = [], []
    by_topic_received, by_topic_published = Counter(), Counter()
    for q in questions:
        by_topic_received[q.topic_label] += 1
        if q.status != Question.Status.ACCEPTED:
            continue
        by_topic_published[q.topic_label] += 1
        answer = q.answer if q.answer_id and q.answer.is_published else None
        answered_on = timezone.localdate(answer.published_at) if answer else None
        received_on = timezone.localdate(q.confirmed_at or q.created_at)
        elapsed = working_days_between(received_on, answered_on) if answered_on else None
        if elapsed is not None:
            days.append(elapsed)
        rows.append(
            Row(
                number=q.public_number,
                kind=q.get_kind_display(),
                topic=q.topic_label,
                text=q.text,
                name=q.public_name,
                comuna=q.comuna.name if q.comuna_id else "",
                organisation=q.organisation,
                received=f"{received_on:%d-%m-%Y}",
                answer=answer.text if answer else "",
                answered_on=f"{answered_on:%d-%m-%Y}" if answered_on else "",
                working_days=elapsed,
                on_time=(answered_on <= deadline) if answered_on and deadline else None,
            )
        )
    refused = Counter(q.refusal_reason for q in questions if q.status == Question.Status.REFUSED)
    referrals = Counter(q.referral for q in questions if q.referral)
    return Report(
        process=process,
        rows=rows,
        received=len(questions),
        published=len(rows),
        pending_moderation=sum(q.status == Question.Status.RECEIVED for q in questions),
        not_published=[(str(reason.label), refused[reason.value]) for reason in Question.RefusalReason],
        referrals=[(str(referral.label), referrals[referral.value]) for referral in Question.Referral],
        answered=len(days),
        answered_on_time=sum(1 for r in rows if r.on_time),
        median_working_days=statistics.median(days) if days else None,
        by_topic=[
            (topic or "Sin tema", n, by_topic_published[topic]) for topic, n in sorted(by_topic_received.items())
        ],
    )


# --- Files ---------------------------------------------------------------------------------------------


def _cells(row: Row) -> list:
    values = asdict(row)
    cells = []
    for key, _label in COLUMNS:
        value = values[key]
        if isinstance(value, bool):
            value = "Sí" if value else "No"
        cells.append(safe_cell("" if value is None else value))
    return cells


def _statistics_rows(report: Report) -> list[list]:
    rows = [[safe_cell(label), value] for label, value in report.statistics()]
    rows += [
        [safe_cell(f"Tema: {topic}"), f"{format_int(n)} recibidas, {format_int(p)} publicadas"]
        for topic, n, p in report.by_topic
    ]
    return rows


def to_csv(report: Report) -> bytes:
    """Comma-separated, UTF-8 with BOM (so spreadsheets read the accents); then the statistics."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([label for _key, label in COLUMNS])
    writer.writerows(_cells(row) for row in report.rows)
    writer.writerow([])
    writer.writerow(["Estadística", "Valor"])
    writer.writerows(_statistics_rows(report))
    return ("\ufeff" + output.getvalue()).encode()


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Preguntas y respuestas"
    sheet.append([label for _key, label in COLUMNS])
    for row in report.rows:
        sheet.append(_cells(row))
    stats = workbook.create_sheet("Estadísticas")
    stats.append(["Estadística", "Valor"])
    for line in _statistics_rows(report):
        stats.append(line)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def to_json(report: Report) -> bytes:
    cuenta = report.process.cuenta
    data = {
        "cuenta": {"region": cuenta.region_id, "anio_gestion": cuenta.management_year_id},
        "plazo_respuesta": f"{report.process.answer_deadline:%Y-%m-%d}" if report.process.answer_deadline else None,
        "preguntas": [asdict(row) for row in report.rows],
        "estadisticas": dict(report.statistics()),
        "por_tema": [{"tema": t, "recibidas": n, "publicadas": p} for t, n, p in report.by_topic],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def to_pdf(report: Report) -> bytes:
    """The report as PDF/A-3a through the Cuenta's PDF pipeline (same stylesheet, fonts, fetcher)."""
    from cuentas import pdf

    html = render_to_string(
        "cuentas/participation/report_pdf.html",
        {"report": report, "process": report.process, "cuenta": report.process.cuenta},
    )
    return pdf.write_pdf(html)
