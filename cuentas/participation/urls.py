"""The public addresses of participation (included in cuentas/urls.py, namespace «cuentas»)."""

from django.urls import path

from cuentas import converters  # noqa: F401 -- registers «year»

from . import views

PREFIX = "cuentas/<str:region>/<year:year>/"

urlpatterns = [
    path("participacion/", views.OpenProcessesView.as_view(), name="participation_open"),
    path(PREFIX + "participacion/preguntar/", views.QuestionFormView.as_view(), name="participation_form"),
    path(PREFIX + "participacion/recibida/<str:token>/", views.ReceiptView.as_view(), name="participation_receipt"),
    path(PREFIX + "participacion/confirmar/<str:token>/", views.ConfirmView.as_view(), name="participation_confirm"),
    path(PREFIX + "preguntas/<int:number>/", views.QuestionDetailView.as_view(), name="participation_question"),
    path(PREFIX + "participacion/informe.<str:fmt>", views.ReportDownloadView.as_view(), name="participation_report"),
]
