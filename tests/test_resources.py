"""Resources: columns from the models' verbose names, catalogue look-ups, cell parsing."""

import datetime
from decimal import Decimal

import pytest

from cuentas import models as m
from cuentas.resources import (
    TABLES,
    ChoiceWidget,
    DateWidget,
    DecimalNumberWidget,
    TextWidget,
    WholeNumberWidget,
    headers_of,
    holds,
    normalize,
    resource_for,
    sheet_name,
)
from tests.factories import make_council, make_cuenta, make_program_line, make_subsidy


def test_headers_are_the_verbose_names_catalogue_first():
    assert headers_of(m.TrainingParticipation) == ["Línea programática", "Mujeres", "Hombres", "Total"]
    assert headers_of(m.FieldEvent) == ["Comuna", "Fecha", "Hasta", "Lugar"]
    assert headers_of(m.BudgetExecution) == ["Subtítulo", "Requerimiento", "Devengado"]


def test_no_table_has_a_cuenta_or_id_column():
    for model in TABLES:
        assert not {"Cuenta pública", "Id", "ID"} & set(headers_of(model)), model


def test_every_table_has_unique_headers_and_a_sheet_name_excel_accepts():
    for model in TABLES:
        assert len(set(headers_of(model))) == len(headers_of(model)), model
        assert len(sheet_name(model)) <= 31, model
    assert len({sheet_name(model) for model in TABLES}) == len(TABLES)


def test_normalize_ignores_case_accents_and_spaces():
    assert normalize("  CAPACITACIÓN   en Oficios ") == normalize("capacitacion en oficios")


@pytest.mark.parametrize(
    ("cell", "number"),
    [(1005, 1005), (1005.0, 1005), ("1.005", 1005), ("$ 16.631.241.866", 16_631_241_866), ("17", 17), ("", None)],
)
def test_whole_numbers_are_read_as_chileans_write_them(cell, number):
    assert WholeNumberWidget().clean(cell) == number


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("nueve", "«nueve» no es un número."),
        ("12,5", "«12,5» no es un número entero."),
        (12.5, "12,5 no es un número entero."),
        (-3, "-3 es negativo; las cantidades y montos no pueden ser negativos."),
        ("-1.500", "-1.500 es negativo; las cantidades y montos no pueden ser negativos."),
        (True, "«True» no es un número."),
    ],
)
def test_wrong_whole_numbers_are_refused_in_spanish(cell, message):
    with pytest.raises(ValueError) as error:
        WholeNumberWidget().clean(cell)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("cell", "number"),
    [("98,28", Decimal("98.28")), (98.28, Decimal("98.28")), ("16.631.241.866", Decimal(16631241866))],
)
def test_decimal_figures_accept_the_decimal_comma(cell, number):
    assert DecimalNumberWidget().clean(cell) == number


@pytest.mark.parametrize("cell", ["08-03-2022", "08/03/2022", "2022-03-08", datetime.datetime(2022, 3, 8, 0, 0)])
def test_dates_in_chilean_or_iso_format(cell):
    assert DateWidget().clean(cell) == datetime.date(2022, 3, 8)


def test_choices_by_label_or_value_without_accents():
    widget = ChoiceWidget(m.ContactsByMonth.Month.choices)

    assert [widget.clean(cell) for cell in ("Enero", "enero", 1, "1", "DICIEMBRE")] == [1, 1, 1, 1, 12]
    with pytest.raises(ValueError) as error:
        widget.clean("Enro")
    assert str(error.value) == (
        "«Enro» no es una opción válida; use «enero», «febrero», «marzo», «abril», «mayo», «junio», «julio», "
        "«agosto», «septiembre», «octubre», «noviembre» o «diciembre»."
    )


def test_text_loses_the_apostrophe_our_exports_put_before_a_formula():
    assert TextWidget().clean("'=1+1") == "=1+1"
    assert TextWidget().clean("'Becas'") == "'Becas'"
    assert TextWidget().clean(2022.0) == "2022"


