from django.urls import path

from . import views, views_pdf

app_name = "cuentas"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cuentas/<str:region>/<int:year>/", views.CuentaDetailView.as_view(), name="cuenta"),
    path("cuentas/<str:region>/<int:year>/pdf/", views_pdf.CuentaPdfView.as_view(), name="cuenta_pdf"),
    path(
        "cuentas/<str:region>/<int:year>/tablas/<slug:table>.<str:fmt>",
        views.TableDownloadView.as_view(),
        name="table_download",
    ),
    path("comparar/", views.CompareYearView.as_view(), name="compare_year"),
    path("comparar/region/", views.compare_region_redirect, name="compare_region_select"),
    path("comparar/region/<str:region>/", views.CompareRegionView.as_view(), name="compare_region"),
    path("salud/", views.health, name="health"),
]
