"""The publication workflow on the Cuenta's admin page: its state, its versions and its steps.

Each step has its own page (``…/cuenta/<id>/flujo/<step>/``) that says what
will happen, shows the data-quality findings before publishing, asks for the
reason of a correction, and posts to the services in cuentas/workflow.py.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cuentas import audit, workflow
from cuentas.models import Cuenta

Status = Cuenta.Status


class StepForm(forms.Form):
    pass


class PublishForm(forms.Form):
    acknowledge_warnings = forms.BooleanField(
        label=_("He revisado las advertencias y publico la cuenta de todos modos."), required=False
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la corrección"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Se publicará en la fe de erratas junto con la lista de cambios."),
    )


#: step → (title, button, the status it starts from, who may take it, form, service call)
STEPS = {
    "revision": (
        _("Enviar a revisión"),
        _("Enviar a revisión"),
        Status.DRAFT,
        workflow.can_submit,
        StepForm,
        lambda cuenta, user, data: workflow.submit_for_review(cuenta, user),
    ),
    "borrador": (
        _("Devolver a borrador"),
        _("Devolver a borrador"),
        Status.REVIEW,
        workflow.can_submit,
        StepForm,
        lambda cuenta, user, data: workflow.return_to_draft(cuenta, user),
    ),
    "publicar": (
        _("Publicar"),
        _("Publicar"),
        Status.REVIEW,
        workflow.can_publish,
        PublishForm,
        lambda cuenta, user, data: workflow.publish(cuenta, user, data["acknowledge_warnings"]),
    ),
    "reabrir": (
        _("Reabrir para corregir"),
        _("Reabrir"),
        Status.PUBLISHED,
        workflow.can_publish,
        ReopenForm,
        lambda cuenta, user, data: workflow.reopen(cuenta, user, data["reason"]),
    ),
}

DONE = {
    "revision": _("La cuenta quedó en revisión."),
    "borrador": _("La cuenta volvió a borrador."),
    "publicar": _("La cuenta fue publicada."),
    "reabrir": _("La cuenta fue reabierta para corregirla: al publicarla de nuevo se mostrará la fe de erratas."),
}


class WorkflowAdminMixin:
    """Adds the workflow to CuentaAdmin: a panel on the Cuenta's page and one page per step."""

    def get_urls(self):
        return [
            path("historial/", self.admin_site.admin_view(self.audit_view), name="cuentas_cuenta_audit"),
            path(
                "<path:object_id>/flujo/<slug:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="cuentas_cuenta_workflow",
            ),
            *super().get_urls(),
        ]

    def audit_view(self, request):
        """The latest changes to the data of the user's regions (every region for central staff)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Historial de cambios de sus regiones"),
            "opts": self.opts,
            "entries": audit.region_entries(request.user),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/cuentas/audit_trail.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "audit_url": reverse("admin:cuentas_cuenta_audit")}
        return super().changelist_view(request, extra_context)

    def available_steps(self, request, cuenta):
        return [
            (reverse("admin:cuentas_cuenta_workflow", args=[cuenta.pk, step]), title)
            for step, (title, _button, status, allowed, _form, _call) in STEPS.items()
            if cuenta.status == status and allowed(request.user, cuenta)
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        cuenta = self.get_object(request, unquote(object_id))
        extra_context["workflow_steps"] = self.available_steps(request, cuenta)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.current_section(request):
            return fieldsets
        return (*fieldsets, (_("Publicación"), {"fields": ("versions_panel",)}))

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "versions_panel")

    @admin.display(description=_("Versiones publicadas"))
    def versions_panel(self, obj):
        versions = [version for version in obj.versions.all() if version.is_published or version.reason]
        if not versions:
            return _("Aún no se ha publicado.")
        rows = []
        for version in versions:
            if version.is_published:
                when = _("publicada el %(date)s por %(user)s") % {
                    "date": version.published_at.strftime("%d-%m-%Y %H:%M"),
                    "user": version.published_by,
                }
            else:
                when = _("en corrección desde el %(date)s") % {"date": version.reopened_at.strftime("%d-%m-%Y")}
            rows.append((version.number, when, version.reason or "—", len(version.changes)))
        return format_html(
            '<ol class="cuenta-versions">{}</ol>',
            format_html_join("", "<li>Versión {}: {}. Motivo: {} <span class='quiet'>({} cambios)</span></li>", rows),
        )

    def workflow_view(self, request, object_id, step):
        if step not in STEPS:
            raise Http404(_("No existe ese paso del flujo de publicación."))
        title, button, status, allowed, form_class, call = STEPS[step]
        cuenta = self.get_object(request, unquote(object_id))
        if not allowed(request.user, cuenta):
            raise PermissionDenied
        change_url = reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])
        if cuenta.status != status:
            self.message_user(request, _("Ese paso no corresponde al estado actual de la cuenta."), messages.WARNING)
            return HttpResponseRedirect(change_url)

        findings = workflow.check_cuenta(cuenta) if step == "publicar" else []
        error = None
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                call(cuenta, request.user, form.cleaned_data)
            except workflow.WorkflowError as problem:
                error = problem.message
                findings = problem.findings or findings
            else:
                self.message_user(request, DONE[step], messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(cuenta),
            "button": button,
            "opts": self.opts,
            "original": cuenta,
            "step": step,
            "form": form,
            "error": error,
            "errors": [f for f in findings if workflow.is_error(f)],
            "warnings": [f for f in findings if not workflow.is_error(f)],
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/cuentas/cuenta/workflow.html", context)
