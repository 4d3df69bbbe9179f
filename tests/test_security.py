"""Security settings: production passes `check --deploy`, logins are throttled, CSP holds, import/export gated."""

import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin

from cuentas.admin.cuenta import CuentaAdmin
from cuentas.models import BudgetExecution, Cuenta
from cuentas.throttling import client_ip

from .factories import make_cuenta, make_row

BASE_DIR = Path(__file__).resolve().parent.parent

#: What a production deployment sets (README, «Producción»).
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "cuentas.sence.cl",
    "CSRF_TRUSTED_ORIGINS": "https://cuentas.sence.cl",
    "SECURE_SSL_REDIRECT": "true",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env):
    return subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_cookies_are_secure_and_browsers_are_told_to_stay_on_https():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)

    assert result.stdout.split() == ["True", "True", "True", "31536000", "True"]


def test_check_deploy_complains_when_production_runs_without_its_settings():
    result = manage("check", "--deploy", env={**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "false"})

    assert "security.W008" in result.stderr + result.stdout


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("editora", password="clave-correcta-123", is_staff=True)


def login(client, password, **extra):
    return client.post(reverse("admin:login"), {"username": "editora", "password": password}, **extra)


def test_repeated_wrong_passwords_lock_the_login_for_a_cool_off(client, staff):
    statuses = [login(client, f"mala-{n}").status_code for n in range(settings.AXES_FAILURE_LIMIT)]
    locked = login(client, "clave-correcta-123")

    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    page = locked.content.decode()
    assert "<h1>Ingreso bloqueado por un momento</h1>" in page
    assert "el ingreso queda bloqueado durante 15 minutos" in page


def test_the_lock_lifts_after_the_cool_off(client, staff):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"mala-{n}")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))

    response = login(client, "clave-correcta-123")

    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_locking_one_username_does_not_lock_another(client, staff):
    get_user_model().objects.create_user("otra", password="otra-clave-123", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"mala-{n}")

    response = client.post(reverse("admin:login"), {"username": "otra", "password": "otra-clave-123"})

    assert response.status_code == 302


