"""The admin where regional staff enter a Cuenta, section by section."""

from . import catalogues, cuenta, participation, rows, users  # noqa: F401 -- registers the ModelAdmins
