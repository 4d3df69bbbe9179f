"""One cell of a spreadsheet read into a field and written back: the import's widgets.

Each widget's ``clean()`` reads what an editor typed (Chilean numbers, dates as
dd-mm-aaaa, a catalogue entry by name or code without regard to case or
accents) and raises ``ValueError`` with a Spanish message that import-export
files under the column; each ``render()`` returns the native value (int, date,
str) so that XLSX and JSON keep their types. Also here: the text helpers the
import's messages use, and how a template's example rows are marked.

``resources`` builds the columns of every table from these; nothing here knows a table.
"""

import datetime
import difflib
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from . import models as m
from .formatting import format_int

#: Leading characters that make a spreadsheet read a text cell as a formula
#: (OWASP, «CSV Injection»). Exports put an apostrophe in front; imports take it away.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: How each catalogue is looked up, first key first; the first key is also what exports write.
#: Every catalogue also answers to what the admin shows of an entry (``str()``, «21 Gastos en personal»).
CATALOGUE_KEYS = {
    m.BudgetSubtitle: ("code", "name"),
    m.IntermediationChannel: ("name", "code"),
    m.IntermediationIndicator: ("name", "code"),
    m.ActivityKind: ("name", "code"),
    m.ProgramLine: ("name",),
    m.ProductiveSector: ("name",),
    m.Subsidy: ("name", "code"),
    m.SocialNetwork: ("name",),
    m.ContactType: ("name",),
    m.PublicationCategory: ("name",),
    m.Region: ("name", "code", "official_name", "numeral"),
}

#: What the templates write in the first cell of their example rows. A row that carries it is never
#: imported: the importer refuses it, naming the sheet and the row.
EXAMPLE_MARKER = gettext_lazy("EJEMPLO — borre esta fila")

#: What the templates write in the text cells of their example rows; no text cell may import it.
EXAMPLE_TEXT = gettext_lazy("Texto de ejemplo")


def normalize(value) -> str:
    """Text compared the way an editor means it: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", str(value))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def thousands(number: int) -> str:
    """16631241866 → «16.631.241.866»."""
    return format_int(number)


def quoted_list(values, conjunction=None) -> str:
    """«A», «B» o «C»."""
    conjunction = conjunction or _("o")
    items = [f"«{value}»" for value in values]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def suggestions(wanted: str, candidates: dict[str, str], limit: int = 3) -> list[str]:
    """Names among ``candidates`` (normalized → display) the editor may have meant."""
    key = normalize(wanted)
    if not key:
        return []
    words = set(key.split(" "))
    found = [
        display
        for norm, display in candidates.items()
        if f" {key} " in f" {norm} " or (len(norm) > 3 and set(norm.split(" ")) <= words)
    ]
    if not found:
        found = [candidates[norm] for norm in difflib.get_close_matches(key, list(candidates), n=limit, cutoff=0.75)]
    return sorted(set(found))[:limit]


def did_you_mean(names: list[str]) -> str:
    """The end of a «not found» message: a suggestion, or just the full stop."""
    if not names:
        return "."
    return "; " + _("¿quiso decir %(names)s?") % {"names": quoted_list(names)}


def _words(value) -> str:
    """Text reduced to its words: «EJEMPLO - borre esta fila» → «ejemplo borre esta fila»."""
    return " ".join(re.sub(r"[^\w]+", " ", normalize(value)).split())


def _is_like(value, example) -> bool:
    # Every cell of an import passes here: look closer only at a text that mentions «ejemplo».
    if not isinstance(value, str) or "ejemplo" not in value.casefold():
        return False
    return _words(value) == _words(example)


def is_example_marker(value) -> bool:
    """Whether a cell is the marker of a template's example row, however its dash was typed."""
    return _is_like(value, EXAMPLE_MARKER)


def is_example_text(value) -> bool:
    return _is_like(value, EXAMPLE_TEXT)


