"""UK dates and Europe/London times: parsing what people type, showing what they expect.

Times a person gives (when something happened) are local wall-clock times in Europe/London;
times the system records are UTC. Both are stored as ISO 8601 with their offset.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class TimeError(ValueError):
    """One plain sentence about a date or time that cannot be used."""


def parse_local(text: str) -> datetime:
    """'YYYY-MM-DD HH:MM' (or dd/mm/yyyy HH:MM) in Europe/London -> an aware datetime.

    Refuses times that did not exist (the clocks went forward) and says so; for the hour that
    happens twice in October, the first (BST) is taken, which is what a person means by default.
    """
    text = text.strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d"):
        try:
            naive = datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    else:
        raise TimeError(f"'{text}' is not a date and time; write it as YYYY-MM-DD HH:MM.")
    local = naive.replace(tzinfo=LONDON)
    round_trip = local.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    if round_trip != naive:
        raise TimeError(
            f"{naive:%H:%M} on {naive:%d/%m/%Y} did not happen in the UK (the clocks went "
            "forward); check the time."
        )
    return local


def parse_uk_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise TimeError(f"'{text}' is not a date; write it as dd/mm/yyyy or YYYY-MM-DD.")


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_london() -> date:
    return datetime.now(LONDON).date()


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise TimeError("a stored time must carry its time zone")
    return moment.isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def uk_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def uk_datetime(moment: datetime) -> str:
    """dd/mm/yyyy HH:MM in London time, whatever zone the moment was stored in."""
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def age_on(dob: date, day: date) -> int:
    years = day.year - dob.year
    if (day.month, day.day) < (dob.month, dob.day):
        years -= 1
    return years


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)
