"""5. Subsidios al empleo."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuentas.numbers import percent

from .base import WithPeriod, count_field, cuenta_fk, money_field, non_negative
from .catalogues import Subsidy


class SubsidyResult(WithPeriod):
    cuenta = cuenta_fk("subsidy_results")
    subsidy = models.ForeignKey(Subsidy, on_delete=models.PROTECT, related_name="+", verbose_name=_("subsidio"))
    women = count_field(_("mujeres"), null=True, blank=True, default=None, help_text=_("Vacío si no se informa."))
    men = count_field(_("hombres"), null=True, blank=True, default=None, help_text=_("Vacío si no se informa."))
    people_total = count_field(
        _("personas (total)"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Solo cuando el documento no separa por sexo; si lo separa, se calcula."),
    )
    amount_women = money_field(_("monto pagado a mujeres"), null=True, blank=True)
    amount_men = money_field(_("monto pagado a hombres"), null=True, blank=True)
    amount_total = money_field(
        _("monto total pagado"),
        null=True,
        blank=True,
        help_text=_("Solo cuando el documento no separa el monto por sexo; si lo separa, se calcula."),
    )
    employers = count_field(_("empresas usuarias"), null=True, blank=True, default=None)

    class Meta:
        verbose_name = _("resultado de subsidio")
        verbose_name_plural = _("resultados de subsidios")
        ordering = ["cuenta", "subsidy__budget", "subsidy__name"]
        constraints = [
            *WithPeriod.Meta.constraints,
            models.UniqueConstraint(
                fields=["cuenta", "subsidy"],
                name="subsidyresult_unique_subsidy",
                violation_error_message=_("Este subsidio ya está registrado en la cuenta."),
            ),
            non_negative(
                "subsidyresult_values_non_negative",
                "women",
                "men",
                "people_total",
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
                condition=Q(people_total__isnull=True) | (Q(women__isnull=True) & Q(men__isnull=True)),
                name="subsidyresult_people_split_or_total",
                violation_error_message=_(
                    "Indique las personas por sexo o el total de personas, no ambos: el total se calcula del desglose."
                ),
            ),
        ]

    def __str__(self):
        return str(self.subsidy)

    @property
    def total(self):
        """People: the declared total, or women plus men when both are known; None when unknown."""
        if self.people_total is not None:
            return self.people_total
        if self.women is None or self.men is None:
            return None
        return self.women + self.men

    @property
    def women_share(self):
        return percent(self.women, self.total)

    @property
    def amount(self):
        """Amount paid: the declared total, or the split by sex when both parts are known; None when unknown."""
        if self.amount_total is not None:
            return self.amount_total
        if self.amount_women is None or self.amount_men is None:
            return None
        return self.amount_women + self.amount_men