def as_text(value) -> str:
    """A cell as text: whole numbers without «.0», no surrounding spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Widgets -----------------------------------------------------------------------------------------
# Each clean() raises ValueError with a Spanish message; import-export files it under the column.
# Each render() returns the native value (int, date, str) so that XLSX and JSON keep their types.


class TextWidget(widgets.Widget):
    def __init__(self, null=False):
        super().__init__(coerce_to_string=False)
        self.null = null

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
            text = text[1:]  # the guard our own exports put in front of a formula-like text
        if is_example_text(text):
            raise ValueError(
                _("«%(value)s» es el texto de ejemplo de la plantilla; escriba el dato real o borre la fila.")
                % {"value": text}
            )
        if not text and self.null:
            return None
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class WholeNumberWidget(widgets.Widget):
    """A count or an amount in pesos: «16.631.241.866», «$ 1.005», 1005 or 1005.0."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValueError(_("«%(value)s» no es un número.") % {"value": value})
        if isinstance(value, int):
            number = value
        elif isinstance(value, float | Decimal):
            if value != int(value):
                raise ValueError(_("%(value)s no es un número entero.") % {"value": str(value).replace(".", ",")})
            number = int(value)
        else:
            number = self.parse(str(value))
        if number < 0:
            raise ValueError(
                _("%(value)s es negativo; las cantidades y montos no pueden ser negativos.")
                % {"value": "-" + thousands(-number)}
            )
        return number

    def parse(self, text: str) -> int:
        original = text.strip()
        text = original.replace("$", "").replace("\xa0", "").replace(" ", "")
        negative = text.startswith("-")
        digits = text.lstrip("-")
        if self.THOUSANDS.match(digits):
            digits = digits.replace(".", "")
        elif re.match(r"^\d+,0*$", digits) or re.match(r"^\d+\.0*$", digits):
            digits = re.split(r"[.,]", digits)[0]
        elif re.match(r"^\d+[.,]\d+$", digits):
            raise ValueError(_("«%(value)s» no es un número entero.") % {"value": original})
        if not digits.isdigit():
            raise ValueError(_("«%(value)s» no es un número.") % {"value": original})
        number = int(digits)
        return -number if negative else number

    def render(self, value, obj=None, **kwargs):
        return value


class DecimalNumberWidget(WholeNumberWidget):
    """A declared figure: «98,28», «16.631.241.866», 98.28."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValueError(_("«%(value)s» no es un número.") % {"value": value})
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        else:
            original = str(value).strip()
            text = original.replace("$", "").replace("%", "").replace("\xa0", "").replace(" ", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif self.THOUSANDS.match(text.lstrip("-")):
                text = text.replace(".", "")
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValueError(_("«%(value)s» no es un número.") % {"value": original}) from None
        if number < 0:
            raise ValueError(_("%(value)s es negativo; las cifras no pueden ser negativas.") % {"value": number})
        return number


class DateWidget(widgets.Widget):
    FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d/%m/%y")

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = as_text(value)
        for date_format in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("«%(value)s» no es una fecha; escríbala como dd-mm-aaaa, p. ej. 08-03-2022.") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value


class ChoiceWidget(widgets.Widget):
    """One of a field's choices, by its label («Mujeres») or its stored value («F»)."""

    def __init__(self, choices, null=False):
        super().__init__(coerce_to_string=False)
        self.choices = [(value, str(label)) for value, label in choices]
        self.null = null
        self.index = {}
        for value, label in self.choices:
            self.index.setdefault(normalize(label), value)
            self.index.setdefault(normalize(value), value)

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        key = normalize(text)
        if key in self.index:
            return self.index[key]
        if not text:
            return None if self.null else ""
        raise ValueError(
            _("«%(value)s» no es una opción válida; use %(choices)s.")
            % {"value": text, "choices": quoted_list([label for _value, label in self.choices])}
        )

    def render(self, value, obj=None, **kwargs):
        for choice, label in self.choices:
            if choice == value:
                return label
        return "" if value is None else value


