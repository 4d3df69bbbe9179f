"""7. Comunicaciones and 8. Atención ciudadana."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuentas.numbers import growth

from .base import Sex, count_field, cuenta_fk, non_negative, validate_in_management_year
from .catalogues import ContactType, ProgramLine, PublicationCategory, SocialNetwork


class PublicationCount(models.Model):
    cuenta = cuenta_fk("publication_counts")
    category = models.ForeignKey(
        PublicationCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("categoría")
    )
    count = count_field(_("publicaciones"))

    class Meta:
        verbose_name = _("publicaciones por categoría")
        verbose_name_plural = _("publicaciones por categoría")
        ordering = ["cuenta", "category__order", "category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "category"],
                name="publicationcount_unique_category",
                violation_error_message=_("Esta categoría ya está en la cuenta."),
            ),
            non_negative("publicationcount_count_non_negative", "count"),
        ]

    def __str__(self):
        return str(self.category)


class FollowerCount(models.Model):
    cuenta = cuenta_fk("follower_counts")
    network = models.ForeignKey(SocialNetwork, on_delete=models.PROTECT, related_name="+", verbose_name=_("red social"))
    at_start = count_field(_("seguidores al inicio del año"))
    at_end = count_field(_("seguidores al cierre del año"))

    class Meta:
        verbose_name = _("seguidores por red social")
        verbose_name_plural = _("seguidores por red social")
        ordering = ["cuenta", "network__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "network"],
                name="followercount_unique_network",
                violation_error_message=_("Esta red social ya está en la cuenta."),
            ),
            non_negative("followercount_counts_non_negative", "at_start", "at_end"),
        ]

    def __str__(self):
        return str(self.network)

    @property
    def growth(self):
        """(cierre - inicio) / inicio."""
        return growth(self.at_start, self.at_end)


class Efemeride(models.Model):
    cuenta = cuenta_fk("efemerides")
    date = models.DateField(_("fecha"))
    name = models.CharField(_("efeméride"), max_length=200)

    class Meta:
        verbose_name = _("efeméride")
        verbose_name_plural = _("efemérides")
        ordering = ["cuenta", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "date", "name"],
                name="efemeride_unique_date_name",
                violation_error_message=_("Esta efeméride ya está registrada en esa fecha."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        validate_in_management_year(self, "date")


class ContactsByType(models.Model):
    cuenta = cuenta_fk("contacts_by_type")
    contact_type = models.ForeignKey(
        ContactType, on_delete=models.PROTECT, related_name="+", verbose_name=_("tipo de atención")
    )
    count = count_field(_("atenciones"))

    class Meta:
        verbose_name = _("atenciones por tipo")
        verbose_name_plural = _("atenciones por tipo")
        ordering = ["cuenta", "contact_type__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "contact_type"],
                name="contactsbytype_unique_type",
                violation_error_message=_("Este tipo de atención ya está en la cuenta."),
            ),
            non_negative("contactsbytype_count_non_negative", "count"),
        ]

    def __str__(self):
        return str(self.contact_type)


class ContactsBySex(models.Model):
    cuenta = cuenta_fk("contacts_by_sex")
    sex = models.CharField(_("sexo"), max_length=1, choices=Sex.choices)
    count = count_field(_("personas atendidas"))

    class Meta:
        verbose_name = _("atenciones por sexo")
        verbose_name_plural = _("atenciones por sexo")
        ordering = ["cuenta", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "sex"],
                name="contactsbysex_unique_sex",
                violation_error_message=_("Este sexo ya está en la cuenta."),
            ),
            non_negative("contactsbysex_count_non_negative", "count"),
        ]

    def __str__(self):
        return self.get_sex_display()


class ContactsByMonth(models.Model):
    class Month(models.IntegerChoices):
        JANUARY = 1, _("enero")
        FEBRUARY = 2, _("febrero")
        MARCH = 3, _("marzo")
        APRIL = 4, _("abril")
        MAY = 5, _("mayo")
        JUNE = 6, _("junio")
        JULY = 7, _("julio")
        AUGUST = 8, _("agosto")
        SEPTEMBER = 9, _("septiembre")
        OCTOBER = 10, _("octubre")
        NOVEMBER = 11, _("noviembre")
        DECEMBER = 12, _("diciembre")

    cuenta = cuenta_fk("contacts_by_month")
    month = models.PositiveSmallIntegerField(
        _("mes"),
        choices=Month.choices,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    count = count_field(_("atenciones"))

    class Meta:
        verbose_name = _("atenciones por mes")
        verbose_name_plural = _("atenciones por mes")
        ordering = ["cuenta", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "month"],
                name="contactsbymonth_unique_month",
                violation_error_message=_("Este mes ya está en la cuenta."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12),
                name="contactsbymonth_valid_month",
                violation_error_message=_("El mes debe estar entre 1 y 12."),
            ),
            non_negative("contactsbymonth_count_non_negative", "count"),
        ]

    def __str__(self):
        return self.get_month_display()


class ContactsByProgram(models.Model):
    cuenta = cuenta_fk("contacts_by_program")
    line = models.ForeignKey(ProgramLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("programa"))
    count = count_field(_("atenciones"))

    class Meta:
        verbose_name = _("atenciones por programa")
        verbose_name_plural = _("atenciones por programa")
        ordering = ["cuenta", "-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "line"],
                name="contactsbyprogram_unique_line",
                violation_error_message=_("Este programa ya está en la cuenta."),
            ),
            non_negative("contactsbyprogram_count_non_negative", "count"),
        ]

    def __str__(self):
        return str(self.line)
