"""The pupil as SafeLog imports it from the school's MIS: names, dates, year, form and flags.

Pure data: no database, no Qt. A :class:`PupilRow` always holds a valid UPN, non-empty legal
names and names in a canonical form, so every later layer can compare and store them as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from safelog.domain.upn import validate_upn

__all__ = [
    "ChildFlag",
    "PupilRow",
    "normalise_name",
    "normalise_optional_text",
    "normalise_year_group",
]


class ChildFlag(StrEnum):
    """Statuses a DSL needs to see at a glance on a child's record.

    The values are stable identifiers (stored in the vault); :attr:`label` is the plain-English
    wording for screens and exports.
    """

    CP_PLAN = "cp_plan"
    CIN = "cin"
    LOOKED_AFTER = "looked_after"
    EARLY_HELP = "early_help"
    SEND = "send"
    YOUNG_CARER = "young_carer"
    EAL = "eal"

    @property
    def label(self) -> str:
        """The flag as a school office would say it, e.g. ``"CP plan"``."""
        return _FLAG_LABELS[self]


_FLAG_LABELS: dict[ChildFlag, str] = {
    ChildFlag.CP_PLAN: "CP plan",
    ChildFlag.CIN: "Child in need",
    ChildFlag.LOOKED_AFTER: "Looked after",
    ChildFlag.EARLY_HELP: "Early help",
    ChildFlag.SEND: "SEND",
    ChildFlag.YOUNG_CARER: "Young carer",
    ChildFlag.EAL: "EAL",
}


def normalise_name(text: str) -> str:
    """Return a name exactly as given except for surrounding whitespace and Unicode form.

    Names are never title-cased, upper-cased or folded to ASCII: Łukasz, Siobhán, Nguyễn, محمد,
    王秀英, O'Brien and "De La Cruz" are kept letter for letter. The text is put in Unicode NFC
    because the same name typed on two systems can arrive as different code points (é as one
    precomposed character on Windows, as e plus a combining accent from a Mac or a web form); NFC
    makes the two compare, sort, search and de-duplicate as equal without changing how the name
    looks. NFC is applied before stripping so that no whitespace hides behind a combining mark.
    """
    return unicodedata.normalize("NFC", text).strip()


def normalise_optional_text(text: str | None) -> str | None:
    """Like :func:`normalise_name`, but an empty or all-whitespace value becomes ``None``."""
    if text is None:
        return None
    return normalise_name(text) or None


# Spellings MIS exports use for the years before Year 1 and for the sixth form. The keys are
# case-folded with spaces, dots, dashes and underscores removed (see _year_key).
_NAMED_YEARS: dict[str, str] = {
    "n": "Nursery",
    "nur": "Nursery",
    "nursery": "Nursery",
    "fs1": "Nursery",
    "n1": "Nursery 1",
    "nursery1": "Nursery 1",
    "n2": "Nursery 2",
    "nursery2": "Nursery 2",
    "r": "Reception",
    "rec": "Reception",
    "reception": "Reception",
    "yr": "Reception",  # "Year R"
    "yearr": "Reception",
    "fs2": "Reception",
    "l6": "Year 12",
    "l6th": "Year 12",
    "lower6": "Year 12",
    "lower6th": "Year 12",
    "lowersixth": "Year 12",
    "u6": "Year 13",
    "u6th": "Year 13",
    "upper6": "Year 13",
    "upper6th": "Year 13",
    "uppersixth": "Year 13",
}
_NUMBERED_YEAR = re.compile(r"(?:year|yr|y|ncyear|ncy|nc)?0*([0-9]{1,2})")
_HIGHEST_YEAR = 14  # some sixth forms and special schools have a Year 14


def _year_key(text: str) -> str:
    return re.sub(r"[\s._\-]+", "", text.casefold())


def normalise_year_group(text: str | None) -> str | None:
    """Return a year group in one spelling: ``"Year 9"``, ``"Reception"``, ``"Nursery"``.

    Accepts what SIMS, Arbor and Bromcom export (``"9"``, ``"09"``, ``"Y9"``, ``"Yr 9"``,
    ``"Year 9"``, ``"NC Year 9"``, ``"R"``, ``"Rec"``, ``"N1"``, ``"L6"`` …), case-insensitively.
    Years 1 to 14 are recognised. Anything else (``"X"`` for a mixed class, a school's own name)
    is kept as given, stripped, because a year group is shown to people, not computed on.
    Empty input gives ``None``.
    """
    cleaned = normalise_optional_text(text)
    if cleaned is None:
        return None
    key = _year_key(cleaned)
    if key in _NAMED_YEARS:
        return _NAMED_YEARS[key]
    match = _NUMBERED_YEAR.fullmatch(key)
    if match and 1 <= int(match.group(1)) <= _HIGHEST_YEAR:
        return f"Year {int(match.group(1))}"
    return cleaned


@dataclass(frozen=True)
class PupilRow:
    """One pupil as read from an MIS export, already checked and put in canonical form.

    Construction normalises and validates, so holding a ``PupilRow`` means: the UPN is valid
    (and normalised, e.g. upper-case), the legal surname and forename are non-empty, every name
    is NFC and stripped (never re-cased), empty optional text is ``None``, the year group is
    normalised by :func:`normalise_year_group`, and ``flags`` is a ``frozenset`` of
    :class:`ChildFlag`. Raises :class:`~safelog.domain.upn.InvalidUPN` or :class:`ValueError`
    (one sentence) for bad values, :class:`TypeError` if a date is not a plain ``date``.

    Whether the date of birth is plausible depends on the day of the import and is checked by
    the importer, not here.
    """

    upn: str
    legal_surname: str
    legal_forename: str
    preferred_forename: str | None
    preferred_surname: str | None
    dob: date
    gender: str | None = None
    year_group: str | None = None
    form: str | None = None
    admission_date: date | None = None
    flags: frozenset[ChildFlag] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Frozen: normalised values are written once, here, through object.__setattr__.
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        put("upn", validate_upn(self.upn))
        for name, label in (("legal_surname", "surname"), ("legal_forename", "forename")):
            value = normalise_name(getattr(self, name))
            if not value:
                raise ValueError(f"A pupil's legal {label} cannot be empty.")
            put(name, value)
        for name in ("preferred_forename", "preferred_surname", "gender", "form"):
            put(name, normalise_optional_text(getattr(self, name)))
        put("year_group", normalise_year_group(self.year_group))
        _require_plain_date("dob", self.dob)
        if self.admission_date is not None:
            _require_plain_date("admission_date", self.admission_date)
        put("flags", frozenset(ChildFlag(flag) for flag in self.flags))


def _require_plain_date(name: str, value: object) -> None:
    # datetime is a subclass of date; a time of day on a date of birth would break equality
    # and sorting against plain dates elsewhere, so it is refused rather than truncated.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}.")
