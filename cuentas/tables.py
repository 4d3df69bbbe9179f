"""The tables of a Cuenta's public page, and the registry their downloads use.

Each table reads rows already prefetched by ``figures.load_rows`` and column
totals the database computed (``figures.totals``, set on the Cuenta): a table never queries.
A total with unknown parts is withheld («—»), never shown as a partial sum.
Cells show Chilean formats; exports (CSV, XLSX) carry the raw numbers.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

import django_tables2 as tables
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Prefetch, prefetch_related_objects
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.utils import AttributeDict

from . import formatting
from .figures import CuentaFigures
from .figures.cuenta import reports_amount
from .figures.rows import ROW_PREFETCHES
from .figures.totals import attach_totals, known_total
from .formatting import period_label
from .models import Cuenta, SectionKey
from .numbers import growth, percent


def _numeric(kind: str = "") -> dict:
    """Cell classes of a numeric column: ``num`` (right-aligned) and its kind, which the PDF sizes it by."""
    classes = f"num {kind}".strip()
    return {"th": {"class": classes}, "td": {"class": classes}, "tf": {"class": classes}}


NUMERIC = _numeric()


def _total(key: str, formatter: Callable = formatting.format_int) -> Callable:
    """A footer that shows the database total ``key`` of the table."""
    return lambda table: formatter(table.totals.get(key))


def _attrs(bound, cell: str) -> str:
    """The static HTML attributes a column declares for its ``th``, ``td`` or ``tf`` cells."""
    attrs = bound.column.attrs.get(cell)
    return f" {AttributeDict(attrs).as_html()}" if attrs else ""


class IntegerColumn(tables.Column):
    #: The column's kind among its cells' classes: the PDF sizes the column by it.
    kind = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", _numeric(self.kind))
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formatting.format_int(value)

    def value(self, value):
        return value


class MoneyColumn(IntegerColumn):
    kind = "money"

    def render(self, value):
        return formatting.format_money(value)


class PercentColumn(IntegerColumn):
    kind = "percent"

    def render(self, value):
        return formatting.format_percent(value)


class PublicTable(tables.Table):
    """A table of a Cuenta: caption, totals from the database, row header in the first column."""

    #: Column totals (see figures.totals.TOTALS) this table shows in its footer, by footer key.
    total_fields: dict[str, str] = {}

    #: Whether readers may sort the table by its columns (a link per header, no JavaScript).
    sortable: bool = False

    def __init__(self, data, *, cuenta: Cuenta, caption: str = "", **kwargs):
        # Passed here rather than in Meta: django-tables2 gives a subclass without
        # its own Meta the default options, sortable included.
        kwargs.setdefault("orderable", self.sortable)
        self.caption = caption
        totals = getattr(cuenta, "totals", {})
        self.cuenta = cuenta
        self.totals = {key: known_total(totals, field) for key, field in self.total_fields.items()}
        self.add_totals(self.totals)
        super().__init__(data, **kwargs)

    def add_totals(self, totals: dict) -> None:
        """Derive footer values (shares, rates) from the database totals."""

    def body_html(self) -> SafeString:
        """The ``<tbody>`` rows, the first cell of each a row header.

        django-tables2 defines the columns, their order, sorting, footers and
        exports; the cells are rendered here in one pass because going through
        its per-cell template machinery made a long Cuenta page several times
        slower (see README, Benchmark).
        """
        columns = [(self._cell_function(bound), _attrs(bound, "td")) for bound in self.columns]
        rows = []
        for row in self.rows:
            cells = []
            for n, (cell, attrs) in enumerate(columns):
                tag = "th" if n == 0 else "td"
                scope = ' scope="row"' if n == 0 else ""
                cells.append(f"<{tag}{scope}{attrs}>{conditional_escape(cell(row.record))}</{tag}>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return mark_safe("\n".join(rows))  # noqa: S308 -- every cell went through conditional_escape

    def head_html(self, sortable: bool = False) -> SafeString:
        """The header cells; with ``sortable``, orderable columns link to their sorted page (no JavaScript)."""
        cells = []
        for bound in self.columns:
            header = conditional_escape(bound.header)
            sort = ""
            if bound.is_ordered:
                sort = ' aria-sort="{}"'.format("descending" if bound.order_by_alias.is_descending else "ascending")
            if sortable and bound.orderable:
                href = f"?{self.prefixed_order_by_field}={bound.order_by_alias.next}#tabla-{self.spec.slug}"
                header = format_html(
                    '<a href="{}" rel="nofollow">{}<span class="visually-hidden"> (ordenar)</span></a>', href, header
                )
            cells.append(f'<th scope="col"{_attrs(bound, "th")}{sort}>{header}</th>')
        return mark_safe("".join(cells))  # noqa: S308 -- headers escaped above

    def head_html_sortable(self) -> SafeString:
        return self.head_html(sortable=True)

    def foot_html(self) -> SafeString:
        """The footer: each column's ``footer``, a text or a function of the table (its database totals)."""
        cells = []
        for n, bound in enumerate(self.columns):
            footer = bound.column._footer
            footer = conditional_escape(footer(self) if callable(footer) else footer or "")
            if n == 0:
                cells.append(f'<th scope="row">{footer}</th>')
            else:
                cells.append(f"<td{_attrs(bound, 'tf')}>{footer}</td>")
        return mark_safe("".join(cells))  # noqa: S308 -- footers escaped above

    def _cell_function(self, bound) -> Callable:
        custom = getattr(self, f"render_{bound.name}", None)
        if custom is not None:
            return lambda record: custom(record=record)
        getter = attrgetter(str(bound.accessor).replace("__", "."))
        column, default = bound.column, bound.default

        def cell(record):
            try:
                value = getter(record)
            except (AttributeError, ObjectDoesNotExist):
                value = None
            if callable(value):  # get_FOO_display
                value = value()
            if value in column.empty_values:
                return default
            return column.render(value)

        return cell

    class Meta:
        template_name = "cuentas/includes/_table.html"
        empty_text = "Sin datos."


