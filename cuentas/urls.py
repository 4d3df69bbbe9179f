from django.urls import path

from . import views

app_name = "cuentas"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cuentas/<str:region>/<int:year>/", views.CuentaDetailView.as_view(), name="cuenta"),
]
