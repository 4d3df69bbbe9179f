"""Snapshots of a Cuenta as published, and what changed between two of them.

A snapshot holds the Cuenta, every row of it (through the section registry's
``ROW_MODELS``) and the COSOC council it points at with its members, as
Django's JSON serializer writes them. ``restore`` gives them back as unsaved
model instances, so a published version renders with the same section
templates as the live Cuenta. ``describe_changes`` lists, in Spanish, what a
correction changed: «Capacitación › Emprendimiento: mujeres 591 → 600».
"""

import json
from collections import defaultdict

from django.core import serializers
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from .audit import show_value
from .models import CosocCouncil, CosocMember, Cuenta, DeclaredFigure, SectionText
from .sections import ROW_MODELS, SECTIONS, section_of

FORMAT = 1

#: Section names as a reader says them, for the «Fe de erratas».
SHORT_TITLES = {
    "presupuesto": _("Presupuesto"),
    "capacitacion": _("Capacitación"),
    "certificacion": _("Certificación"),
    "intermediacion": _("Intermediación laboral"),
    "subsidios": _("Subsidios al empleo"),
    "participacion": _("Participación ciudadana"),
    "comunicaciones": _("Comunicaciones"),
    "atencion": _("Atención ciudadana"),
    "hitos": _("Hitos y alianzas"),
    "enfasis": _("Énfasis de gestión"),
    "equipo": _("Equipo"),
}
GENERAL = _("Datos generales")
COSOC = _("Participación ciudadana")


def snapshot(cuenta: Cuenta) -> dict:
    """Everything the public page and PDF of ``cuenta`` show, as JSON-ready data."""
    objects: list[Model] = [cuenta]
    for model in ROW_MODELS:
        objects += model._default_manager.filter(cuenta=cuenta).order_by("pk")
    council_ids = [row.council_id for row in objects if hasattr(row, "council_id")]
    for council in CosocCouncil.objects.filter(pk__in=council_ids):
        objects += [council, *CosocMember.objects.filter(council=council).order_by("pk")]
    return {"format": FORMAT, "objects": json.loads(serializers.serialize("json", objects))}


def restore(data: dict) -> tuple[Cuenta, dict[type[Model], list[Model]]]:
    """The Cuenta and its rows by model, as unsaved instances (catalogues are read live)."""
    cuenta = None
    rows: dict[type[Model], list[Model]] = defaultdict(list)
    for item in serializers.deserialize("json", json.dumps(data.get("objects", []))):
        obj = item.object
        if isinstance(obj, Cuenta):
            cuenta = obj
        else:
            rows[type(obj)].append(obj)
    return cuenta, dict(rows)


def published_cuenta(version) -> Cuenta:
    """The Cuenta as ``version`` published it (title, years, ceremony…), an unsaved instance.

    Only the Cuenta's own entry of the snapshot is read. Its region is a
    catalogue, read live: taken from the version's Cuenta when it is the same
    region (no query), as any catalogue a snapshot names is.
    """
    label = Cuenta._meta.label_lower
    entries = [entry for entry in version.data.get("objects", []) if entry.get("model") == label]
    if not entries:
        raise ValueError(f"La versión {version.pk} no tiene datos publicados.")
    cuenta = next(serializers.deserialize("python", entries[:1])).object
    live = version.cuenta
    if cuenta.region_id == live.region_id and Cuenta.region.is_cached(live):
        cuenta.region = live.region
    return cuenta


def _section_title(obj: Model) -> str:
    if isinstance(obj, SectionText | DeclaredFigure) and obj.section:
        return str(SHORT_TITLES.get(obj.section, obj.section))
    if isinstance(obj, CosocCouncil | CosocMember):
        return str(COSOC)
    section = section_of(type(obj))
    return str(SHORT_TITLES[section.slug]) if section else str(GENERAL)


def _label(obj: Model) -> str:
    if isinstance(obj, Cuenta):
        return str(_("Cuenta"))
    if isinstance(obj, SectionText):
        return str(_("texto"))
    if isinstance(obj, DeclaredFigure):
        return f"{obj.label} ({str(obj.get_kind_display()).lower()})"
    return str(obj)


def _fields(model: type[Model]):
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in {"cuenta", "updated_at", "status", "position"}
    ]


def _show(obj: Model, model_field) -> str:
    if isinstance(obj, DeclaredFigure) and model_field.name == "value":
        return show_value(obj.declared_value)  # with the decimals the document printed
    if model_field.is_relation:
        related = getattr(obj, model_field.name, None)
        return str(related) if related is not None else show_value(None)
    return show_value(getattr(obj, model_field.attname), model_field)


SECTION_INDEX = {section.slug: number for number, section in enumerate(SECTIONS)}
ROW_INDEX = {model: number for number, model in enumerate(ROW_MODELS)}


def _order(obj: Model) -> tuple[int, int, str]:
    """Document order: general data first, then section by section; within one, its tables, then its figures."""
    if isinstance(obj, SectionText | DeclaredFigure):
        section = SECTION_INDEX.get(obj.section, -1)
    elif isinstance(obj, CosocCouncil | CosocMember):
        section = SECTION_INDEX["participacion"]
    else:
        found = section_of(type(obj))
        section = SECTION_INDEX[found.slug] if found else -1
    table = -1 if isinstance(obj, Cuenta) else ROW_INDEX.get(type(obj), len(ROW_INDEX))
    if isinstance(obj, DeclaredFigure):
        table = len(ROW_INDEX) + 1
    return section, table, f"{obj.pk:>12}"


def _indexed(data: dict) -> dict[tuple[str, object], Model]:
    result = {}
    for item in serializers.deserialize("json", json.dumps(data.get("objects", []))):
        result[(item.object._meta.label, item.object.pk)] = item.object
    return result


def describe_changes(before: dict, after: dict) -> list[str]:
    """What changed from snapshot ``before`` to ``after``, one sentence each, in document order."""
    old, new = _indexed(before), _indexed(after)
    sentences = []
    keys = old.keys() | new.keys()
    for key in sorted(keys, key=lambda k: _order(new.get(k) or old.get(k))):
        was, now = old.get(key), new.get(key)
        obj = now or was
        place = f"{_section_title(obj)} › {_label(obj)}"
        if was is None:
            sentences.append(str(_("%(place)s: fila agregada")) % {"place": place})
        elif now is None:
            sentences.append(str(_("%(place)s: fila eliminada")) % {"place": place})
        else:
            for model_field in _fields(type(obj)):
                before_value, after_value = _show(was, model_field), _show(now, model_field)
                if before_value != after_value:
                    sentences.append(f"{place}: {model_field.verbose_name} {before_value} → {after_value}")
    return sentences
