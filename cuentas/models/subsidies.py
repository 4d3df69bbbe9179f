"""5. Subsidios al empleo."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .base import count_field, cuenta_fk, money_field, non_negative
from .catalogues import Subsidy
from .training import BySex


class SubsidyResult(BySex):
    cuenta = cuenta_fk("subsidy_results")
    subsidy = models.ForeignKey(Subsidy, on_delete=models.PROTECT, related_name="+", verbose_name=_("subsidio"))
    amount_women = money_field(_("monto pagado a mujeres"), null=True, blank=True)
    amount_men = money_field(_("monto pagado a hombres"), null=True, blank=True)
    amount_total = money_field(
        _("monto total pagado"),
        null=True,
        blank=True,
        help_text=_("Solo cuando el documento no separa el monto por sexo; si lo separa, se calcula."),
    )
    employers = count_field(_("empresas usuarias"), null=True, blank=True, default=None)
    period_start = models.DateField(_("periodo desde"), null=True, blank=True)
    period_end = models.DateField(_("periodo hasta"), null=True, blank=True)

    class Meta:
        verbose_name = _("resultado de subsidio")
        verbose_name_plural = _("resultados de subsidios")
        ordering = ["cuenta", "subsidy__budget", "subsidy__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "subsidy"],
                name="subsidyresult_unique_subsidy",
                violation_error_message=_("Este subsidio ya está registrado en la cuenta."),
            ),
            non_negative(
                "subsidyresult_values_non_negative",
                "women",
                "men",
                "amount_women",
                "amount_men",
                "amount_total",
                "employers",
            ),
            models.CheckConstraint(
                condition=Q(amount_total__isnull=True) | (Q(amount_women__isnull=True) & Q(amount_men__isnull=True)),
                name="subsidyresult_amount_split_or_total",
                violation_error_message=_(
                    "Indique el monto por sexo o el monto total, no ambos: el total se calcula del desglose."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="subsidyresult_period_ends_after_start",
                violation_error_message=_("El periodo no puede terminar antes de empezar."),
            ),
        ]

    def __str__(self):
        return str(self.subsidy)

    @property
    def amount(self):
        """Amount paid: the declared total, or the sum of the split by sex."""
        if self.amount_total is not None:
            return self.amount_total
        if self.amount_women is None and self.amount_men is None:
            return None
        return (self.amount_women or 0) + (self.amount_men or 0)
