"""Entering a Cuenta through the admin, as a regional editor does."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cuentas.models import (
    ActivityKind,
    BudgetExecution,
    BudgetSubtitle,
    Comuna,
    Cuenta,
    DeclaredFigure,
    Efemeride,
    EmploymentActivity,
    FieldEvent,
    FomilAgreement,
    FomilSummary,
    IntermediationIndicator,
    IntermediationResult,
    ProgramLine,
    RegionMembership,
    TrainingParticipation,
)

from .factories import make_comuna, make_cuenta, make_fiscal_year, make_region, make_sector


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("central", "central@example.com", "clave-segura-123")
    client.force_login(user)
    return client


def section_url(cuenta, key):
    return reverse("admin:cuentas_cuenta_section", args=[cuenta.pk, key])


def form_data(response):
    """The POST data a browser would send back for the change form as rendered."""
    data = {}
    for fieldset in response.context["adminform"]:
        for line in fieldset:
            for field in line:
                if not field.is_readonly:
                    value = field.field.value()
                    data[field.field.html_name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            data[field.html_name] = field.value()
        for form in formset.forms:
            for field in form:
                value = field.value()
                if value is not None and value is not False:
                    data[field.html_name] = value
    return data


def add_rows(data, prefix, rows):
    """Fill the inline ``prefix`` with new rows (dicts of field → typed text)."""
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{start + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    return data


def post_section(client, cuenta, key, prefix, rows, **extra):
    url = section_url(cuenta, key)
    data = add_rows(form_data(client.get(url)), prefix, rows)
    data.update(extra)
    return client.post(url, data)


def inline_errors(response):
    errors = []
    for inline in response.context["inline_admin_formsets"]:
        errors += [str(e) for e in inline.formset.non_form_errors()]
        for form in inline.formset.forms:
            for field_errors in form.errors.values():
                errors += [str(e) for e in field_errors]
    return errors


@pytest.fixture
def cuenta(db):
    return make_cuenta(status=Cuenta.Status.DRAFT)


@pytest.fixture
def subtitles(db):
    return (
        BudgetSubtitle.objects.create(code=21, name="Gastos en personal"),
        BudgetSubtitle.objects.create(code=24, name="Transferencias corrientes"),
    )


def test_editor_adds_a_cuenta_for_another_region(admin_client, territory):
    make_fiscal_year(2023)
    response = admin_client.post(
        reverse("admin:cuentas_cuenta_add"),
        {
            "region": "05",
            "management_year": "2023",
            "presentation_year": "2024",
            "title": "Cuenta Pública Participativa Valparaíso 2023",
            "status": Cuenta.Status.DRAFT,
            "ceremony_comuna": "05101",
            "ceremony_start": "10:00",
            "ceremony_end": "12:00",
        },
    )

    cuenta = Cuenta.objects.get(region="05", management_year=2023)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])
    assert cuenta.ceremony_comuna.name == "Valparaíso"
    (message,) = admin_client.get(response["Location"]).context["messages"]
    assert str(message) == (
        f'La cuenta pública «<a href="{response["Location"]}">Valparaíso 2023</a>» fue agregada correctamente.'
    )


def test_admin_messages_agree_with_the_gender_of_each_model(admin_client, cuenta):
    line = ProgramLine.objects.create(name="Becas")
    delete = reverse("admin:cuentas_programline_delete", args=[line.pk])

    response = admin_client.post(delete, {"post": "yes"}, follow=True)
    workflow = admin_client.get(reverse("admin:cuentas_cuenta_workflow", args=[cuenta.pk, "revision"]))

    cancel = f'<a href="{reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])}" class="closelink">Cancelar</a>'
    assert [str(m) for m in response.context["messages"]] == [
        "La línea programática «Becas» fue eliminada correctamente."
    ]
    assert cancel in workflow.content.decode()


def test_second_cuenta_for_the_same_region_and_year_is_refused(admin_client, cuenta):
    response = admin_client.post(
        reverse("admin:cuentas_cuenta_add"),
        {"region": cuenta.region_id, "management_year": "2022", "presentation_year": "2023", "title": "Otra"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Ya existe una cuenta pública de esa región para ese año de gestión."
    ]
    assert Cuenta.objects.count() == 1


def test_cuenta_presented_before_its_management_year_is_refused(admin_client, db):
    region = make_region()
    make_fiscal_year(2022)
    response = admin_client.post(
        reverse("admin:cuentas_cuenta_add"),
        {"region": region.pk, "management_year": "2022", "presentation_year": "2021", "title": "Al revés"},
    )

    assert response.context["adminform"].form.non_field_errors() == [
        "El año de la cuenta no puede ser anterior al año de gestión que informa."
    ]
    assert not Cuenta.objects.exists()


def test_cuenta_page_links_every_section(admin_client, cuenta):
    response = admin_client.get(reverse("admin:cuentas_cuenta_change", args=[cuenta.pk]))

    content = response.content.decode()
    for key in ("presupuesto", "capacitacion", "participacion", "comunicaciones", "equipo"):
        assert section_url(cuenta, key) in content


def test_unknown_section_answers_404(admin_client, cuenta):
    assert admin_client.get(section_url(cuenta, "inventada")).status_code == 404


def test_amounts_typed_in_chilean_format_are_saved_as_integer_pesos(admin_client, cuenta, subtitles):
    response = post_section(
        admin_client,
        cuenta,
        "presupuesto",
        "budget_executions",
        [{"subtitle": "24", "requested": "16.421.763.713", "accrued": "16.141.435.580"}],
    )

    assert response.status_code == 302, inline_errors(response)
    row = BudgetExecution.objects.get(cuenta=cuenta)
    assert (row.requested, row.accrued) == (16_421_763_713, 16_141_435_580)


def test_section_page_shows_the_computed_rate_beside_the_entered_amounts(admin_client, cuenta, subtitles):
    BudgetExecution.objects.create(cuenta=cuenta, subtitle=subtitles[1], requested=16421763713, accrued=16141435580)

    content = admin_client.get(section_url(cuenta, "presupuesto")).content.decode()

    assert "98,29 %" in content
    assert (
        '<input type="text" name="budget_executions-0-requested" value="16.421.763.713" inputmode="numeric"' in content
    )


def test_negative_amount_is_refused_and_nothing_is_saved(admin_client, cuenta, subtitles):
    response = post_section(
        admin_client,
        cuenta,
        "presupuesto",
        "budget_executions",
        [
            {"subtitle": "21", "requested": "65.427.018", "accrued": "60.346.518"},
            {"subtitle": "24", "requested": "-5", "accrued": "0"},
        ],
    )

    assert response.status_code == 200
    assert inline_errors(response) == ["No puede ser negativo."]
    assert not BudgetExecution.objects.exists()


def test_percentage_typed_where_a_count_belongs_is_refused(admin_client, cuenta):
    line = ProgramLine.objects.create(name="Capacitación en Oficios")

    response = post_section(
        admin_client,
        cuenta,
        "capacitacion",
        "training_participations",
        [{"line": line.pk, "women": "66%", "men": "10"}],
    )

    assert inline_errors(response) == ["Introduzca un número entero."]
    assert not TrainingParticipation.objects.exists()


def test_text_in_a_number_field_is_refused(admin_client, cuenta):
    line = ProgramLine.objects.create(name="Capacitación en Oficios")

    response = post_section(
        admin_client, cuenta, "capacitacion", "training_participations", [{"line": line.pk, "women": "mil", "men": "3"}]
    )

    assert inline_errors(response) == ["Introduzca un número entero."]
    assert not TrainingParticipation.objects.exists()


def test_duplicate_rows_are_refused(admin_client, cuenta):
    line = ProgramLine.objects.create(name="Emprendimiento")

    response = post_section(
        admin_client,
        cuenta,
        "capacitacion",
        "training_participations",
        [{"line": line.pk, "women": "591", "men": "86"}, {"line": line.pk, "women": "1", "men": "1"}],
    )

    assert response.status_code == 200
    assert inline_errors(response) == [
        "Esta línea programática ya tiene participantes en la cuenta.",
        "Por favor, corrija los valores duplicados abajo.",
    ]
    assert not TrainingParticipation.objects.exists()


def test_field_event_ending_before_it_starts_is_refused(admin_client, cuenta):
    comuna = make_comuna()

    response = post_section(
        admin_client,
        cuenta,
        "participacion",
        "field_events",
        [{"start_date": "19-11-2022", "end_date": "18-11-2022", "comuna": comuna.pk, "place": "Expo"}],
    )

    assert inline_errors(response) == ["La fecha de término debe ser posterior a la de inicio."]
    assert not FieldEvent.objects.exists()


def test_two_day_field_event_is_saved_with_its_range(admin_client, cuenta):
    comuna = make_comuna()

    response = post_section(
        admin_client,
        cuenta,
        "participacion",
        "field_events",
        [{"start_date": "18-11-2022", "end_date": "19-11-2022", "comuna": comuna.pk, "place": "Expo FISA"}],
    )

    assert response.status_code == 302, inline_errors(response)
    event = FieldEvent.objects.get()
    assert (event.start_date.isoformat(), event.end_date.isoformat()) == ("2022-11-18", "2022-11-19")


def test_efemeride_outside_the_management_year_is_refused(admin_client, cuenta):
    response = post_section(
        admin_client, cuenta, "comunicaciones", "efemerides", [{"date": "25-12-2021", "name": "Navidad"}]
    )

    assert inline_errors(response) == ["La fecha debe estar dentro del año de gestión 2022."]
    assert not Efemeride.objects.exists()


def test_fomil_agreement_with_a_comuna_of_another_region_is_refused(admin_client, territory):
    cuenta = make_cuenta(region_id="13", status=Cuenta.Status.DRAFT)
    rancagua = "06101"

    response = post_section(admin_client, cuenta, "intermediacion", "fomil_agreements", [{"comuna": rancagua}])

    assert inline_errors(response) == ["«Rancagua» no es una comuna de la región de esta cuenta."]
    assert not FomilAgreement.objects.exists()


def test_section_text_is_stamped_with_its_section(admin_client, cuenta):
    response = post_section(
        admin_client, cuenta, "certificacion", "section_texts", [{"text": "La certificación reconoce…"}]
    )

    assert response.status_code == 302, inline_errors(response)
    assert list(cuenta.section_texts.values_list("section", "text")) == [
        ("certificacion", "La certificación reconoce…")
    ]


def test_saving_a_section_returns_to_the_cuenta_page(admin_client, cuenta):
    response = post_section(admin_client, cuenta, "equipo", "team_members", [])

    assert response["Location"] == reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])


def test_save_and_continue_stays_on_the_section(admin_client, cuenta):
    response = post_section(admin_client, cuenta, "equipo", "team_members", [], _continue="1")

    assert response["Location"] == section_url(cuenta, "equipo")


def make_cuentas(count):
    regions = [make_region()] + [
        make_region(
            code=f"{n:02d}",
            numeral=f"N{n}",
            official_name=f"Región {n}",
            name=f"R{n}",
            iso_code=f"CL-{n}",
            north_to_south=n + 20,
        )
        for n in range(20, 20 + count - 1)
    ]
    return [make_cuenta(region=region) for region in regions]


@pytest.mark.parametrize("count", [1, 12])
def test_cuenta_changelist_costs_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count):
    make_cuentas(count)

    # session, user, regions for the filter, count (paginator), count (total),
    # one page of Cuentas joined to their regions, years for the filter.
    with django_assert_num_queries(7):
        response = admin_client.get(reverse("admin:cuentas_cuenta_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 58])
def test_row_changelist_costs_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count):
    cuenta = make_cuenta()
    Efemeride.objects.bulk_create(
        Efemeride(cuenta=cuenta, date=f"2022-01-{1 + n % 28:02d}", name=f"Día {n}") for n in range(count)
    )

    # session, user, regions for the filter, count (paginator), count (total),
    # one page of efemérides joined to their Cuenta and region, years for the filter.
    with django_assert_num_queries(7):
        response = admin_client.get(reverse("admin:cuentas_efemeride_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


def test_row_changelist_shows_amounts_in_chilean_format(admin_client, cuenta, subtitles):
    BudgetExecution.objects.create(cuenta=cuenta, subtitle=subtitles[1], requested=16421763713, accrued=16141435580)

    content = admin_client.get(reverse("admin:cuentas_budgetexecution_changelist")).content.decode()

    assert "16.421.763.713" in content
    assert "98,29 %" in content


def test_year_filter_lists_years_without_thousands_separator(admin_client, db):
    make_cuenta(management_year=2022)
    make_cuenta(management_year=2023)

    content = admin_client.get(reverse("admin:cuentas_cuenta_changelist")).content.decode()

    assert ">2022</a>" in content
    assert "2.022" not in content


def test_section_page_links_each_table_as_a_filtered_list(admin_client, cuenta):
    content = admin_client.get(section_url(cuenta, "comunicaciones")).content.decode()

    assert f'href="/admin/cuentas/efemeride/?cuenta__id__exact={cuenta.pk}">Efemérides</a>' in content


def test_cuenta_page_flags_the_declared_figure_that_disagrees_with_its_table(admin_client, seeds):
    rm = Cuenta.objects.get(region="13", management_year=2022)

    content = admin_client.get(reverse("admin:cuentas_cuenta_change", args=[rm.pk])).content.decode()

    assert "El texto declara 1.005 personas certificadas; la tabla suma 1.105." in content


def test_budget_page_shows_totals_computed_from_the_saved_rows(admin_client, seeds):
    rm = Cuenta.objects.get(region="13", management_year=2022)

    content = admin_client.get(section_url(rm, "presupuesto")).content.decode()

    assert '<tr><th scope="row">Requerimiento total</th><td>$ 16.631.241.866</td></tr>' in content
    assert '<tr><th scope="row">% de ejecución global</th><td>98,28 %</td></tr>' in content


def test_cuenta_page_links_its_pdf(admin_client, cuenta):
    content = admin_client.get(reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])).content.decode()

    assert '<a href="/cuentas/13/2022/pdf/">Descargar PDF</a>' in content


def test_row_changed_from_its_list_makes_a_new_version_of_its_cuenta(admin_client, cuenta):
    row = Efemeride.objects.create(cuenta=cuenta, date="2022-03-08", name="Día de la Mujer")
    before = Cuenta.objects.get(pk=cuenta.pk).updated_at

    response = admin_client.post(
        reverse("admin:cuentas_efemeride_change", args=[row.pk]),
        {"cuenta": cuenta.pk, "date": "08-03-2022", "name": "Día Internacional de la Mujer"},
    )

    assert response.status_code == 302
    assert Cuenta.objects.get(pk=cuenta.pk).updated_at > before


def test_published_cuenta_reads_its_years_without_thousands_separator(admin_client, db):
    cuenta = make_cuenta(status=Cuenta.Status.PUBLISHED)

    content = admin_client.get(reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])).content.decode()

    assert '<div class="readonly">2022</div>' in content
    assert "2.022" not in content


# --- The «add Cuenta» form ---


def add_form(client):
    return client.get(reverse("admin:cuentas_cuenta_add")).context["adminform"].form


def test_add_form_comes_with_the_region_of_an_editor_of_one_region(client, rm_editor):
    client.force_login(rm_editor)

    form = add_form(client)

    assert form["region"].value() == "13"
    assert '<option value="13" selected>Metropolitana</option>' in str(form["region"])


def test_add_form_leaves_the_region_to_choose_for_editors_of_several_regions_and_central_staff(
    client, rm_editor, ohiggins, central
):
    RegionMembership.objects.create(user=rm_editor, region=ohiggins)

    client.force_login(rm_editor)
    editor_form = add_form(client)
    client.force_login(central)
    central_form = add_form(client)

    assert (editor_form["region"].value(), central_form["region"].value()) == (None, None)
    assert [region.code for region in editor_form.fields["region"].queryset] == ["13", "06"]


def test_add_form_offers_the_years_open_for_new_cuentas_latest_first_as_plain_years(client, rm_editor):
    for year in (2021, 2023, 2022):
        make_fiscal_year(year, open_for_cuentas=year != 2021)
    client.force_login(rm_editor)

    field = add_form(client)["management_year"]

    assert [(str(value), label) for value, label in field.field.choices] == [
        ("", "---------"),
        ("2023", "2023"),
        ("2022", "2022"),
    ]
    assert '<option value="2023">2023</option>' in str(field)


def test_a_year_closed_to_new_cuentas_is_refused_on_the_add_form(client, rm_editor):
    make_fiscal_year(2021, open_for_cuentas=False)
    client.force_login(rm_editor)

    response = client.post(
        reverse("admin:cuentas_cuenta_add"),
        {"region": "13", "management_year": "2021", "presentation_year": "2022", "title": "Tarde"},
    )

    assert list(response.context["adminform"].form.errors) == ["management_year"]
    assert not Cuenta.objects.exists()


def test_an_existing_cuenta_keeps_its_year_once_the_year_is_closed(client, rm_editor, rm):
    cuenta = make_cuenta(region=rm, management_year=make_fiscal_year(2021, open_for_cuentas=False), status="borrador")
    make_fiscal_year(2023)
    client.force_login(rm_editor)

    form = client.get(reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])).context["adminform"].form

    assert form["management_year"].value() == 2021
    assert [str(year) for year in form.fields["management_year"].queryset] == ["2023", "2021"]


# --- The intermediación page: regional, by comuna and by employer results, compact ---


def fill_intermediation(cuenta, rows):
    """``rows`` rows of every kind on the intermediación page of ``cuenta`` (RM), and ``rows`` declared figures."""
    comunas = list(Comuna.objects.filter(region=cuenta.region_id).order_by("code")[:rows])
    indicators = list(IntermediationIndicator.objects.values_list("code", flat=True))
    kinds = list(ActivityKind.objects.values_list("code", flat=True))
    sector = make_sector()
    for n in range(rows):
        if n < len(indicators):
            IntermediationResult.objects.create(
                cuenta=cuenta, channel_id="omil", indicator_id=indicators[n], goal=100, achieved=90 + n
            )
        IntermediationResult.objects.create(
            cuenta=cuenta, channel_id="red_omil", indicator_id="colocados", comuna=comunas[n], achieved=100, women=60
        )
        IntermediationResult.objects.create(
            cuenta=cuenta,
            channel_id="plataforma",
            indicator_id="colocados",
            employer=f"Empresa {n}",
            employer_sector=sector,
            achieved=10,
        )
        FomilAgreement.objects.create(cuenta=cuenta, comuna=comunas[n], amount=1_000_000)
        if n < len(kinds):
            EmploymentActivity.objects.create(cuenta=cuenta, kind_id=kinds[n], count=2)
        DeclaredFigure.objects.create(cuenta=cuenta, section="intermediacion", label=f"cifra {n}", value=47 + n)
    FomilSummary.objects.create(cuenta=cuenta, agreements=47)


@pytest.mark.parametrize("rows", [1, 16])
def test_intermediation_page_costs_a_fixed_number_of_queries(
    client, rm_editor, territory, django_assert_num_queries, rows
):
    cuenta = make_cuenta(region_id="13", status=Cuenta.Status.DRAFT)
    fill_intermediation(cuenta, rows)
    client.force_login(rm_editor)
    ContentType.objects.clear_cache()  # else only the first test of a run reads it

    # session, user, the user's permissions, their groups' permissions, their regions;
    # the Cuenta (twice: the section view, then the change form), its region, its año de gestión,
    # the content type the change form names;
    # the section's totals: which tables have rows, COSOC activity, declared figures, results,
    # FOMIL agreements, activities, the region's count of comunas;
    # the choices, once for every row: channels, funnel steps, the region's comunas, sectors, kinds of activity;
    # one per table: section text, regional results, by comuna, by employer, FOMIL agreements,
    # FOMIL totals, activities, declared figures.
    with django_assert_num_queries(30):
        response = client.get(section_url(cuenta, "intermediacion"))

    assert response.status_code == 200
    assert [len(inline.formset.initial_forms) for inline in response.context["inline_admin_formsets"]] == [
        0,
        min(rows, 4),
        rows,
        rows,
        rows,
        1,
        min(rows, 8),
        rows,
    ]


def results_page(client, cuenta):
    """The intermediación page's three result tables, by heading, as (channel, indicator, comuna, employer) rows."""
    response = client.get(section_url(cuenta, "intermediacion"))
    return {
        str(inline.opts.verbose_name_plural): sorted(
            ((row.channel_id, row.indicator_id, row.comuna_id, row.employer) for row in inline.formset.queryset),
            key=repr,
        )
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is IntermediationResult
    }


