"""Path converters that refuse, as a 404, numbers no Cuenta can have.

Django's ``int`` converter takes any run of digits, and a number beyond what
the database stores (``/cuentas/13/9223372036854775808/``) reached the query
and failed there with an OverflowError, a 500. These match only numbers of a
bounded size, so anything else is simply an address that does not exist.
"""

from django.urls import register_converter


class BoundedIntConverter:
    """A non-negative integer of at most ``maximum``; a bigger one does not match."""

    regex = "[0-9]{1,5}"
    maximum = 32_767  # PositiveSmallIntegerField on PostgreSQL

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.maximum:
            raise ValueError(value)  # no match: the resolver answers 404
        return number

    def to_url(self, value) -> str:
        # A FiscalYear reverses to its year: it is keyed by it.
        return str(int(getattr(value, "pk", value)))


class YearConverter(BoundedIntConverter):
    """A year as the addresses write it: four digits."""

    regex = "[0-9]{4}"
    maximum = 9_999


class VersionConverter(BoundedIntConverter):
    """A version number of a Cuenta."""


# Registered where they are defined, so every URL module that imports this one may use them.
register_converter(YearConverter, "year")
register_converter(VersionConverter, "version")
