"""What every admin of the app shares: regional scoping, the audit trail, Chilean numbers.

``ModelAdmin`` and the inline bases below carry the regional scope (see
cuentas/access.py), so an admin built on them cannot forget it: its lists,
change, delete and history pages, autocomplete results, foreign-key choices
and actions only ever reach rows of the user's regions, and the rows of a
published Cuenta are read-only for everybody.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from cuentas import access, audit
from cuentas.models import Comuna, Cuenta

from .messages import SpanishMessagesMixin

#: Amounts and counts are typed as Chileans write them: "16.631.241.866". A text
#: input, since a browser's number input refuses "." as a thousands separator.
#: The class sizes the input (static/cuentas/admin/entry.css): a count is
#: narrower than an amount in pesos.
NUMBER_INPUT = {
    models.BigIntegerField: {
        "localize": True,
        "widget": forms.TextInput(attrs={"inputmode": "numeric", "class": "vMoneyField"}),
    },
    models.PositiveIntegerField: {
        "localize": True,
        "widget": forms.TextInput(attrs={"inputmode": "numeric", "class": "vCountField"}),
    },
    models.DecimalField: {
        "localize": True,
        "widget": forms.TextInput(attrs={"inputmode": "decimal", "class": "vDecimalNumberField"}),
    },
}


class NumbersMixin:
    formfield_overrides = NUMBER_INPUT


class RowFormSet(BaseInlineFormSet):
    """Inline formset that reports duplicate rows with the constraint's own message."""

    def get_unique_error_message(self, unique_check):
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and set(constraint.fields) == set(unique_check):
                return constraint.violation_error_message
        return super().get_unique_error_message(unique_check)


class ScopedMixin:
    """Region scoping and the published lock, shared by model admins and inlines."""

    def get_queryset(self, request):
        return access.scope(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if "queryset" not in kwargs:
            if related._meta.label == "cuentas.Region" and access.region_lookup(self.model) == "region":
                # Where the row's own region is chosen: only the user's regions.
                kwargs["queryset"] = access.allowed_regions(request.user)
            elif access.region_lookup(related) is not None:
                kwargs["queryset"] = access.scope(related._default_manager.all(), request.user)
            if related is Cuenta:
                # A published Cuenta takes no new rows: it changes only by reopening it.
                kwargs["queryset"] = kwargs["queryset"].exclude(status=Cuenta.Status.PUBLISHED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ModelAdmin(SpanishMessagesMixin, ScopedMixin, NumbersMixin, admin.ModelAdmin):
    object_history_template = "admin/cuentas/object_history.html"

    def get_object(self, request, object_id, from_field=None):
        # Out of the user's regions answers as if it did not exist.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No existe o no está en sus regiones."))
        return obj

    def has_view_permission(self, request, obj=None):
        if obj is not None and not access.in_scope(request.user, obj):
            return False
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and (access.is_locked(obj) or not access.in_scope(request.user, obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (access.is_locked(obj) or not access.in_scope(request.user, obj)):
            return False
        return super().has_delete_permission(request, obj)

    def has_import_permission(self, request, obj=None):
        """Importing takes its own permission (cuentas.import_<model>), not just access to the model."""
        if obj is not None and not access.in_scope(request.user, obj):
            return False
        return request.user.has_perm(f"{self.opts.app_label}.import_{self.opts.model_name}")

    def has_export_permission(self, request, obj=None):
        """Exporting takes its own permission (cuentas.export_<model>); the rows come from the scoped queryset."""
        if obj is not None and not access.in_scope(request.user, obj):
            return False
        return request.user.has_perm(f"{self.opts.app_label}.export_{self.opts.model_name}")

    def history_view(self, request, object_id, extra_context=None):
        """Who changed what and when, with the values before and after (the audit trail)."""
        if not audit.is_audited(self.model):
            return super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Historial de cambios: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "entries": self.history_entries(request, obj),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def history_entries(self, request, obj):
        return audit.entries_for(obj)


class ScopedInlineMixin(ScopedMixin):
    """Inlines of a published Cuenta show their rows and change nothing.

    Their select boxes cost one query per page, not one per row: the choices of
    each foreign key are read once per request and shared by every row (Django
    would read them again for each form). A comuna not chosen by autocomplete
    is picked from the comunas of the Cuenta's region; any comuna still
    validates, so a comuna of another region is refused with the model's message.
    """

    def has_add_permission(self, request, obj=None):
        return not (obj is not None and access.is_locked(obj)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and access.is_locked(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and access.is_locked(obj)) and super().has_delete_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances live for one request: the form fields below are built
        # inside this call and need the Cuenta the rows belong to.
        self.parent_object = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is None or db_field.name in self.get_autocomplete_fields(request):
            return formfield
        queryset = formfield.queryset
        parent = getattr(self, "parent_object", None)
        if db_field.related_model is Comuna and isinstance(parent, Cuenta):
            queryset = queryset.filter(region=parent.region_id)
        formfield.choices = shared_choices(request, formfield, queryset)
        return formfield


def shared_choices(request, formfield, queryset) -> list:
    """The choices of ``formfield`` over ``queryset``, read once per request."""
    cache = request.__dict__.setdefault("_cuentas_choices", {})
    key = (queryset.model._meta.label, str(queryset.query), formfield.empty_label)
    if key not in cache:
        iterator = formfield.iterator(formfield)
        iterator.queryset = queryset
        cache[key] = list(iter(iterator))  # iter(): list() would ask len(), a COUNT query
    return cache[key]


class TabularInline(ScopedInlineMixin, NumbersMixin, admin.TabularInline):
    formset = RowFormSet
    extra = 1


class StackedInline(ScopedInlineMixin, NumbersMixin, admin.StackedInline):
    formset = RowFormSet
    extra = 0


class CompactForm(forms.ModelForm):
    """A row form that knows which of its fields a compact inline folds away."""

    folded: tuple[str, ...] = ()

    @property
    def folded_filled(self) -> bool:
        """Whether any folded field holds a value other than its default, so the folded cell says so."""
        return any(
            self[name].value() not in (None, "", self.fields[name].initial)
            for name in self.folded
            if name in self.fields
        )


class CompactInline(TabularInline):
    """A table of rows that fits the width of a 1280 px screen, one line per row.

    Short column headings (``labels``), narrow inputs (entry.css), selects
    without the links that open a catalogue (catalogues are kept by central
    staff, on their own pages), and the fields a row rarely needs (``folded``)
    behind one «Más» toggle per row, under the heading ``folded_label``.
    """

    template = "admin/cuentas/edit_inline/compact.html"
    form = CompactForm
    labels: dict = {}
    folded: tuple[str, ...] = ()
    folded_label = _("Más")

    def get_formset(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        kwargs["form"] = type(form.__name__, (form,), {"folded": self.folded})
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        if db_field.name in self.labels:
            formfield.label = self.labels[db_field.name]
        if isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget = formfield.widget.widget
        return formfield
