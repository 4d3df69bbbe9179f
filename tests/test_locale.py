"""The admin's Spanish corrections (locale/es_CL): the compiled catalogue says what its source says."""

import ast
import gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation

MESSAGES = Path(settings.BASE_DIR) / "locale" / "es_CL" / "LC_MESSAGES"


def po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (single forms, no contexts: all this catalogue has)."""
    entries, key, current = {}, None, {}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ")):
            key, _, literal = line.partition(" ")
            current[key] = ast.literal_eval(literal)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current:
            entries[current["msgid"]] = current["msgstr"]
            key, current = None, {}
    entries.pop("", None)  # the header
    return entries


def test_the_compiled_catalogue_is_the_source_compiled():
    with (MESSAGES / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog

    assert {msgid: msgstr for msgid, msgstr in catalogue.items() if msgid} == po_entries(MESSAGES / "django.po")


def test_the_corrections_win_over_djangos_spanish():
    with translation.override("es-cl"):
        assert translation.gettext("Add %(name)s") == "Agregar %(name)s"
        assert translation.gettext("Yes, I’m sure") == "Sí, eliminar"
        assert translation.gettext("History") == "Historial"