class BySexTable(PublicTable):
    sortable = True
    women = IntegerColumn("Mujeres", footer=_total("women"))
    men = IntegerColumn("Hombres", footer=_total("men"))
    total = IntegerColumn("Total", footer=_total("total"))
    women_share = PercentColumn("% mujeres", footer=_total("women_share", formatting.format_percent))

    def add_totals(self, totals):
        if "total" not in totals and totals["women"] is not None and totals["men"] is not None:
            totals["total"] = totals["women"] + totals["men"]
        totals["women_share"] = percent(totals["women"], totals.get("total"))


class ExecutionTable(PublicTable):
    requested = MoneyColumn("Requerimiento", footer=_total("requested", formatting.format_money))
    accrued = MoneyColumn("Devengado", footer=_total("accrued", formatting.format_money))
    execution_rate = PercentColumn("% ejecución", footer=_total("rate", formatting.format_percent))

    def add_totals(self, totals):
        totals["rate"] = percent(totals["accrued"], totals["requested"])


class BudgetTable(ExecutionTable):
    code = tables.Column("Subtítulo", accessor="subtitle__code", footer="Total")
    name = tables.Column("Asignación", accessor="subtitle__name")
    total_fields = {"requested": "budget_requested", "accrued": "budget_accrued"}

    class Meta(ExecutionTable.Meta):
        sequence = ("code", "name", "...")


class ProgramBudgetTable(ExecutionTable):
    sortable = True
    line = tables.Column("Asignación del subtítulo 24", accessor="line__name", footer="Total")
    total_fields = {"requested": "programs_requested", "accrued": "programs_accrued"}

    class Meta(ExecutionTable.Meta):
        sequence = ("line", "...")


class TrainingTable(BySexTable):
    line = tables.Column("Línea programática", accessor="line__name", footer="Total")
    total_fields = {"women": "training_women", "men": "training_men"}

    class Meta(BySexTable.Meta):
        sequence = ("line", "...")


class CertificationTable(BySexTable):
    sector = tables.Column("Sector productivo", accessor="sector__name", footer="Total")
    total_fields = {"women": "certification_women", "men": "certification_men"}

    class Meta(BySexTable.Meta):
        sequence = ("sector", "...")


