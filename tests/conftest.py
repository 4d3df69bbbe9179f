import pytest
from django.core.management import call_command

from cuentas.roles import CENTRAL, DIRECTOR, EDITOR

from .factories import make_ohiggins, make_region, make_user


def pytest_configure(config):
    """Static files from their sources, as with DEBUG on: no `collectstatic` before a test run.

    Production keeps WhiteNoise's manifest storage (config/settings.py), whose
    hashed names exist only after `collectstatic`; WhiteNoise, too, finds the
    files where they are instead of scanning a STATIC_ROOT that does not exist.
    Set once for the session, before the live server loads its middleware.
    """
    from django.conf import settings

    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": plain}}
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def territory(db):
    """Regions and comunas, as loaded in production."""
    call_command("loaddata", "territory", verbosity=0)


@pytest.fixture
def catalogues(territory):
    call_command("loaddata", "catalogues", verbosity=0)


@pytest.fixture
def seeds(catalogues):
    """Both seed Cuentas: Metropolitana 2022 and O'Higgins 2024."""
    call_command("loaddata", "rm_2022", "ohiggins_2024", verbosity=0)


# --- Personas: who may see and change what (cuentas/access.py, cuentas/roles.py) ---


@pytest.fixture
def rm(db):
    return make_region()


@pytest.fixture
def ohiggins(db):
    return make_ohiggins()


@pytest.fixture
def rm_editor(rm):
    """Edits the Cuentas of the Región Metropolitana."""
    return make_user("editora_rm", EDITOR, [rm])


@pytest.fixture
def rm_director(rm):
    """Directs the Región Metropolitana: also sends to review, publishes and reopens."""
    return make_user("director_rm", DIRECTOR, [rm])


@pytest.fixture
def ohiggins_editor(ohiggins):
    """Edits O'Higgins: must find nothing of the Metropolitana."""
    return make_user("editor_ohiggins", EDITOR, [ohiggins])


@pytest.fixture
def central(db):
    """Nivel central: every region, the catalogues and the users."""
    return make_user("central_nc", CENTRAL)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered pages are cached; every test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Rendered PDFs and uploads go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
