"""Admin pages to import a spreadsheet into a Cuenta and to download its data and templates.

``CuentaImportExportMixin`` goes in front of the Cuenta's ModelAdmin and adds:

- ``<id>/importar/``: upload a whole-Cuenta workbook (or one table as CSV/XLSX),
  see a preview (a dry run: every row validated, nothing saved) with every
  problem by sheet, row and column, and confirm;
- ``<id>/exportar/``: the whole Cuenta as the workbook the import reads;
- ``<id>/exportar/<tabla>/<formato>/``: one table as CSV, XLSX or JSON;
- ``<id>/plantilla/`` and ``plantilla/``: the workbook template, for that Cuenta
  (its region's comunas in the example rows) or blank;
- ``plantilla/<tabla>/<formato>/``: one table's template.

The Cuenta is always fetched through ``get_object()``, that is through the
admin's own ``get_queryset()``, so the region scoping of the admin it is mixed
into applies here too.
"""

import os
import re
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect

from . import exports
from .resources import TABLES, sheet_name
from .services import import_workbook
from .spreadsheets import megabytes

SESSION_KEY = "cuentas_pending_imports"
#: Room for the other fields of the upload form and the multipart boundaries.
FORM_OVERHEAD = 64 * 1024
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def table_choices():
    return [("", gettext_lazy("Planilla completa de la cuenta (todas las hojas)"))] + [
        (exports.table_slug(model), sheet_name(model)) for model in TABLES
    ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Archivo"),
        help_text=gettext_lazy("Excel (.xlsx) o CSV (UTF-8, separado por «;» o «,»)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    table = forms.ChoiceField(label=gettext_lazy("Qué importa"), required=False, choices=table_choices)


def pending_dir() -> Path:
    directory = Path(getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or tempfile.gettempdir()) / "cuentas-imports"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


class CuentaImportExportMixin:
    """Import and export pages for the Cuenta admin; see the module docstring."""

    import_template_name = "admin/cuentas/cuenta/import.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        urls = [
            path("plantilla/", view(self.workbook_template_view), name=f"{prefix}_template"),
            path(
                "plantilla/<slug:table>/<str:fmt>/",
                view(self.table_template_view),
                name=f"{prefix}_table_template",
            ),
            path("<path:object_id>/importar/", view(self.import_view), name=f"{prefix}_import"),
            path("<path:object_id>/plantilla/", view(self.workbook_template_view), name=f"{prefix}_cuenta_template"),
            path("<path:object_id>/exportar/", view(self.export_workbook_view), name=f"{prefix}_export"),
            path(
                "<path:object_id>/exportar/<slug:table>/<str:fmt>/",
                view(self.export_table_view),
                name=f"{prefix}_export_table",
            ),
        ]
        return urls + super().get_urls()

    # Permissions: explicit, and on top of whatever the admin it is mixed into checks.

    def has_import_permission(self, request, obj=None):
        """Importing replaces rows of every table, so it takes adding and deleting them all."""
        parent = getattr(super(), "has_import_permission", None)
        if parent is not None and not parent(request, obj):
            return False
        needed = ["cuentas.change_cuenta"]
        for model in TABLES:
            needed += [f"cuentas.add_{model._meta.model_name}", f"cuentas.delete_{model._meta.model_name}"]
        return request.user.has_perms(needed) and self.has_change_permission(request, obj)

    def has_export_permission(self, request, obj=None):
        parent = getattr(super(), "has_export_permission", None)
        if parent is not None and not parent(request, obj):
            return False
        return request.user.has_perm("cuentas.view_cuenta") and self.has_view_permission(request, obj)

    def get_cuenta(self, request, object_id):
        cuenta = self.get_object(request, unquote(object_id))
        if cuenta is None:
            raise Http404(_("No existe esa cuenta pública o no tiene acceso a ella."))
        return cuenta

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Offer «Importar planilla» and «Descargar datos» among the object tools."""
        extra_context = dict(extra_context or {})
        info = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
        cuenta = self.get_object(request, unquote(object_id))
        if cuenta is not None and self.has_import_permission(request, cuenta):
            extra_context["cuenta_import_url"] = reverse(f"{info}_import", args=[cuenta.pk])
        if cuenta is not None and self.has_export_permission(request, cuenta):
            extra_context["cuenta_export_url"] = reverse(f"{info}_export", args=[cuenta.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    # Views.

    def import_view(self, request, object_id):
        """Check who asks and refuse an upload too big from its Content-Length, before the body is read.

        The CSRF check reads the body, so this view is exempt from the middleware's
        check and runs it itself, once the user may import into the Cuenta and the
        size is acceptable. A body that cannot be parsed is a 400 (Django's
        handler for ``MultiPartParserError``). The refusal of a big upload sets
        no ``Connection`` header: WSGI servers own it (runserver refuses one
        from the application); each server discards or drains the unread body.
        """
        cuenta = self.get_cuenta(request, object_id)
        if not self.has_import_permission(request, cuenta):
            raise PermissionDenied
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if request.method == "POST" and length.isdigit() and int(length) > limit + FORM_OVERHEAD:
            message = _("El archivo pesa %(size)s; el máximo que se acepta es %(max)s.") % {
                "size": megabytes(int(length)),
                "max": megabytes(limit),
            }
            context = {"result": None, "token": None, "form": ImportForm(), "too_big": message}
            response = self.render_import(request, cuenta, context)
            response.status_code = 413
            return response
        return csrf_protect(self.checked_import_view)(request, cuenta)

    import_view.csrf_exempt = True

    def checked_import_view(self, request, cuenta):
        context = {"result": None, "token": None}
        form = ImportForm()
        if request.method == "POST" and "confirm" in request.POST:
            return self.confirm_import(request, cuenta)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                slug = form.cleaned_data["table"]
                table = exports.table_by_slug(slug) if slug else None
                result = import_workbook(cuenta, upload, request.user, table=table, dry_run=True, name=upload.name)
                context["result"] = result
                context["filename"] = os.path.basename(upload.name)
                if result.ok:
                    context["token"] = self.keep_upload(request, cuenta, upload, slug)
        context.update(form=form, table=None)
        return self.render_import(request, cuenta, context)

    def confirm_import(self, request, cuenta):
        token = request.POST.get("token", "")
        pending = request.session.get(SESSION_KEY, {}).get(token)
        if not TOKEN.match(token) or not pending or pending["cuenta"] != cuenta.pk:
            messages.error(request, _("La vista previa expiró; vuelva a subir el archivo."))
            return HttpResponseRedirect(request.path)
        stored = pending_dir() / token
        try:
            with stored.open("rb") as file:
                table = exports.table_by_slug(pending["table"]) if pending["table"] else None
                result = import_workbook(cuenta, file, request.user, table=table, name=pending["name"])
        except FileNotFoundError:
            messages.error(request, _("La vista previa expiró; vuelva a subir el archivo."))
            return HttpResponseRedirect(request.path)
        finally:
            self.forget_upload(request, token)
        if not result.ok:
            context = {"result": result, "token": None, "form": ImportForm(), "filename": pending["name"]}
            return self.render_import(request, cuenta, context)
        messages.success(
            request,
            _("Se importó «%(name)s» en %(cuenta)s: %(summary)s")
            % {"name": pending["name"], "cuenta": cuenta, "summary": result.summary()},
        )
        return HttpResponseRedirect(reverse(f"{self.admin_site.name}:cuentas_cuenta_change", args=[cuenta.pk]))

    def keep_upload(self, request, cuenta, upload, slug) -> str:
        """Keep the previewed file until the editor confirms; forget files abandoned for a day."""
        directory = pending_dir()
        yesterday = time.time() - 24 * 3600
        for old in directory.iterdir():
            if old.stat().st_mtime < yesterday:
                old.unlink(missing_ok=True)
        token = secrets.token_urlsafe(24)
        with (directory / token).open("wb") as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
        pending = request.session.get(SESSION_KEY, {})
        pending[token] = {"cuenta": cuenta.pk, "table": slug, "name": os.path.basename(upload.name)}
        request.session[SESSION_KEY] = pending
        return token

    def forget_upload(self, request, token):
        pending = request.session.get(SESSION_KEY, {})
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
        if TOKEN.match(token):
            (pending_dir() / token).unlink(missing_ok=True)

    def render_import(self, request, cuenta, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "cuenta": cuenta,
            "original": cuenta,
            "title": _("Importar planilla en %(cuenta)s") % {"cuenta": cuenta},
            "tables": [(exports.table_slug(model), sheet_name(model)) for model in TABLES],
            "formats": exports.FORMATS,
            **context,
        }
        return TemplateResponse(request, self.import_template_name, context)

    def export_workbook_view(self, request, object_id):
        cuenta = self.get_cuenta(request, object_id)
        if not self.has_export_permission(request, cuenta):
            raise PermissionDenied
        return exports.export_workbook(cuenta)

    def export_table_view(self, request, object_id, table, fmt):
        cuenta = self.get_cuenta(request, object_id)
        if not self.has_export_permission(request, cuenta):
            raise PermissionDenied
        return exports.export_table(cuenta, exports.table_by_slug(table), fmt)

    def workbook_template_view(self, request, object_id=None):
        cuenta = self.get_cuenta(request, object_id) if object_id else None
        if not self.has_view_permission(request, cuenta):
            raise PermissionDenied
        return exports.workbook_template(cuenta)

    def table_template_view(self, request, table, fmt):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return exports.table_template(exports.table_by_slug(table), fmt)
