"""4. Intermediación laboral: OMIL under FOMIL agreements and Plataforma Laboral."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cuentas.numbers import percent

from .base import count_field, cuenta_fk, money_field, non_negative, validate_comuna_in_region
from .catalogues import Comuna


class IntermediationResult(models.Model):
    class Channel(models.TextChoices):
        OMIL = "omil", _("OMIL en convenio FOMIL")
        PLATFORM = "plataforma", _("Plataforma Laboral")

    class Indicator(models.TextChoices):
        ATTENDED = "atendidos", _("Personas atendidas")
        ORIENTED = "orientados", _("Personas orientadas laboralmente")
        PLACED = "colocados", _("Personas colocadas")
        WOMEN_PLACED = "mujeres_colocadas", _("Mujeres colocadas")

    cuenta = cuenta_fk("intermediation_results")
    channel = models.CharField(_("canal"), max_length=12, choices=Channel.choices)
    indicator = models.CharField(_("indicador"), max_length=20, choices=Indicator.choices)
    goal = count_field(
        _("meta"), null=True, blank=True, default=None, help_text=_("Vacía si el indicador no tiene meta.")
    )
    achieved = count_field(_("logro"))

    class Meta:
        verbose_name = _("resultado de intermediación")
        verbose_name_plural = _("resultados de intermediación")
        ordering = ["cuenta", "channel", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "channel", "indicator"],
                name="intermediationresult_unique_indicator",
                violation_error_message=_("Este indicador ya está registrado para ese canal."),
            ),
            non_negative("intermediationresult_counts_non_negative", "goal", "achieved"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_indicator_display()}"

    @property
    def fulfilment(self):
        """% cumplimiento = logro / meta; None without a meta."""
        return percent(self.achieved, self.goal)


class FomilAgreement(models.Model):
    cuenta = cuenta_fk("fomil_agreements")
    comuna = models.ForeignKey(Comuna, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipalidad"))
    amount = money_field(_("monto del convenio"), null=True, blank=True)

    class Meta:
        verbose_name = _("convenio FOMIL")
        verbose_name_plural = _("convenios FOMIL")
        ordering = ["cuenta", "comuna__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "comuna"],
                name="fomilagreement_unique_comuna",
                violation_error_message=_("Esta municipalidad ya tiene convenio FOMIL en la cuenta."),
            ),
            non_negative("fomilagreement_amount_non_negative", "amount"),
        ]

    def __str__(self):
        return str(self.comuna)

    def clean(self):
        super().clean()
        validate_comuna_in_region(self)


class EmploymentActivity(models.Model):
    class Kind(models.TextChoices):
        JOB_FAIR = "feria", _("Ferias laborales")
        WORKSHOP = "taller", _("Talleres de apresto laboral")
        MASS_RECRUITMENT = "reclutamiento", _("Reclutamientos masivos")
        OTHER = "otra", _("Otras actividades")

    cuenta = cuenta_fk("employment_activities")
    kind = models.CharField(_("tipo de actividad"), max_length=15, choices=Kind.choices)
    count = count_field(_("cantidad"))
    investment = money_field(_("inversión"), null=True, blank=True)

    class Meta:
        verbose_name = _("actividad de empleo")
        verbose_name_plural = _("actividades de empleo")
        ordering = ["cuenta", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "kind"],
                name="employmentactivity_unique_kind",
                violation_error_message=_("Este tipo de actividad ya está registrado en la cuenta."),
            ),
            non_negative("employmentactivity_counts_non_negative", "count", "investment"),
        ]

    def __str__(self):
        return self.get_kind_display()
