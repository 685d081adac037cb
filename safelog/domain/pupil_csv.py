"""Reading the pupil list a school exports from its MIS (SIMS, Arbor, Bromcom) as CSV.

:func:`parse_pupils_csv` turns the bytes of a file into checked :class:`PupilRow` values and
a list of problems, each a single sentence tied to the line of the file it is on. It never
raises for anything in the file and never writes anything: the caller shows the column mapping
and the problems, and saves nothing unless there are no problems at all.

What is accepted:

* encodings: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark (Excel's
  "Unicode text"), and Windows-1252 when the bytes are not valid UTF-8 (SIMS and Excel on older
  Windows); the choice is deterministic and reported in :attr:`PupilImport.encoding`;
* delimiters: comma, semicolon or tab, chosen by which one makes the header row recognisable
  (an Excel ``sep=;`` first line is obeyed); quoted values may hold delimiters, quotes and line
  breaks;
* headers: the names SIMS, Arbor and Bromcom use (see :data:`HEADER_ALIASES`), matched ignoring
  case, spaces and punctuation;
* dates: day/month/year only (never US order): ``13/11/2011``, ``3/9/2011``, ``13-11-2011``,
  ``13.11.2011``, ``13 Nov 2011``, ISO ``2011-11-13``, each optionally followed by a time such
  as ``00:00`` (SIMS reports add one).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from safelog.domain.pupils import ChildFlag, PupilRow, normalise_name, normalise_optional_text
from safelog.domain.upn import InvalidUPN, is_valid_upn, normalise_upn, validate_upn

__all__ = [
    "FIELD_LABELS",
    "HEADER_ALIASES",
    "MAX_AGE_YEARS",
    "REQUIRED_FIELDS",
    "PupilImport",
    "RowError",
    "parse_pupils_csv",
    "parse_uk_date",
]

MAX_AGE_YEARS = 25
"""A date of birth more than this many years before the import day is treated as a typo."""

REQUIRED_FIELDS: tuple[str, ...] = ("upn", "legal_surname", "legal_forename", "dob")

FIELD_LABELS: dict[str, str] = {
    "upn": "UPN",
    "legal_surname": "legal surname",
    "legal_forename": "legal forename",
    "preferred_forename": "preferred forename",
    "preferred_surname": "preferred surname",
    "dob": "date of birth",
    "gender": "gender",
    "year_group": "year group",
    "form": "form",
    "admission_date": "admission date",
    **{flag.value: flag.label for flag in ChildFlag},
}
"""Every field the importer can fill, in display order, with its name in plain English."""

# Header names per field, best first: when a file has several (say "Legal Surname" and
# "Surname"), the earliest in the tuple wins. Matching ignores case, spaces and punctuation, so
# "D.O.B." matches "DOB" and "Reg. Group" matches "Reg Group". Seen in public sources: SIMS .net
# report CSVs read by school IT scripts ("Legal Surname", "Legal Forename", "Preferred Surname",
# "Preferred Forename"); Bromcom's import guides ("Legal First Name", "Legal Last Name", "UPN",
# "Gender", "Year Group", "Tutor Group"); a pupil-data import template ("Preferred Name", "DOB",
# "NC Year", "Form/Tutor Group", "Admissions Date"). The others are the terms each MIS uses on
# screen (SIMS "Reg Group", Arbor "Registration form", DfE flag names) and are best guesses.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "upn": ("UPN", "Unique Pupil Number", "Pupil UPN", "Student UPN"),
    "legal_surname": (
        "Legal Surname", "Legal Last Name", "Legal Family Name", "Surname", "Last Name",
        "Family Name", "Student Surname", "Pupil Surname",
    ),
    "legal_forename": (
        "Legal Forename", "Legal First Name", "Legal Given Name", "Forename", "First Name",
        "Given Name", "Student Forename", "Pupil Forename",
    ),
    "preferred_forename": (
        "Preferred Forename", "Preferred First Name", "Preferred Given Name", "Known As",
        "Known As Forename", "Known As First Name", "Preferred Name",
    ),
    "preferred_surname": (
        "Preferred Surname", "Preferred Last Name", "Preferred Family Name", "Known As Surname",
        "Known As Last Name",
    ),
    "dob": ("DOB", "Date of Birth", "Birth Date", "Birthdate"),
    "gender": ("Gender", "Sex", "Legal Sex"),
    "year_group": (
        "Year Group", "Year", "NC Year", "National Curriculum Year", "Curriculum Year",
        "Year Taught In", "Yr", "Year Grp",
    ),
    "form": (
        "Reg Group", "Reg", "Registration Group", "Registration Form", "Reg Form", "Form",
        "Form Group", "Tutor Group", "Tutor Grp", "Form/Tutor Group", "Registration Class",
        "Class",
    ),
    "admission_date": (
        "Admission Date", "Date of Admission", "Admissions Date", "Adm Date", "Admission",
        "Enrolment Date", "Enrollment Date", "Start Date", "Date of Entry", "Entry Date",
    ),
    ChildFlag.CP_PLAN.value: (
        "CP Plan", "Child Protection Plan", "Child Protection", "On CP Plan", "CPP",
    ),
    ChildFlag.CIN.value: ("CIN", "Child in Need", "CIN Plan", "Child in Need Plan"),
    ChildFlag.LOOKED_AFTER.value: (
        "Looked After", "In Care", "CLA", "LAC", "In LA Care", "Child Looked After",
        "Looked After Child", "Looked After Status", "In Care Status",
    ),
    ChildFlag.EARLY_HELP.value: (
        "Early Help", "Early Help Plan", "Early Help Assessment", "EHA",
    ),
    ChildFlag.SEND.value: (
        "SEN Status", "SEND Status", "SEN", "SEND", "SEN Need", "SEN Provision", "SEN Stage",
        "Special Educational Needs",
    ),
    ChildFlag.YOUNG_CARER.value: ("Young Carer", "Is Young Carer", "Young Carer Status"),
    ChildFlag.EAL.value: (
        "EAL", "EAL Status", "English as an Additional Language", "First Language",
        "Home Language", "Language",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class RowError:
    """One problem with the file: the line it starts on (header = 1), the UPN as read if any,
    and one sentence saying what is wrong. File-wide problems use the header's line."""

    line: int
    upn: str | None
    reason: str


