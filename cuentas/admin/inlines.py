"""One inline per kind of row; the section registry decides where each appears."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cuentas import models as m
from cuentas.formatting import format_int, format_money, format_percent

from .base import CompactInline, RowFormSet, StackedInline, TabularInline


class SectionFormSet(RowFormSet):
    section = ""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.section = self.section
        return form


class SectionScopedInline(TabularInline):
    """An inline over rows that carry a ``section`` field, showing one section's rows.

    ``section`` is set per page by CuentaAdmin (blank: rows of the Cuenta
    itself); the form does not show the field and new rows get it stamped.
    """

    section = ""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(section=self.section)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["formset"] = type("SectionFormSet", (SectionFormSet,), {"section": self.section})
        return super().get_formset(request, obj, **kwargs)

    @classmethod
    def for_section(cls, section: str):
        return type(cls.__name__, (cls,), {"section": section})


class DeclaredFigureInline(SectionScopedInline, CompactInline):
    model = m.DeclaredFigure
    fields = ("position", "kind", "label", "qualifier", "value", "decimals", "unit", "metric", "metric_argument")
    classes = ("collapse",)
    labels = {
        "position": _("Orden"),
        "label": _("Descripción"),
        "value": _("Valor"),
        "decimals": _("Decimales"),
        "metric": _("Cifra calculada"),
        "metric_argument": _("Referencia"),
    }
    # Most figures are headline figures of the text, compared with nothing.
    folded = ("kind", "metric", "metric_argument")
    folded_label = _("Tipo y comparación")


class SectionTextInline(SectionScopedInline):
    model = m.SectionText
    fields = ("text",)
    max_num = 1
    # Headed by the singular while it can take a text, by the plural once read-only: the same words.
    verbose_name = verbose_name_plural = _("texto de la sección")


class AuthorityInline(TabularInline):
    model = m.Authority
    fields = ("position", "name", "office")


class QuoteInline(StackedInline):
    model = m.Quote
    fields = (("speaker", "office", "position"), "text")


class ExecutionInline(TabularInline):
    readonly_fields = ("execution_rate_display",)

    @admin.display(description=_("% ejecución"))
    def execution_rate_display(self, obj):
        return format_percent(obj.execution_rate)


class BudgetExecutionInline(ExecutionInline):
    model = m.BudgetExecution
    fields = ("subtitle", "requested", "accrued", "execution_rate_display")
    autocomplete_fields = ("subtitle",)


class ProgramBudgetExecutionInline(ExecutionInline):
    model = m.ProgramBudgetExecution
    fields = ("line", "requested", "accrued", "execution_rate_display")
    autocomplete_fields = ("line",)


class BySexInline(TabularInline):
    readonly_fields = ("total_display", "women_share_display")

    @admin.display(description=_("total"))
    def total_display(self, obj):
        return format_int(obj.total) if obj.pk else "—"

    @admin.display(description=_("% mujeres"))
    def women_share_display(self, obj):
        return format_percent(obj.women_share) if obj.pk else "—"


class TrainingSummaryInline(TabularInline):
    model = m.TrainingSummary
    fields = ("courses_held",)


class TrainingParticipationInline(BySexInline):
    model = m.TrainingParticipation
    fields = ("line", "women", "men", "total_display", "women_share_display")
    autocomplete_fields = ("line",)


class TaxFranchiseInline(TabularInline):
    model = m.TaxFranchise
    fields = ("companies", "workers_trained", "amount", "national_rank")


class InitiativeInline(StackedInline):
    model = m.Initiative
    fields = (("name", "position"), "description", ("people", "unit", "comunas_reached"), "comunas")
    autocomplete_fields = ("comunas",)


class CertificationResultInline(BySexInline):
    model = m.CertificationResult
    fields = ("sector", "women", "men", "total_display", "women_share_display")
    autocomplete_fields = ("sector",)


class IntermediationResultInline(CompactInline):
    """Results of the intermediation funnel; one inline per kind of row (regional, by comuna, by employer).

    The three share the model and split its rows as the figures layer reads
    them (cuentas/figures/cuenta.py): regional rows have neither comuna nor
    employer, a comuna's rows have a comuna and no employer, an employer's rows
    have an employer. Each inline shows the fields its rows use and folds the
    rarely used ones; a field an inline leaves out keeps its value, and every
    field is on the row's own page (IntermediationResultAdmin).
    """

    model = m.IntermediationResult
    labels = {"period_start": _("Desde"), "period_end": _("Hasta"), "employer_sector": _("Sector")}
    #: Fields this kind of row must have (blank in the model, where a regional row leaves them empty).
    required = ()

    def rows(self, queryset):
        return queryset

    def get_queryset(self, request):
        return self.rows(super().get_queryset(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self.required:
            formfield.required = True
        return formfield


class RegionalResultInline(IntermediationResultInline):
    fields = (
        "channel",
        "indicator",
        "goal",
        "achieved",
        "women",
        "men",
        "fulfilment_display",
        "period_start",
        "period_end",
    )
    readonly_fields = ("fulfilment_display",)
    folded = ("period_start", "period_end")
    folded_label = _("Periodo")
    verbose_name = _("resultado regional")
    verbose_name_plural = _("resultados regionales")

    def rows(self, queryset):
        return queryset.filter(comuna__isnull=True, employer="")

    # A soft hyphen lets the narrow column break «cumpli-miento».
    @admin.display(description=_("% cumpli\u00admiento"))
    def fulfilment_display(self, obj):
        return format_percent(obj.fulfilment)


class ComunaResultInline(IntermediationResultInline):
    fields = ("channel", "indicator", "comuna", "achieved", "women", "men", "goal", "period_start", "period_end")
    folded = ("goal", "period_start", "period_end")
    folded_label = _("Meta y periodo")
    required = ("comuna",)
    verbose_name = _("resultado por comuna")
    verbose_name_plural = _("resultados por comuna")

    def rows(self, queryset):
        return queryset.filter(comuna__isnull=False, employer="")


class EmployerResultInline(IntermediationResultInline):
    fields = (
        "channel",
        "indicator",
        "employer",
        "achieved",
        "women",
        "men",
        "employer_sector",
        "period_start",
        "period_end",
    )
    folded = ("employer_sector", "period_start", "period_end")
    folded_label = _("Sector y periodo")
    required = ("employer",)
    verbose_name = _("resultado por empleador")
    verbose_name_plural = _("resultados por empleador")

    def rows(self, queryset):
        return queryset.exclude(employer="")


class FomilAgreementInline(CompactInline):
    model = m.FomilAgreement
    fields = ("comuna", "amount")


class FomilSummaryInline(CompactInline):
    model = m.FomilSummary
    fields = ("agreements", "amount", "fulfilment")
    labels = {"agreements": _("Convenios firmados"), "amount": _("Monto total"), "fulfilment": _("% de cumplimiento")}
    max_num = 1


class EmploymentActivityInline(CompactInline):
    model = m.EmploymentActivity
    fields = ("kind", "count", "investment", "period_start", "period_end")
    labels = {"period_start": _("Desde"), "period_end": _("Hasta")}
    folded = ("period_start", "period_end")
    folded_label = _("Periodo")


class SubsidyResultInline(StackedInline):
    model = m.SubsidyResult
    fields = (
        "subsidy",
        ("women", "men", "people_total", "total_display", "women_share_display"),
        ("amount_women", "amount_men", "amount_total", "amount_display"),
        ("employers", "period_start", "period_end"),
    )
    readonly_fields = ("total_display", "women_share_display", "amount_display")
    autocomplete_fields = ("subsidy",)

    total_display = BySexInline.total_display
    women_share_display = BySexInline.women_share_display

    @admin.display(description=_("monto pagado"))
    def amount_display(self, obj):
        return format_money(obj.amount) if obj.pk else "—"


class CosocActivityInline(CompactInline):
    model = m.CosocActivity
    fields = ("council", "sessions_held", "topics")
    autocomplete_fields = ("council",)


class ParticipatoryDialogueInline(StackedInline):
    model = m.ParticipatoryDialogue
    fields = (("comuna", "date"), "theme", "participant_profiles", "description", "findings")
    autocomplete_fields = ("comuna",)


class FieldEventInline(CompactInline):
    model = m.FieldEvent
    fields = ("start_date", "end_date", "comuna", "place")
    autocomplete_fields = ("comuna",)


class PublicationCountInline(TabularInline):
    model = m.PublicationCount
    fields = ("category", "count")
    autocomplete_fields = ("category",)


class FollowerCountInline(TabularInline):
    model = m.FollowerCount
    fields = ("network", "at_start", "at_end", "growth_display")
    readonly_fields = ("growth_display",)
    autocomplete_fields = ("network",)

    @admin.display(description=_("% crecimiento"))
    def growth_display(self, obj):
        return format_percent(obj.growth) if obj.pk else "—"


class EfemerideInline(TabularInline):
    model = m.Efemeride
    fields = ("date", "name")
    extra = 3


class ContactsByTypeInline(TabularInline):
    model = m.ContactsByType
    fields = ("contact_type", "count")
    autocomplete_fields = ("contact_type",)


class ContactsBySexInline(TabularInline):
    model = m.ContactsBySex
    fields = ("sex", "count")
    max_num = len(m.base.Sex.choices)


class ContactsByMonthInline(TabularInline):
    model = m.ContactsByMonth
    fields = ("month", "count")
    max_num = 12


class ContactsByProgramInline(TabularInline):
    model = m.ContactsByProgram
    fields = ("line", "count")
    autocomplete_fields = ("line",)


class MilestoneInline(StackedInline):
    model = m.Milestone
    fields = (("title", "date", "position"), "text")


class PartnershipInline(StackedInline):
    model = m.Partnership
    fields = (("partner", "comuna", "people_reached", "position"), "purpose")
    autocomplete_fields = ("comuna",)


class StrategicAxisInline(StackedInline):
    model = m.StrategicAxis
    fields = (("title", "position"), "text")


class TeamMemberInline(CompactInline):
    model = m.TeamMember
    fields = ("position", "name", "role", "unit")


#: The inlines that edit each row model on its section page: one per model, but
#: the intermediation results, split by kind of row.
SECTION_INLINES = {
    inline.model: (inline,)
    for inline in (
        BudgetExecutionInline,
        ProgramBudgetExecutionInline,
        TrainingSummaryInline,
        TrainingParticipationInline,
        TaxFranchiseInline,
        InitiativeInline,
        CertificationResultInline,
        FomilAgreementInline,
        FomilSummaryInline,
        EmploymentActivityInline,
        SubsidyResultInline,
        CosocActivityInline,
        ParticipatoryDialogueInline,
        FieldEventInline,
        PublicationCountInline,
        FollowerCountInline,
        EfemerideInline,
        ContactsByTypeInline,
        ContactsBySexInline,
        ContactsByMonthInline,
        ContactsByProgramInline,
        MilestoneInline,
        PartnershipInline,
        StrategicAxisInline,
        TeamMemberInline,
    )
} | {m.IntermediationResult: (RegionalResultInline, ComunaResultInline, EmployerResultInline)}
