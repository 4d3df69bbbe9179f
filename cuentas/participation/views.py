"""The public pages of participation: the form, its receipt and confirmation, each answer, the informe."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import FormView, TemplateView

from cuentas.models import Question

from . import queries, report, services
from .forms import QuestionForm


def client_address(request) -> str:
    """The client's address as the server sees it (behind a proxy, set it to pass the real one)."""
    return request.META.get("REMOTE_ADDR", "")


class ProcessMixin:
    """The process of a published Cuenta named by the address (1 query), or 404."""

    def dispatch(self, request, *args, **kwargs):
        self.process = queries.published_process(kwargs["region"], kwargs["year"])
        self.cuenta = self.process.cuenta
        self.today = timezone.localdate()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            process=self.process,
            cuenta=self.cuenta,
            state=self.process.state(self.today),
            shows_demo=self.process.is_demo or self.cuenta.is_demo,
        )
        return context


class QuestionFormView(ProcessMixin, FormView):
    """The citizen's form, open only during the window.

    Queries: the process (1), the topic catalogue (1), the comunas (1): 3.
    """

    template_name = "cuentas/participation/form.html"
    form_class = QuestionForm

    def post(self, request, *args, **kwargs):
        if not self.process.is_open(self.today):
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            question = services.submit(self.process, form.cleaned_data, client_address(self.request), self.today)
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=refusal.status)
        return redirect(
            "cuentas:participation_receipt",
            region=self.cuenta.region_id,
            year=self.cuenta.management_year_id,
            token=services.receipt_token(question),
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReceiptView(ProcessMixin, TemplateView):
    """After sending: the public number, what happens next and the privacy notice (2 queries)."""

    template_name = "cuentas/participation/receipt.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = services.question_from_receipt(kwargs["token"])
        if question is None or question.process_id != self.process.pk:
            raise Http404("Este comprobante no existe o ya venció.")
        context["question"] = question
        return context


class ConfirmView(ProcessMixin, TemplateView):
    """The e-mail's confirmation link: a button (a link alone, followed by a mail scanner, confirms nothing)."""

    template_name = "cuentas/participation/confirm.html"

    def get(self, request, *args, **kwargs):
        try:
            question = services.question_for_token(kwargs["token"])
        except services.Refused as refusal:
            return self.render_to_response(self.get_context_data(error=refusal.message), status=400)
        return self.render_to_response(self.get_context_data(question=question))

    def post(self, request, *args, **kwargs):
        try:
            question = services.confirm(kwargs["token"])
        except services.Refused as refusal:
            return self.render_to_response(self.get_context_data(error=refusal.message), status=400)
        return self.render_to_response(self.get_context_data(question=question, confirmed=True))


class QuestionDetailView(ProcessMixin, TemplateView):
    """The permanent link of one published question and its answer (2 queries)."""

    template_name = "cuentas/participation/question.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = get_object_or_404(
            self.process.questions.select_related("answer", "topic", "comuna"),
            number=kwargs["number"],
            status=Question.Status.ACCEPTED,
        )
        context["question"] = question
        context["answer"] = question.answer if question.answer_id and question.answer.is_published else None
        return context


class ReportDownloadView(ProcessMixin, TemplateView):
    """The informe de respuestas as PDF, CSV, XLSX or JSON (the process, its questions: 2 queries)."""

    TYPES = {
        "pdf": "application/pdf",
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json": "application/json",
    }

    def get(self, request, *args, fmt: str, **kwargs):
        if fmt not in self.TYPES:
            raise Http404("Formato no disponible.")
        built = report.build(self.process)
        content = getattr(report, f"to_{fmt}")(built)
        response = HttpResponse(content, content_type=self.TYPES[fmt])
        prefix = "demostracion-" if self.process.is_demo else ""
        name = f"{prefix}respuestas-{slugify(self.cuenta.region.name)}-{self.cuenta.management_year_id}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class OpenProcessesView(TemplateView):
    """Every region's processes that are open or coming, and where to ask (1 query)."""

    template_name = "cuentas/participation/open.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        processes = list(queries.processes_overview(today))
        context["open"] = [p for p in processes if p.is_open(today)]
        context["upcoming"] = [p for p in processes if not p.is_open(today)]
        context["shows_demo"] = any(p.is_demo for p in processes)
        return context
