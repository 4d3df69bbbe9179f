"""Días hábiles: Monday to Friday, except Chile's public holidays (Ley 19.880, art. 25).

The holidays come from the ``holidays`` library (movable ones included:
Viernes Santo, San Pedro y San Pablo, Día de los Pueblos Indígenas…), never
from a list typed here.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def chile_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Chile(years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in chile_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th día hábil after ``start`` (``start`` itself not counted)."""
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Días hábiles after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
