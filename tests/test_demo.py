import pytest
from django.core.management import call_command

from cuentas.models import BudgetExecution, Cuenta, Region, TrainingParticipation

from .factories import make_cuenta


@pytest.fixture
def regions(territory):
    """The 16 regions and their comunas, as loaded in production."""


def test_demo_data_fills_every_region_and_year_and_marks_them(regions):
    call_command("demo_data", verbosity=0)

    demo = Cuenta.objects.demo()
    assert demo.count() == 16 * 5
    assert set(demo.values_list("management_year", flat=True)) == {2020, 2021, 2022, 2023, 2024}
    assert demo.filter(status=Cuenta.Status.PUBLISHED).count() == 80
    assert demo.filter(title__endswith="(demostración)").count() == 80


def test_demo_data_leaves_real_cuentas_alone_and_is_removed_in_one_command(regions):
    real = make_cuenta(region=Region.objects.get(code="13"), management_year=2022)

    call_command("demo_data", verbosity=0)
    assert Cuenta.objects.demo().count() == 79
    assert Cuenta.objects.get(region_id="13", management_year=2022) == real

    call_command("demo_data", "--remove", verbosity=0)
    assert list(Cuenta.objects.all()) == [real]
    assert not TrainingParticipation.objects.exists()


def test_demo_data_is_deterministic_and_plausible(regions):
    call_command("demo_data", verbosity=0)
    first = list(BudgetExecution.objects.order_by("cuenta__region", "cuenta__management_year", "subtitle"))
    call_command("demo_data", "--remove", verbosity=0)
    call_command("demo_data", verbosity=0)
    second = list(BudgetExecution.objects.order_by("cuenta__region", "cuenta__management_year", "subtitle"))

    assert [(b.requested, b.accrued) for b in first] == [(b.requested, b.accrued) for b in second]
    assert all(0 < b.accrued <= b.requested for b in second)


def test_demo_data_refuses_a_database_without_regions(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="cargue primero los catálogos"):
        call_command("demo_data", verbosity=0)
