"""Plain factory functions: make_x(**kwargs) with defaults set by setdefault."""

from cuentas.models import Comuna, Cuenta, Region


def make_region(**kwargs) -> Region:
    kwargs.setdefault("code", "13")
    kwargs.setdefault("numeral", "RM")
    kwargs.setdefault("official_name", "Región Metropolitana de Santiago")
    kwargs.setdefault("name", "Metropolitana")
    kwargs.setdefault("iso_code", "CL-RM")
    kwargs.setdefault("north_to_south", 7)
    region, _ = Region.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)
    return region


def make_comuna(**kwargs) -> Comuna:
    kwargs.setdefault("code", "13101")
    kwargs.setdefault("name", "Santiago")
    kwargs.setdefault("province_code", "131")
    kwargs.setdefault("province", "Santiago")
    if "region" not in kwargs:
        kwargs["region"] = make_region()
    comuna, _ = Comuna.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)
    return comuna


def make_cuenta(**kwargs) -> Cuenta:
    if "region" not in kwargs:
        kwargs["region"] = make_region()
    kwargs.setdefault("management_year", 2022)
    kwargs.setdefault("presentation_year", kwargs["management_year"] + 1)
    kwargs.setdefault("title", f"Cuenta Pública {kwargs['region']} {kwargs['management_year']}")
    kwargs.setdefault("status", Cuenta.Status.PUBLISHED)
    return Cuenta.objects.create(**kwargs)
