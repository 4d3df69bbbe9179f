"""django-import-export resources for every table of a Cuenta, derived from the models.

One generic ``CuentaRowResource`` serves every row model listed in
``sections.ROW_MODELS``: its columns are the model's fields, headed by their
verbose names («Línea programática», «Mujeres»), and each column gets a widget
chosen from the field's type. Catalogue references are read by natural key
(a comuna by name or CUT code, a programme line by name…), tolerant of case and
accents when that leaves a single candidate and refusing with the candidates
when it does not. The Cuenta a row belongs to is never a column: the resource is
built for one Cuenta and every row it creates belongs to it.

``resource_for(model, cuenta)`` is the entry point.
"""

import datetime
import difflib
import operator
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.expressions import CombinedExpression
from django.db.models.fields import NOT_PROVIDED
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import models as m
from .formatting import format_int
from .sections import ROW_MODELS, section_of

#: Leading characters that make a spreadsheet read a text cell as a formula
#: (OWASP, «CSV Injection»). Exports put an apostrophe in front; imports take it away.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Sheet names are at most 31 characters in Excel; these tables need a shorter one.
SHORT_SHEET_NAMES = {
    m.ProgramBudgetExecution: "Ejecución subtítulo 24",
    m.TrainingParticipation: "Participantes por línea",
}

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


def is_example_marker(value) -> bool:
    """Whether a cell is the marker of a template's example row, however its dash was typed."""
    return isinstance(value, str) and _words(value) == _words(EXAMPLE_MARKER)


def is_example_text(value) -> bool:
    return isinstance(value, str) and _words(value) == _words(EXAMPLE_TEXT)


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


# Columns -----------------------------------------------------------------------------------------

#: Model fields that are never columns: the key, and the Cuenta, set by where the editor imports.
HIDDEN_FIELDS = {"id", "cuenta"}


#: The period a figure covers reads last, after the figures: most rows leave it empty (the whole year).
LAST_FIELDS = ("period_start", "period_end")

#: Tables whose columns read better in an order of their own than catalogue references first.
COLUMN_ORDER = {
    # The employer's sector describes the employer, so it follows it.
    m.IntermediationResult: ("channel", "indicator", "comuna", "employer", "employer_sector"),
}


@cache
def importable_fields(model) -> list[models.Field]:
    """The model fields that are columns: catalogue references first, then declaration order, the period last."""
    columns = [
        f
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created and f.name not in HIDDEN_FIELDS
    ]
    first = COLUMN_ORDER.get(model, ())

    def place(f):
        if f.name in first:
            return (0, first.index(f.name))
        if f.name in LAST_FIELDS:
            return (3, LAST_FIELDS.index(f.name))
        return (1 if f.many_to_one or f.one_to_one else 2, 0)

    return sorted(columns, key=place)


def column_name(model_field) -> str:
    return capfirst(str(model_field.verbose_name))


def widget_for(model_field) -> widgets.Widget:
    if model_field.many_to_many:
        return ComunaListWidget()
    if model_field.is_relation:
        target = model_field.related_model
        if target is m.Comuna:
            return ComunaWidget()
        if target is m.CosocCouncil:
            return CouncilWidget()
        if target is m.IntermediationIndicator:
            return IndicatorWidget()
        return CatalogueWidget(target)
    if model_field.choices:
        return ChoiceWidget(model_field.flatchoices, null=model_field.null)
    if isinstance(model_field, models.DecimalField):
        return DecimalNumberWidget()
    if isinstance(model_field, models.IntegerField):
        return WholeNumberWidget()
    if isinstance(model_field, models.DateField):
        return DateWidget()
    return TextWidget(null=model_field.null)


def is_by_sex(model) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    return {"women", "men"} <= names and hasattr(model, "total")


def sheet_name(model) -> str:
    """The sheet (and table) title of a row model: its plural verbose name, at most 31 characters."""
    return SHORT_SHEET_NAMES.get(model, capfirst(str(model._meta.verbose_name_plural)))


COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


#: Arithmetic a check constraint may do between columns («achieved >= women + men»).
ARITHMETIC = {"+": operator.add, "-": operator.sub}


