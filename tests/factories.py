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


# --- Roles, regions and one row of every kind (access, workflow and audit tests) ---

import datetime  # noqa: E402 -- kept with the factories that use it, to ease merging

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import models  # noqa: E402

from cuentas.models import (  # noqa: E402
    BudgetSubtitle,
    CosocCouncil,
    CosocMember,
    RegionMembership,
    Subsidy,
)


def make_ohiggins(**kwargs) -> Region:
    kwargs.setdefault("code", "06")
    kwargs.setdefault("numeral", "VI")
    kwargs.setdefault("official_name", "Región del Libertador General Bernardo O'Higgins")
    kwargs.setdefault("name", "O'Higgins")
    kwargs.setdefault("iso_code", "CL-LI")
    kwargs.setdefault("north_to_south", 8)
    return make_region(**kwargs)


def make_user(username, role=None, regions=(), **kwargs):
    """A staff member in the group ``role`` (see cuentas/roles.py) working on ``regions``."""
    kwargs.setdefault("is_staff", True)
    kwargs.setdefault("email", f"{username}@example.com")
    kwargs.setdefault("first_name", username.split("_")[0].capitalize())
    user = get_user_model().objects.create_user(username, password="clave-segura-123", **kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for region in regions:
        RegionMembership.objects.create(user=user, region=region)
    return user


def make_council(**kwargs) -> CosocCouncil:
    if "region" not in kwargs:
        kwargs["region"] = make_region()
    kwargs.setdefault("start_year", 2021)
    kwargs.setdefault("end_year", 2024)
    council, _ = CosocCouncil.objects.get_or_create(
        region=kwargs.pop("region"), start_year=kwargs.pop("start_year"), defaults=kwargs
    )
    return council


def make_catalogue(model, **kwargs):
    """A catalogue entry of ``model`` with plausible defaults."""
    if model is BudgetSubtitle:
        kwargs.setdefault("code", 24)
        kwargs.setdefault("name", "Transferencias corrientes")
        return BudgetSubtitle.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)[0]
    if model is Subsidy:
        kwargs.setdefault("code", "SEJ")
        kwargs.setdefault("name", "Subsidio al Empleo Joven")
        kwargs.setdefault("budget", Subsidy._meta.get_field("budget").choices[0][0])
        return Subsidy.objects.get_or_create(code=kwargs.pop("code"), defaults=kwargs)[0]
    if model is Region:
        return make_region(**kwargs)
    if model is Comuna:
        return make_comuna(**kwargs)
    kwargs.setdefault("name", f"{model._meta.verbose_name} de prueba")
    return model.objects.get_or_create(name=kwargs.pop("name"), defaults=kwargs)[0]


def _comuna_of(region):
    codes = {"13": ("13101", "Santiago", "131", "Santiago"), "06": ("06101", "Rancagua", "061", "Cachapoal")}
    code, name, province_code, province = codes.get(region.code, (f"{region.code}101", "Capital", "1", "P"))
    return make_comuna(code=code, name=name, province_code=province_code, province=province, region=region)


def _value_for(model_field, cuenta):
    if model_field.is_relation:
        related = model_field.related_model
        if related is Cuenta:
            return cuenta
        if related is CosocCouncil:
            return make_council(region=cuenta.region)
        if related is Comuna:
            return _comuna_of(cuenta.region)
        return make_catalogue(related)
    if model_field.choices:
        return model_field.choices[0][0]
    if isinstance(model_field, models.DateField):
        return datetime.date(cuenta.management_year, 6, 1)
    if isinstance(model_field, models.IntegerField | models.DecimalField):
        return 1
    return f"{model_field.verbose_name} de prueba"


def make_row(model, cuenta, **kwargs):
    """One row of ``model`` in ``cuenta``, every required field filled with something valid."""
    for model_field in model._meta.concrete_fields:
        if model_field.name in kwargs or model_field.attname in kwargs or model_field.primary_key:
            continue
        if model_field.has_default() or model_field.null or (model_field.blank and not model_field.is_relation):
            continue
        kwargs[model_field.name] = _value_for(model_field, cuenta)
    return model.objects.create(**kwargs)


def make_member(**kwargs) -> CosocMember:
    if "council" not in kwargs:
        kwargs["council"] = make_council()
    kwargs.setdefault("institution", "Sindicato de prueba")
    kwargs.setdefault("person", "Persona Consejera")
    return CosocMember.objects.create(**kwargs)
