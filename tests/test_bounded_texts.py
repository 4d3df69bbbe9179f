"""Every text is bounded: a form or an import refuses a text past its limit, in Spanish, and writes nothing."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from cuentas import models as m
from cuentas.exports import export_workbook
from cuentas.models.base import LONG_TEXT, SHORT_TEXT

from .factories import make_cuenta, make_full_cuenta
from .test_imports import edit, upload


def test_a_milestone_past_its_limit_is_refused_in_spanish(catalogues):
    milestone = m.Milestone(cuenta=make_cuenta(), title="Hito", text="x" * (SHORT_TEXT + 1))

    with pytest.raises(ValidationError) as error:
        milestone.full_clean()

    assert error.value.message_dict["text"] == [
        f"Este texto admite hasta {SHORT_TEXT} caracteres; tiene {SHORT_TEXT + 1}."
    ]


def test_an_introduction_may_be_long_but_not_endless(catalogues):
    cuenta = make_cuenta(introduction="x" * LONG_TEXT)
    cuenta.full_clean()
    cuenta.introduction += "x"
    with pytest.raises(ValidationError):
        cuenta.full_clean()


def test_an_import_with_a_text_past_its_limit_writes_nothing(territory):
    cuenta = make_full_cuenta()
    content = export_workbook(cuenta).content
    headers = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(content))["Hitos"][1]]
    text_header = next(header for header in headers if str(header).lower().startswith("texto"))
    before = list(m.Milestone.objects.filter(cuenta=cuenta).values_list("text", flat=True))

    result = upload(cuenta, edit(content, "Hitos", {(2, text_header): "x" * 10_000}))

    assert not result.ok
    assert any(f"Este texto admite hasta {SHORT_TEXT} caracteres; tiene 10000." in str(e) for e in result.errors)
    assert list(m.Milestone.objects.filter(cuenta=cuenta).values_list("text", flat=True)) == before
