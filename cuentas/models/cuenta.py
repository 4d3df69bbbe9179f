"""The Cuenta, aggregate root of everything a directorate reports for a year."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import LONG_TEXT, YEAR_VALIDATORS, cuenta_fk, text_field
from .catalogues import Comuna, Region
from .fiscal_years import FiscalYear


class SectionKey(models.TextChoices):
    """The sections of a Cuenta, in the order of the document (see sections.py)."""

    BUDGET = "presupuesto", _("Balance de ejecución presupuestaria")
    TRAINING = "capacitacion", _("Programas de capacitación")
    CERTIFICATION = "certificacion", _("Evaluación y certificación de competencias")
    INTERMEDIATION = "intermediacion", _("Intermediación laboral")
    SUBSIDIES = "subsidios", _("Subsidios al empleo")
    PARTICIPATION = "participacion", _("Participación ciudadana")
    COMMUNICATIONS = "comunicaciones", _("Comunicaciones")
    CONTACTS = "atencion", _("Atención ciudadana")
    MILESTONES = "hitos", _("Principales hitos y alianzas")
    AXES = "enfasis", _("Énfasis de gestión")
    TEAM = "equipo", _("Equipo")


class CuentaQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Cuenta.Status.PUBLISHED)

    def for_region(self, region):
        return self.filter(region=region)

    def demo(self):
        return self.filter(is_demo=True)


class Cuenta(models.Model):
    class Status(models.TextChoices):
        DRAFT = "borrador", _("Borrador")
        REVIEW = "revision", _("En revisión")
        PUBLISHED = "publicada", _("Publicada")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="cuentas", verbose_name=_("región"))
    management_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        db_column="management_year",
        related_name="cuentas",
        verbose_name=_("año de gestión"),
        help_text=_("El año que se informa, p. ej. 2022."),
    )
    presentation_year = models.PositiveSmallIntegerField(
        _("año de la cuenta"),
        validators=YEAR_VALIDATORS,
        help_text=_("El año en que se presenta la cuenta, normalmente el siguiente al de gestión."),
    )
    title = models.CharField(_("título"), max_length=200)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = text_field(_("introducción"), LONG_TEXT)
    director = models.CharField(_("director(a) regional"), max_length=120, blank=True, default="")
    director_office = models.CharField(
        _("cargo del director(a)"), max_length=120, blank=True, default="", help_text=_("P. ej. «Directora regional».")
    )
    ceremony_date = models.DateField(_("fecha de la ceremonia"), null=True, blank=True)
    ceremony_start = models.TimeField(_("hora de inicio"), null=True, blank=True)
    ceremony_end = models.TimeField(_("hora de término"), null=True, blank=True)
    venue = models.CharField(_("lugar"), max_length=160, blank=True, default="")
    address = models.CharField(_("dirección"), max_length=200, blank=True, default="")
    ceremony_comuna = models.ForeignKey(
        Comuna,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comuna de la ceremonia"),
    )
    is_demo = models.BooleanField(
        _("datos de demostración"),
        default=False,
        help_text=_("Cuenta sintética creada por «manage.py demo_data»; el sitio público la marca como tal."),
    )
    updated_at = models.DateTimeField(_("última modificación"), auto_now=True)

    objects = CuentaQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuenta pública")
        verbose_name_plural = _("cuentas públicas")
        ordering = ["region__north_to_south", "-management_year_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "management_year"],
                name="cuenta_unique_region_year",
                violation_error_message=_("Ya existe una cuenta pública de esa región para ese año de gestión."),
            ),
            models.CheckConstraint(
                condition=Q(presentation_year__gte=F("management_year")),
                name="cuenta_presented_after_management_year",
                violation_error_message=_("El año de la cuenta no puede ser anterior al año de gestión que informa."),
            ),
            models.CheckConstraint(
                condition=Q(ceremony_end__isnull=True)
                | Q(ceremony_start__isnull=True)
                | Q(ceremony_end__gt=F("ceremony_start")),
                name="cuenta_ceremony_ends_after_start",
                violation_error_message=_("La ceremonia debe terminar después de su hora de inicio."),
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.management_year_id}"

    def get_absolute_url(self):
        return reverse("cuentas:cuenta", kwargs={"region": self.region_id, "year": self.management_year_id})

    def clean(self):
        super().clean()
        if self._state.adding and self.management_year_id and not self.management_year.open_for_cuentas:
            raise ValidationError(
                {
                    "management_year": _("El año de gestión %(year)s no admite nuevas cuentas.")
                    % {"year": self.management_year_id}
                }
            )
        if self.ceremony_comuna_id and self.region_id and self.ceremony_comuna.region_id != self.region_id:
            raise ValidationError(
                {"ceremony_comuna": _("La comuna de la ceremonia no pertenece a la región de la cuenta.")}
            )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Authority(models.Model):
    cuenta = cuenta_fk("authorities")
    name = models.CharField(_("nombre"), max_length=120)
    office = models.CharField(_("cargo"), max_length=160)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("autoridad presente")
        verbose_name_plural = _("autoridades presentes")
        ordering = ["cuenta", "position", "id"]

    def __str__(self):
        return f"{self.name}, {self.office}"


class Quote(models.Model):
    cuenta = cuenta_fk("quotes")
    speaker = models.CharField(_("quién lo dice"), max_length=120)
    office = models.CharField(_("cargo"), max_length=160, blank=True, default="")
    text = text_field(_("cita"), required=True)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("cita")
        verbose_name_plural = _("citas")
        ordering = ["cuenta", "position", "id"]

    def __str__(self):
        return f"{self.speaker}: «{self.text[:60]}…»"


class SectionText(models.Model):
    """The prose that opens a section; figures are not typed here but rendered from data."""

    cuenta = cuenta_fk("section_texts")
    section = models.CharField(_("sección"), max_length=20, choices=SectionKey.choices)
    text = text_field(_("texto"), LONG_TEXT, required=True, help_text=_("Un párrafo por línea en blanco."))

    class Meta:
        verbose_name = _("texto de sección")
        verbose_name_plural = _("textos de sección")
        ordering = ["cuenta", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "section"],
                name="sectiontext_unique_per_section",
                violation_error_message=_("Esta sección ya tiene un texto en esta cuenta."),
            )
        ]

    def __str__(self):
        return self.get_section_display()