class InitiativeTable(PublicTable):
    name = tables.Column("Iniciativa")
    description = tables.Column("Descripción")
    people = IntegerColumn("Cantidad")
    unit = tables.Column("Unidad")
    comunas_reached = IntegerColumn("Comunas alcanzadas")


class IntermediationTable(PublicTable):
    channel = tables.Column("Canal", accessor="channel__name")
    indicator = tables.Column("Indicador", empty_values=())
    goal = IntegerColumn("Meta")
    achieved = IntegerColumn("Logro")
    fulfilment = PercentColumn("% cumplimiento")
    women_share = PercentColumn("% mujeres")

    def render_indicator(self, record):
        """The step, with the part of the year it covers when it is not the whole año de gestión."""
        period = period_label(record)
        return f"{record.indicator.name} ({period})" if period else record.indicator.name

    value_indicator = render_indicator


class RankingTable(PublicTable):
    """Results by comuna or by employer, ranked by logro within their channel and indicator."""

    rank = IntegerColumn("Lugar", accessor="rank")
    indicator = tables.Column("Indicador", empty_values=(), orderable=False)
    achieved = IntegerColumn("Logro")
    share = PercentColumn("% del total regional", accessor="share")

    def render_indicator(self, record):
        return f"{record.channel.name}: {record.indicator.name}"

    value_indicator = render_indicator


class ComunaRankingTable(RankingTable):
    comuna = tables.Column("Comuna", accessor="comuna__name")
    women = IntegerColumn("Mujeres")
    men = IntegerColumn("Hombres")

    class Meta(RankingTable.Meta):
        sequence = ("rank", "comuna", "...")


class EmployerRankingTable(RankingTable):
    employer = tables.Column("Empleador", empty_values=(), orderable=False)

    def render_employer(self, record):
        """The employer, with its sector and comuna when the document gives them."""
        details = ", ".join(str(part) for part in (record.employer_sector, record.comuna) if part)
        return f"{record.employer} ({details})" if details else record.employer

    value_employer = render_employer

    class Meta(RankingTable.Meta):
        sequence = ("rank", "employer", "...")


class FomilTable(PublicTable):
    sortable = True
    comuna = tables.Column("Municipalidad", accessor="comuna__name", footer=_total("count_text", str))
    amount = MoneyColumn("Monto del convenio", footer=_total("amount", formatting.format_money))
    total_fields = {"count": "fomil_count", "amount": "fomil_amount"}

    def add_totals(self, totals):
        totals["count_text"] = f"Total: {formatting.format_int(totals['count'])} municipalidades"


class ActivityTable(PublicTable):
    kind = tables.Column("Actividad", accessor="kind__name", footer="Total")
    count = IntegerColumn("Cantidad", footer=_total("count"))
    investment = MoneyColumn("Inversión", footer=_total("investment", formatting.format_money))
    period = tables.Column("Periodo", empty_values=(), orderable=False)
    total_fields = {"count": "activities_count", "investment": "activities_investment"}

    def render_period(self, record):
        return period_label(record) or "Año completo"

    def value_period(self, record):
        return period_label(record)


class SubsidyTable(BySexTable):
    subsidy = tables.Column("Subsidio", accessor="subsidy__name", footer="Total")
    budget = tables.Column("Presupuesto", accessor="subsidy__get_budget_display")
    total = IntegerColumn("Total", footer=_total("total"))
    amount_paid = MoneyColumn("Monto pagado", accessor="amount", footer=_total("amount", formatting.format_money))
    employers = IntegerColumn("Empresas usuarias", footer=_total("employers"))
    total_fields = {"women": "subsidy_women", "men": "subsidy_men", "employers": "subsidy_employers"}

    def add_totals(self, totals):
        """People and amount paid of every subsidy, withheld when any subsidy leaves them unknown."""
        figures = CuentaFigures.of(self.cuenta)
        totals["total"] = figures.subsidy_sum("", "people").value
        totals["amount"] = figures.subsidy_sum("", "amount").value
        super().add_totals(totals)

    class Meta(BySexTable.Meta):
        sequence = ("subsidy", "budget", "women", "men", "total", "women_share", "amount_paid", "employers")


