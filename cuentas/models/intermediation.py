"""4. Intermediación laboral: results by channel and funnel step, FOMIL, employment activities.

Channels, funnel steps and kinds of activity are catalogues central staff
extend, since every region reports them differently.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cuentas.numbers import percent

from .base import WithPeriod, count_field, cuenta_fk, money_field, non_negative, validate_comuna_in_region
from .catalogues import ActivityKind, Comuna, IntermediationChannel, IntermediationIndicator, ProductiveSector


class IntermediationResult(WithPeriod):
    """One step of the funnel of one channel: for the region, one comuna or one employer."""

    cuenta = cuenta_fk("intermediation_results")
    channel = models.ForeignKey(
        IntermediationChannel, on_delete=models.PROTECT, related_name="+", verbose_name=_("canal")
    )
    indicator = models.ForeignKey(
        IntermediationIndicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicador")
    )
    comuna = models.ForeignKey(
        Comuna,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comuna"),
        help_text=_("Solo para resultados de una comuna; vacía para el total regional."),
    )
    employer = models.CharField(
        _("empleador"),
        max_length=160,
        blank=True,
        default="",
        help_text=_("Solo para resultados de una empresa; vacío para el total regional."),
    )
    employer_sector = models.ForeignKey(
        ProductiveSector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector del empleador"),
    )
    goal = count_field(
        _("meta"), null=True, blank=True, default=None, help_text=_("Vacía si el indicador no tiene meta.")
    )
    achieved = count_field(_("logro"), help_text=_("Total de personas, incluidas las de sexo no informado."))
    women = count_field(_("mujeres"), null=True, blank=True, default=None, help_text=_("Vacío si no se informa."))
    men = count_field(_("hombres"), null=True, blank=True, default=None, help_text=_("Vacío si no se informa."))

    class Meta:
        verbose_name = _("resultado de intermediación")
        verbose_name_plural = _("resultados de intermediación")
        ordering = ["cuenta", "channel__order", "indicator__order", "comuna__name", "employer"]
        constraints = [
            *WithPeriod.Meta.constraints,
            models.UniqueConstraint(
                fields=["cuenta", "channel", "indicator", "employer"],
                condition=Q(comuna__isnull=True),
                name="intermediationresult_unique_indicator",
                violation_error_message=_("Este indicador ya está registrado para ese canal."),
            ),
            models.UniqueConstraint(
                fields=["cuenta", "channel", "indicator", "comuna", "employer"],
                condition=Q(comuna__isnull=False),
                name="intermediationresult_unique_comuna_indicator",
                violation_error_message=_("Este indicador ya está registrado para ese canal y comuna."),
            ),
            non_negative("intermediationresult_counts_non_negative", "goal", "achieved", "women", "men"),
            models.CheckConstraint(
                condition=(Q(women__isnull=True) | Q(women__lte=F("achieved")))
                & (Q(men__isnull=True) | Q(men__lte=F("achieved")))
                & (Q(women__isnull=True) | Q(men__isnull=True) | Q(achieved__gte=F("women") + F("men"))),
                name="intermediationresult_sexes_within_achieved",
                violation_error_message=_("Mujeres más hombres no pueden superar el logro total."),
            ),
        ]

    def __str__(self):
        where = self.employer or (self.comuna.name if self.comuna_id else "")
        return f"{self.channel}: {self.indicator}" + (f" ({where})" if where else "")

    def clean(self):
        super().clean()
        validate_comuna_in_region(self)
        if self.employer_sector_id and not self.employer:
            raise ValidationError({"employer_sector": _("El sector solo se indica para un empleador.")})

    @property
    def fulfilment(self):
        """% cumplimiento = logro / meta; None without a meta."""
        return percent(self.achieved, self.goal)

    @property
    def women_share(self):
        """Share of women among the people counted; None when the split is not known."""
        return percent(self.women, self.achieved)


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


class FomilSummary(models.Model):
    """FOMIL as totals, for a region that does not list its municipalities."""

    cuenta = models.OneToOneField(
        "cuentas.Cuenta", on_delete=models.CASCADE, related_name="fomil_summary", verbose_name=_("cuenta pública")
    )
    agreements = count_field(
        _("convenios firmados"), null=True, blank=True, default=None, help_text=_("Municipalidades con convenio.")
    )
    amount = money_field(_("monto total de los convenios"), null=True, blank=True)
    fulfilment = models.DecimalField(
        _("% de cumplimiento de los indicadores del convenio"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tal como lo informa el convenio, p. ej. 98,5."),
    )

    class Meta:
        verbose_name = _("totales FOMIL")
        verbose_name_plural = _("totales FOMIL")
        constraints = [
            non_negative("fomilsummary_values_non_negative", "agreements", "amount", "fulfilment"),
        ]

    def __str__(self):
        return str(_("Totales FOMIL"))


class EmploymentActivity(WithPeriod):
    cuenta = cuenta_fk("employment_activities")
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("tipo de actividad")
    )
    count = count_field(_("cantidad"))
    investment = money_field(_("inversión"), null=True, blank=True)

    class Meta:
        verbose_name = _("actividad de empleo")
        verbose_name_plural = _("actividades de empleo")
        ordering = ["cuenta", "kind__order", "kind__name"]
        constraints = [
            *WithPeriod.Meta.constraints,
            models.UniqueConstraint(
                fields=["cuenta", "kind"],
                name="employmentactivity_unique_kind",
                violation_error_message=_("Este tipo de actividad ya está registrado en la cuenta."),
            ),
            non_negative("employmentactivity_counts_non_negative", "count", "investment"),
        ]

    def __str__(self):
        return str(self.kind)
