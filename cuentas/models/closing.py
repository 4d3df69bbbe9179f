"""9–11. Hitos, alianzas, énfasis de gestión y equipo."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import count_field, cuenta_fk, non_negative, text_field, validate_comuna_in_region
from .catalogues import Comuna


class Milestone(models.Model):
    cuenta = cuenta_fk("milestones")
    title = models.CharField(_("título"), max_length=200)
    text = text_field(_("texto"))
    date = models.DateField(_("fecha"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("hito")
        verbose_name_plural = _("hitos")
        ordering = ["cuenta", "position", "id"]

    def __str__(self):
        return self.title


class Partnership(models.Model):
    cuenta = cuenta_fk("partnerships")
    partner = models.CharField(_("institución aliada"), max_length=200)
    purpose = text_field(_("objeto"))
    people_reached = count_field(_("personas alcanzadas"), null=True, blank=True, default=None)
    comuna = models.ForeignKey(
        Comuna, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("comuna")
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("alianza o convenio")
        verbose_name_plural = _("alianzas y convenios")
        ordering = ["cuenta", "position", "id"]
        constraints = [non_negative("partnership_people_non_negative", "people_reached")]

    def __str__(self):
        return self.partner

    def clean(self):
        super().clean()
        validate_comuna_in_region(self)


class StrategicAxis(models.Model):
    cuenta = cuenta_fk("strategic_axes")
    title = models.CharField(_("eje"), max_length=120)
    text = text_field(_("descripción"))
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("énfasis de gestión")
        verbose_name_plural = _("énfasis de gestión")
        ordering = ["cuenta", "position", "id"]

    def __str__(self):
        return self.title


class TeamMember(models.Model):
    cuenta = cuenta_fk("team_members")
    name = models.CharField(_("nombre"), max_length=120)
    role = models.CharField(_("cargo"), max_length=160, blank=True, default="")
    unit = models.CharField(_("unidad"), max_length=160, blank=True, default="")
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("integrante del equipo")
        verbose_name_plural = _("equipo")
        ordering = ["cuenta", "position", "name"]

    def __str__(self):
        return self.name
