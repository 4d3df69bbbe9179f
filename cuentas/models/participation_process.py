"""The participatory part of a Cuenta (Ley 18.575 art. 72, Ley 20.500).

A ``ParticipationProcess`` holds the calendar of one Cuenta: prior
consultation, the COSOC session on the draft, the summary, the public event,
the window for citizens' questions and the answer deadline in días hábiles.
Citizens send ``Question``s; staff of the region moderate them and answer with
``Answer``s (one answer may serve several grouped questions) that a director
approves. The COSOC's review of the draft is on record as ``CosocSession``s
(with the acta) and ``CosocObservation``s. The writes live in
``cuentas/participation/services.py``; these models only hold and check data.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cuentas.participation.workdays import add_working_days

from .base import cuenta_fk
from .catalogues import Comuna
from .cuenta import SectionKey
from .participation import CosocMember


def default_window_days() -> int:
    return settings.PARTICIPATION_WINDOW_DAYS


def default_answer_days() -> int:
    return settings.PARTICIPATION_ANSWER_DAYS


def validate_pdf(upload) -> None:
    """An acta is a PDF (its first bytes say so, whatever its name) no bigger than the setting allows."""
    limit = settings.PARTICIPATION_MINUTES_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("El acta pesa más de %(mb)s MB; súbala comprimida o dividida.") % {"mb": limit // (1024 * 1024)}
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(5)
    upload.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("El acta debe ser un archivo PDF."))


class ParticipationTopic(models.Model):
    """A topic a citizen may choose besides the Cuenta's sections (catalogue kept by central staff)."""

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("tema de participación")
        verbose_name_plural = _("temas de participación")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ParticipationProcess(models.Model):
    """The participatory calendar of one Cuenta, and its question window."""

    #: The region is the Cuenta's (cuentas/access.py reads this).
    region_path = "cuenta__region"
    #: Questions and answers come after publication: the process stays editable when its Cuenta is published.
    locked_with_cuenta = False

    class Modality(models.TextChoices):
        IN_PERSON = "presencial", _("Presencial")
        ONLINE = "virtual", _("Virtual")
        MIXED = "mixta", _("Mixta")

    class State(models.TextChoices):
        UPCOMING = "proximamente", _("Próximamente")
        OPEN = "abierta", _("Abierta")
        CLOSED = "cerrada", _("Cerrada")
        ANSWERED = "respondida", _("Respuestas publicadas")

    cuenta = models.OneToOneField(
        "cuentas.Cuenta", on_delete=models.CASCADE, related_name="participation", verbose_name=_("cuenta pública")
    )
    modality = models.CharField(_("modalidad"), max_length=10, choices=Modality.choices, default=Modality.IN_PERSON)
    consultation_start = models.DateField(_("consulta previa: desde"), null=True, blank=True)
    consultation_end = models.DateField(_("consulta previa: hasta"), null=True, blank=True)
    consultation_topics = models.TextField(
        _("temas de la consulta previa"), blank=True, default="", help_text=_("Optativa. Uno por línea.")
    )
    cosoc_session_date = models.DateField(_("sesión del COSOC sobre el borrador"), null=True, blank=True)
    summary_published_on = models.DateField(_("publicación del documento resumen"), null=True, blank=True)
    event_date = models.DateField(_("fecha del evento"))
    event_time = models.TimeField(_("hora del evento"), null=True, blank=True)
    event_place = models.CharField(_("lugar del evento"), max_length=200, blank=True, default="")
    stream_url = models.URLField(_("enlace de transmisión"), blank=True, default="")
    window_days = models.PositiveSmallIntegerField(
        _("días hábiles para preguntar"),
        default=default_window_days,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Desde el evento. Provisional hasta que la norma de SENCE lo fije."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("días hábiles para responder"),
        default=default_answer_days,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Desde el cierre del periodo de preguntas. Provisional hasta que la norma de SENCE lo fije."),
    )
    window_opens = models.DateField(
        _("abre el periodo de preguntas"), null=True, blank=True, help_text=_("Vacío: el día del evento.")
    )
    window_closes = models.DateField(
        _("cierra el periodo de preguntas"),
        null=True,
        blank=True,
        help_text=_("Vacío: se calcula con los días hábiles para preguntar, contados desde el evento."),
    )
    answer_deadline = models.DateField(_("plazo de respuesta"), editable=False, null=True)
    answers_published_at = models.DateTimeField(_("primeras respuestas publicadas"), null=True, editable=False)
    is_demo = models.BooleanField(
        _("datos de demostración"),
        default=False,
        help_text=_("Proceso creado por «manage.py participation_demo»; el sitio público lo marca como tal."),
    )
    updated_at = models.DateTimeField(_("última modificación"), auto_now=True)

    class Meta:
        verbose_name = _("proceso de participación")
        verbose_name_plural = _("procesos de participación")
        ordering = ["cuenta__region__north_to_south", "-event_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_closes__isnull=True)
                | Q(window_opens__isnull=True)
                | Q(window_closes__gte=F("window_opens")),
                name="participationprocess_window_closes_after_opening",
                violation_error_message=_("El periodo de preguntas no puede cerrar antes de abrir."),
            ),
            models.CheckConstraint(
                condition=Q(consultation_end__isnull=True)
                | Q(consultation_start__isnull=True)
                | Q(consultation_end__gte=F("consultation_start")),
                name="participationprocess_consultation_ends_after_start",
                violation_error_message=_("La consulta previa no puede terminar antes de empezar."),
            ),
        ]

    def __str__(self):
        return _("Participación %(cuenta)s") % {"cuenta": self.cuenta}

    def save(self, *args, **kwargs):
        self.fill_calendar()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.cuenta.get_absolute_url() + "#participacion"

    def clean(self):
        super().clean()
        self.fill_calendar()
        if self.window_opens and self.window_closes and self.window_closes < self.window_opens:
            raise ValidationError({"window_closes": _("El periodo de preguntas no puede cerrar antes de abrir.")})

    def fill_calendar(self) -> None:
        """Default the window from the event and compute the answer deadline (días hábiles, Chile)."""
        if self.event_date is None:
            return
        if self.window_opens is None:
            self.window_opens = self.event_date
        if self.window_closes is None:
            self.window_closes = add_working_days(self.event_date, self.window_days)
        self.answer_deadline = add_working_days(self.window_closes, self.answer_days)

    def state(self, today: datetime.date) -> str:
        if today < self.window_opens:
            return self.State.UPCOMING
        if today <= self.window_closes:
            return self.State.OPEN
        return self.State.ANSWERED if self.answers_published_at else self.State.CLOSED

    def is_open(self, today: datetime.date) -> bool:
        return self.state(today) == self.State.OPEN