def test_results_are_split_into_regional_by_comuna_and_by_employer_tables(admin_client, territory):
    cuenta = make_cuenta(region_id="13", status=Cuenta.Status.DRAFT)
    for comuna, employer in ((None, ""), ("13101", ""), (None, "Constructora Andes"), ("13101", "Constructora Andes")):
        IntermediationResult.objects.create(
            cuenta=cuenta, channel_id="omil", indicator_id="colocados", comuna_id=comuna, employer=employer, achieved=5
        )

    assert results_page(admin_client, cuenta) == {
        "resultados regionales": [("omil", "colocados", None, "")],
        "resultados por comuna": [("omil", "colocados", "13101", "")],
        "resultados por empleador": [
            ("omil", "colocados", "13101", "Constructora Andes"),
            ("omil", "colocados", None, "Constructora Andes"),
        ],
    }


def test_placements_by_comuna_and_sex_are_entered_on_their_own_table(admin_client, territory):
    cuenta = make_cuenta(region_id="13", status=Cuenta.Status.DRAFT)
    row = {"channel": "red_omil", "indicator": "colocados"}

    response = post_section(
        admin_client,
        cuenta,
        "intermediacion",
        "intermediation_results-2",
        [
            {**row, "comuna": "13101", "achieved": "1.204", "women": "650", "men": "554"},
            {**row, "comuna": "13110", "achieved": "310", "women": "", "men": ""},
        ],
    )

    assert response.status_code == 302, inline_errors(response)
    assert sorted(IntermediationResult.objects.values_list("comuna__name", "employer", "achieved", "women", "men")) == [
        ("La Florida", "", 310, None, None),
        ("Santiago", "", 1204, 650, 554),
    ]