def operand(expression, instance):
    """The value of the right-hand side of a lookup on ``instance``: a constant, a column, or their sum or difference.

    NULL in, NULL out, as in SQL; anything else raises NotImplementedError.
    """
    if isinstance(expression, models.F):
        return getattr(instance, instance._meta.get_field(expression.name).attname)
    if isinstance(expression, models.Value):
        return expression.value
    if isinstance(expression, CombinedExpression):
        if expression.connector not in ARITHMETIC:
            raise NotImplementedError(expression)
        left, right = operand(expression.lhs, instance), operand(expression.rhs, instance)
        return None if left is None or right is None else ARITHMETIC[expression.connector](left, right)
    if isinstance(expression, models.Expression):
        raise NotImplementedError(expression)
    return expression


def holds(condition: models.Q, instance) -> bool | None:
    """Evaluate a check constraint's condition on an unsaved row, as SQL would, without a query.

    Three-valued like SQL: a comparison with NULL is unknown (None), and a check
    passes unless its condition is false. Conditions beyond plain field lookups
    raise NotImplementedError so the caller can ask the database instead.
    """
    opts = instance._meta
    results = []
    for child in condition.children:
        if isinstance(child, models.Q):
            results.append(holds(child, instance))
            continue
        lookup, expected = child
        name, _sep, op = lookup.partition("__")
        actual = getattr(instance, opts.get_field(name).attname)
        expected = operand(expected, instance)
        if op == "isnull":
            results.append((actual is None) == expected)
        elif (op or "exact") not in COMPARISONS:
            raise NotImplementedError(lookup)
        elif actual is None or expected is None:
            results.append(None)
        else:
            results.append(COMPARISONS[op or "exact"](actual, expected))
    if condition.connector == models.Q.AND:
        value = False if False in results else (None if None in results else True)
    else:
        value = True if True in results else (None if None in results else False)
    if condition.negated and value is not None:
        value = not value
    return value


# The resource ------------------------------------------------------------------------------------


#: The reason the audit trail shows for rows written by an import.
IMPORT_REASON = gettext_lazy("Importación de planilla")


