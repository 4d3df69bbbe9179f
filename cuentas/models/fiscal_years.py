"""Años de gestión and the year-level figures that regional shares are computed against."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import YEAR_VALIDATORS, count_field, money_field, non_negative
from .catalogues import Subsidy


class FiscalYear(models.Model):
    """An año de gestión, keyed by the year itself so addresses and stored values never change."""

    year = models.PositiveSmallIntegerField(_("año de gestión"), primary_key=True, validators=YEAR_VALIDATORS)
    open_for_cuentas = models.BooleanField(
        _("admite nuevas cuentas"),
        default=True,
        help_text=_("Si las direcciones regionales pueden crear cuentas públicas para este año."),
    )

    class Meta:
        verbose_name = _("año de gestión")
        verbose_name_plural = _("años de gestión")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class NationalSubsidyTotal(models.Model):
    """The national figures of a subsidy in one year: what a region's share is measured against."""

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="national_subsidy_totals", verbose_name=_("año de gestión")
    )
    subsidy = models.ForeignKey(Subsidy, on_delete=models.PROTECT, related_name="+", verbose_name=_("subsidio"))
    people = count_field(_("personas beneficiarias en el país"))
    amount = money_field(_("monto pagado en el país"), null=True, blank=True)
    source = models.CharField(
        _("fuente"),
        max_length=300,
        help_text=_("De dónde sale la cifra, p. ej. «Informe de gestión SENCE 2022»."),
    )

    class Meta:
        verbose_name = _("total nacional de un subsidio")
        verbose_name_plural = _("totales nacionales de subsidios")
        ordering = ["-fiscal_year", "subsidy__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "subsidy"],
                name="nationalsubsidytotal_unique_subsidy",
                violation_error_message=_("Este subsidio ya tiene su total nacional para ese año."),
            ),
            non_negative("nationalsubsidytotal_values_non_negative", "people", "amount"),
        ]

    def __str__(self):
        return f"{self.subsidy} {self.fiscal_year_id}"