class SubsidyAmountTable(PublicTable):
    subsidy = tables.Column("Subsidio", accessor="subsidy__name", footer="Total")
    amount_women = MoneyColumn("Monto a mujeres", footer=_total("amount_women", formatting.format_money))
    amount_men = MoneyColumn("Monto a hombres", footer=_total("amount_men", formatting.format_money))
    amount_paid = MoneyColumn("Monto total", accessor="amount", footer=_total("amount", formatting.format_money))
    period = tables.Column("Periodo", empty_values=(), orderable=False)
    total_fields = {"amount_women": "subsidy_amount_women", "amount_men": "subsidy_amount_men"}

    def add_totals(self, totals):
        totals["amount"] = CuentaFigures.of(self.cuenta).subsidies_paid().value

    def render_period(self, record):
        return period_label(record) or "Año completo"

    def value_period(self, record):
        return period_label(record)


class CosocTable(PublicTable):
    institution = tables.Column("Institución")
    person = tables.Column("Consejero(a)")


class NumberedTable(PublicTable):
    """A list whose rows the document numbers (N°)."""

    number = tables.Column("N°", empty_values=(), attrs=NUMERIC)

    def render_number(self, record):
        return self.row_numbers[id(record)]

    value_number = render_number

    @property
    def row_numbers(self) -> dict[int, int]:
        if not hasattr(self, "_row_numbers"):
            self._row_numbers = {id(row.record): n for n, row in enumerate(self.rows, start=1)}
        return self._row_numbers


class FieldEventTable(NumberedTable):
    date = tables.Column("Fecha", empty_values=())
    comuna = tables.Column("Comuna", accessor="comuna__name", default="—")
    place = tables.Column("Lugar", default="—")

    def render_date(self, record):
        if record.end_date:
            return f"{record.start_date:%d-%m-%Y} al {record.end_date:%d-%m-%Y}"
        return f"{record.start_date:%d-%m-%Y}"

    value_date = render_date


class EfemerideTable(NumberedTable):
    date = tables.Column("Fecha")
    name = tables.Column("Efeméride")

    def render_date(self, record):
        return f"{record.date:%d-%m-%Y}"

    def value_date(self, value):
        return value.isoformat()


class ShareOfTotalTable(PublicTable):
    """A count per category and its share of the total the database added up."""

    count = IntegerColumn("Cantidad", footer=_total("total"))
    share = PercentColumn("%", empty_values=(), footer=_total("share", formatting.format_percent))
    total_fields = {"total": ""}

    def add_totals(self, totals):
        totals["share"] = percent(100, 100) if totals["total"] else None

    def render_share(self, record):
        return formatting.format_percent(self.share_of(record))

    def value_share(self, record):
        return self.share_of(record)

    def share_of(self, record):
        return percent(record.count, self.totals["total"])


class PublicationTable(ShareOfTotalTable):
    category = tables.Column("Categoría", accessor="category__name", footer="Total")
    total_fields = {"total": "publications"}

    class Meta(ShareOfTotalTable.Meta):
        sequence = ("category", "count", "share")


class FollowerTable(PublicTable):
    network = tables.Column("Red social", accessor="network__name", footer="Total")
    at_start = IntegerColumn("Seguidores en enero", footer=_total("start"))
    at_end = IntegerColumn("Seguidores en diciembre", footer=_total("end"))
    growth = PercentColumn("% crecimiento", footer=_total("growth", formatting.format_percent))
    total_fields = {"start": "followers_start", "end": "followers_end"}

    def add_totals(self, totals):
        totals["growth"] = growth(totals["start"], totals["end"])


class ContactTypeTable(ShareOfTotalTable):
    contact_type = tables.Column("Tipo de atención", accessor="contact_type__name", footer="Total")
    total_fields = {"total": "contacts_by_type_total"}

    class Meta(ShareOfTotalTable.Meta):
        sequence = ("contact_type", "count", "share")


class ContactSexTable(ShareOfTotalTable):
    sex = tables.Column("Sexo", accessor="get_sex_display", footer="Total")
    total_fields = {"total": "contacts_by_sex_total"}

    class Meta(ShareOfTotalTable.Meta):
        sequence = ("sex", "count", "share")


