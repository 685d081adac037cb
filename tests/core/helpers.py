"""Small builders shared by the core tests (fictional data only)."""

from __future__ import annotations

from datetime import date, datetime

from safelog.domain.pupils import ChildFlag, PupilRow
from safelog.domain.records import ConcernDraft, ConcernRole, Involvement
from safelog.domain.timefmt import LONDON
from safelog.domain.upn import make_upn


def pupil(serial: int, forename: str = "Zoë", surname: str = "Nguyễn", **extra: object) -> PupilRow:
    values: dict[str, object] = {
        "upn": make_upn(879, 4321, 14, serial),
        "legal_surname": surname,
        "legal_forename": forename,
        "preferred_forename": None,
        "preferred_surname": None,
        "dob": date(2012, 5, 17),
        "gender": "F",
        "year_group": "Year 9",
        "form": "9B",
        "admission_date": date(2023, 9, 4),
        "flags": frozenset({ChildFlag.EAL}),
    }
    values.update(extra)
    return PupilRow(**values)  # type: ignore[arg-type]


def draft(
    child_id: int,
    facts: str = "Bruise seen on the left forearm at break.",
    *,
    words: str | None = "It happened at home.",
    categories: tuple[str, ...] = ("physical-abuse",),
    when: datetime | None = None,
    significant: bool = False,
    others: tuple[tuple[int, ConcernRole], ...] = (),
) -> ConcernDraft:
    return ConcernDraft(
        children=(
            Involvement(child_id, ConcernRole.SUBJECT),
            *(Involvement(c, r) for c, r in others),
        ),
        occurred_at=when or datetime(2026, 3, 10, 10, 15, tzinfo=LONDON),
        categories=categories,
        facts=facts,
        child_words=words,
        location="Playground",
        significant=significant,
    )
