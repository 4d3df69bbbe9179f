from django.contrib import admin
from django.urls import include, path

from cuentas.admin.site import view_on_site

admin.site.site_header = "Cuentas Públicas SENCE"
admin.site.site_title = "Cuentas Públicas SENCE"
admin.site.index_title = "Administración"

urlpatterns = [
    # Ahead of admin.site.urls, which answers the same address for any object.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("", include("cuentas.urls")),
]
