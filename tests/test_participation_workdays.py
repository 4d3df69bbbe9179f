"""Días hábiles across Chile's holidays, fixed and movable, from the holidays library."""

import datetime

import pytest

from cuentas.models import ParticipationProcess
from cuentas.participation.workdays import add_working_days, is_working_day, working_days_between

from .factories import make_cuenta


def test_fiestas_patrias_and_the_weekend_are_not_working_days():
    # Thursday 17-09-2026, then Friday 18 and Saturday 19 (holidays), Sunday 20: next is Monday 21.
    assert add_working_days(datetime.date(2026, 9, 17), 1) == datetime.date(2026, 9, 21)
    assert not is_working_day(datetime.date(2026, 9, 18))
    assert not is_working_day(datetime.date(2026, 9, 19))


def test_good_friday_a_movable_holiday_is_skipped():
    # Good Friday was 18-04-2025 and falls on 03-04-2026.
    assert not is_working_day(datetime.date(2025, 4, 18))
    assert not is_working_day(datetime.date(2026, 4, 3))
    assert is_working_day(datetime.date(2025, 4, 3))
    assert add_working_days(datetime.date(2026, 4, 2), 1) == datetime.date(2026, 4, 6)


def test_a_window_of_fifteen_working_days_spanning_september_18_and_19():
    # Event on Monday 07-09-2026: 15 días hábiles skip 18-09 (Fri) and the weekend → Tuesday 29-09.
    assert add_working_days(datetime.date(2026, 9, 7), 15) == datetime.date(2026, 9, 29)
    assert working_days_between(datetime.date(2026, 9, 7), datetime.date(2026, 9, 29)) == 15


@pytest.mark.django_db
def test_a_process_computes_its_window_and_answer_deadline_across_holidays(rm):
    process = ParticipationProcess.objects.create(cuenta=make_cuenta(region=rm), event_date=datetime.date(2026, 9, 7))
    assert process.window_opens == datetime.date(2026, 9, 7)
    assert process.window_closes == datetime.date(2026, 9, 29)
    # 20 días hábiles from 29-09-2026 skip Monday 12-10 (Encuentro de Dos Mundos): 28-10-2026.
    assert process.answer_deadline == datetime.date(2026, 10, 28)


@pytest.mark.django_db
def test_the_day_counts_are_settings_per_process(rm):
    process = ParticipationProcess.objects.create(
        cuenta=make_cuenta(region=rm), event_date=datetime.date(2026, 9, 7), window_days=5, answer_days=2
    )
    assert process.window_closes == datetime.date(2026, 9, 14)
    assert process.answer_deadline == datetime.date(2026, 9, 16)