class ContactMonthTable(ShareOfTotalTable):
    month = tables.Column("Mes", accessor="get_month_display", footer="Total")
    total_fields = {"total": "contacts_by_month_total"}

    class Meta(ShareOfTotalTable.Meta):
        sequence = ("month", "count", "share")


class ContactProgramTable(ShareOfTotalTable):
    sortable = True
    line = tables.Column("Programa", accessor="line__name", footer="Total")
    total_fields = {"total": "contacts_by_program_total"}

    class Meta(ShareOfTotalTable.Meta):
        sequence = ("line", "count", "share")


class PartnershipTable(PublicTable):
    partner = tables.Column("Institución aliada")
    purpose = tables.Column("Objeto", default="—")
    people_reached = IntegerColumn("Personas alcanzadas")


class TeamTable(PublicTable):
    name = tables.Column("Nombre")
    role = tables.Column("Cargo", default="—")
    unit = tables.Column("Unidad", default="—")


# --- Registry -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    key: str
    section: SectionKey
    caption: str
    table_class: type[PublicTable]
    relation: str
    filter: Callable[[Model], bool] | None = None
    #: Where the rows come from when they are not the relation's own rows (rankings).
    source: Callable[[Cuenta], list] | None = None

    @property
    def slug(self) -> str:
        return self.key.replace("_", "-")

    def rows(self, cuenta: Cuenta) -> list:
        """The table's rows, from the Cuenta's prefetched relation (see queries.ROW_PREFETCHES)."""
        if self.relation == "cosoc_members":
            activity = getattr(cuenta, "cosoc_activity", None)
            return list(activity.council.members.all()) if activity else []
        if self.source is not None:
            return self.source(cuenta)
        rows = getattr(cuenta, self.relation).all()
        return [row for row in rows if self.filter(row)] if self.filter else list(rows)

    def prefetch(self, cuenta: Cuenta) -> None:
        """Load this table's rows and column totals only (1 query; 2 for the COSOC), for a download."""
        if self.relation == "cosoc_members":
            prefetch_related_objects([cuenta], "cosoc_activity__council__members")
        else:
            prefetch_related_objects([cuenta], Prefetch(self.relation, queryset=ROW_PREFETCHES[self.relation]))
            attach_totals(cuenta, relations={self.relation})

    def table(self, cuenta: Cuenta, request=None) -> PublicTable:
        table = self.table_class(self.rows(cuenta), cuenta=cuenta, caption=self.caption, prefix=f"{self.slug}-")
        if request is not None and table.orderable:
            tables.RequestConfig(request, paginate=False).configure(table)
        return table


def _regional(row) -> bool:
    return row.comuna_id is None and not row.employer