@pytest.mark.django_db
def test_catalogue_reference_is_tolerant_when_unambiguous():
    make_program_line(name="Capacitación en Oficios")
    widget = resource_for(m.TrainingParticipation, make_cuenta()).fields["line"].widget

    assert widget.clean("CAPACITACION EN OFICIOS").name == "Capacitación en Oficios"


@pytest.mark.django_db
def test_catalogue_reference_suggests_a_close_name():
    make_program_line(name="Reconversión Laboral")
    widget = resource_for(m.TrainingParticipation, make_cuenta()).fields["line"].widget

    with pytest.raises(ValueError) as error:
        widget.clean("Reconversion Labral")
    assert str(error.value) == (
        "«Reconversion Labral» no está en el catálogo de líneas programáticas; ¿quiso decir «Reconversión Laboral»?"
    )


@pytest.mark.django_db
def test_a_total_row_is_named_as_such():
    widget = resource_for(m.TrainingParticipation, make_cuenta()).fields["line"].widget

    with pytest.raises(ValueError) as error:
        widget.clean("Total, general")
    assert str(error.value) == "«Total, general» parece una fila de totales; los totales se calculan, borre esa fila."


@pytest.mark.django_db
def test_subsidy_by_name_or_code():
    subsidy = make_subsidy()
    widget = resource_for(m.SubsidyResult, make_cuenta()).fields["subsidy"].widget

    assert [widget.clean(cell) for cell in ("SEJ", "sej", "Subsidio al empleo joven")] == [subsidy] * 3


@pytest.mark.django_db
def test_subtitle_by_its_number(territory):
    from tests.factories import make_subtitle

    subtitle = make_subtitle(code=24, name="Transferencias corrientes")
    widget = resource_for(m.BudgetExecution, make_cuenta()).fields["subtitle"].widget

    assert [widget.clean(cell) for cell in (24, 24.0, "24", "transferencias corrientes")] == [subtitle] * 4
    assert widget.render(subtitle) == 24


@pytest.mark.django_db
def test_comuna_only_within_the_cuentas_region(territory):
    cuenta = make_cuenta(region=m.Region.objects.get(code="06"))
    widget = resource_for(m.FomilAgreement, cuenta).fields["comuna"].widget

    assert widget.clean("rancagua").code == "06101"
    assert widget.clean("06101").name == "Rancagua"
    with pytest.raises(ValueError) as error:
        widget.clean("Santiago")
    assert str(error.value) == (
        "«Santiago» es una comuna de la Región Metropolitana de Santiago, "
        "no de la Región del Libertador General Bernardo O'Higgins."
    )


@pytest.mark.django_db
def test_council_by_its_period():
    cuenta = make_cuenta()
    council = make_council(region=cuenta.region, start_year=2021, end_year=2022)
    widget = resource_for(m.CosocActivity, cuenta).fields["council"].widget

    assert [widget.clean(cell) for cell in ("2021-2022", "2021 – 2022", 2021)] == [council] * 3


@pytest.mark.django_db
def test_check_constraints_are_evaluated_without_a_query(django_assert_num_queries):
    cuenta = make_cuenta()
    backwards = m.FieldEvent(
        cuenta=cuenta, start_date=datetime.date(2022, 11, 19), end_date=datetime.date(2022, 11, 18)
    )
    one_day = m.FieldEvent(cuenta=cuenta, start_date=datetime.date(2022, 11, 19))
    both = m.SubsidyResult(cuenta=cuenta, amount_women=1, amount_total=2)
    (ends_after_start,) = m.FieldEvent._meta.constraints
    split_or_total = next(c for c in m.SubsidyResult._meta.constraints if c.name.endswith("split_or_total"))

    with django_assert_num_queries(0):
        assert holds(ends_after_start.condition, backwards) is False
        assert holds(ends_after_start.condition, one_day) is True
        assert holds(split_or_total.condition, both) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "cells", "code"),
    [
        ("channel", ("Red OMIL de la región", "red_omil", "RED OMIL DE LA REGION", " Red_OMIL "), "red_omil"),
        ("indicator", ("Personas colocadas", "colocados", "personas COLOCADAS"), "colocados"),
    ],
)
def test_channel_and_funnel_step_by_name_or_code_without_case_or_accents(field, cells, code):
    widget = resource_for(m.IntermediationResult, make_cuenta()).fields[field].widget

    assert [widget.clean(cell).pk for cell in cells] == [code] * len(cells)
    assert widget.render(widget.clean(code)) == widget.clean(code).name