def login_as(client, username, password="mala", **extra):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def address_limit(settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    return settings.AXES_ADDRESS_FAILURE_LIMIT


def test_one_address_trying_many_usernames_is_locked_at_its_own_limit(client, staff, address_limit):
    statuses = [login_as(client, f"usuario-{n}").status_code for n in range(address_limit)]

    response = login(client, "clave-correcta-123")

    assert statuses == [200] * (address_limit - 1) + [429]
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_is_not_locked_by_the_first(client, staff, address_limit):
    for n in range(address_limit):
        login_as(client, f"usuario-{n}", REMOTE_ADDR="203.0.113.7")

    response = login_as(client, "editora", "clave-correcta-123", REMOTE_ADDR="203.0.113.8")

    assert response.status_code == 302


def test_logging_into_ones_own_account_does_not_reset_the_addresss_count(client, staff, address_limit):
    for n in range(address_limit - 1):
        login_as(client, f"usuario-{n}")
    login(client, "clave-correcta-123")
    client.logout()

    response = login_as(client, "otro-usuario")

    assert response.status_code == 429


def test_a_forged_x_forwarded_for_changes_nothing_without_trusted_proxies(client, staff):
    statuses = [
        login(client, f"mala-{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert statuses[-1] == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        # Whatever a client writes to the left of what the proxy adds is not believed.
        login(client, f"mala-{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7", **proxy)

    attacker = login(client, "clave-correcta-123", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    colleague = login(client, "clave-correcta-123", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)

    assert (attacker.status_code, colleague.status_code) == (429, 302)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.2"),
        (1, "no-es-una-direccion", "10.0.0.2"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_address_trusts_only_the_proxies_it_is_told_of(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>")
INLINE_STYLE = re.compile(r"<[^>]+\sstyle=")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=")


def inline_code(html):
    return [
        found
        for pattern in (INLINE_SCRIPT, STYLE_ELEMENT, INLINE_STYLE, EVENT_HANDLER)
        for found in pattern.findall(html)
    ]


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("central", "c@example.com", "clave-123-segura"))
    return client


def admin_pages(cuenta, row):
    yield reverse("admin:index")
    yield reverse("admin:cuentas_cuenta_changelist")
    yield reverse("admin:cuentas_cuenta_add")
    yield reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])
    yield reverse("admin:cuentas_cuenta_history", args=[cuenta.pk])
    for section in ("presupuesto", "capacitacion", "participacion", "comunicaciones"):
        yield reverse("admin:cuentas_cuenta_section", args=[cuenta.pk, section])
    yield reverse("admin:cuentas_cuenta_import", args=[cuenta.pk])
    yield reverse("admin:cuentas_cuenta_workflow", args=[cuenta.pk, "revision"])
    yield reverse("admin:cuentas_cuenta_audit")
    yield reverse("admin:cuentas_budgetexecution_change", args=[row.pk])
    yield reverse("admin:auth_user_add")
    yield reverse("admin:auth_user_changelist")
    yield reverse("admin_password_reset")


def test_admin_pages_need_no_inline_script_or_style_under_the_csp(superuser_client):
    cuenta = make_cuenta(status=Cuenta.Status.DRAFT)
    row = make_row(BudgetExecution, cuenta)

    found = {}
    for url in admin_pages(cuenta, row):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        found[url] = inline_code(response.content.decode())

    assert {url: code for url, code in found.items() if code} == {}


def test_public_pages_need_no_inline_script_or_style_under_the_csp(client, db):
    cuenta = make_cuenta()
    pages = [
        reverse("cuentas:home"),
        cuenta.get_absolute_url(),
        reverse("cuentas:compare_year"),
        reverse("cuentas:compare_region", kwargs={"region": cuenta.region_id}),
        "/no-existe/",
    ]

    found = {url: inline_code(client.get(url).content.decode()) for url in pages}

    assert {url: code for url, code in found.items() if code} == {}


def test_every_response_carries_the_content_security_policy(client, db):
    policy = client.get(reverse("admin:login"))["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_import_and_export_need_their_own_permissions(db, rm_editor, django_user_model):
    """django-import-export lets anyone with model access import and export unless told otherwise."""
    model_admin = ImportExportModelAdmin(BudgetExecution, admin.site)
    only_model_access = django_user_model.objects.create_user("solo", is_staff=True)
    only_model_access.user_permissions.set(
        Permission.objects.filter(
            codename__in=[f"{action}_budgetexecution" for action in ("view", "add", "change", "delete")]
        )
    )
    request = RequestFactory().get("/")

    request.user = only_model_access
    without = (model_admin.has_import_permission(request), model_admin.has_export_permission(request))
    request.user = rm_editor
    with_role = (model_admin.has_import_permission(request), model_admin.has_export_permission(request))

    assert without == (False, False)
    assert with_role == (True, True)


def test_every_admin_of_the_app_gates_import_and_export_on_the_explicit_permissions(
    db, rm_editor, ohiggins_editor, central, django_user_model
):
    cuenta = make_cuenta(region=rm_editor.region_memberships.get().region, status=Cuenta.Status.DRAFT)
    model_admin = CuentaAdmin(Cuenta, admin.site)
    request = RequestFactory().get("/")
    outsider = django_user_model.objects.create_user("solo", is_staff=True)
    outsider.user_permissions.set(Permission.objects.filter(codename__in=["view_cuenta", "change_cuenta"]))

    def allowed(user):
        request.user = user
        return (model_admin.has_import_permission(request, cuenta), model_admin.has_export_permission(request, cuenta))

    assert allowed(rm_editor) == (True, True)
    assert allowed(central) == (True, True)
    assert allowed(ohiggins_editor) == (False, False)
    assert allowed(outsider) == (False, False)
