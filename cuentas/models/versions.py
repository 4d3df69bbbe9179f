"""Published versions of a Cuenta: what the public read, frozen at each publication."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CuentaVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def corrections(self):
        """The published versions after the first: the «Fe de erratas» of a Cuenta."""
        return self.published().filter(number__gt=1)


class CuentaVersion(models.Model):
    """One publication of a Cuenta, with a snapshot of all its data as published.

    Version 1 is the first publication. Reopening a published Cuenta for a
    correction opens the next version with its reason (``published_at`` still
    empty); publishing again fills in the snapshot and the list of what changed
    since the version before. See workflow.py and snapshots.py.
    """

    cuenta = models.ForeignKey(
        "cuentas.Cuenta", on_delete=models.CASCADE, related_name="versions", verbose_name=_("cuenta pública")
    )
    number = models.PositiveSmallIntegerField(_("versión"))
    reason = models.TextField(
        _("motivo de la corrección"), blank=True, default="", help_text=_("Vacío en la primera publicación.")
    )
    reopened_at = models.DateTimeField(_("reabierta el"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reabierta por"),
    )
    published_at = models.DateTimeField(_("publicada el"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicada por"),
    )
    acknowledged_warnings = models.JSONField(
        _("advertencias aceptadas"), default=list, blank=True, help_text=_("Las advertencias de calidad al publicar.")
    )
    changes = models.JSONField(
        _("cambios respecto de la versión anterior"), default=list, blank=True, help_text=_("Una frase por cambio.")
    )
    data = models.JSONField(
        _("datos publicados"),
        default=dict,
        blank=True,
        help_text=_("La cuenta y todas sus filas tal como se publicaron."),
    )
    pdf = models.FileField(_("PDF publicado"), upload_to="cuentas/versiones/", blank=True)

    objects = CuentaVersionQuerySet.as_manager()

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
    def is_published(self) -> bool:
        return self.published_at is not None

    def restore(self):
        """The Cuenta and its rows as published: unsaved instances (see snapshots.restore)."""
        from cuentas.snapshots import restore

        return restore(self.data)