class Answer(models.Model):
    """The institution's answer: drafted by an editor, approved and published by the region's director."""

    region_path = "process__cuenta__region"

    class Status(models.TextChoices):
        DRAFT = "borrador", _("Borrador")
        SUBMITTED = "por_aprobar", _("Por aprobar")
        PUBLISHED = "publicada", _("Publicada")

    process = models.ForeignKey(
        ParticipationProcess, on_delete=models.CASCADE, related_name="answers", verbose_name=_("proceso")
    )
    text = models.TextField(_("respuesta"), blank=True, default="")
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("redactada por"),
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aprobada por"),
        editable=False,
    )
    published_at = models.DateTimeField(_("publicada el"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")
        ordering = ["process", "id"]
        permissions = [("approve_answer", _("Aprueba y publica respuestas a la ciudadanía"))]

    def __str__(self):
        return _("Respuesta %(id)s") % {"id": self.pk or "nueva"}

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Question(models.Model):
    """A citizen's question, observation or suggestion, sent during the window."""

    region_path = "process__cuenta__region"

    class Kind(models.TextChoices):
        QUESTION = "pregunta", _("Pregunta")
        OBSERVATION = "observacion", _("Observación")
        SUGGESTION = "sugerencia", _("Sugerencia")

    class Status(models.TextChoices):
        UNCONFIRMED = "sin_confirmar", _("Correo sin confirmar")
        RECEIVED = "recibida", _("Por moderar")
        ACCEPTED = "aceptada", _("Aceptada")
        REFUSED = "rechazada", _("No publicada")

    class RefusalReason(models.TextChoices):
        OFFENSIVE = "ofensivo", _("Contenido ofensivo")
        PERSONAL_DATA = "datos_personales", _("Contiene datos personales")
        SPAM = "spam", _("Spam")
        OUT_OF_REMIT = "fuera_competencia", _("Fuera de la competencia de SENCE")

    class Referral(models.TextChoices):
        OIRS = "oirs", _("Derivada a la OIRS")
        TRANSPARENCY = "transparencia", _("Tramitada como solicitud de acceso a la información (Ley 20.285)")

    #: Limits of the text, repeated in the form's messages.
    TEXT_MIN = 10
    TEXT_MAX = 2000

    process = models.ForeignKey(
        ParticipationProcess, on_delete=models.CASCADE, related_name="questions", verbose_name=_("proceso")
    )
    number = models.PositiveIntegerField(_("número"), editable=False)
    public_number = models.CharField(_("número público"), max_length=24, unique=True, editable=False)
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices, default=Kind.QUESTION)
    topic = models.ForeignKey(
        ParticipationTopic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("tema"),
    )
    section = models.CharField(_("sección de la cuenta"), max_length=20, choices=SectionKey.choices, blank=True)
    text = models.TextField(_("texto"))
    name = models.CharField(_("nombre"), max_length=120, blank=True, default="")
    publish_name = models.BooleanField(_("acepta publicar su nombre"), default=False)
    email = models.EmailField(_("correo electrónico"), blank=True, default="")
    comuna = models.ForeignKey(
        Comuna, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("comuna")
    )
    organisation = models.CharField(_("organización"), max_length=160, blank=True, default="")
    status = models.CharField(_("estado"), max_length=14, choices=Status.choices, default=Status.UNCONFIRMED)
    refusal_reason = models.CharField(
        _("motivo de no publicación"), max_length=20, choices=RefusalReason.choices, blank=True, default=""
    )
    referral = models.CharField(_("derivación"), max_length=14, choices=Referral.choices, blank=True, default="")
    answer = models.ForeignKey(
        Answer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("respuesta"),
    )
    created_at = models.DateTimeField(_("enviada el"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("recibida el"), null=True, blank=True, editable=False)
    moderated_at = models.DateTimeField(_("moderada el"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderada por"),
        editable=False,
    )
    answer_sent_at = models.DateTimeField(_("respuesta enviada el"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("pregunta ciudadana")
        verbose_name_plural = _("preguntas ciudadanas")
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "number"],
                name="question_unique_number_per_process",
                violation_error_message=_("Ese número ya está asignado en este proceso."),
            ),
            models.CheckConstraint(
                condition=Q(status="rechazada", refusal_reason__gt="")
                | (~Q(status="rechazada") & Q(refusal_reason="")),
                name="question_refused_has_reason",
                violation_error_message=_("Una pregunta no publicada necesita su motivo, y solo ella lo tiene."),
            ),
        ]

    def __str__(self):
        return self.public_number

    def get_absolute_url(self):
        cuenta = self.process.cuenta
        return reverse(
            "cuentas:participation_question",
            kwargs={"region": cuenta.region_id, "year": cuenta.management_year_id, "number": self.number},
        )

    @property
    def public_name(self) -> str:
        """The name as the public may read it: only with the person's consent."""
        return self.name if self.publish_name else ""

    @property
    def topic_label(self) -> str:
        if self.section:
            return self.get_section_display()
        return self.topic.name if self.topic_id else ""


class CosocSession(models.Model):
    """A session of the COSOC in office, e.g. the one that reviewed the Cuenta's draft."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinaria", _("Ordinaria")
        EXTRAORDINARY = "extraordinaria", _("Extraordinaria")

    cuenta = cuenta_fk("cosoc_sessions")
    date = models.DateField(_("fecha"))
    kind = models.CharField(_("tipo de sesión"), max_length=14, choices=Kind.choices, default=Kind.ORDINARY)
    attendees = models.ManyToManyField(
        CosocMember, blank=True, related_name="sessions", verbose_name=_("consejeros(as) asistentes")
    )
    quorum_met = models.BooleanField(_("hubo quórum"), default=True)
    minutes = models.FileField(
        _("acta (PDF)"),
        upload_to="cosoc/actas/",
        blank=True,
        validators=[validate_pdf],
        help_text=_("Un PDF de hasta 10 MB."),
    )

    class Meta:
        verbose_name = _("sesión del COSOC")
        verbose_name_plural = _("sesiones del COSOC")
        ordering = ["cuenta", "date", "id"]

    def __str__(self):
        return _("Sesión %(kind)s del %(date)s") % {
            "kind": self.get_kind_display().lower(),
            "date": f"{self.date:%d-%m-%Y}",
        }


class CosocObservation(models.Model):
    """An observation of the COSOC on the draft, and what the institution did with it."""

    class Incorporated(models.TextChoices):
        YES = "si", _("Sí")
        NO = "no", _("No")
        PARTLY = "en_parte", _("En parte")

    cuenta = cuenta_fk("cosoc_observations")
    session = models.ForeignKey(
        CosocSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("sesión"),
    )
    section = models.CharField(
        _("sección observada"),
        max_length=20,
        choices=SectionKey.choices,
        blank=True,
        help_text=_("Vacía si se refiere a la cuenta en general."),
    )
    text = models.TextField(_("observación"))
    reply = models.TextField(_("respuesta de la institución"), blank=True, default="")
    incorporated = models.CharField(_("incorporada"), max_length=10, choices=Incorporated.choices, blank=True)
    reason = models.TextField(_("fundamento"), blank=True, default="", help_text=_("Por qué sí, no o en parte."))

    class Meta:
        verbose_name = _("observación del COSOC")
        verbose_name_plural = _("observaciones del COSOC")
        ordering = ["cuenta", "id"]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        super().clean()
        if self.incorporated in (self.Incorporated.NO, self.Incorporated.PARTLY) and not self.reason.strip():
            raise ValidationError({"reason": _("Explique por qué la observación no se incorporó del todo.")})
        if self.session_id and self.cuenta_id and self.session.cuenta_id != self.cuenta_id:
            raise ValidationError({"session": _("La sesión debe ser de la misma cuenta.")})
