"""Who works on which region: the regional scope of each staff member."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogues import Region


class RegionMembership(models.Model):
    """A staff member works on the Cuentas of this region (a person may hold several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_memberships",
        verbose_name=_("usuario"),
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("región"))

    class Meta:
        verbose_name = _("región asignada")
        verbose_name_plural = _("regiones asignadas")
        ordering = ["user", "region__north_to_south"]
        permissions = [("access_all_regions", _("Ve y edita las cuentas de todas las regiones"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"],
                name="regionmembership_unique_user_region",
                violation_error_message=_("Esta persona ya tiene asignada esa región."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.region}"