def test_a_row_of_the_comuna_table_needs_its_comuna(admin_client, territory):
    cuenta = make_cuenta(region_id="13", status=Cuenta.Status.DRAFT)

    response = post_section(
        admin_client,
        cuenta,
        "intermediacion",
        "intermediation_results-2",
        [{"channel": "red_omil", "indicator": "colocados", "achieved": "10"}],
    )

    assert inline_errors(response) == ["Este campo es obligatorio."]
    assert not IntermediationResult.objects.exists()


def test_a_row_whose_folded_fields_are_wrong_shows_them_open(admin_client, territory):
    cuenta = make_cuenta(region_id="13", status=Cuenta.Status.DRAFT)
    row = {"channel": "omil", "indicator": "colocados", "achieved": "10"}

    response = post_section(
        admin_client,
        cuenta,
        "intermediacion",
        "intermediation_results",
        [{**row, "period_start": "30-06-2022", "period_end": "01-01-2022"}],
    )
    content = response.content.decode()
    row_html = content[content.index('id="intermediation_results-1"') :]  # after the blank extra row

    assert inline_errors(response) == ["El periodo no puede terminar antes de empezar."]
    assert row_html.index("<details open>") < row_html.index('name="intermediation_results-1-period_start"')
    assert content.count("<details open>") == 1