class CatalogueWidget(widgets.ForeignKeyWidget):
    """A catalogue entry by any of its natural keys, tolerant of case and accents.

    The whole catalogue is read once per import, so a row costs no query.
    """

    def __init__(self, model, keys=None):
        self.keys = keys or CATALOGUE_KEYS[model]
        super().__init__(model, field=self.keys[0])
        self.coerce_to_string = False
        self._exact = None
        self._normal = None

    def load(self):
        if self._exact is not None:
            return
        self._exact, self._normal = {}, {}
        for obj in self.get_queryset(None, None):
            for value in [*(as_text(getattr(obj, key)) for key in self.keys), str(obj)]:
                self._exact.setdefault(value, obj)
                self._normal.setdefault(normalize(value), set()).add(obj)

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.all()

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        self.load()
        if text in self._exact:
            return self._exact[text]
        found = self._normal.get(normalize(text), set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            raise ValueError(
                _("«%(value)s» es ambiguo: puede ser %(candidates)s. Escriba el nombre exacto.")
                % {"value": text, "candidates": quoted_list(sorted(str(obj) for obj in found))}
            )
        raise ValueError(self.unknown_message(text))

    def unknown_message(self, text):
        if normalize(text).startswith("total"):
            return _("«%(value)s» parece una fila de totales; los totales se calculan, borre esa fila.") % {
                "value": text
            }
        names = {norm: str(next(iter(objs))) for norm, objs in self._normal.items() if len(objs) == 1}
        return _("«%(value)s» no está en el catálogo de %(catalogue)s%(hint)s") % {
            "value": text,
            "catalogue": self.model._meta.verbose_name_plural,
            "hint": did_you_mean(suggestions(text, names)),
        }

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return getattr(value, self.keys[0])


class IndicatorWidget(CatalogueWidget):
    """A step of the intermediation funnel; «Mujeres colocadas» is no longer one, and the message says where it went."""

    WOMEN_PLACED = ("mujeres colocadas", "mujeres_colocadas")

    def __init__(self):
        super().__init__(m.IntermediationIndicator)

    def unknown_message(self, text):
        if normalize(text) in self.WOMEN_PLACED:
            return _(
                "«%(value)s» ya no es un indicador: escriba las mujeres colocadas en la columna «Mujeres» "
                "de la fila «Personas colocadas» del mismo canal, y borre esta fila."
            ) % {"value": text}
        return super().unknown_message(text)


class ComunaWidget(CatalogueWidget):
    """A comuna of the Cuenta's region, by name or CUT code («13101», or 5101 for «05101»)."""

    def __init__(self):
        super().__init__(m.Comuna, keys=("name", "code"))
        self.region = None

    def get_queryset(self, value, row, *args, **kwargs):
        return m.Comuna.objects.filter(region=self.region).select_related("region")

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if text.isdigit() and len(text) == 4:
            text = "0" + text  # Excel drops the leading zero of regions 01 to 09
        return super().clean(text, row, **kwargs)

    def unknown_message(self, text):
        if normalize(text).startswith("total"):
            return super().unknown_message(text)
        names = {norm: str(next(iter(objs))) for norm, objs in self._normal.items()}
        elsewhere = m.Comuna.objects.select_related("region").exclude(region=self.region)
        elsewhere = list(elsewhere.filter(name__iexact=text) or elsewhere.filter(code=text))
        if len(elsewhere) == 1:
            return _("«%(value)s» es una comuna de la %(other)s, no de la %(region)s.") % {
                "value": text,
                "other": elsewhere[0].region.official_name,
                "region": self.region.official_name,
            }
        return _("«%(value)s» no es una comuna de la %(region)s%(hint)s") % {
            "value": text,
            "region": self.region.official_name,
            "hint": did_you_mean(suggestions(text, names)),
        }

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


class ComunaListWidget(widgets.ManyToManyWidget):
    """Several comunas of the Cuenta's region in one cell, separated by commas."""

    def __init__(self):
        super().__init__(m.Comuna, separator=",", field="name")
        self.comuna = ComunaWidget()

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in as_text(value).replace(";", ",").split(",") if name.strip()]
        return [self.comuna.clean(name) for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(comuna.name for comuna in value.all())


class CouncilWidget(CatalogueWidget):
    """The COSOC of the Cuenta's region, by its period «2021-2022» (or its start year)."""

    def __init__(self):
        super().__init__(m.CosocCouncil, keys=("period", "start_year"))
        self.region = None

    def load(self):
        if self._exact is not None:
            return
        self._exact, self._normal = {}, {}
        for council in m.CosocCouncil.objects.filter(region=self.region):
            for key in (f"{council.start_year}-{council.end_year}", str(council.start_year)):
                self._exact.setdefault(key, council)
                self._normal.setdefault(normalize(key), set()).add(council)

    def clean(self, value, row=None, **kwargs):
        text = re.sub(r"\s*[-–]\s*", "-", as_text(value))
        return super().clean(text, row, **kwargs)

    def unknown_message(self, text):
        periods = [f"{c.start_year}-{c.end_year}" for c in {c for objs in self._normal.values() for c in objs}]
        if not periods:
            return _("La %(region)s no tiene un COSOC registrado; pídalo al nivel central.") % {
                "region": self.region.official_name
            }
        return _("«%(value)s» no es el periodo de un COSOC de la %(region)s; use %(periods)s.") % {
            "value": text,
            "region": self.region.official_name,
            "periods": quoted_list(sorted(periods)),
        }

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.start_year}-{value.end_year}"