@dataclass(frozen=True)
class PupilImport:
    """Everything read from one file, good and bad, for a preview before anything is saved.

    ``mapping`` is our field (a key of :data:`FIELD_LABELS`) -> the file's header it was read
    from; ``rows`` are the pupils that passed every check, each with the line it starts on;
    ``errors`` lists every bad row (one error per row) or one file-wide problem; ``encoding`` is
    the codec the bytes were decoded with (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``,
    ``"cp1252"``) or ``"unknown"``; ``delimiter`` is the one used; ``headers`` are the file's
    column headers as read. Import is all-or-nothing: save nothing unless :attr:`ok`.
    """

    mapping: dict[str, str]
    rows: list[tuple[int, PupilRow]]
    errors: list[RowError]
    encoding: str
    delimiter: str = ","
    headers: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix: at least one pupil and no errors."""
        return not self.errors and bool(self.rows)


def _shown(text: str, limit: int = 40) -> str:
    """Quote a value from the file for a message: on one line, and cut short if very long."""
    flat = " ".join(text.split())
    return f"'{flat[:limit]}…'" if len(flat) > limit else f"'{flat}'"


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_TIME_SUFFIX = re.compile(r"[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\Z")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_MONTHNAME_YEAR = re.compile(r"([0-9]{1,2})[ \-]([A-Za-z]{3,9})\.?[ \-]([0-9]{4})")
_TWO_DIGIT_YEAR = re.compile(r"[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2}")


def parse_uk_date(text: str) -> date:
    """Read a date written the UK way, day before month; raise :class:`ValueError` otherwise.

    Accepts ``dd/mm/yyyy`` and ``d/m/yyyy`` with ``/``, ``-`` or ``.``; ``13 Nov 2011`` and
    ``13-November-2011``; ISO ``yyyy-mm-dd``; each with an optional trailing time. Never reads
    month first: ``11/13/2011`` is an error, not 13 November. The error message is one sentence
    that starts with the quoted text, e.g. ``"'31/02/2012' is not a real date."``.
    """
    raw = text.strip()
    value = _TIME_SUFFIX.sub("", raw)
    if match := _DAY_MONTH_YEAR.fullmatch(value):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _ISO_DATE.fullmatch(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif (match := _DAY_MONTHNAME_YEAR.fullmatch(value)) and match[2].casefold() in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2].casefold()], int(match[3])
    elif _TWO_DIGIT_YEAR.fullmatch(value):
        raise ValueError(f"{_shown(raw)} has a two-digit year; write it in full, as in 13/11/2011.")
    else:
        raise ValueError(f"{_shown(raw)} is not a date written day/month/year, as in 13/11/2011.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"{_shown(raw)} is not a real date (dates are read day/month/year)."
        ) from None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


# --- flags ---------------------------------------------------------------------------------

_YES = frozenset({"y", "yes", "true", "t", "1", "x", "✓", "✔"})
_NO = frozenset({"", "n", "no", "false", "f", "0"})
# SEN status: DfE codes are N (no special educational need), K (SEN support), E (EHC plan) and
# the older S, A and P; anything recorded other than "none" means the child has SEND.
_NO_SEN = frozenset(
    {"", "n", "no", "none", "nil", "na", "false", "f", "0", "nosen", "nosend", "notsen"}
    | {"nospecialeducationalneed", "nospecialeducationalneeds"}
)
_NO_SEN_CODE = re.compile(r"n\s*[-–:]", re.IGNORECASE)  # "N - No Special Educational Need"
# First-language column: DfE codes ENG/ENB are English (or believed to be), NOT/REF mean
# not obtained or refused; OTH/OTB and any named language other than English mean EAL.
_LANGUAGE_UNKNOWN = frozenset(
    {"", "not", "ref", "refused", "informationnotobtained", "informationrefused", "unknown"}
    | {"notknown", "notobtained", "na"}
)
_LANGUAGE_HEADERS = frozenset({"firstlanguage", "homelanguage", "language"})


def _key(text: str) -> str:
    """Case-, space- and punctuation-insensitive form of a header or coded value."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def _flag_value(flag: ChildFlag, header: str, value: str) -> bool:
    """Interpret one flag cell; raise ValueError with a clause for a value that means nothing."""
    cleaned = value.strip()
    folded = cleaned.casefold()
    if flag is ChildFlag.SEND:
        return _key(cleaned) not in _NO_SEN and not _NO_SEN_CODE.match(cleaned)
    if flag is ChildFlag.EAL and _key(header) in _LANGUAGE_HEADERS:
        key = _key(cleaned)
        if key in _LANGUAGE_UNKNOWN:
            return False
        if "otherthanenglish" in key or key in {"oth", "otb"}:
            return True
        return not ("english" in key or key.startswith(("eng", "enb")))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(f"the {_shown(header)} column has {_shown(cleaned)}, which is not yes or no")


