"""Catalogues: reference data kept by central staff and loaded from fixtures."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import text_field


class Region(models.Model):
    code = models.CharField(
        _("código"), max_length=2, primary_key=True, help_text=_("Código CUT de la región, p. ej. «13».")
    )
    numeral = models.CharField(_("numeral"), max_length=4, unique=True)
    official_name = models.CharField(_("nombre oficial"), max_length=120, unique=True)
    name = models.CharField(_("nombre corto"), max_length=80, unique=True)
    iso_code = models.CharField(_("código ISO 3166-2"), max_length=6, unique=True)
    north_to_south = models.PositiveSmallIntegerField(_("orden norte a sur"), unique=True)

    class Meta:
        verbose_name = _("región")
        verbose_name_plural = _("regiones")
        ordering = ["north_to_south"]

    def __str__(self):
        return self.name


class Comuna(models.Model):
    code = models.CharField(_("código CUT"), max_length=5, primary_key=True)
    name = models.CharField(_("nombre"), max_length=80)
    province_code = models.CharField(_("código de provincia"), max_length=3)
    province = models.CharField(_("provincia"), max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="comunas", verbose_name=_("región"))

    class Meta:
        verbose_name = _("comuna")
        verbose_name_plural = _("comunas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="comuna_unique_name_per_region",
                violation_error_message=_("Ya existe una comuna con ese nombre en la región."),
            )
        ]

    def __str__(self):
        return self.name


class BudgetSubtitle(models.Model):
    code = models.PositiveSmallIntegerField(_("subtítulo"), primary_key=True)
    name = models.CharField(_("nombre"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("subtítulo presupuestario")
        verbose_name_plural = _("subtítulos presupuestarios")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ProgramLine(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "capacitacion", _("Capacitación")
        CERTIFICATION = "certificacion", _("Certificación de competencias")
        INTERMEDIATION = "intermediacion", _("Intermediación laboral")
        SUBSIDY = "subsidio", _("Subsidio al empleo")
        OTHER = "otro", _("Otro")

    name = models.CharField(_("nombre"), max_length=160, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("línea superior"),
        help_text=_("Para una sublínea, p. ej. «Línea PeSD» dentro de «Capacitación en Oficios»."),
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.TRAINING)

    class Meta:
        verbose_name = _("línea programática")
        verbose_name_plural = _("líneas programáticas")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="programline_not_own_parent",
                violation_error_message=_("Una línea no puede ser su propia línea superior."),
            )
        ]

    def __str__(self):
        return self.name


class ProductiveSector(models.Model):
    name = models.CharField(_("nombre"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("sector productivo")
        verbose_name_plural = _("sectores productivos")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Subsidy(models.Model):
    class Budget(models.TextChoices):
        REGIONAL = "regional", _("Presupuesto regional")
        CENTRAL = "central", _("Presupuesto central")

    code = models.CharField(_("sigla"), max_length=20, unique=True)
    name = models.CharField(_("nombre"), max_length=120, unique=True)
    budget = models.CharField(_("presupuesto"), max_length=10, choices=Budget.choices)
    description = text_field(_("descripción"))

    class Meta:
        verbose_name = _("subsidio al empleo")
        verbose_name_plural = _("subsidios al empleo")
        ordering = ["budget", "name"]

    def __str__(self):
        return self.name


class SocialNetwork(models.Model):
    name = models.CharField(_("nombre"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("red social")
        verbose_name_plural = _("redes sociales")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ContactType(models.Model):
    name = models.CharField(_("nombre"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("tipo de atención")
        verbose_name_plural = _("tipos de atención")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PublicationCategory(models.Model):
    name = models.CharField(_("nombre"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("categoría de publicación")
        verbose_name_plural = _("categorías de publicación")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class IntermediationChannel(models.Model):
    """Through whom people are attended and placed: the OMIL network, OMIL under FOMIL, Plataforma Laboral…"""

    code = models.SlugField(_("código"), max_length=30, primary_key=True, help_text=_("P. ej. «omil», «plataforma»."))
    name = models.CharField(_("nombre"), max_length=120, unique=True)
    is_fomil = models.BooleanField(
        _("es Fortalecimiento OMIL"),
        default=False,
        help_text=_("Sus resultados se muestran bajo «Fortalecimiento OMIL»."),
    )
    part_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("parte de"),
        help_text=_(
            "El canal que ya cuenta a estas personas, p. ej. las OMIL en convenio FOMIL son parte de la red OMIL: "
            "si una cuenta informa ambos, el total regional no las suma dos veces."
        ),
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("canal de intermediación")
        verbose_name_plural = _("canales de intermediación")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class IntermediationIndicator(models.Model):
    """A step of the intermediation funnel: atendidas → orientadas → derivadas → colocadas."""

    code = models.SlugField(_("código"), max_length=30, primary_key=True, help_text=_("P. ej. «colocados»."))
    name = models.CharField(_("nombre"), max_length=120, unique=True, help_text=_("P. ej. «Personas colocadas»."))
    verb = models.CharField(
        _("verbo"),
        max_length=60,
        blank=True,
        default="",
        help_text=_("Cómo se lee en una frase: «atendieron a», «colocaron a»."),
    )
    order = models.PositiveSmallIntegerField(
        _("orden en el embudo"), default=0, help_text=_("Las etapas se leen de menor a mayor orden.")
    )

    class Meta:
        verbose_name = _("indicador de intermediación")
        verbose_name_plural = _("indicadores de intermediación")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ActivityKind(models.Model):
    """A kind of employment activity: feria laboral, taller de apresto, reclutamiento masivo…"""

    code = models.SlugField(_("código"), max_length=30, primary_key=True)
    name = models.CharField(_("nombre"), max_length=120, unique=True, help_text=_("En plural: «Ferias laborales»."))
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("tipo de actividad de empleo")
        verbose_name_plural = _("tipos de actividad de empleo")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
