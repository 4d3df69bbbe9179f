from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CuentasConfig(AppConfig):
    name = "cuentas"
    verbose_name = _("Cuentas Públicas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the receivers that keep each published version's PDF and
        # forget a public page's cached version when its Cuenta is saved.
        from . import pdf, svg_text, views  # noqa: F401

        # WeasyPrint draws the charts' labels as whole runs of text (see cuentas/svg_text.py).
        svg_text.install()
