"""2. Capacitación and 3. Certificación de competencias."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cuentas.numbers import percent

from .base import NON_NEGATIVE, count_field, cuenta_fk, money_field, non_negative, text_field
from .catalogues import Comuna, ProductiveSector, ProgramLine


class BySex(models.Model):
    women = count_field(_("mujeres"))
    men = count_field(_("hombres"))

    class Meta:
        abstract = True

    @property
    def total(self):
        return self.women + self.men

    @property
    def women_share(self):
        return percent(self.women, self.total)


class TrainingSummary(models.Model):
    cuenta = models.OneToOneField(
        "cuentas.Cuenta", on_delete=models.CASCADE, related_name="training_summary", verbose_name=_("cuenta pública")
    )
    courses_held = count_field(_("cursos ejecutados"))

    class Meta:
        verbose_name = _("resumen de capacitación")
        verbose_name_plural = _("resúmenes de capacitación")
        constraints = [non_negative("trainingsummary_courses_non_negative", "courses_held")]

    def __str__(self):
        return str(_("Resumen de capacitación"))


class TrainingParticipation(BySex):
    cuenta = cuenta_fk("training_participations")
    line = models.ForeignKey(
        ProgramLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("línea programática")
    )

    class Meta:
        verbose_name = _("participantes por línea programática")
        verbose_name_plural = _("participantes por línea programática")
        ordering = ["cuenta", "line__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "line"],
                name="trainingparticipation_unique_line",
                violation_error_message=_("Esta línea programática ya tiene participantes en la cuenta."),
            ),
            non_negative("trainingparticipation_counts_non_negative", "women", "men"),
        ]

    def __str__(self):
        return str(self.line)


class TaxFranchise(models.Model):
    cuenta = models.OneToOneField(
        "cuentas.Cuenta", on_delete=models.CASCADE, related_name="tax_franchise", verbose_name=_("cuenta pública")
    )
    companies = count_field(_("empresas"))
    workers_trained = count_field(_("trabajadores capacitados"))
    amount = money_field(
        _("monto movilizado"),
        null=True,
        blank=True,
        help_text=_("En pesos. Déjelo vacío si el documento solo da una cifra aproximada («más de …»)."),
    )
    national_rank = models.PositiveSmallIntegerField(
        _("lugar nacional"), null=True, blank=True, validators=NON_NEGATIVE, help_text=_("1 es el primer lugar.")
    )

    class Meta:
        verbose_name = _("Franquicia Tributaria")
        verbose_name_plural = _("Franquicia Tributaria")
        constraints = [
            non_negative("taxfranchise_counts_non_negative", "companies", "workers_trained", "amount"),
            models.CheckConstraint(
                condition=models.Q(national_rank__isnull=True) | models.Q(national_rank__gte=1),
                name="taxfranchise_rank_from_one",
                violation_error_message=_("El lugar nacional parte en 1."),
            ),
        ]

    def __str__(self):
        return str(_("Franquicia Tributaria"))


class Initiative(models.Model):
    cuenta = cuenta_fk("initiatives")
    name = models.CharField(_("nombre"), max_length=160)
    description = text_field(_("descripción"))
    people = count_field(_("cantidad"), help_text=_("Personas u otras unidades alcanzadas; vea «unidad»."))
    unit = models.CharField(
        _("unidad"), max_length=60, default="personas", help_text=_("P. ej. «personas», «evaluaciones funcionales».")
    )
    comunas_reached = models.PositiveSmallIntegerField(
        _("comunas alcanzadas"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Cuántas comunas, si el documento lo dice aunque no las nombre."),
    )
    comunas = models.ManyToManyField(Comuna, blank=True, related_name="+", verbose_name=_("comunas nombradas"))
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("iniciativa especial")
        verbose_name_plural = _("iniciativas especiales")
        ordering = ["cuenta", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "name"],
                name="initiative_unique_name",
                violation_error_message=_("Ya hay una iniciativa con ese nombre en la cuenta."),
            ),
            non_negative("initiative_counts_non_negative", "people", "comunas_reached"),
        ]

    def __str__(self):
        return self.name


class CertificationResult(BySex):
    cuenta = cuenta_fk("certification_results")
    sector = models.ForeignKey(
        ProductiveSector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector productivo")
    )

    class Meta:
        verbose_name = _("personas evaluadas por sector")
        verbose_name_plural = _("personas evaluadas por sector")
        ordering = ["cuenta", "sector__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "sector"],
                name="certificationresult_unique_sector",
                violation_error_message=_("Este sector productivo ya está en la cuenta."),
            ),
            non_negative("certificationresult_counts_non_negative", "women", "men"),
        ]

    def __str__(self):
        return str(self.sector)