# --- decoding --------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a value we read, even a tab or a line break is wrong (a name is one line of text).
_CELL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BINARY_SHARE = 0.01  # more control characters than this and the file is not text at all
_NOT_CSV = {
    b"PK\x03\x04": "an Excel workbook (.xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)",
    b"%PDF": "a PDF",
}
_SAVE_AS_CSV = "export the pupil list from the MIS again as CSV, or save it from Excel as CSV UTF-8"


class _FileProblem(Exception):
    """A problem with the file as a whole; the message is one sentence."""


def _decode(data: bytes) -> tuple[str, str]:
    """Decode deterministically; return (text, encoding) or raise _FileProblem."""
    for magic, what in _NOT_CSV.items():
        if data.startswith(magic):
            raise _FileProblem(f"This file is {what}, not a CSV file; {_SAVE_AS_CSV}.")
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "utf-16"
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            # Not UTF-8, so most likely an "ANSI" export from Windows: Windows-1252 is the
            # code page of English-language Windows and a superset of Latin-1's letters.
            return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise _FileProblem(
            f"This file is not text in UTF-8 or Windows-1252; {_SAVE_AS_CSV}."
        ) from None


def _check_text(text: str) -> None:
    controls = _CONTROL.findall(text)
    if "\x00" in controls or len(controls) > max(2, len(text) * _BINARY_SHARE):
        raise _FileProblem(f"This file holds binary data, not a CSV pupil list; {_SAVE_AS_CSV}.")
    if not text.strip():
        raise _FileProblem("The file is empty.")


