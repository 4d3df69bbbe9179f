from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cuentas.models import Comuna, Cuenta, Region


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_seed_loads_the_catalogues_and_seed_cuentas_once(db):
    assert run("seed") == "Catálogos y cuentas de ejemplo cargados."
    counts = (Region.objects.count(), Comuna.objects.count(), Cuenta.objects.count())

    assert run("seed") == "Los catálogos y las cuentas de ejemplo ya están cargados."
    assert (Region.objects.count(), Comuna.objects.count(), Cuenta.objects.count()) == counts
    assert counts[:2] == (16, 346)


def test_seed_does_not_overwrite_edits_unless_forced(db):
    run("seed")
    Region.objects.filter(code="13").update(name="Editada")

    run("seed")
    assert Region.objects.get(code="13").name == "Editada"

    run("seed", "--force")
    assert Region.objects.get(code="13").name == "Metropolitana"


def test_demo_admin_is_created_once_with_the_documented_password(db, settings):
    settings.DEBUG = True

    assert run("ensure_demo_admin") == "Usuario «admin» creado con la contraseña «cuentas-demo»."
    assert run("ensure_demo_admin") == "El usuario «admin» ya existe."
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert user.check_password("cuentas-demo")


def test_demo_admin_is_refused_outside_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="solo se crea con DEBUG"):
        run("ensure_demo_admin")
    assert not get_user_model().objects.exists()
