"""Reading the audit trail: who changed what, when, and what it was before.

django-simple-history writes a historical row on every save and delete of an
audited model (cuentas/models/history.py), whatever made it: an admin form or
inline, an import, the workflow or a shell. This module turns those rows into
entries a person reads: «Modificó Emprendimiento: mujeres 591 → 600».
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Model
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .access import region_ids, region_lookup, sees_all_regions
from .models import AUDITED, Cuenta, RegionMembership

ACTIONS = {"+": _("Creación"), "~": _("Modificación"), "-": _("Eliminación")}
EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str

    def __str__(self):
        return f"{self.field}: {self.old} → {self.new}"


@dataclass
class Entry:
    when: datetime.datetime
    user: object
    action: str
    kind: str
    label: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    cuenta: str = ""

    @property
    def action_display(self) -> str:
        return str(ACTIONS[self.action])


def is_audited(model: type[Model]) -> bool:
    return model in AUDITED


def show_value(value, model_field=None) -> str:
    """A stored value as the admin shows it: Chilean numbers, dd-mm-aaaa dates."""
    if model_field is not None and model_field.flatchoices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return str(_("Sí") if value else _("No"))
    if isinstance(value, int | Decimal | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)


def _compared_fields(history_model):
    return [f for f in history_model.tracked_fields if f.editable and not f.primary_key]


def _value(record, model_field, related_cache):
    if model_field.is_relation:
        key = getattr(record, model_field.attname)
        if key is None:
            return EMPTY
        cache_key = (model_field.related_model, key)
        if cache_key not in related_cache:
            related = model_field.related_model._base_manager.filter(pk=key).first()
            related_cache[cache_key] = str(related) if related is not None else str(key)
        return related_cache[cache_key]
    return show_value(getattr(record, model_field.attname), model_field)


def entries(history_queryset, *, skip=("cuenta",)) -> list[Entry]:
    """Entries for the historical rows of one model, each compared with the row's previous state."""
    history_model = history_queryset.model
    compared = [f for f in _compared_fields(history_model) if f.name not in skip]
    cuenta_field = next((f for f in _compared_fields(history_model) if f.name == "cuenta"), None)
    kind = str(history_model.instance_type._meta.verbose_name)
    previous: dict = {}
    related_cache: dict = {}
    result = []
    for record in history_queryset.select_related("history_user").order_by("history_date", "history_id"):
        values = {f: _value(record, f, related_cache) for f in compared}
        before = previous.get(record.id)
        if record.history_type == "+":
            changes = [FieldChange(str(f.verbose_name), EMPTY, v) for f, v in values.items() if v != EMPTY]
        elif record.history_type == "~" and before is not None:
            changes = [FieldChange(str(f.verbose_name), before[f], v) for f, v in values.items() if before[f] != v]
        else:
            changes = []
        previous[record.id] = values
        if record.history_type == "~" and before is not None and not changes:
            continue  # saved without changing anything
        result.append(
            Entry(
                when=record.history_date,
                user=record.history_user,
                action=record.history_type,
                kind=kind,
                label=str(record.instance),
                reason=record.history_change_reason or "",
                changes=changes,
                cuenta=_value(record, cuenta_field, related_cache) if cuenta_field else "",
            )
        )
    return result


def entries_for(obj: Model) -> list[Entry]:
    """The history of ``obj``, newest first; a Cuenta's includes every row of it."""
    if isinstance(obj, Cuenta):
        return cuenta_entries(obj)
    return sorted(entries(type(obj).history.filter(id=obj.pk), skip=()), key=lambda e: e.when, reverse=True)


def cuenta_entries(cuenta: Cuenta) -> list[Entry]:
    """Every change to a Cuenta and to its rows, newest first (one query per audited model)."""
    result = entries(Cuenta.history.filter(id=cuenta.pk), skip=())
    for model in AUDITED:
        if any(f.name == "cuenta" and f.related_model is Cuenta for f in model._meta.fields):
            result += entries(model.history.filter(cuenta_id=cuenta.pk))
    return sorted(result, key=lambda e: e.when, reverse=True)


def region_entries(user, limit: int = 300) -> list[Entry]:
    """The latest changes to the data of ``user``'s regions (all regions for central staff), newest first."""
    result = []
    for model in AUDITED:
        lookup = region_lookup(model)
        if lookup is None or model is RegionMembership:
            continue
        history = model.history.all()
        if not sees_all_regions(user):
            # Historical rows keep their foreign keys, so the same path reaches the region.
            history = history.filter(**{f"{lookup}__in": region_ids(user)})
        result += entries(history, skip=())
    return sorted(result, key=lambda e: e.when, reverse=True)[:limit]