@pytest.mark.django_db
def test_kind_of_activity_by_name_or_code_and_a_suggestion_on_a_miss():
    widget = resource_for(m.EmploymentActivity, make_cuenta()).fields["kind"].widget

    assert [widget.clean(cell).pk for cell in ("Ferias laborales", "feria", "encuentro_empresarial")] == [
        "feria",
        "feria",
        "encuentro_empresarial",
    ]
    with pytest.raises(ValueError) as error:
        widget.clean("Ferias laborale")
    assert str(error.value) == (
        "«Ferias laborale» no está en el catálogo de tipos de actividad de empleo; ¿quiso decir «Ferias laborales»?"
    )


@pytest.mark.django_db
def test_women_placed_is_no_longer_a_step_and_the_message_says_where_it_went():
    widget = resource_for(m.IntermediationResult, make_cuenta()).fields["indicator"].widget

    with pytest.raises(ValueError) as error:
        widget.clean("Mujeres colocadas")
    assert str(error.value) == (
        "«Mujeres colocadas» ya no es un indicador: escriba las mujeres colocadas en la columna «Mujeres» "
        "de la fila «Personas colocadas» del mismo canal, y borre esta fila."
    )


@pytest.mark.django_db
def test_a_catalogue_entry_as_the_admin_shows_it():
    from tests.factories import make_subtitle

    subtitle = make_subtitle(code=24, name="Transferencias corrientes")
    widget = resource_for(m.BudgetExecution, make_cuenta()).fields["subtitle"].widget

    assert str(subtitle) == "24 Transferencias corrientes"
    assert widget.clean("24 transferencias corrientes") == subtitle


@pytest.mark.django_db
def test_a_check_between_columns_is_evaluated_without_a_query(django_assert_num_queries):
    cuenta = make_cuenta()
    within = next(c for c in m.IntermediationResult._meta.constraints if c.name.endswith("sexes_within_achieved"))
    too_many = m.IntermediationResult(cuenta=cuenta, achieved=10, women=6, men=5)
    fits = m.IntermediationResult(cuenta=cuenta, achieved=11, women=6, men=5)
    unknown_men = m.IntermediationResult(cuenta=cuenta, achieved=10, women=6)

    with django_assert_num_queries(0):
        assert holds(within.condition, too_many) is False
        assert holds(within.condition, fits) is True
        assert holds(within.condition, unknown_men) is True


def test_columns_read_in_order_the_period_last():
    assert headers_of(m.IntermediationResult) == [
        "Canal",
        "Indicador",
        "Comuna",
        "Empleador",
        "Sector del empleador",
        "Meta",
        "Logro",
        "Mujeres",
        "Hombres",
        "Periodo desde",
        "Periodo hasta",
    ]
    assert headers_of(m.EmploymentActivity) == [
        "Tipo de actividad",
        "Cantidad",
        "Inversión",
        "Periodo desde",
        "Periodo hasta",
    ]
    assert headers_of(m.FomilSummary) == [
        "Convenios firmados",
        "Monto total de los convenios",
        "% de cumplimiento de los indicadores del convenio",
    ]


def test_fomil_totals_are_a_table_of_the_workbook_next_to_the_agreements():
    assert TABLES.index(m.FomilSummary) == TABLES.index(m.FomilAgreement) + 1
    assert sheet_name(m.FomilSummary) == "Totales FOMIL"
    assert len([model for model in TABLES if model is m.FomilSummary]) == 1