# --- columns -------------------------------------------------------------------------------

_ALIAS_KEYS: dict[str, tuple[str, ...]] = {
    name: tuple(dict.fromkeys(_key(alias) for alias in aliases))
    for name, aliases in HEADER_ALIASES.items()
}
_DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"sep=(.)\r?\n", re.IGNORECASE)  # Excel's delimiter hint
_MAX_LISTED_HEADERS = 40


def _map_columns(headers: list[str]) -> dict[str, int]:
    """Our field -> column index, taking each field's best-ranked alias present in the file."""
    keys = [_key(header) for header in headers]
    mapping: dict[str, int] = {}
    for name, alias_keys in _ALIAS_KEYS.items():
        for alias_key in alias_keys:
            if alias_key in keys:
                mapping[name] = keys.index(alias_key)
                break
    return mapping


def _first_record(text: str, delimiter: str) -> list[str]:
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            # A row of bare delimiters is blank whichever delimiter the file really uses.
            if any(cell.strip("".join(_DELIMITERS) + " ") for cell in row):
                return row
    except csv.Error:
        pass
    return []


def _choose_delimiter(text: str) -> str:
    """The delimiter under which the header row is best recognised; ties go to the comma."""

    def score(delimiter: str) -> tuple[int, int]:
        header = _first_record(text, delimiter)
        return len(_map_columns(header)), len(header)

    return max(_DELIMITERS, key=score)  # max keeps the first of equals


def _listed(headers: list[str]) -> str:
    shown = [_shown(header) if header else "(blank)" for header in headers[:_MAX_LISTED_HEADERS]]
    more = len(headers) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _column_problem(headers: list[str], mapping: dict[str, int]) -> str | None:
    """One sentence if the header row cannot be used, else None."""
    if any(is_valid_upn(cell) for cell in headers):
        return (
            "The first row holds a pupil, not column headings; export the file again with its "
            "header row."
        )
    missing = [name for name in REQUIRED_FIELDS if name not in mapping]
    if missing:
        what = _or_list([f"the {FIELD_LABELS[name]}" for name in missing])
        examples = _or_list([f"'{HEADER_ALIASES[name][0]}'" for name in missing])
        return (
            f"The file has no column for {what} (a heading such as {examples}); the columns "
            f"found were: {_listed(headers)}."
        )
    keys = [_key(header) for header in headers]
    for index in mapping.values():
        columns = [str(i + 1) for i, key in enumerate(keys) if key == keys[index]]
        if len(columns) > 1:
            return (
                f"The column {_shown(headers[index])} appears more than once (columns "
                f"{_or_list(columns).replace(' or ', ' and ')}); remove the extra one and import "
                "again."
            )
    return None


def _csv_problem(error: csv.Error, line: int) -> str:
    detail = str(error)
    if "field larger" in detail:
        why = "a value is far too long, which usually means a quote is never closed"
    elif "end of data" in detail:
        why = "a quoted value is never closed"
    elif "expected after" in detail:
        why = "a closing quote is followed by more text in the same value"
    else:
        why = "its quoting is broken"
    return f"The file cannot be read from line {line} on: {why}; check the quotes on that line."


# --- rows ----------------------------------------------------------------------------------


_LOST_LETTER = re.compile("[?\ufffd]")


