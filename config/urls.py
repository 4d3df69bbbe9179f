from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cuentas.accounts import PasswordResetForm
from cuentas.admin.site import view_on_site

admin.site.site_header = "Cuentas Públicas SENCE"
admin.site.site_title = "Cuentas Públicas SENCE"
admin.site.index_title = "Administración"
ADMIN_TITLES = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

urlpatterns = [
    # Ahead of admin.site.urls, which answers the same address for any object.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    # Choosing a password from the link of an e-mail (cuentas/accounts.py), with the admin's templates.
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm, extra_context=ADMIN_TITLES),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_TITLES),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_TITLES),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_TITLES),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("", include("cuentas.urls")),
]