class CuentaRowResource(resources.ModelResource):
    """Rows of one table of one Cuenta; subclasses are made by ``resource_class``."""

    #: Headers of columns computed on export and checked, not stored, on import.
    computed_columns: tuple[str, ...] = ()

    class Meta:
        fields = ()
        import_id_fields = ()
        force_init_instance = True
        skip_diff = True
        clean_model_instances = True
        use_bulk = True
        batch_size = None
        report_skipped = False

    def __init__(self, cuenta=None, lines=None, **kwargs):
        super().__init__(**kwargs)
        self.cuenta = cuenta
        #: Row number in the file of each dataset row, to report errors where the editor looks.
        self.lines = lines or []
        self.seen = {}
        self.current_line = 0
        self.current_is_example = False
        for field in self.fields.values():
            for widget in (field.widget, getattr(field.widget, "comuna", None)):
                if hasattr(widget, "region"):
                    widget.region = cuenta.region if cuenta else None

    @property
    def model(self):
        return self._meta.model

    # Bulk writes skip the model signals the audit trail listens to (cuentas/models/history.py):
    # write each row's historical record alongside, with the importing user from the request.

    def save_instance(self, instance, is_create, row, **kwargs):
        instance._change_reason = str(IMPORT_REASON)  # also for tables saved row by row
        super().save_instance(instance, is_create, row, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances, self.model, batch_size=batch_size, default_change_reason=str(IMPORT_REASON)
                )
            except Exception as error:  # reported as import-export reports its own
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances,
                    self.model,
                    self.get_bulk_update_fields(),
                    batch_size=batch_size,
                    default_change_reason=str(IMPORT_REASON),
                )
            except Exception as error:  # reported as import-export reports its own
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def get_queryset(self):
        queryset = self.model.objects.all()
        if self.cuenta is not None:
            queryset = queryset.filter(cuenta=self.cuenta)
        relations = [f.name for f in importable_fields(self.model) if f.many_to_one]
        many = [f.name for f in importable_fields(self.model) if f.many_to_many]
        return queryset.select_related(*relations).prefetch_related(*many)

    def get_import_fields(self):
        # import-export recomputes this list twice a row; it does not change during an import.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def iter_queryset(self, queryset):
        # One Cuenta's table is small: a plain iteration keeps the prefetch without paging and counting.
        yield from queryset

    def init_instance(self, row=None):
        return self.model(cuenta=self.cuenta)

    def line_of(self, row_number: int) -> int:
        return self.lines[row_number - 1] if 0 < row_number <= len(self.lines) else row_number + 1

    def column_of(self, attribute: str) -> str | None:
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return None

    def import_instance(self, instance, row, **kwargs):
        if self.current_is_example:
            raise ValidationError({NON_FIELD_ERRORS: [ValidationError(self.example_row_message())]})
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            # Many-to-many values are saved after the row; check them now, with the rest.
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error))]
        if "Total" in self.computed_columns and row.get("Total") not in (None, "") and not errors:
            self.check_total(instance, row["Total"], errors)
        if errors:
            raise ValidationError(errors)

    def check_total(self, instance, declared, errors):
        """The «Total» column is computed: when a file brings it, it must be what the row adds up to."""
        try:
            declared = WholeNumberWidget().clean(declared)
        except ValueError as error:
            errors["total"] = [ValidationError(str(error))]
            return
        women, men = instance.women, instance.men
        people_total = getattr(instance, "people_total", None)
        if women is None and men is None and people_total is not None:
            if declared != people_total:
                message = _("%(declared)s no es el total de personas de la columna «%(column)s» (%(total)s).") % {
                    "declared": thousands(declared),
                    "column": self.column_of("people_total"),
                    "total": thousands(people_total),
                }
                errors["total"] = [ValidationError(message)]
            return
        if women is None or men is None:
            missing = [self.column_of(name) for name, value in (("women", women), ("men", men)) if value is None]
            message = _("%(declared)s no se puede comprobar: falta %(missing)s.") % {
                "declared": thousands(declared),
                "missing": quoted_list(missing, _("y")),
            }
            if self.column_of("people_total"):
                message += " " + _(
                    "Si el documento no separa por sexo, escriba el total en «%(column)s» y deje vacías "
                    "Mujeres y Hombres."
                ) % {"column": self.column_of("people_total")}
            errors["total"] = [ValidationError(message)]
            return
        if declared != women + men:
            errors["total"] = [
                ValidationError(
                    _("%(declared)s no es la suma de Mujeres y Hombres (%(women)s + %(men)s = %(sum)s).")
                    % {
                        "declared": thousands(declared),
                        "women": thousands(women),
                        "men": thousands(men),
                        "sum": thousands(women + men),
                    }
                )
            ]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model validation without a query per row.

        Catalogue references were resolved by the widgets from a cached catalogue, so
        foreign keys are not looked up again; uniqueness is checked against the other
        rows of the file (the table is replaced as a whole); of the check constraints,
        the ``*_non_negative`` ones are already field validators.
        """
        errors = dict(import_validation_errors or {})
        if self.current_is_example:
            raise ValidationError(errors)  # nothing else of an example row is worth reporting
        relations = [f for f in importable_fields(self.model) if f.many_to_one or f.one_to_one]
        for relation in relations:
            if relation.name not in errors and not relation.null and getattr(instance, relation.attname) is None:
                errors[relation.name] = [ValidationError(_("Este campo es obligatorio."))]
        exclude = set(errors) | {f.name for f in relations} | {"cuenta"}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            self.check_constraints(instance, errors)
        if not errors:
            self.check_unique(instance, errors)
        if errors:
            raise ValidationError(errors)

    def check_constraints(self, instance, errors):
        for constraint in self.model._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint) or constraint.name.endswith("non_negative"):
                continue
            try:
                valid = holds(constraint.condition, instance) is not False
            except NotImplementedError:
                try:
                    constraint.validate(self.model, instance)
                    valid = True
                except ValidationError:
                    valid = False
            if not valid:
                errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError(constraint.violation_error_message))

    def check_unique(self, instance, errors):
        for index, (fields_, condition) in enumerate(self.unique_field_sets()):
            if condition is not None and not holds(condition, instance):
                continue  # a partial constraint that does not cover this row
            key = tuple(getattr(instance, self.model._meta.get_field(name).attname) for name in fields_)
            if None in key:
                continue  # NULL never repeats another row, as in SQL
            previous = self.seen.setdefault(index, {})
            if key not in previous:
                previous[key] = self.current_line
                continue
            if fields_:
                message = _("repite la fila %(line)s (igual %(columns)s); cada una debe aparecer una vez.") % {
                    "line": previous[key],
                    "columns": ", ".join(self.column_of(name) or name for name in fields_),
                }
                errors.setdefault(fields_[0], []).append(ValidationError(message))
            else:
                message = _("esta tabla admite una sola fila por cuenta y la fila %(line)s ya la ocupa.") % {
                    "line": previous[key]
                }
                errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError(message))

    @classmethod
    @cache
    def unique_field_sets(cls) -> list[tuple[tuple[str, ...], models.Q | None]]:
        """The fields, besides the Cuenta, that must be unique together within a Cuenta, each with its condition.

        A partial constraint (``condition``) binds only the rows it covers: the
        regional result of a channel and indicator is unique, and so is each
        comuna's, but a comuna's row does not repeat the regional one.
        """
        sets = []
        for constraint in cls._meta.model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and "cuenta" in constraint.fields:
                fields_ = tuple(name for name in constraint.fields if name != "cuenta")
                sets.append((fields_, constraint.condition))
        if any(f.one_to_one and f.name == "cuenta" for f in cls._meta.model._meta.concrete_fields):
            sets.append(((), None))
        return sets

    def import_row(self, row, instance_loader, **kwargs):
        self.current_line = self.line_of(kwargs.get("row_number", 0))
        self.current_is_example = any(is_example_marker(value) for value in row.values())
        return super().import_row(row, instance_loader, **kwargs)

    @staticmethod
    def example_row_message() -> str:
        return _(
            "es la fila de ejemplo de la plantilla («%(marker)s»): bórrela, o escriba sus datos en toda la fila "
            "en lugar del ejemplo. Las filas de ejemplo nunca se importan."
        ) % {"marker": EXAMPLE_MARKER}


@cache
def resource_class(model) -> type[CuentaRowResource]:
    """The resource class of a row model: one column per field, headed by its verbose name."""
    attrs = {}
    order = []
    for model_field in importable_fields(model):
        attrs[model_field.name] = fields.Field(
            attribute=model_field.name,
            column_name=column_name(model_field),
            widget=widget_for(model_field),
            default=model_field.default if model_field.has_default() else NOT_PROVIDED,
            saves_null_values=True,
        )
        order.append(model_field.name)
    computed = ()
    if is_by_sex(model):
        attrs["total"] = fields.Field(attribute="total", column_name="Total", widget=WholeNumberWidget(), readonly=True)
        order.insert(order.index("men") + 1, "total")
        computed = ("Total",)
    meta = type(
        "Meta",
        (CuentaRowResource.Meta,),
        {
            "model": model,
            "fields": tuple(order),
            "export_order": tuple(order),
            "import_order": tuple(order),
            "use_bulk": not any(f.many_to_many for f in importable_fields(model)),
        },
    )
    attrs.update({"Meta": meta, "computed_columns": computed, "__module__": __name__})
    return type(f"{model.__name__}Resource", (CuentaRowResource,), attrs)


def resource_for(model, cuenta=None, lines=None) -> CuentaRowResource:
    return resource_class(model)(cuenta=cuenta, lines=lines)


def headers_of(model) -> list[str]:
    return resource_class(model)().get_export_headers()


def required_headers(model) -> list[str]:
    """Columns a file must bring: those of fields that have neither a default nor a blank value."""
    required = []
    for model_field in importable_fields(model):
        if model_field.many_to_many or model_field.has_default() or model_field.null or model_field.blank:
            continue
        required.append(column_name(model_field))
    return required


def _workbook_tables(registry) -> tuple[type[models.Model], ...]:
    """The registry's row models, and FOMIL totals beside the FOMIL agreements while the registry lacks them.

    FomilSummary belongs to intermediación, but the section registry does not list it yet
    (the admin has no inline for it); the workbook must carry it all the same, or an export
    and import would drop a region's FOMIL totals. Once the registry lists it, this adds nothing.
    """
    if m.FomilSummary in registry:
        return tuple(registry)
    at = registry.index(m.FomilAgreement) + 1
    return (*registry[:at], m.FomilSummary, *registry[at:])


#: Every table of a Cuenta, in workbook order, with its sheet name.
TABLES: tuple[type[models.Model], ...] = _workbook_tables(ROW_MODELS)
BY_SHEET = {sheet_name(model): model for model in TABLES}


def table_section_title(model) -> str:
    section = section_of(model)
    return str(section.title) if section else _("Datos generales de la cuenta")
