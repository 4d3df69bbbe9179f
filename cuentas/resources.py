"""django-import-export resources for every table of a Cuenta, derived from the models.

One generic ``CuentaRowResource`` serves every row model listed in
``sections.ROW_MODELS``: its columns are the model's fields, headed by their
verbose names («Línea programática», «Mujeres»), and each column gets a widget
chosen from the field's type. Catalogue references are read by natural key
(a comuna by name or CUT code, a programme line by name…), tolerant of case and
accents when that leaves a single candidate and refusing with the candidates
when it does not. The Cuenta a row belongs to is never a column: the resource is
built for one Cuenta and every row it creates belongs to it.

``resource_for(model, cuenta)`` is the entry point; the widgets are in ``cells``.
"""

import operator
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
from .cells import (
    EXAMPLE_MARKER,
    CatalogueWidget,
    ChoiceWidget,
    ComunaListWidget,
    ComunaWidget,
    CouncilWidget,
    DateWidget,
    DecimalNumberWidget,
    IndicatorWidget,
    TextWidget,
    WholeNumberWidget,
    is_example_marker,
    quoted_list,
    thousands,
)

# Re-exported: the import service and the writers read them from here.
from .cells import FORMULA_TRIGGERS as FORMULA_TRIGGERS
from .cells import normalize as normalize
from .cells import suggestions as suggestions
from .sections import ROW_MODELS, section_of

#: Sheet names are at most 31 characters in Excel; these tables need a shorter one.
SHORT_SHEET_NAMES = {
    m.ProgramBudgetExecution: "Ejecución subtítulo 24",
    m.TrainingParticipation: "Participantes por línea",
}


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


#: Every table of a Cuenta, in workbook order, with its sheet name.
TABLES: tuple[type[models.Model], ...] = ROW_MODELS
BY_SHEET = {sheet_name(model): model for model in TABLES}


def table_section_title(model) -> str:
    section = section_of(model)
    return str(section.title) if section else _("Datos generales de la cuenta")