def _describe(char: str) -> str:
    if char in "\r\n\u2028\u2029":
        return "a line break"
    if char == "\t":
        return "a tab"
    return f"an invisible control character (U+{ord(char):04X})"


def _sentence(clauses: list[str]) -> str:
    """Join clauses into one sentence: 'A; b; c.' (acronyms such as 'UPN' keep their case)."""
    parts = [clause.rstrip(".") for clause in clauses]
    for i in range(1, len(parts)):
        part = parts[i]
        if part and not (len(part) > 1 and part[1].isupper()):
            parts[i] = part[0].lower() + part[1:]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


@dataclass
class _RowReader:
    """Checks one data row at a time; remembers UPNs to report duplicates."""

    headers: list[str]
    mapping: dict[str, int]
    today: date
    first_line_of: dict[str, int]

    def read(self, line: int, row: list[str]) -> PupilRow | RowError:
        width = len(self.headers)
        upn_text = normalise_upn(row[self.mapping["upn"]]) if len(row) > self.mapping["upn"] else ""
        upn_or_none = upn_text or None
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            return RowError(
                line,
                upn_or_none,
                f"This row has {len(row)} values but the header has {width}; a value holding "
                "the delimiter needs quotes around it.",
            )
        cells = {name: (row[i] if i < len(row) else "") for name, i in self.mapping.items()}
        clauses: list[str] = []
        for name, value in cells.items():
            if found := _CELL_CONTROL.search(value.strip()):
                clauses.append(f"the {FIELD_LABELS[name]} holds {_describe(found.group())}")
        if clauses:
            return RowError(line, upn_or_none, _sentence(clauses))

        upn = self._upn(line, upn_text, clauses)
        lost_letters = False
        names: dict[str, str | None] = {}
        for name in ("legal_surname", "legal_forename", "preferred_forename", "preferred_surname"):
            value = normalise_name(cells.get(name, ""))
            if name.startswith("legal") and not value:
                clauses.append(f"the {FIELD_LABELS[name]} is empty")
            elif lost := _LOST_LETTER.search(value):
                # Saving as "CSV (Comma delimited)" on Windows turns letters outside the code
                # page (Ł, ễ, any Arabic or Chinese) into '?'; no real name contains one.
                clauses.append(
                    f"the {FIELD_LABELS[name]} {_shown(value)} contains '{lost.group()}' where "
                    "a letter was probably lost"
                )
                lost_letters = True
            names[name] = value or None
        dob = self._date("dob", cells["dob"], clauses, required=True)
        if dob is not None:
            self._check_dob(dob, cells["dob"].strip(), clauses)
        admitted = self._date("admission_date", cells.get("admission_date", ""), clauses)
        if dob is not None and admitted is not None and admitted < dob:
            clauses.append("the admission date is before the date of birth")
        flags: set[ChildFlag] = set()
        for flag in ChildFlag:
            if flag.value in cells:
                try:
                    header = self.headers[self.mapping[flag.value]]
                    if _flag_value(flag, header, cells[flag.value]):
                        flags.add(flag)
                except ValueError as exc:
                    clauses.append(str(exc))
        if lost_letters:
            clauses.append("export the file again as CSV UTF-8")
        if clauses or upn is None or dob is None:
            return RowError(line, upn_or_none, _sentence(clauses))
        try:
            return PupilRow(
                upn=upn,
                legal_surname=names["legal_surname"] or "",
                legal_forename=names["legal_forename"] or "",
                preferred_forename=names["preferred_forename"],
                preferred_surname=names["preferred_surname"],
                dob=dob,
                gender=normalise_optional_text(cells.get("gender")),
                year_group=cells.get("year_group"),
                form=cells.get("form"),
                admission_date=admitted,
                flags=frozenset(flags),
            )
        except (ValueError, TypeError) as exc:  # a rule PupilRow enforces that we did not
            return RowError(line, upn_or_none, _sentence([str(exc)]))

    def _upn(self, line: int, text: str, clauses: list[str]) -> str | None:
        if not text:
            clauses.append("the UPN is empty")
            return None
        try:
            upn = validate_upn(text)
        except InvalidUPN as exc:
            clauses.append(str(exc))
            return None
        first = self.first_line_of.setdefault(upn, line)
        if first != line:
            clauses.append(f"the UPN '{upn}' appears on both line {first} and line {line}")
            return None
        return upn

    def _date(
        self, name: str, text: str, clauses: list[str], *, required: bool = False
    ) -> date | None:
        label = FIELD_LABELS[name]
        if not text.strip():
            if required:
                clauses.append(f"the {label} is empty")
            return None
        try:
            return parse_uk_date(text)
        except ValueError as exc:
            clauses.append(f"the {label} {exc}")
            return None

    def _check_dob(self, dob: date, raw: str, clauses: list[str]) -> None:
        if dob > self.today:
            clauses.append(f"the date of birth {_shown(raw)} is in the future")
        elif dob < _years_before(self.today, MAX_AGE_YEARS):
            clauses.append(
                f"the date of birth {_shown(raw)} is more than {MAX_AGE_YEARS} years ago"
            )


