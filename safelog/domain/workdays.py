"""Working days in England and Wales: weekends and bank holidays (from the holidays package,
which carries each year's proclamations, including substitute days)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share their bank holidays; Scotland and Northern Ireland differ.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    for _ in range(count):
        day = next_working_day(day)
    return day


def referral_follow_up_due(referred_on: date) -> date:
    """Working Together expects the local authority to decide within one working day of a
    referral. SafeLog counts that day as the first working day after the day of the referral
    (a Friday or Saturday referral is due back by the end of Monday), and the referrer follows
    up if nothing has come by the end of it."""
    return next_working_day(referred_on)
