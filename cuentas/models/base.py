"""Building blocks shared by every section model."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NON_NEGATIVE = [MinValueValidator(0, _("No puede ser negativo."))]


class Sex(models.TextChoices):
    WOMEN = "F", _("Mujeres")
    MEN = "M", _("Hombres")


def cuenta_fk(related_name: str) -> models.ForeignKey:
    """The link from a section row to the Cuenta it belongs to."""
    return models.ForeignKey(
        "cuentas.Cuenta",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("cuenta pública"),
    )


def count_field(verbose_name, **kwargs) -> models.PositiveIntegerField:
    """A count of people or things: a whole number, never negative."""
    kwargs.setdefault("default", 0)
    return models.PositiveIntegerField(verbose_name, validators=NON_NEGATIVE, **kwargs)


def money_field(verbose_name, **kwargs) -> models.BigIntegerField:
    """An amount in integer Chilean pesos (CLP has no cents)."""
    kwargs.setdefault("help_text", _("En pesos, sin decimales."))
    return models.BigIntegerField(verbose_name, validators=NON_NEGATIVE, **kwargs)


def non_negative(name: str, *fields: str) -> models.CheckConstraint:
    """A named database check that every listed column is zero or more.

    NULL passes, as SQL checks do, so optional amounts can stay empty.
    """
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__gte": 0}) | Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=_("Las cantidades y montos no pueden ser negativos."),
    )


def validate_comuna_in_region(row, field="comuna"):
    """Raise if the row's comuna is not in the region of the row's Cuenta."""
    comuna = getattr(row, field, None)
    if comuna is None or not row.cuenta_id:
        return
    if comuna.region_id != row.cuenta.region_id:
        raise ValidationError(
            {field: _("«%(comuna)s» no es una comuna de la región de esta cuenta.") % {"comuna": comuna}}
        )


def validate_in_management_year(row, field):
    """Raise if the row's date is outside the Cuenta's año de gestión."""
    value = getattr(row, field)
    if value is None or not row.cuenta_id:
        return
    year = row.cuenta.management_year
    if value.year != year:
        raise ValidationError({field: _("La fecha debe estar dentro del año de gestión %(year)s.") % {"year": year}})
