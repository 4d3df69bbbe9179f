"""Clean errors: addresses that cannot exist are 404, read-only views answer only GET and HEAD,
and every error page is Spanish, in the site's layout."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from cuentas import views

from .factories import make_cuenta

ADDRESSES_TOO_BIG = [
    "/cuentas/13/9223372036854775808/",
    "/cuentas/13/99999999999999999999/",
    "/cuentas/13/99999999999999999999/pdf/",
    "/cuentas/13/99999999999999999999/datos.xlsx",
    "/cuentas/13/2022/version/9223372036854775808/",
    "/cuentas/13/2022/version/99999/",
    "/cuentas/13/2022/version/40000/datos.json",
]


@pytest.mark.parametrize("address", ADDRESSES_TOO_BIG)
def test_numbers_no_cuenta_can_have_are_not_found(client, db, address):
    response = client.get(address)

    assert response.status_code == 404
    assert "No encontramos esta página" in response.content.decode()


def test_a_year_and_a_version_still_reverse_and_resolve(db):
    cuenta = make_cuenta()

    url = reverse("cuentas:cuenta_version", kwargs={"region": "13", "year": 2022, "number": 32767})

    assert url == "/cuentas/13/2022/version/32767/"
    assert cuenta.get_absolute_url() == "/cuentas/13/2022/"


def read_only_function_views(cuenta):
    kwargs = {"region": cuenta.region_id, "year": cuenta.management_year}
    yield reverse("cuentas:health")
    yield reverse("cuentas:compare_region_select") + "?region=13"
    yield reverse("cuentas:cuenta_data", kwargs=kwargs)
    yield reverse("cuentas:cuenta_table_data", kwargs={**kwargs, "table": "equipo", "fmt": "json"})
    yield reverse("cuentas:cuenta_version_pdf", kwargs={**kwargs, "number": 1})
    yield reverse("cuentas:cuenta_version_data", kwargs={**kwargs, "number": 1})


@pytest.mark.parametrize("method", ["TRACE", "POST", "PUT", "DELETE"])
def test_read_only_views_refuse_other_methods(client, db, method):
    cuenta = make_cuenta()

    statuses = {url: client.generic(method, url).status_code for url in read_only_function_views(cuenta)}

    assert set(statuses.values()) == {405}, statuses


def test_the_class_based_public_views_refuse_trace(client, db):
    cuenta = make_cuenta()
    urls = [
        reverse("cuentas:home"),
        cuenta.get_absolute_url(),
        reverse("cuentas:cuenta_pdf", kwargs={"region": "13", "year": 2022}),
        reverse("cuentas:compare_year"),
        reverse("cuentas:compare_region", kwargs={"region": "13"}),
    ]

    assert {client.generic("TRACE", url).status_code for url in urls} == {405}


def test_the_server_error_page_needs_no_request_context_or_database():
    """No database fixture: a query would fail the test."""
    request = RequestFactory().get("/")

    response = server_error(request)

    page = response.content.decode()
    assert response.status_code == 500
    assert "<title>Error del servidor · Cuentas Públicas Participativas · SENCE</title>" in page
    assert "Ocurrió un error en el sitio" in page
    assert 'href="/"' in page


def test_an_unexpected_error_shows_the_spanish_page(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("prueba")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    assert "Ocurrió un error en el sitio" in response.content.decode()


def test_permission_denied_is_the_spanish_403_page(client, django_user_model, db):
    client.force_login(django_user_model.objects.create_user("solo", password="clave-segura-123", is_staff=True))

    response = client.get(reverse("admin:cuentas_cuenta_changelist"))

    assert response.status_code == 403
    assert "Acceso denegado" in response.content.decode()


def test_a_stale_form_is_the_spanish_csrf_page(db):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("admin:login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "El formulario venció" in response.content.decode()
