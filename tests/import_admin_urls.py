"""The project's admin with the import/export pages hooked into the Cuenta admin, for tests.

It registers every ModelAdmin of ``admin.site`` on a site of the same name, the
Cuenta's with ``CuentaImportExportMixin`` in front (until the lead hooks it into
``cuentas/admin/cuenta.py``, after which it is used as is), and the public downloads.
"""

from django.contrib import admin
from django.urls import include, path

from cuentas import exports
from cuentas.admin_imports import CuentaImportExportMixin
from cuentas.models import Cuenta

site = admin.AdminSite(name="admin")
for model, model_admin in admin.site._registry.items():
    admin_class = type(model_admin)
    if model is Cuenta and not issubclass(admin_class, CuentaImportExportMixin):
        admin_class = type("ImportingCuentaAdmin", (CuentaImportExportMixin, admin_class), {})
    site.register(model, admin_class)

urlpatterns = [
    path("admin/", site.urls),
    path("datos/<str:region>/<int:year>.xlsx", exports.public_workbook_download, name="cuenta_data"),
    path(
        "datos/<str:region>/<int:year>/<slug:table>.<str:fmt>",
        exports.public_table_download,
        name="cuenta_table_data",
    ),
    path("", include("cuentas.urls")),
]