def test_only_a_row_with_folded_data_marks_its_toggle(admin_client, cuenta):
    IntermediationResult.objects.create(cuenta=cuenta, channel_id="omil", indicator_id="atendidos", achieved=5)
    IntermediationResult.objects.create(
        cuenta=cuenta,
        channel_id="omil",
        indicator_id="colocados",
        achieved=5,
        period_start="2022-01-01",
        period_end="2022-06-30",
    )

    response = admin_client.get(section_url(cuenta, "intermediacion"))
    regional = response.context["inline_admin_formsets"][1]

    assert [(form.instance.indicator_id, form.folded_filled) for form in regional.formset.initial_forms] == [
        ("atendidos", False),
        ("colocados", True),
    ]
    assert response.content.decode().count('<span class="folded-filled" title="Con datos">') == 1


def test_comunas_offered_on_the_section_page_are_those_of_the_cuentas_region(admin_client, territory):
    cuenta = make_cuenta(region_id="06", status=Cuenta.Status.DRAFT)

    response = admin_client.get(section_url(cuenta, "intermediacion"))
    by_comuna = next(
        inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix.endswith("-2")
    )
    choices = [str(value) for value, _ in by_comuna.formset.empty_form.fields["comuna"].choices]

    assert len(choices) == 1 + Comuna.objects.filter(region="06").count()
    assert {code[:2] for code in choices[1:]} == {"06"}


