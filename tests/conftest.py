import pytest
from django.core.management import call_command


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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered pages are cached; every test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
