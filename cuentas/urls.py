from django.urls import path

from . import converters, exports, views, views_pdf  # noqa: F401 -- importing converters registers «year», «version»
from .participation.urls import urlpatterns as participation_urlpatterns

app_name = "cuentas"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cuentas/<str:region>/<year:year>/", views.CuentaDetailView.as_view(), name="cuenta"),
    path("cuentas/<str:region>/<year:year>/pdf/", views_pdf.CuentaPdfView.as_view(), name="cuenta_pdf"),
    path(
        "cuentas/<str:region>/<year:year>/tablas/<slug:table>.<str:fmt>",
        views.TableDownloadView.as_view(),
        name="table_download",
    ),
    path("cuentas/<str:region>/<year:year>/datos.xlsx", exports.public_workbook_download, name="cuenta_data"),
    path(
        "cuentas/<str:region>/<year:year>/datos/<slug:table>.<str:fmt>",
        exports.public_table_download,
        name="cuenta_table_data",
    ),
    path(
        "cuentas/<str:region>/<year:year>/version/<version:number>/",
        views.CuentaVersionView.as_view(),
        name="cuenta_version",
    ),
    path(
        "cuentas/<str:region>/<year:year>/version/<version:number>/pdf/",
        views.version_pdf,
        name="cuenta_version_pdf",
    ),
    path(
        "cuentas/<str:region>/<year:year>/version/<version:number>/datos.json",
        views.version_data,
        name="cuenta_version_data",
    ),
    path("comparar/", views.CompareYearView.as_view(), name="compare_year"),
    path("comparar/region/", views.compare_region_redirect, name="compare_region_select"),
    path("comparar/region/<str:region>/", views.CompareRegionView.as_view(), name="compare_region"),
    path("salud/", views.health, name="health"),
    *participation_urlpatterns,
]