# --- the importer ----------------------------------------------------------------------------


def parse_pupils_csv(data: bytes, *, today: date | None = None) -> PupilImport:
    """Read an MIS pupil export; return every good row and every problem. Never raises.

    ``today`` (default: the local date) bounds the date of birth: a date in the future or more
    than :data:`MAX_AGE_YEARS` years before it is an error. Line numbers count the file's lines
    from 1 (the header, unless an Excel ``sep=`` line comes first) and a row that spans several
    lines (a quoted value with a line break) is reported at the line it starts on.

    File-wide problems (empty, not text, header only, a required column missing, broken quoting)
    come back as a single :class:`RowError`. Otherwise there is one :class:`RowError` per bad
    row, naming everything wrong with it; the rows that passed are returned as well, so the
    caller can show both, but nothing should be saved unless :attr:`PupilImport.ok`.
    """
    today = today or date.today()
    encoding = "unknown"
    try:
        text, encoding = _decode(data)
        _check_text(text)
    except _FileProblem as problem:
        return PupilImport({}, [], [RowError(1, None, str(problem))], encoding)

    offset = 0
    delimiter: str | None = None
    if sep := _SEP_LINE.match(text):
        delimiter, offset, text = sep[1], 1, text[sep.end() :]
    delimiter = delimiter or _choose_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)

    headers: list[str] | None = None
    header_line = 1 + offset
    mapping: dict[str, int] = {}
    row_reader: _RowReader | None = None
    rows: list[tuple[int, PupilRow]] = []
    errors: list[RowError] = []
    saw_data = False
    lines_read = 0
    while True:
        line = lines_read + 1 + offset
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(line, None, _csv_problem(exc, line)))
            break
        lines_read = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines and Excel's trailing ",,,," rows
        if row_reader is None:
            headers = [cell.replace("\ufeff", "").strip() for cell in record]
            header_line = line
            mapping = _map_columns(headers)
            if problem := _column_problem(headers, mapping):
                errors.append(RowError(line, None, problem))
                return _result(mapping, headers, [], errors, encoding, delimiter)
            row_reader = _RowReader(headers, mapping, today, {})
            continue
        saw_data = True
        result = row_reader.read(line, record)
        if isinstance(result, RowError):
            errors.append(result)
        else:
            rows.append((line, result))

    if headers is None:
        errors.append(RowError(1 + offset, None, "The file is empty."))
    elif not saw_data and not errors:
        errors.append(
            RowError(header_line, None, "The file has a header row but no pupils under it.")
        )
    return _result(mapping, headers or [], rows, errors, encoding, delimiter)


def _result(
    mapping: dict[str, int],
    headers: list[str],
    rows: list[tuple[int, PupilRow]],
    errors: list[RowError],
    encoding: str,
    delimiter: str,
) -> PupilImport:
    return PupilImport(
        mapping={name: headers[index] for name, index in mapping.items()},
        rows=rows,
        errors=errors,
        encoding=encoding,
        delimiter=delimiter,
        headers=tuple(headers),
    )
