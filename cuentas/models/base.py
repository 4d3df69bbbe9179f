"""Building blocks shared by every section model."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

NON_NEGATIVE = [MinValueValidator(0, _("No puede ser negativo."))]

YEAR_VALIDATORS = [
    MinValueValidator(2000, _("El año debe ser 2000 o posterior.")),
    MaxValueValidator(2100, _("El año debe ser 2100 o anterior.")),
]


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


#: How long a text may be, in characters: a section's prose or an introduction (the seeds' longest is 929),
#: and a quote, a description, a milestone or a list of topics (the longest is 642). Bounded so that no text
#: can make a page unreadable or a PDF slow to render (README, «Seguridad»).
LONG_TEXT = 6_000
SHORT_TEXT = 2_000


def text_field(verbose_name, max_chars: int = SHORT_TEXT, *, required: bool = False, **kwargs) -> models.TextField:
    """Prose of at most ``max_chars`` characters, refused past it in forms and imports alike."""
    if not required:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
    message = _("Este texto admite hasta %(limit_value)s caracteres; tiene %(show_value)s.")
    return models.TextField(
        verbose_name, max_length=max_chars, validators=[MaxLengthValidator(max_chars, message)], **kwargs
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
    year = row.cuenta.management_year_id
    if value.year != year:
        raise ValidationError({field: _("La fecha debe estar dentro del año de gestión %(year)s.") % {"year": year}})


class WithPeriod(models.Model):
    """A result that may cover only part of the año de gestión («enero a noviembre»)."""

    period_start = models.DateField(
        _("periodo desde"), null=True, blank=True, help_text=_("Solo si la cifra no cubre el año de gestión completo.")
    )
    period_end = models.DateField(_("periodo hasta"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="%(class)s_period_ends_after_start",
                violation_error_message=_("El periodo no puede terminar antes de empezar."),
            )
        ]

    def clean(self):
        super().clean()
        if (self.period_start is None) != (self.period_end is None):
            raise ValidationError(_("Indique el periodo completo: desde y hasta, o ninguno de los dos."))
