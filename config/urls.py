from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Cuentas Públicas SENCE"
admin.site.site_title = "Cuentas Públicas SENCE"
admin.site.index_title = "Administración"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("cuentas.urls")),
]
