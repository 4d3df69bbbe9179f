"""Catalogues central staff extend: intermediation channels, funnel steps, kinds of activity, años de gestión.

``admin_client`` is pytest-django's: a signed-in superuser.
"""

import pytest
from django.urls import reverse

from cuentas.models import (
    ActivityKind,
    FiscalYear,
    IntermediationChannel,
    IntermediationIndicator,
    NationalSubsidyTotal,
)

from .factories import make_fiscal_year, make_subsidy


def coded_catalogue_entries(model, count):
    """Exactly ``count`` entries of ``model`` (the migrations load a few; they go first)."""
    if model is IntermediationChannel:
        model.objects.update(part_of=None)
    model.objects.all().delete()
    return [
        model.objects.create(code=f"codigo_{n}", name=f"{model._meta.verbose_name} {n}", order=n) for n in range(count)
    ]


@pytest.mark.parametrize(
    "model", [IntermediationChannel, IntermediationIndicator, ActivityKind], ids=lambda model: model.__name__
)
@pytest.mark.parametrize("count", [1, 12])
def test_coded_catalogue_changelist_costs_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, model, count
):
    coded_catalogue_entries(model, count)
    url = reverse(f"admin:cuentas_{model._meta.model_name}_changelist")

    # session, user, count (paginator), count (total), one page of entries
    # (channels joined to the channel they are part of).
    with django_assert_num_queries(5):
        response = admin_client.get(url)

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 12])
def test_fiscal_year_changelist_costs_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count):
    subsidy = make_subsidy()
    for year in range(2030 - count, 2030):
        NationalSubsidyTotal.objects.create(
            fiscal_year=make_fiscal_year(year), subsidy=subsidy, people=1000, source="Informe de gestión"
        )

    # session, user, count (paginator), count (total), one page of years with their count of national totals.
    with django_assert_num_queries(5):
        response = admin_client.get(reverse("admin:cuentas_fiscalyear_changelist"))

    assert [str(year) for year in response.context["cl"].result_list] == [str(y) for y in range(2029, 2029 - count, -1)]
    assert response.context["cl"].result_list[0].national_total == 1


def test_fiscal_years_read_without_thousands_separator(admin_client, db):
    year = make_fiscal_year(2022)

    listed = admin_client.get(reverse("admin:cuentas_fiscalyear_changelist")).content.decode()
    page = admin_client.get(reverse("admin:cuentas_fiscalyear_change", args=[year.pk])).content.decode()

    assert '<th class="field-year_display"><a href="/admin/cuentas/fiscalyear/2022/change/">2022</a></th>' in listed
    assert '<div class="readonly">2022</div>' in page
    assert "2.022" not in listed + page


def test_central_staff_enter_the_national_beneficiaries_of_a_subsidy_with_their_source(client, central):
    year = make_fiscal_year(2022)
    subsidy = make_subsidy()
    client.force_login(central)
    prefix = "national_subsidy_totals"

    response = client.post(
        reverse("admin:cuentas_fiscalyear_change", args=[year.pk]),
        {
            "open_for_cuentas": "",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-subsidy": subsidy.pk,
            f"{prefix}-0-people": "312.456",
            f"{prefix}-0-amount": "18.349.097.819",
            f"{prefix}-0-source": "Informe de gestión SENCE 2022",
        },
    )

    assert response.status_code == 302
    assert list(year.national_subsidy_totals.values_list("subsidy__code", "people", "amount", "source")) == [
        ("SEJ", 312_456, 18_349_097_819, "Informe de gestión SENCE 2022")
    ]
    assert FiscalYear.objects.get(pk=2022).open_for_cuentas is False


def test_a_catalogue_code_is_set_once_and_never_changed(client, central):
    client.force_login(central)

    adding = client.get(reverse("admin:cuentas_intermediationchannel_add")).context["adminform"].form
    changing = client.get(reverse("admin:cuentas_intermediationchannel_change", args=["omil"]))

    assert "code" in adding.fields
    assert "code" not in changing.context["adminform"].form.fields
    assert '<div class="readonly">omil</div>' in changing.content.decode()
