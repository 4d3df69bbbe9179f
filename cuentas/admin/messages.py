"""The admin's messages in correct Spanish: a noun has a gender, and the article agrees.

Django's Spanish catalogue writes every success message in the masculine
(«El {name} “{obj}” fue agregado correctamente.»), so adding a Cuenta read
«El cuenta pública …», and deleting one «El%(name)s …» (a space missing).
``SpanishMessagesMixin`` recognises those messages as Django wrote them and
says them again with the article and participle of the model's verbose name:
«La cuenta pública «…» fue agregada correctamente.»
"""

import re

from django.contrib import messages
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

#: Nouns whose gender their ending does not tell.
MASCULINE = {"día", "mapa", "programa", "problema", "sistema", "tema", "clima", "idioma", "esquema", "planeta"}
FEMININE = {"red", "efeméride", "clase", "base", "parte", "fuente", "sede", "llave", "mujer", "imagen", "ley", "serie"}
FEMININE_ENDINGS = ("a", "ión", "dad", "tad", "tud", "umbre")

ADDED = "The {name} “{obj}” was added successfully."
CHANGED = "The {name} “{obj}” was changed successfully."
EDIT_AGAIN = "You may edit it again below."
ADDED_ANOTHER = "The {name} “{obj}” was added successfully. You may add another {name} below."
CHANGED_EDIT = "The {name} “{obj}” was changed successfully. You may edit it again below."
CHANGED_ANOTHER = "The {name} “{obj}” was changed successfully. You may add another {name} below."
DELETED = "The %(name)s “%(obj)s” was deleted successfully."

#: Django's message (its msgids, joined by a space) → ours, masculine and feminine.
REWRITES = (
    (
        (ADDED_ANOTHER,),
        "El {name} «{obj}» fue agregado correctamente. Puede agregar otro a continuación.",
        "La {name} «{obj}» fue agregada correctamente. Puede agregar otra a continuación.",
    ),
    (
        (ADDED, EDIT_AGAIN),
        "El {name} «{obj}» fue agregado correctamente. Puede seguir editándolo a continuación.",
        "La {name} «{obj}» fue agregada correctamente. Puede seguir editándola a continuación.",
    ),
    (
        (ADDED,),
        "El {name} «{obj}» fue agregado correctamente.",
        "La {name} «{obj}» fue agregada correctamente.",
    ),
    (
        (CHANGED_EDIT,),
        "El {name} «{obj}» fue modificado correctamente. Puede seguir editándolo a continuación.",
        "La {name} «{obj}» fue modificada correctamente. Puede seguir editándola a continuación.",
    ),
    (
        (CHANGED_ANOTHER,),
        "El {name} «{obj}» fue modificado correctamente. Puede agregar otro a continuación.",
        "La {name} «{obj}» fue modificada correctamente. Puede agregar otra a continuación.",
    ),
    (
        (CHANGED,),
        "El {name} «{obj}» fue modificado correctamente.",
        "La {name} «{obj}» fue modificada correctamente.",
    ),
    (
        (DELETED,),
        "El {name} «{obj}» fue eliminado correctamente.",
        "La {name} «{obj}» fue eliminada correctamente.",
    ),
)
BULK_DELETED = "Successfully deleted %(count)d %(items)s."
PLACEHOLDER = re.compile(r"(\{name\}|\{obj\}|%\(name\)s|%\(obj\)s|%\(count\)d|%\(items\)s)")


def is_feminine(noun_phrase: str) -> bool:
    """Whether a Spanish noun phrase («cuenta pública», «subtítulo presupuestario») is feminine, by its head."""
    words = str(noun_phrase).split()
    head = words[0].lower() if words else ""
    if head in MASCULINE or head in FEMININE:
        return head in FEMININE
    return head.endswith(FEMININE_ENDINGS)


def _pattern(template: str, name: str) -> re.Pattern:
    parts = []
    for part in PLACEHOLDER.split(template):
        if part in ("{name}", "%(name)s"):
            parts.append(re.escape(name))
        elif part in ("{obj}", "%(obj)s"):
            parts.append("(?P<obj>.+)" if "(?P<obj>" not in "".join(parts) else "(?P=obj)")
        elif part == "%(count)d":
            parts.append(r"(?P<count>\d+)")
        elif part == "%(items)s":
            parts.append("(?P<items>.+)")
        else:
            parts.append(re.escape(part))
    return re.compile("".join(parts), re.DOTALL)


def spanish(message, verbose_name, verbose_name_plural=None):
    """``message`` said again in the gender of ``verbose_name`` if it is one of Django's success messages."""
    text = str(message)
    safe = isinstance(message, SafeString)
    name = str(verbose_name)
    shown_name = str(conditional_escape(name)) if safe else name
    feminine = is_feminine(name)
    for msgids, masculine_text, feminine_text in REWRITES:
        django_text = " ".join(gettext(msgid) for msgid in msgids)
        match = _pattern(django_text, shown_name).fullmatch(text)
        if match:
            ours = feminine_text if feminine else masculine_text
            obj = mark_safe(match["obj"]) if safe else match["obj"]  # noqa: S308 -- Django escaped it already
            return format_html(ours, name=name, obj=obj) if safe else ours.format(name=name, obj=obj)
    match = _pattern(gettext(BULK_DELETED), "").fullmatch(text)
    if match:
        count = int(match["count"])
        return ngettext("Se eliminó %(count)d %(items)s.", "Se eliminaron %(count)d %(items)s.", count) % {
            "count": count,
            "items": match["items"],
        }
    return message


class SpanishMessagesMixin:
    """Django's success messages in the gender of the model (see the module docstring)."""

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        message = spanish(message, self.opts.verbose_name)
        super().message_user(request, message, level, extra_tags, fail_silently)