def _ranked(rankings: str) -> Callable[[Cuenta], list]:
    """The rows of every ranking of the Cuenta's figures (``comuna_rankings``, ``employer_rankings``), in order."""

    def rows(cuenta: Cuenta) -> list:
        return [row for ranking in getattr(CuentaFigures.of(cuenta), rankings) for row in ranking.rows]

    return rows


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "presupuesto_subtitulos",
        SectionKey.BUDGET,
        "Presupuesto asignado y ejecutado por subtítulo",
        BudgetTable,
        "budget_executions",
    ),
    TableSpec(
        "presupuesto_programas",
        SectionKey.BUDGET,
        "Transferencias corrientes: presupuesto asignado y ejecutado del subtítulo 24 por programa",
        ProgramBudgetTable,
        "program_budget_executions",
    ),
    TableSpec(
        "capacitacion_participantes",
        SectionKey.TRAINING,
        "Participantes según línea programática y sexo",
        TrainingTable,
        "training_participations",
    ),
    TableSpec(
        "capacitacion_iniciativas", SectionKey.TRAINING, "Iniciativas especiales", InitiativeTable, "initiatives"
    ),
    TableSpec(
        "certificacion_sectores",
        SectionKey.CERTIFICATION,
        "Personas evaluadas según sector productivo y sexo",
        CertificationTable,
        "certification_results",
    ),
    TableSpec(
        "intermediacion_resultados",
        SectionKey.INTERMEDIATION,
        "Resultados de intermediación laboral: meta y logro",
        IntermediationTable,
        "intermediation_results",
        filter=_regional,
    ),
    TableSpec(
        "intermediacion_comunas",
        SectionKey.INTERMEDIATION,
        "Resultados de intermediación por comuna",
        ComunaRankingTable,
        "intermediation_results",
        source=_ranked("comuna_rankings"),
    ),
    TableSpec(
        "intermediacion_empleadores",
        SectionKey.INTERMEDIATION,
        "Resultados de intermediación por empleador",
        EmployerRankingTable,
        "intermediation_results",
        source=_ranked("employer_rankings"),
    ),
    TableSpec(
        "intermediacion_fomil",
        SectionKey.INTERMEDIATION,
        "Municipalidades con convenio de Fortalecimiento OMIL (FOMIL)",
        FomilTable,
        "fomil_agreements",
    ),
    TableSpec(
        "intermediacion_actividades",
        SectionKey.INTERMEDIATION,
        "Actividades de empleo e inversión",
        ActivityTable,
        "employment_activities",
    ),
    TableSpec(
        "subsidios_personas",
        SectionKey.SUBSIDIES,
        "Personas beneficiarias y monto pagado por subsidio",
        SubsidyTable,
        "subsidy_results",
    ),
    TableSpec(
        "subsidios_montos",
        SectionKey.SUBSIDIES,
        "Montos pagados por sexo y periodo informado",
        SubsidyAmountTable,
        "subsidy_results",
        filter=reports_amount,
    ),
    TableSpec(
        "participacion_cosoc",
        SectionKey.PARTICIPATION,
        "Conformación del Consejo de la Sociedad Civil (COSOC)",
        CosocTable,
        "cosoc_members",
    ),
    TableSpec(
        "participacion_gobiernos_en_terreno",
        SectionKey.PARTICIPATION,
        "Gobiernos en Terreno",
        FieldEventTable,
        "field_events",
    ),
    TableSpec(
        "comunicaciones_publicaciones",
        SectionKey.COMMUNICATIONS,
        "Publicaciones en redes sociales por categoría",
        PublicationTable,
        "publication_counts",
    ),
    TableSpec(
        "comunicaciones_seguidores",
        SectionKey.COMMUNICATIONS,
        "Seguidores por red social al inicio y al cierre del año",
        FollowerTable,
        "follower_counts",
    ),
    TableSpec(
        "comunicaciones_efemerides",
        SectionKey.COMMUNICATIONS,
        "Efemérides publicadas",
        EfemerideTable,
        "efemerides",
    ),
    TableSpec(
        "atencion_tipos", SectionKey.CONTACTS, "Atenciones según tipo de consulta", ContactTypeTable, "contacts_by_type"
    ),
    TableSpec(
        "atencion_sexo", SectionKey.CONTACTS, "Personas atendidas según sexo", ContactSexTable, "contacts_by_sex"
    ),
    TableSpec("atencion_meses", SectionKey.CONTACTS, "Atenciones por mes", ContactMonthTable, "contacts_by_month"),
    TableSpec(
        "atencion_programas",
        SectionKey.CONTACTS,
        "Atenciones según programa consultado",
        ContactProgramTable,
        "contacts_by_program",
    ),
    TableSpec("hitos_alianzas", SectionKey.MILESTONES, "Alianzas y convenios", PartnershipTable, "partnerships"),
    TableSpec("equipo", SectionKey.TEAM, "Equipo de la dirección regional", TeamTable, "team_members"),
)

BY_SLUG: dict[str, TableSpec] = {spec.slug: spec for spec in TABLES}


def tables_for(cuenta: Cuenta, request=None) -> dict[str, PublicTable]:
    """Every non-empty table of the Cuenta, by key."""
    built = {}
    for spec in TABLES:
        table = spec.table(cuenta, request)
        if len(table.rows):
            table.spec = spec
            built[spec.key] = table
    return built


def export_rows(table: PublicTable) -> Iterable[list]:
    return table.as_values()
