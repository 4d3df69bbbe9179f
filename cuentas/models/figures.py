"""Figures a document declares in its prose or typed as a table total.

They are kept as declared, shown where they belong and, where the rows of the
Cuenta let us compute the same figure, compared with it (see quality.py).
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import cuenta_fk
from .cuenta import SectionKey


class Metric(models.TextChoices):
    """Figures computable from a Cuenta's rows; metrics.py computes each one."""

    BUDGET_REQUESTED = "budget_requested", _("Presupuesto: total requerimiento")
    BUDGET_ACCRUED = "budget_accrued", _("Presupuesto: total devengado")
    BUDGET_EXECUTION = "budget_execution", _("Presupuesto: % de ejecución global")
    SUBTITLE_EXECUTION = "subtitle_execution", _("Presupuesto: % de ejecución de un subtítulo")
    SUBTITLE_SHARE = "subtitle_share", _("Presupuesto: % del total que es un subtítulo")
    PROGRAMS_REQUESTED = "programs_requested", _("Programas: total requerimiento")
    PROGRAMS_ACCRUED = "programs_accrued", _("Programas: total devengado")
    PROGRAMS_EXECUTION = "programs_execution", _("Programas: % de ejecución")
    TRAINING_PARTICIPANTS = "training_participants", _("Capacitación: participantes")
    TRAINING_WOMEN = "training_women", _("Capacitación: mujeres")
    TRAINING_MEN = "training_men", _("Capacitación: hombres")
    TRAINING_WOMEN_SHARE = "training_women_share", _("Capacitación: % de mujeres")
    CERTIFIED = "certified", _("Certificación: personas evaluadas")
    CERTIFIED_WOMEN = "certified_women", _("Certificación: mujeres")
    CERTIFIED_MEN = "certified_men", _("Certificación: hombres")
    CERTIFIED_WOMEN_SHARE = "certified_women_share", _("Certificación: % de mujeres")
    INTERMEDIATION_ACHIEVED = "intermediation_achieved", _("Intermediación: logro de un indicador")
    INTERMEDIATION_FULFILMENT = "intermediation_fulfilment", _("Intermediación: % de cumplimiento de un indicador")
    WOMEN_PLACED_SHARE = "women_placed_share", _("Intermediación: % de mujeres entre las personas colocadas")
    INTERMEDIATION_CONVERSION = "intermediation_conversion", _("Intermediación: % de conversión entre dos etapas")
    FOMIL_AGREEMENTS = "fomil_agreements", _("Intermediación: convenios FOMIL")
    FOMIL_AMOUNT = "fomil_amount", _("Intermediación: monto de los convenios FOMIL")
    FOMIL_COMUNA_SHARE = "fomil_comuna_share", _("Intermediación: % de las comunas de la región con convenio FOMIL")
    ACTIVITIES = "activities", _("Intermediación: actividades de empleo")
    ACTIVITIES_INVESTMENT = "activities_investment", _("Intermediación: inversión en actividades de empleo")
    SUBSIDY_PEOPLE = "subsidy_people", _("Subsidios: personas")
    SUBSIDY_AMOUNT = "subsidy_amount", _("Subsidios: monto pagado")
    SUBSIDY_WOMEN_SHARE = "subsidy_women_share", _("Subsidios: % de mujeres")
    SUBSIDY_NATIONAL_SHARE = "subsidy_national_share", _("Subsidios: % del total nacional de beneficiarios")
    COSOC_MEMBERS = "cosoc_members", _("Participación: integrantes del COSOC")
    FIELD_EVENTS = "field_events", _("Participación: Gobiernos en Terreno")
    PUBLICATIONS = "publications", _("Comunicaciones: publicaciones")
    FOLLOWERS_START = "followers_start", _("Comunicaciones: seguidores al inicio")
    FOLLOWERS_END = "followers_end", _("Comunicaciones: seguidores al cierre")
    FOLLOWERS_GROWTH = "followers_growth", _("Comunicaciones: % de crecimiento de seguidores")
    EFEMERIDES = "efemerides", _("Comunicaciones: efemérides")
    CONTACTS = "contacts", _("Atención ciudadana: atenciones")
    CONTACT_TYPE_SHARE = "contact_type_share", _("Atención ciudadana: % de un tipo de atención")
    CONTACT_SEX_SHARE = "contact_sex_share", _("Atención ciudadana: % según sexo")


class DeclaredFigure(models.Model):
    class Kind(models.TextChoices):
        HEADLINE = "cifra", _("Cifra del texto")
        TABLE_TOTAL = "total", _("Total de tabla")

    class Unit(models.TextChoices):
        PEOPLE = "personas", _("personas")
        PESOS = "pesos", _("pesos")
        PERCENT = "porcentaje", _("%")
        NUMBER = "numero", _("número")

    class Qualifier(models.TextChoices):
        EXACT = "", _("exacta")
        MORE_THAN = "mas_de", _("más de")
        LESS_THAN = "menos_de", _("menos de")

    cuenta = cuenta_fk("declared_figures")
    section = models.CharField(_("sección"), max_length=20, choices=SectionKey.choices, blank=True, default="")
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices, default=Kind.HEADLINE)
    label = models.CharField(
        _("descripción"), max_length=200, help_text=_("Lo que la cifra cuenta, p. ej. «personas beneficiadas».")
    )
    qualifier = models.CharField(_("calificador"), max_length=10, choices=Qualifier.choices, blank=True, default="")
    value = models.DecimalField(
        _("valor declarado"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), _("No puede ser negativo."))],
        help_text=_("Tal como lo dice el documento. Montos en pesos: «$2.650 millones» es 2.650.000.000."),
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimales declarados"),
        default=0,
        validators=[MaxValueValidator(2, _("Se admiten a lo más 2 decimales."))],
        help_text=_("Cuántos decimales trae el documento: «66 %» tiene 0, «98,28 %» tiene 2."),
    )
    unit = models.CharField(_("unidad"), max_length=10, choices=Unit.choices, default=Unit.PEOPLE)
    metric = models.CharField(
        _("cifra calculada equivalente"),
        max_length=30,
        choices=Metric.choices,
        blank=True,
        default="",
        help_text=_("Si los datos de la cuenta permiten calcular la misma cifra, cuál es, para compararlas."),
    )
    metric_argument = models.CharField(
        _("referencia de la cifra calculada"),
        max_length=120,
        blank=True,
        default="",
        help_text=_(
            "Para cifras de un elemento: el subtítulo («24»), el canal e indicador («omil:colocados»), "
            "dos etapas del embudo («omil:atendidos:colocados»), el tipo de actividad («feria»), "
            "el subsidio («SEJ») o el presupuesto («central»), la red social («Instagram»), "
            "el tipo de atención («Pregunta») o el sexo («F»)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("cifra declarada")
        verbose_name_plural = _("cifras declaradas")
        ordering = ["cuenta", "section", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="declaredfigure_value_non_negative",
                violation_error_message=_("Una cifra declarada no puede ser negativa."),
            ),
            models.CheckConstraint(
                condition=models.Q(decimals__lte=2),
                name="declaredfigure_decimals_at_most_two",
                violation_error_message=_("Se admiten a lo más 2 decimales."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def declared_value(self) -> Decimal:
        """The value with exactly the decimals the document printed."""
        return self.value.quantize(Decimal(1).scaleb(-self.decimals))