def test_a_result_with_more_women_and_men_than_its_total_is_refused(admin_client, territory):
    cuenta = make_cuenta(region_id="13", status=Cuenta.Status.DRAFT)

    response = post_section(
        admin_client,
        cuenta,
        "intermediacion",
        "intermediation_results",
        [{"channel": "omil", "indicator": "colocados", "goal": "", "achieved": "100", "women": "60", "men": "50"}],
    )

    assert inline_errors(response) == ["Mujeres más hombres no pueden superar el logro total."]
    assert not IntermediationResult.objects.exists()


@pytest.mark.parametrize("count", [1, 20])
def test_intermediation_result_changelist_costs_a_fixed_number_of_queries(
    admin_client, territory, django_assert_num_queries, count
):
    cuenta = make_cuenta(region_id="13")
    fill_intermediation(cuenta, count)

    # session, user, regions for the filter, count (paginator), count (total), one page of results
    # with their Cuenta, region, channel, indicator and comuna, years, channels and funnel steps for the filters.
    with django_assert_num_queries(9):
        response = admin_client.get(reverse("admin:cuentas_intermediationresult_changelist"))

    assert len(response.context["cl"].result_list) == IntermediationResult.objects.count()


# --- The admin's Spanish (locale/es_CL, cuentas/admin/messages.py) ---


