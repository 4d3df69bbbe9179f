"""Published versions of a Cuenta: what the public read, frozen at each publication."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CuentaVersion(models.Model):
    """One publication of a Cuenta, with a snapshot of all its data as published.

    Version 1 is the first publication; every later one follows a reopening
    whose reason it carries, and lists what changed since the version before
    (the «Fe de erratas»). See workflow.py and versions.py.
    """

    cuenta = models.ForeignKey(
        "cuentas.Cuenta", on_delete=models.CASCADE, related_name="versions", verbose_name=_("cuenta pública")
    )
    number = models.PositiveSmallIntegerField(_("versión"))
    published_at = models.DateTimeField(_("publicada el"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("publicada por"),
    )
    reason = models.TextField(
        _("motivo de la corrección"), blank=True, default="", help_text=_("Vacío en la primera publicación.")
    )
    acknowledged_warnings = models.JSONField(
        _("advertencias aceptadas"), default=list, blank=True, help_text=_("Las advertencias de calidad al publicar.")
    )
    changes = models.JSONField(
        _("cambios respecto de la versión anterior"), default=list, blank=True, help_text=_("Una frase por cambio.")
    )
    data = models.JSONField(_("datos publicados"), help_text=_("La cuenta y todas sus filas tal como se publicaron."))
    pdf = models.FileField(_("PDF publicado"), upload_to="cuentas/versiones/", blank=True)

    class Meta:
        verbose_name = _("versión publicada")
        verbose_name_plural = _("versiones publicadas")
        ordering = ["cuenta", "number"]
        permissions = [
            ("submit_cuenta", _("Puede enviar cuentas a revisión")),
            ("publish_cuenta", _("Puede publicar y reabrir cuentas")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cuenta", "number"],
                name="cuentaversion_unique_number",
                violation_error_message=_("Esta cuenta ya tiene una versión con ese número."),
            )
        ]

    def __str__(self):
        return _("%(cuenta)s, versión %(number)s") % {"cuenta": self.cuenta, "number": self.number}

    @property
    def is_correction(self) -> bool:
        return self.number > 1
