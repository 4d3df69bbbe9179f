"""1. Presupuesto: execution by subtítulo, and subtítulo 24 by programme line."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cuentas.numbers import percent

from .base import cuenta_fk, money_field, non_negative
from .catalogues import BudgetSubtitle, ProgramLine


class Execution(models.Model):
    requested = money_field(_("requerimiento"))
    accrued = money_field(_("devengado"))

    class Meta:
        abstract = True

    @property
    def execution_rate(self):
        """% ejecución = devengado / requerimiento."""
        return percent(self.accrued, self.requested)


class BudgetExecution(Execution):
    cuenta = cuenta_fk("budget_executions")
    subtitle = models.ForeignKey(
        BudgetSubtitle, on_delete=models.PROTECT, related_name="+", verbose_name=_("subtítulo")
    )

    class Meta:
        verbose_name = _("ejecución por subtítulo")
        verbose_name_plural = _("ejecución por subtítulo")
        ordering = ["cuenta", "subtitle"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "subtitle"],
                name="budgetexecution_unique_subtitle",
                violation_error_message=_("Este subtítulo ya está en el presupuesto de la cuenta."),
            ),
            non_negative("budgetexecution_amounts_non_negative", "requested", "accrued"),
        ]

    def __str__(self):
        return str(self.subtitle)


class ProgramBudgetExecution(Execution):
    cuenta = cuenta_fk("program_budget_executions")
    line = models.ForeignKey(
        ProgramLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("línea programática")
    )

    class Meta:
        verbose_name = _("ejecución del subtítulo 24 por programa")
        verbose_name_plural = _("ejecución del subtítulo 24 por programa")
        ordering = ["cuenta", "line__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "line"],
                name="programbudgetexecution_unique_line",
                violation_error_message=_("Esta línea programática ya está en el presupuesto de la cuenta."),
            ),
            non_negative("programbudgetexecution_amounts_non_negative", "requested", "accrued"),
        ]

    def __str__(self):
        return str(self.line)
