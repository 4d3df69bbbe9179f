"""Who may see and change what: the regional scope of every row.

A staff member works on the regions of their ``RegionMembership`` rows;
central staff (permission ``cuentas.access_all_regions``) and superusers on
all of them. Every model whose rows belong to a region says how to reach it
(``region_lookup``); the admin base classes filter with ``scope`` and check
single objects with ``in_scope``, and the public and PDF views ask
``can_edit`` / ``editable_cuentas`` before they show a draft.
"""

from django.db.models import Model, QuerySet

from .models import CosocCouncil, CosocMember, Cuenta, Region, RegionMembership

ALL_REGIONS_PERMISSION = "cuentas.access_all_regions"


def region_lookup(model: type[Model]) -> str | None:
    """The ORM path from ``model`` to its region, or None for region-free catalogues.

    A model may declare its own path as ``region_path`` (the participation models do).
    """
    declared = getattr(model, "region_path", None)
    if declared:
        return declared
    if model in (Cuenta, CosocCouncil, RegionMembership):
        return "region"
    if model is CosocMember:
        return "council__region"
    if any(field.name == "cuenta" and field.related_model is Cuenta for field in model._meta.fields):
        return "cuenta__region"
    return None


def sees_all_regions(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(ALL_REGIONS_PERMISSION))


def region_ids(user) -> frozenset[str]:
    """The codes of the regions ``user`` works on (one query, then cached on the user)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if not hasattr(user, "_cuentas_region_ids"):
        user._cuentas_region_ids = frozenset(
            RegionMembership.objects.filter(user=user).order_by().values_list("region_id", flat=True)
        )
    return user._cuentas_region_ids


def scope(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` cut down to the rows of ``user``'s regions (catalogues pass whole)."""
    lookup = region_lookup(queryset.model)
    if lookup is None or sees_all_regions(user):
        return queryset
    return queryset.filter(**{f"{lookup}__in": region_ids(user)})


def allowed_regions(user) -> QuerySet:
    """The regions ``user`` may create Cuentas and councils for."""
    regions = Region.objects.all()
    return regions if sees_all_regions(user) else regions.filter(pk__in=region_ids(user))


def region_of(obj: Model) -> str | None:
    """The region code of ``obj``, following ``region_lookup`` (None for catalogues)."""
    lookup = region_lookup(type(obj))
    if lookup is None:
        return None
    *path, last = lookup.split("__")
    for step in path:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def in_scope(user, obj: Model) -> bool:
    """Whether ``obj`` lies in ``user``'s regions (catalogues: always)."""
    if region_lookup(type(obj)) is None or sees_all_regions(user):
        return True
    return region_of(obj) in region_ids(user)


def cuenta_of(obj: Model) -> Cuenta | None:
    if isinstance(obj, Cuenta):
        return obj
    if region_lookup(type(obj)) == "cuenta__region":
        return obj.cuenta
    return None


def is_locked(obj: Model) -> bool:
    """A published Cuenta, and every row of it, is read-only for everybody.

    A model that lives on after publication (the participation process) says
    so with ``locked_with_cuenta = False``.
    """
    if not getattr(type(obj), "locked_with_cuenta", True):
        return False
    cuenta = cuenta_of(obj)
    return cuenta is not None and cuenta.status == Cuenta.Status.PUBLISHED


def edits_cuentas(user) -> bool:
    """Whether ``user`` edits Cuentas at all (of some region); no query."""
    return bool(user.is_active and user.is_staff and user.has_perm("cuentas.change_cuenta"))


def can_edit(user, cuenta: Cuenta) -> bool:
    """Whether ``user`` works on ``cuenta``: may see its draft page and draft PDF."""
    return edits_cuentas(user) and in_scope(user, cuenta)


def editable_cuentas(user) -> QuerySet:
    """The Cuentas whose drafts ``user`` may see (none for citizens)."""
    if not edits_cuentas(user):
        return Cuenta.objects.none()
    return scope(Cuenta.objects.all(), user)