def test_adding_a_cuenta_speaks_chilean_spanish(client, rm_editor):
    client.force_login(rm_editor)

    content = client.get(reverse("admin:cuentas_cuenta_add")).content.decode()

    assert "<h1>Agregar cuenta pública</h1>" in content
    assert '<input type="submit" value="Guardar y seguir agregando" name="_addanother">' in content
    assert "Añadir" not in content


def test_changing_a_cuenta_says_so_in_the_feminine(admin_client, cuenta):
    url = reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])
    data = form_data(admin_client.get(url))

    response = admin_client.post(url, {**data, "_continue": "1"}, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        f'La cuenta pública «<a href="{url}">Metropolitana 2022</a>» fue modificada correctamente. '
        "Puede seguir editándola a continuación."
    ]


def test_deleting_a_cuenta_asks_and_answers_in_correct_spanish(admin_client, cuenta):
    url = reverse("admin:cuentas_cuenta_delete", args=[cuenta.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, {"post": "yes"}, follow=True)

    assert (
        "<p>¿Está seguro de que quiere eliminar «Metropolitana 2022» (cuenta pública)? "
        "También se eliminarán todos estos objetos relacionados:</p>"
    ) in page
    assert '<input type="submit" value="Sí, eliminar">' in page
    assert 'class="button cancel-link">No, volver</a>' in page
    assert [str(message) for message in response.context["messages"]] == [
        "La cuenta pública «Metropolitana 2022» fue eliminada correctamente."
    ]


def test_a_published_cuenta_is_headed_as_one_to_view(client, rm_editor):
    cuenta = make_cuenta(status=Cuenta.Status.PUBLISHED)
    client.force_login(rm_editor)

    content = client.get(reverse("admin:cuentas_cuenta_change", args=[cuenta.pk])).content.decode()

    assert "<h1>Ver cuenta pública</h1>" in content
    assert ">Historial</a>" in content
