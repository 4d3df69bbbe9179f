"""Participation in the admin: processes, moderation, answers, the COSOC's review of the draft.

Built on the region-scoped ``ModelAdmin`` of base.py, so staff reach only their
regions' rows; every step is a ``cuentas.participation.services`` call (who may
take it, one transaction, a trace in the history).
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuentas import access
from cuentas.models import (
    Answer,
    CosocMember,
    CosocObservation,
    CosocSession,
    Cuenta,
    ParticipationProcess,
    ParticipationTopic,
    Question,
)
from cuentas.participation import queries, services

from .base import ModelAdmin, TabularInline


def _run(modeladmin, request, step, items, done_message):
    """Take ``step`` on each item; report what was done and each refusal in Spanish."""
    done = 0
    for item in items:
        try:
            step(item)
            done += 1
        except services.Refused as refusal:
            modeladmin.message_user(request, refusal.message, messages.ERROR)
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(ParticipationTopic)
class ParticipationTopicAdmin(ModelAdmin):
    list_display = ("name", "position")
    search_fields = ("name",)


@admin.register(ParticipationProcess)
class ParticipationProcessAdmin(ModelAdmin):
    """Every process in the user's regions with what waits: central staff see all regions' overdue counts."""

    list_display = (
        "cuenta",
        "region",
        "state_display",
        "window_opens",
        "window_closes",
        "answer_deadline",
        "to_moderate",
        "unanswered",
        "overdue",
    )
    list_filter = ("cuenta__region", "modality", "is_demo")
    search_fields = ("cuenta__title", "cuenta__region__name")
    list_select_related = ("cuenta__region",)
    readonly_fields = ("answer_deadline", "answers_published_at")
    fieldsets = (
        (None, {"fields": ("cuenta", "modality", "is_demo")}),
        (
            _("Calendario"),
            {
                "fields": (
                    ("consultation_start", "consultation_end"),
                    "consultation_topics",
                    "cosoc_session_date",
                    "summary_published_on",
                    ("event_date", "event_time"),
                    "event_place",
                    "stream_url",
                )
            },
        ),
        (
            _("Preguntas y plazos (días hábiles)"),
            {
                "fields": (
                    ("window_days", "answer_days"),
                    ("window_opens", "window_closes"),
                    "answer_deadline",
                    "answers_published_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return queries.with_counts(super().get_queryset(request), timezone.localdate())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cuenta":
            # Participation follows publication: published Cuentas are the usual choice here.
            kwargs["queryset"] = access.scope(Cuenta.objects.select_related("region"), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("región"), ordering="cuenta__region__north_to_south")
    def region(self, obj):
        return obj.cuenta.region

    @admin.display(description=_("estado"))
    def state_display(self, obj):
        return ParticipationProcess.State(obj.state(timezone.localdate())).label

    @admin.display(description=_("por moderar"), ordering="to_moderate")
    def to_moderate(self, obj):
        return obj.to_moderate

    @admin.display(description=_("sin respuesta"), ordering="unanswered")
    def unanswered(self, obj):
        return obj.unanswered

    @admin.display(description=_("vencidas"), ordering="overdue")
    def overdue(self, obj):
        return obj.overdue


class DueFilter(admin.SimpleListFilter):
    """Accepted questions without a published answer, by how near their deadline is."""

    title = _("plazo de respuesta")
    parameter_name = "plazo"

    def lookups(self, request, model_admin):
        return (("por_vencer", _("Por vencer")), ("vencida", _("Vencida")), ("respondida", _("Respondida")))

    def queryset(self, request, queryset):
        today = timezone.localdate()
        unanswered = queryset.filter(status=Question.Status.ACCEPTED).exclude(answer__status=Answer.Status.PUBLISHED)
        if self.value() == "vencida":
            return unanswered.filter(process__answer_deadline__lt=today)
        if self.value() == "por_vencer":
            return unanswered.filter(
                process__answer_deadline__gte=today, process__answer_deadline__lte=services.due_soon_threshold(today)
            )
        if self.value() == "respondida":
            return queryset.filter(answer__status=Answer.Status.PUBLISHED)
        return queryset


@admin.register(Question)
class QuestionAdmin(ModelAdmin):
    """Moderation: accept, refuse with a fixed reason (never delete), group under one answer."""

    list_display = ("public_number", "kind", "topic_label", "excerpt", "status", "refusal_reason", "due", "answer")
    list_filter = ("status", DueFilter, "kind", "refusal_reason", "process__cuenta__region")
    list_select_related = ("process__cuenta__region", "topic", "answer")
    search_fields = ("public_number", "text", "process__cuenta__region__name")
    readonly_fields = (
        "process",
        "public_number",
        "kind",
        "topic",
        "section",
        "text",
        "name",
        "publish_name",
        "email",
        "comuna",
        "organisation",
        "status",
        "refusal_reason",
        "referral",
        "answer",
        "created_at",
        "confirmed_at",
        "moderated_at",
        "moderated_by",
        "answer_sent_at",
    )
    actions = (
        "accept",
        "refuse_offensive",
        "refuse_personal_data",
        "refuse_spam",
        "refer_to_oirs",
        "refer_to_transparency",
        "group_under_one_answer",
    )

    def has_add_permission(self, request):
        return False  # questions come from citizens, through the public form

    def has_delete_permission(self, request, obj=None):
        return False  # a refused question is hidden, never deleted

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("texto"))
    def excerpt(self, obj):
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")

    @admin.display(description=_("tema"))
    def topic_label(self, obj):
        return obj.topic_label

    @admin.display(description=_("plazo"))
    def due(self, obj):
        if obj.status != Question.Status.ACCEPTED or (obj.answer_id and obj.answer.is_published):
            return "—"
        today = timezone.localdate()
        deadline = obj.process.answer_deadline
        if deadline < today:
            return _("Vencida (%(date)s)") % {"date": f"{deadline:%d-%m-%Y}"}
        if deadline <= services.due_soon_threshold(today):
            return _("Por vencer (%(date)s)") % {"date": f"{deadline:%d-%m-%Y}"}
        return f"{deadline:%d-%m-%Y}"

    @admin.action(description=_("Aceptar y publicar las seleccionadas"), permissions=("change",))
    def accept(self, request, queryset):
        _run(self, request, lambda q: services.accept(q, request.user), queryset, _("%(count)s aceptada(s)."))

    def _refuse(self, request, queryset, reason, referral=""):
        _run(
            self,
            request,
            lambda q: services.refuse(q, request.user, reason, referral),
            queryset,
            _("%(count)s no publicada(s)."),
        )

    @admin.action(description=_("No publicar: contenido ofensivo"), permissions=("change",))
    def refuse_offensive(self, request, queryset):
        self._refuse(request, queryset, Question.RefusalReason.OFFENSIVE)

    @admin.action(description=_("No publicar: contiene datos personales"), permissions=("change",))
    def refuse_personal_data(self, request, queryset):
        self._refuse(request, queryset, Question.RefusalReason.PERSONAL_DATA)

    @admin.action(description=_("No publicar: spam"), permissions=("change",))
    def refuse_spam(self, request, queryset):
        self._refuse(request, queryset, Question.RefusalReason.SPAM)

    @admin.action(description=_("Fuera de la competencia de SENCE: derivar a la OIRS"), permissions=("change",))
    def refer_to_oirs(self, request, queryset):
        self._refuse(request, queryset, Question.RefusalReason.OUT_OF_REMIT, Question.Referral.OIRS)

    @admin.action(
        description=_("Fuera de la competencia de SENCE: solicitud de acceso a la información (Ley 20.285)"),
        permissions=("change",),
    )
    def refer_to_transparency(self, request, queryset):
        self._refuse(request, queryset, Question.RefusalReason.OUT_OF_REMIT, Question.Referral.TRANSPARENCY)

    @admin.action(description=_("Responder juntas (agrupar duplicadas en una respuesta)"), permissions=("change",))
    def group_under_one_answer(self, request, queryset):
        try:
            answer = services.group(queryset, request.user)
        except services.Refused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return None
        self.message_user(request, _("Preguntas agrupadas: redacte la respuesta."), messages.SUCCESS)
        return redirect("admin:cuentas_answer_change", answer.pk)


class AnsweredQuestionInline(TabularInline):
    model = Question
    fields = ("public_number", "kind", "text", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("preguntas que responde")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Answer)
class AnswerAdmin(ModelAdmin):
    """An editor drafts and sends to approval; a director of the region approves, which publishes."""

    list_display = ("__str__", "process", "status", "question_count", "drafted_by", "approved_by", "published_at")
    list_filter = ("status", "process__cuenta__region")
    search_fields = ("text", "process__cuenta__region__name")
    list_select_related = ("process__cuenta__region", "drafted_by", "approved_by")
    fields = ("process", "text", "status", "drafted_by", "approved_by", "published_at")
    readonly_fields = ("process", "status", "drafted_by", "approved_by", "published_at")
    inlines = (AnsweredQuestionInline,)
    actions = ("send_to_approval", "approve_and_publish")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    def has_add_permission(self, request):
        return False  # an answer is made by grouping accepted questions (Preguntas ciudadanas)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False  # what was published stays as it was
        return super().has_change_permission(request, obj)

    def has_approve_permission(self, request):
        return request.user.has_perm("cuentas.approve_answer")

    def save_model(self, request, obj, form, change):
        if obj.drafted_by_id is None:
            obj.drafted_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("preguntas"), ordering="question_total")
    def question_count(self, obj):
        return obj.question_total

    @admin.action(description=_("Enviar a aprobación del director(a)"), permissions=("change",))
    def send_to_approval(self, request, queryset):
        _run(self, request, lambda a: services.submit_answer(a, request.user), queryset, _("%(count)s enviada(s)."))

    @admin.action(
        description=_("Aprobar y publicar (avisa por correo a quienes preguntaron)"), permissions=("approve",)
    )
    def approve_and_publish(self, request, queryset):
        _run(self, request, lambda a: services.approve(a, request.user), queryset, _("%(count)s publicada(s)."))


@admin.register(CosocSession)
class CosocSessionAdmin(ModelAdmin):
    list_display = ("__str__", "cuenta", "kind", "quorum_met")
    list_filter = ("kind", "cuenta__region")
    search_fields = ("cuenta__title", "cuenta__region__name")
    list_select_related = ("cuenta__region",)
    filter_horizontal = ("attendees",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "attendees":
            kwargs["queryset"] = access.scope(CosocMember.objects.select_related("council"), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(CosocObservation)
class CosocObservationAdmin(ModelAdmin):
    list_display = ("__str__", "cuenta", "section", "incorporated")
    list_filter = ("incorporated", "cuenta__region")
    search_fields = ("text", "cuenta__region__name")
    list_select_related = ("cuenta__region",)
