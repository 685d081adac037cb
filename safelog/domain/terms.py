"""School terms in England, for "this term" figures on the dashboard.

Term dates are set locally, so this is the common pattern rather than any one school's
calendar: autumn from 1 September, spring from 1 January, summer from the Monday after Easter
Monday (Easter from dateutil, which the holidays package already depends on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter


@dataclass(frozen=True)
class Term:
    name: str
    start: date

    @property
    def label(self) -> str:
        academic = self.start.year if self.name == "Autumn" else self.start.year - 1
        return f"{self.name} term {academic}/{str(academic + 1)[-2:]}"


def term_containing(day: date) -> Term:
    summer = easter(day.year) + timedelta(days=8)
    if day >= date(day.year, 9, 1):
        return Term("Autumn", date(day.year, 9, 1))
    if day >= summer:
        return Term("Summer", summer)
    return Term("Spring", date(day.year, 1, 1))
