"""6. Participación ciudadana: COSOC, diálogos participativos, Gobiernos en Terreno."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .base import (
    YEAR_VALIDATORS,
    count_field,
    cuenta_fk,
    non_negative,
    text_field,
    validate_comuna_in_region,
    validate_in_management_year,
)
from .catalogues import Comuna, Region


class CosocCouncil(models.Model):
    """A Consejo de la Sociedad Civil: it spans years, so Cuentas point at it."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="cosoc_councils", verbose_name=_("región")
    )
    start_year = models.PositiveSmallIntegerField(_("desde el año"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("hasta el año"), validators=YEAR_VALIDATORS)

    class Meta:
        verbose_name = _("consejo de la sociedad civil (COSOC)")
        verbose_name_plural = _("consejos de la sociedad civil (COSOC)")
        ordering = ["region__north_to_south", "-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "start_year"],
                name="cosoccouncil_unique_region_start",
                violation_error_message=_("Ya hay un COSOC de esa región que empieza ese año."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="cosoccouncil_ends_after_start",
                violation_error_message=_("El periodo del COSOC no puede terminar antes de empezar."),
            ),
        ]

    def __str__(self):
        return f"COSOC {self.region} {self.start_year}-{self.end_year}"


class CosocMember(models.Model):
    council = models.ForeignKey(
        CosocCouncil, on_delete=models.CASCADE, related_name="members", verbose_name=_("consejo")
    )
    institution = models.CharField(_("institución"), max_length=200)
    person = models.CharField(_("consejero(a)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("integrante del COSOC")
        verbose_name_plural = _("integrantes del COSOC")
        ordering = ["council", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person"],
                name="cosocmember_unique_person",
                violation_error_message=_("Esta persona ya integra el consejo."),
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.institution})"


class CosocActivity(models.Model):
    """What the council in office did during the Cuenta's year."""

    cuenta = models.OneToOneField(
        "cuentas.Cuenta", on_delete=models.CASCADE, related_name="cosoc_activity", verbose_name=_("cuenta pública")
    )
    council = models.ForeignKey(
        CosocCouncil, on_delete=models.PROTECT, related_name="activities", verbose_name=_("consejo en funciones")
    )
    sessions_held = count_field(_("sesiones realizadas"))
    topics = text_field(_("temas abordados"))

    class Meta:
        verbose_name = _("actividad del COSOC")
        verbose_name_plural = _("actividad del COSOC")
        constraints = [non_negative("cosocactivity_sessions_non_negative", "sessions_held")]

    def __str__(self):
        return str(self.council)

    def clean(self):
        super().clean()
        if self.council_id and self.cuenta_id and self.council.region_id != self.cuenta.region_id:
            raise ValidationError({"council": _("El consejo debe ser de la región de la cuenta.")})


class ParticipatoryDialogue(models.Model):
    cuenta = cuenta_fk("dialogues")
    comuna = models.ForeignKey(Comuna, on_delete=models.PROTECT, related_name="+", verbose_name=_("comuna"))
    date = models.DateField(_("fecha"), null=True, blank=True)
    theme = models.CharField(_("temática"), max_length=200)
    participant_profiles = text_field(_("perfiles de participantes"), help_text=_("Quiénes fueron convocados."))
    description = text_field(_("descripción"))
    findings = text_field(_("principales resultados"), help_text=_("Uno por línea."))

    class Meta:
        verbose_name = _("diálogo participativo")
        verbose_name_plural = _("diálogos participativos")
        ordering = ["cuenta", "date", "id"]

    def __str__(self):
        return f"{self.theme} ({self.comuna})"

    def clean(self):
        super().clean()
        validate_comuna_in_region(self)

    @property
    def finding_list(self):
        return [line.strip() for line in self.findings.splitlines() if line.strip()]


class FieldEvent(models.Model):
    """A Gobierno en Terreno: one day or a range of days, in a comuna."""

    cuenta = cuenta_fk("field_events")
    start_date = models.DateField(_("fecha"))
    end_date = models.DateField(_("hasta"), null=True, blank=True, help_text=_("Solo si duró más de un día."))
    comuna = models.ForeignKey(
        Comuna,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comuna"),
        help_text=_("Vacía solo si el documento no dice dónde fue."),
    )
    place = models.CharField(
        _("lugar"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Sector, recinto o actividad, p. ej. «Bajos de Mena»."),
    )

    class Meta:
        verbose_name = _("Gobierno en Terreno")
        verbose_name_plural = _("Gobiernos en Terreno")
        ordering = ["cuenta", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="fieldevent_ends_after_start",
                violation_error_message=_("La fecha de término debe ser posterior a la de inicio."),
            ),
        ]

    def __str__(self):
        return f"{self.start_date:%d-%m-%Y} {self.comuna or self.place}"

    def clean(self):
        super().clean()
        validate_comuna_in_region(self)
        validate_in_management_year(self, "start_date")
