"""The admin where regional staff enter a Cuenta, section by section."""

from . import catalogues, cuenta, rows  # noqa: F401 -- registers the ModelAdmins
