"""The pupil model and the MIS CSV importer: real-looking exports, every bad row, many scripts."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safelog.domain.pupil_csv import (
    FIELD_LABELS,
    HEADER_ALIASES,
    PupilImport,
    RowError,
    parse_pupils_csv,
    parse_uk_date,
)
from safelog.domain.pupils import (
    ChildFlag,
    PupilRow,
    normalise_name,
    normalise_year_group,
)
from safelog.domain.upn import InvalidUPN, make_upn

DATA = Path(__file__).parent / "data"
TODAY = date(2025, 11, 21)
OLDEST_DOB = date(2000, 11, 21)  # exactly 25 years before TODAY: still accepted

# Fictional names in many scripts, each exactly as a school would record it.
MANY_SCRIPTS = [
    ("Nowak", "Łukasz"),
    ("O'Brien", "Siobhán"),
    ("Brontë", "Zoë"),
    ("Nguyễn", "Thị Lan"),
    ("Ødegård", "Ingrid"),
    ("عبدالله", "محمد"),
    ("王", "秀英"),
    ("Smith-Jones", "Mary Anne"),
    ("De La Cruz", "José María"),
    ("Ó Súilleabháin", "Seán"),
    ("Yıldız", "Çağla"),
    ("Иванова", "Анастасия"),
    ("Παπαδοπούλου", "Σοφία"),
    ("Weiß", "Jürgen"),
    ("Jónsdóttir", "Þórdís"),
    ("김", "민준"),
    ("शर्मा", "अनन्या"),
    ("כהן", "נועה"),
    ("ap Llŷr", "Dafydd"),
    ("mcDONALD", "eMMA"),  # odd casing is kept: the MIS is the authority, not us
]


def upn(serial: int, la: int = 879) -> str:
    return make_upn(la, 4321, 20, serial)


def csv_bytes(
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    newline: str = "\r\n",
) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(encoding)


def parse(data: bytes) -> PupilImport:
    return parse_pupils_csv(data, today=TODAY)


def parse_rows(rows: list[list[str]]) -> PupilImport:
    return parse(csv_bytes(rows))


def errors_of(result: PupilImport) -> list[tuple[int, str | None, str]]:
    return [(e.line, e.upn, e.reason) for e in result.errors]


MINIMAL_HEADER = ["UPN", "Legal Surname", "Legal Forename", "DOB"]


# --- the pupil model -----------------------------------------------------------------------


def test_child_flags_have_stable_values_and_plain_labels() -> None:
    assert {flag.value: flag.label for flag in ChildFlag} == {
        "cp_plan": "CP plan",
        "cin": "Child in need",
        "looked_after": "Looked after",
        "early_help": "Early help",
        "send": "SEND",
        "young_carer": "Young carer",
        "eal": "EAL",
    }
    assert ChildFlag("eal") is ChildFlag.EAL
    assert ChildFlag.EAL == "eal"  # StrEnum: stores and compares as its value


@pytest.mark.parametrize(("surname", "forename"), MANY_SCRIPTS)
def test_pupil_row_keeps_names_letter_for_letter(surname: str, forename: str) -> None:
    row = PupilRow(upn(1), f"  {surname}\t", f"\u00a0{forename} ", None, None, date(2012, 1, 1))
    assert (row.legal_surname, row.legal_forename) == (surname, forename)


def test_names_typed_on_two_systems_compare_equal() -> None:
    decomposed = "Zoe\u0308"  # e + combining diaeresis, as a Mac or a web form may send it
    assert decomposed != "Zoë"
    row = PupilRow(upn(1), "Bronte\u0308", decomposed, "Zoe\u0308", None, date(2012, 1, 1))
    assert (row.legal_surname, row.legal_forename, row.preferred_forename) == (
        "Brontë",
        "Zoë",
        "Zoë",
    )
    assert normalise_name(decomposed) == unicodedata.normalize("NFC", "Zoë")


def test_pupil_row_normalises_and_validates() -> None:
    row = PupilRow(
        upn=" d879 4321 20001 ",
        legal_surname="Nowak",
        legal_forename="Łukasz",
        preferred_forename="  ",
        preferred_surname="",
        dob=date(2012, 5, 4),
        gender=" M ",
        year_group="09",
        form=" 9RB ",
        flags=frozenset({ChildFlag.EAL, "send"}),  # type: ignore[arg-type]
    )
    assert row.upn == upn(1)
    assert row.preferred_forename is None and row.preferred_surname is None
    assert (row.gender, row.year_group, row.form) == ("M", "Year 9", "9RB")
    assert row.flags == frozenset({ChildFlag.EAL, ChildFlag.SEND})
    assert all(type(flag) is ChildFlag for flag in row.flags)


def test_pupil_row_refuses_what_it_cannot_hold() -> None:
    with pytest.raises(InvalidUPN):
        PupilRow("A879432119001", "Taylor", "Amelia", None, None, date(2011, 11, 13))
    with pytest.raises(ValueError, match="legal surname cannot be empty"):
        PupilRow(upn(1), " ", "Amelia", None, None, date(2011, 11, 13))
    with pytest.raises(ValueError, match="legal forename cannot be empty"):
        PupilRow(upn(1), "Taylor", "", None, None, date(2011, 11, 13))
    with pytest.raises(TypeError, match="dob must be a datetime.date"):
        PupilRow(upn(1), "Taylor", "Amelia", None, None, datetime(2011, 11, 13))
    with pytest.raises(TypeError, match="admission_date"):
        PupilRow(
            upn(1),
            "Taylor",
            "Amelia",
            None,
            None,
            date(2011, 11, 13),
            admission_date="x",  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    ("given_text", "expected"),
    [
        ("9", "Year 9"),
        ("09", "Year 9"),
        ("Y9", "Year 9"),
        ("yr 9", "Year 9"),
        ("Year 9", "Year 9"),
        ("YEAR-9", "Year 9"),
        ("NC Year 9", "Year 9"),
        ("13", "Year 13"),
        ("14", "Year 14"),
        ("R", "Reception"),
        ("Rec", "Reception"),
        ("YR", "Reception"),
        ("Year R", "Reception"),
        ("N", "Nursery"),
        ("Nursery", "Nursery"),
        ("N1", "Nursery 1"),
        ("N2", "Nursery 2"),
        ("L6", "Year 12"),
        ("Upper Sixth", "Year 13"),
        ("X", "X"),  # a mixed-age class keeps the school's own word
        ("15", "15"),
        ("0", "0"),
        ("  Sunflowers ", "Sunflowers"),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_year_groups_come_out_in_one_spelling(given_text: str | None, expected: str | None) -> None:
    assert normalise_year_group(given_text) == expected


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/11/2011", date(2011, 11, 13)),
        ("01/02/2012", date(2012, 2, 1)),  # 1 February, never 2 January
        ("1/2/2012", date(2012, 2, 1)),
        ("13-11-2011", date(2011, 11, 13)),
        ("13.11.2011", date(2011, 11, 13)),
        ("2011-11-13", date(2011, 11, 13)),
        ("2011-11-13T00:00:00", date(2011, 11, 13)),
        ("13/11/2011 00:00", date(2011, 11, 13)),
        ("13/11/2011 00:00:00", date(2011, 11, 13)),
        ("13 Nov 2011", date(2011, 11, 13)),
        ("13-Nov-2011", date(2011, 11, 13)),
        ("13 September 2011", date(2011, 9, 13)),
        ("29/02/2012", date(2012, 2, 29)),
        (" 13/11/2011 ", date(2011, 11, 13)),
    ],
)
def test_uk_dates_are_read_day_first(text: str, expected: date) -> None:
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("11/13/2011", "'11/13/2011' is not a real date (dates are read day/month/year)."),
        ("31/02/2012", "'31/02/2012' is not a real date (dates are read day/month/year)."),
        ("29/02/2013", "'29/02/2013' is not a real date (dates are read day/month/year)."),
        ("13/11/11", "'13/11/11' has a two-digit year; write it in full, as in 13/11/2011."),
        ("13/11-2011", "'13/11-2011' is not a date written day/month/year, as in 13/11/2011."),
        ("Nov 13 2011", "'Nov 13 2011' is not a date written day/month/year, as in 13/11/2011."),
        ("2011/11/13", "'2011/11/13' is not a date written day/month/year, as in 13/11/2011."),
        ("soon", "'soon' is not a date written day/month/year, as in 13/11/2011."),
        ("١٣/١١/٢٠١١", "'١٣/١١/٢٠١١' is not a date written day/month/year, as in 13/11/2011."),
    ],
)
def test_other_dates_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_uk_date(text)
    assert str(caught.value) == message


def test_date_of_birth_bounds() -> None:
    rows = [
        MINIMAL_HEADER,
        [upn(1), "Oldest", "Allowed", "21/11/2000"],  # exactly 25 years: fine
        [upn(2), "Too", "Old", "20/11/2000"],
        [upn(3), "Born", "Today", "21/11/2025"],
        [upn(4), "Born", "Tomorrow", "22/11/2025"],
    ]
    result = parse_rows(rows)
    assert [line for line, _ in result.rows] == [2, 4]
    assert errors_of(result) == [
        (3, upn(2), "The date of birth '20/11/2000' is more than 25 years ago."),
        (5, upn(4), "The date of birth '22/11/2025' is in the future."),
    ]


def test_today_defaults_to_the_local_date() -> None:
    tomorrow = date.today() + timedelta(days=1)
    rows = [MINIMAL_HEADER, [upn(1), "Born", "Tomorrow", tomorrow.strftime("%d/%m/%Y")]]
    assert "in the future" in parse_pupils_csv(csv_bytes(rows)).errors[0].reason


# --- the shared sample and the fixture exports ------------------------------------------------


def test_shared_sample_parses_completely() -> None:
    result = parse((DATA / "pupils-sample.csv").read_bytes())
    assert result.ok, result.errors
    assert result.encoding == "utf-8"
    assert len(result.rows) == 60
    assert [line for line, _ in result.rows] == list(range(2, 62))
    assert result.mapping == {
        "upn": "UPN",
        "legal_surname": "Legal Surname",
        "legal_forename": "Legal Forename",
        "preferred_forename": "Preferred Forename",
        "dob": "DOB",
        "gender": "Gender",
        "year_group": "Year",
        "form": "Reg",
        "admission_date": "Admission Date",
    }
    first = result.rows[0][1]
    assert first == PupilRow(
        upn="R879432119001",
        legal_surname="Taylor",
        legal_forename="Amelia",
        preferred_forename=None,
        preferred_surname=None,
        dob=date(2011, 11, 13),
        gender="F",
        year_group="Year 9",
        form="9A",
        admission_date=date(2020, 9, 9),
    )
    by_upn = {row.upn: row for _, row in result.rows}
    assert by_upn["U879432115006"].legal_surname == "O'Brien"
    assert by_upn["U879432115006"].legal_forename == "Siobhán"
    assert by_upn["X879432115010"].legal_surname == "Brontë"
    assert by_upn["X879432116009"].preferred_forename == "Ivy"


def test_sims_export_utf8_with_bom() -> None:
    result = parse((DATA / "sims-utf8-bom.csv").read_bytes())
    assert result.ok, result.errors
    assert result.encoding == "utf-8-sig"
    assert result.mapping["upn"] == "UPN"  # the BOM is not part of the first header
    assert result.mapping["year_group"] == "NC Year"
    assert result.mapping["form"] == "Reg Group"
    assert result.mapping["send"] == "SEN Status"
    assert result.mapping["looked_after"] == "In Care"
    # Line 4 holds a note with a line break, so the next pupil starts on line 6.
    assert [line for line, _ in result.rows] == [2, 3, 4, 6, 7, 8, 9, 10]
    rows = [row for _, row in result.rows]
    assert [(r.legal_surname, r.legal_forename) for r in rows] == [
        ("Nowak", "Łukasz"),
        ("O'Brien", "Siobhán"),
        ("Brontë", "Zoë"),
        ("Nguyễn", "Thị Lan"),
        ("Ødegård", "Ingrid"),
        ("عبدالله", "محمد"),
        ("王", "秀英"),
        ("Smith-Jones", "Mary Anne"),
    ]
    assert [r.year_group for r in rows] == [
        "Year 9", "Year 8", "Reception", "Year 9", "Year 10", "Year 10", "Year 8", "Year 10",
    ]  # fmt: skip
    assert [r.dob for r in rows][:5] == [
        date(2012, 5, 4), date(2013, 3, 17), date(2021, 2, 1), date(2012, 2, 29),
        date(2011, 11, 30),
    ]  # fmt: skip
    assert rows[1].preferred_forename == "Shiv"
    assert rows[7].preferred_surname == "De La Cruz"
    assert rows[0].flags == {ChildFlag.EAL}
    assert rows[1].flags == {ChildFlag.SEND, ChildFlag.YOUNG_CARER}
    assert rows[2].flags == {ChildFlag.SEND, ChildFlag.LOOKED_AFTER}
    assert rows[4].flags == frozenset()  # blank flag cells mean no


def test_arbor_export() -> None:
    result = parse((DATA / "arbor-utf8.csv").read_bytes())
    assert result.ok, result.errors
    assert result.mapping == {
        "upn": "UPN",
        "legal_surname": "Legal last name",
        "legal_forename": "Legal first name",
        "preferred_forename": "Preferred first name",
        "dob": "Date of birth",
        "gender": "Gender",
        "year_group": "Year group",
        "form": "Registration form",
        "admission_date": "Start date",
        "looked_after": "Looked after",
        "send": "SEN status",
        "eal": "First language",
    }
    rows = [row for _, row in result.rows]
    assert (rows[0].legal_forename, rows[0].legal_surname) == ("Seán", "Ó Súilleabháin")
    assert rows[0].flags == frozenset()  # English, not looked after, no SEN
    assert rows[1].flags == {ChildFlag.EAL, ChildFlag.LOOKED_AFTER, ChildFlag.SEND}
    assert rows[2].flags == frozenset()  # "ENB": believed to be English
    assert rows[2].year_group == "Reception"
    assert rows[2].admission_date == date(2025, 9, 1)


def test_bromcom_export_semicolons() -> None:
    result = parse((DATA / "bromcom-semicolon.csv").read_bytes())
    assert result.ok, result.errors
    assert result.delimiter == ";"
    assert result.mapping["legal_forename"] == "Legal First Name"
    assert result.mapping["legal_surname"] == "Legal Last Name"
    assert result.mapping["dob"] == "Birth Date"
    assert result.mapping["form"] == "Tutor Group"
    assert result.mapping["looked_after"] == "In LA Care"
    first, second = (row for _, row in result.rows)
    assert (first.legal_forename, first.form, first.dob) == (
        "Þórdís",
        "9T; Upper",
        date(2012, 4, 5),
    )
    assert first.flags == {ChildFlag.EARLY_HELP}  # "N - No Special Educational Need" is not SEND
    assert second.flags == {ChildFlag.SEND, ChildFlag.LOOKED_AFTER, ChildFlag.CP_PLAN}


def test_sims_export_in_windows_1252() -> None:
    data = (DATA / "sims-cp1252.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    result = parse(data)
    assert result.ok, result.errors
    assert result.encoding == "cp1252"
    assert [(r.legal_surname, r.legal_forename) for _, r in result.rows] == [
        ("Brontë", "Zoë"),
        ("O'Brien", "Siobhán"),
        ("Ødegård", "Renée"),
    ]


def test_every_bad_row_is_reported_with_its_line() -> None:
    result = parse((DATA / "bad-rows.csv").read_bytes())
    assert not result.ok
    dup = upn(20)
    assert errors_of(result) == [
        (
            3,
            "A879432119001",
            "The check letter of 'A879432119001' should be R; check the UPN was copied correctly.",
        ),
        (4, "X12", "A UPN has 13 characters; 'X12' has 3."),
        (
            6,  # the note on line 4 spans two lines
            dup,
            "The legal surname is empty; the date of birth '31/02/2012' is not a real date "
            "(dates are read day/month/year).",
        ),
        (7, upn(22), "The date of birth '01/01/2031' is in the future."),
        (8, upn(23), "The date of birth '01/01/1990' is more than 25 years ago."),
        (
            9,
            upn(24),
            "The date of birth '11/13/2011' is not a real date (dates are read day/month/year).",
        ),
        (10, dup, f"The UPN '{dup}' appears on both line 6 and line 10."),
        (11, None, "The UPN is empty."),
        (12, upn(25), "The date of birth is empty."),
    ]
    # The good rows come back too, for the preview; the caller saves nothing while errors exist.
    assert [(line, row.legal_forename) for line, row in result.rows] == [(2, "Row"), (13, "Good")]


# --- encodings and delimiters --------------------------------------------------------------


def _many_scripts_rows() -> list[list[str]]:
    return [
        MINIMAL_HEADER,
        *([upn(i), surname, forename, "01/09/2012"] for i, (surname, forename) in
          enumerate(MANY_SCRIPTS, start=1)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_names_in_many_scripts_round_trip_exactly(
    encoding: str, reported: str, delimiter: str
) -> None:
    data = csv_bytes(_many_scripts_rows(), delimiter=delimiter, encoding=encoding)
    result = parse(data)
    assert result.ok, result.errors
    assert (result.encoding, result.delimiter) == (reported, delimiter)
    assert [(r.legal_surname, r.legal_forename) for _, r in result.rows] == MANY_SCRIPTS


def test_bom_and_no_bom_give_the_same_rows() -> None:
    plain = csv_bytes(_many_scripts_rows())
    with_bom = codecs.BOM_UTF8 + plain
    assert parse(plain).rows == parse(with_bom).rows
    assert parse(with_bom).encoding == "utf-8-sig"


def test_excel_sep_line_is_obeyed() -> None:
    data = b"sep=;\r\n" + csv_bytes([MINIMAL_HEADER, [upn(1), "Taylor", "Amelia", "13/11/2011"]],
                                    delimiter=";")  # fmt: skip
    result = parse(data)
    assert result.ok, result.errors
    assert result.delimiter == ";"
    assert result.rows[0][0] == 3  # the sep line is line 1, the header line 2


def test_quoted_values_keep_commas_quotes_and_line_breaks() -> None:
    rows = [
        [*MINIMAL_HEADER, "Preferred Forename", "Notes"],
        [upn(1), 'Smith, "Jnr"', "Mary\nAnne", "13/11/2011", 'Mo, "Mo"', "one\r\ntwo\nthree"],
        [upn(2), "Taylor", "Amelia", "13/11/2011", "", ""],
    ]
    result = parse_rows(rows)
    assert not result.ok  # a name is one line of text
    assert errors_of(result) == [(2, upn(1), "The legal forename holds a line break.")]
    assert result.rows[0][0] == 6  # lines 2-5 are the first record

    rows[1][2] = "Mary Anne"
    result = parse_rows(rows)
    assert result.ok, result.errors
    first = result.rows[0][1]
    assert (first.legal_surname, first.preferred_forename) == ('Smith, "Jnr"', 'Mo, "Mo"')


# --- headers -------------------------------------------------------------------------------

HEADER_VARIANTS = {
    "sims": ["UPN", "Legal Surname", "Legal Forename", "Date of Birth", "Year", "Reg"],
    "sims-older": ["UPN", "Surname", "Forename", "DOB", "Year Group", "Reg Group"],
    "arbor": ["UPN", "Legal last name", "Legal first name", "Date of birth", "Year group",
              "Registration form"],
    "bromcom": ["UPN", "Legal Last Name", "Legal First Name", "Birth Date", "Year Group",
                "Tutor Group"],
    "punctuation": ["U.P.N.", "legal_surname", "LEGAL FORENAME", "D.O.B.", "NC-Year",
                    "Reg. Group"],
}  # fmt: skip


@pytest.mark.parametrize("style", sorted(HEADER_VARIANTS))
def test_header_variants_of_each_mis(style: str) -> None:
    header = HEADER_VARIANTS[style]
    result = parse_rows([header, [upn(1), "Taylor", "Amelia", "13/11/2011", "9", "9A"]])
    assert result.ok, result.errors
    assert list(result.mapping) == [
        "upn", "legal_surname", "legal_forename", "dob", "year_group", "form",
    ]  # fmt: skip
    assert list(result.mapping.values()) == header
    row = result.rows[0][1]
    assert (row.legal_surname, row.dob, row.year_group, row.form) == (
        "Taylor",
        date(2011, 11, 13),
        "Year 9",
        "9A",
    )


def test_legal_names_win_over_plain_and_preferred_ones() -> None:
    header = ["Forename", "Surname", "Preferred Forename", "Legal Forename", "Legal Surname",
              "UPN", "DOB"]  # fmt: skip
    result = parse_rows([header, ["Amy", "Tay", "Mimi", "Amelia", "Taylor", upn(1), "1/1/2012"]])
    row = result.rows[0][1]
    assert (row.legal_forename, row.legal_surname, row.preferred_forename) == (
        "Amelia",
        "Taylor",
        "Mimi",
    )


REQUIRED = ["upn", "legal_surname", "legal_forename", "dob"]


@pytest.mark.parametrize(
    ("name", "alias"),
    [(name, alias) for name, aliases in HEADER_ALIASES.items() for alias in aliases],
)
def test_every_alias_maps_to_its_field_and_to_no_other(name: str, alias: str) -> None:
    assert name in FIELD_LABELS
    header = list(MINIMAL_HEADER)
    values = [upn(1), "Taylor", "Amelia", "13/11/2011"]
    if name in REQUIRED:
        header[REQUIRED.index(name)] = alias
    else:
        header.append(alias)
        values.append("")
    result = parse_rows([header, values])
    assert result.ok, result.errors
    assert result.mapping[name] == alias
    assert set(result.mapping) == {*REQUIRED, name}


def test_missing_required_column_is_one_error_naming_it_and_the_headers_seen() -> None:
    rows = [["UPN", "Surname", "Forename"], *([upn(i), "A", "B"] for i in range(1, 30))]
    result = parse_rows(rows)
    assert errors_of(result) == [
        (
            1,
            None,
            "The file has no column for the date of birth (a heading such as 'DOB'); the "
            "columns found were: 'UPN', 'Surname', 'Forename'.",
        )
    ]
    assert result.rows == []


def test_several_missing_columns_are_named_in_the_one_error() -> None:
    result = parse_rows([["Pupil", "Born", ""], ["Amelia Taylor", "13/11/2011", ""]])
    assert errors_of(result) == [
        (
            1,
            None,
            "The file has no column for the UPN, the legal surname, the legal forename or the "
            "date of birth (a heading such as 'UPN', 'Legal Surname', 'Legal Forename' or "
            "'DOB'); the columns found were: 'Pupil', 'Born', (blank).",
        )
    ]


def test_a_file_without_a_header_row_is_explained() -> None:
    result = parse_rows([[upn(1), "Taylor", "Amelia", "13/11/2011"]])
    assert errors_of(result) == [
        (
            1,
            None,
            "The first row holds a pupil, not column headings; export the file again with its "
            "header row.",
        )
    ]


def test_a_column_given_twice_is_refused() -> None:
    result = parse_rows([[*MINIMAL_HEADER, "upn"], [upn(1), "Taylor", "Amelia", "1/1/2012", "x"]])
    assert errors_of(result) == [
        (
            1,
            None,
            "The column 'UPN' appears more than once (columns 1 and 5); remove the extra one "
            "and import again.",
        )
    ]


# --- file-wide problems --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\r\n\r\n  \n", "The file is empty."),
        (codecs.BOM_UTF8, "The file is empty."),
        (b",,,\r\n,,,\r\n", "The file is empty."),
        (
            b"UPN,Legal Surname,Legal Forename,DOB\r\n",
            "The file has a header row but no pupils under it.",
        ),
        (
            b"UPN,Legal Surname,Legal Forename,DOB\r\n,,,\r\n\r\n",
            "The file has a header row but no pupils under it.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "This file holds binary data, not a CSV pupil list; export the pupil list from the "
            "MIS again as CSV, or save it from Excel as CSV UTF-8.",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "This file is an Excel workbook (.xlsx), not a CSV file; export the pupil list from "
            "the MIS again as CSV, or save it from Excel as CSV UTF-8.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "This file is an old Excel workbook (.xls), not a CSV file; export the pupil list "
            "from the MIS again as CSV, or save it from Excel as CSV UTF-8.",
        ),
        (
            b"UPN,Name\r\n\x81\x8d\x8f\x90\x9d",  # bytes neither UTF-8 nor Windows-1252 define
            "This file is not text in UTF-8 or Windows-1252; export the pupil list from the MIS "
            "again as CSV, or save it from Excel as CSV UTF-8.",
        ),
    ],
)
def test_file_wide_problems_are_one_clear_error(data: bytes, message: str) -> None:
    result = parse(data)
    assert errors_of(result) == [(1, None, message)]
    assert result.rows == []
    assert not result.ok


def test_broken_quoting_stops_the_read_at_the_line_it_starts() -> None:
    data = csv_bytes([MINIMAL_HEADER, ["A879432119001", "Bad", "Upn", "1/1/2012"]]) + (
        b'X879432115008,"Taylor,Jayden,15/02/2011\r\nsome more\r\n'
    )
    result = parse(data)
    assert errors_of(result) == [
        (
            2,
            "A879432119001",
            "The check letter of 'A879432119001' should be R; check the UPN was copied correctly.",
        ),
        (
            3,
            None,
            "The file cannot be read from line 3 on: a quoted value is never closed; check the "
            "quotes on that line.",
        ),
    ]


# --- row problems ----------------------------------------------------------------------------


def test_a_row_with_too_many_values_is_refused_rather_than_shifted() -> None:
    rows = [
        MINIMAL_HEADER,
        [upn(1), "O'Brien", "Jnr", "Siobhán", "13/11/2011"],  # an unquoted comma split a name
        [upn(2), "Taylor", "Amelia", "13/11/2011", "", ""],  # trailing empty cells are harmless
    ]
    result = parse_rows(rows)
    assert errors_of(result) == [
        (
            2,
            upn(1),
            "This row has 5 values but the header has 4; a value holding the delimiter needs "
            "quotes around it.",
        )
    ]
    assert [line for line, _ in result.rows] == [3]


def test_a_short_row_reads_missing_cells_as_empty() -> None:
    result = parse_rows([MINIMAL_HEADER, [upn(1), "Taylor"]])
    assert errors_of(result) == [
        (2, upn(1), "The legal forename is empty; the date of birth is empty.")
    ]


def test_letters_lost_by_an_ansi_save_are_caught() -> None:
    # Excel's "CSV (Comma delimited)" writes Windows-1252 and turns Ł and ễ into '?'.
    data = (
        csv_bytes([MINIMAL_HEADER, [upn(1), "Nguyễn", "Zoë Łucja", "13/11/2011"]], encoding="utf-8")
        .decode("utf-8")
        .encode("cp1252", errors="replace")
    )
    result = parse(data)
    assert result.encoding == "cp1252"
    assert errors_of(result) == [
        (
            2,
            upn(1),
            "The legal surname 'Nguy?n' contains '?' where a letter was probably lost; the "
            "legal forename 'Zoë ?ucja' contains '?' where a letter was probably lost; export the "
            "file again as CSV UTF-8.",
        )
    ]


@pytest.mark.parametrize(
    ("value", "flagged"),
    [
        ("N", False), ("", False), ("No", False), ("None", False), ("No SEN", False),
        ("N - No Special Educational Need", False),
        ("K", True), ("E", True), ("S", True), ("K - SEN Support", True), ("EHC Plan", True),
        ("Y", True), ("Yes", True),
    ],
)  # fmt: skip
def test_sen_status_values(value: str, flagged: bool) -> None:
    result = parse_rows([[*MINIMAL_HEADER, "SEN Status"], [upn(1), "T", "A", "1/1/2012", value]])
    assert (ChildFlag.SEND in result.rows[0][1].flags) is flagged


@pytest.mark.parametrize(
    ("value", "flagged"),
    [
        ("English", False), ("ENG", False), ("ENB", False), ("Believed to be English", False),
        ("ENG - English", False), ("NOT", False), ("REF", False), ("", False),
        ("Polish", True), ("POL", True), ("OTB", True), ("Other than English", True),
        ("Believed to be other than English", True), ("Urdu", True),
    ],
)  # fmt: skip
def test_first_language_other_than_english_means_eal(value: str, flagged: bool) -> None:
    header = [*MINIMAL_HEADER, "First Language"]
    result = parse_rows([header, [upn(1), "T", "A", "1/1/2012", value]])
    assert (ChildFlag.EAL in result.rows[0][1].flags) is flagged


def test_an_eal_column_wins_over_first_language() -> None:
    header = [*MINIMAL_HEADER, "First Language", "EAL"]
    result = parse_rows([header, [upn(1), "T", "A", "1/1/2012", "Polish", "N"]])
    assert result.mapping["eal"] == "EAL"
    assert result.rows[0][1].flags == frozenset()


@pytest.mark.parametrize(
    "header", ["In Care", "Looked After", "CLA", "Young Carer", "CP Plan", "CIN", "Early Help"]
)
@pytest.mark.parametrize(
    ("value", "flagged"),
    [("Y", True), ("yes", True), ("TRUE", True), ("1", True), ("N", False), ("no", False),
     ("False", False), ("0", False), ("", False)],
)  # fmt: skip
def test_yes_no_flags(header: str, value: str, flagged: bool) -> None:
    result = parse_rows([[*MINIMAL_HEADER, header], [upn(1), "T", "A", "1/1/2012", value]])
    assert result.ok, result.errors
    assert bool(result.rows[0][1].flags) is flagged


def test_a_flag_value_that_means_nothing_is_an_error_not_a_guess() -> None:
    result = parse_rows([[*MINIMAL_HEADER, "CP Plan"], [upn(1), "T", "A", "1/1/2012", "maybe"]])
    assert errors_of(result) == [
        (2, upn(1), "The 'CP Plan' column has 'maybe', which is not yes or no.")
    ]


def test_admission_before_birth_is_an_error() -> None:
    header = [*MINIMAL_HEADER, "Admission Date"]
    result = parse_rows([header, [upn(1), "T", "A", "01/01/2012", "31/12/2011"]])
    assert errors_of(result) == [(2, upn(1), "The admission date is before the date of birth.")]


def test_every_bad_row_is_reported_not_just_the_first() -> None:
    rows = [MINIMAL_HEADER] + [[f"BAD{i}", "T", "A", "1/1/2012"] for i in range(200)]
    result = parse_rows(rows)
    assert [(e.line, e.upn, e.reason) for e in result.errors] == [
        (i + 2, f"BAD{i}", f"A UPN has 13 characters; 'BAD{i}' has {len(f'BAD{i}')}.")
        for i in range(200)
    ]


# --- property: random valid pupils written as real exports come back equal -------------------

STYLES: dict[str, dict[str, list[str]]] = {
    "sims": {
        "upn": ["UPN"], "legal_surname": ["Legal Surname"], "legal_forename": ["Legal Forename"],
        "preferred_forename": ["Preferred Forename"], "preferred_surname": ["Preferred Surname"],
        "dob": ["DOB", "Date of Birth"], "gender": ["Gender"],
        "year_group": ["Year", "NC Year", "Year Group"], "form": ["Reg", "Reg Group"],
        "admission_date": ["Admission Date"], "send": ["SEN Status"], "eal": ["EAL"],
        "looked_after": ["In Care"], "young_carer": ["Young Carer"], "cp_plan": ["CP Plan"],
        "cin": ["CIN"], "early_help": ["Early Help"],
    },
    "arbor": {
        "upn": ["UPN"], "legal_surname": ["Legal last name"],
        "legal_forename": ["Legal first name"], "preferred_forename": ["Preferred first name"],
        "preferred_surname": ["Preferred last name"], "dob": ["Date of birth"],
        "gender": ["Gender", "Sex"], "year_group": ["Year group"],
        "form": ["Registration form"], "admission_date": ["Start date"],
        "send": ["SEN status"], "eal": ["First language"], "looked_after": ["Looked after"],
        "young_carer": ["Young carer"], "cp_plan": ["Child protection plan"],
        "cin": ["Child in need"], "early_help": ["Early help"],
    },
    "bromcom": {
        "upn": ["UPN"], "legal_surname": ["Legal Last Name"],
        "legal_forename": ["Legal First Name"], "preferred_forename": ["Preferred First Name"],
        "preferred_surname": ["Preferred Last Name"], "dob": ["Birth Date"],
        "gender": ["Gender"], "year_group": ["Year Group"], "form": ["Tutor Group"],
        "admission_date": ["Admission Date"], "send": ["SEN Need"], "eal": ["EAL"],
        "looked_after": ["In LA Care"], "young_carer": ["Young Carer"], "cp_plan": ["CP Plan"],
        "cin": ["CIN"], "early_help": ["Early Help"],
    },
}  # fmt: skip

# How each style writes a flag: (ways to say yes, ways to say no).
FLAG_WORDS: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "sims": {
        "send": (["K", "E", "S"], ["N", ""]),
        "*": (["Y", "Yes"], ["N", "No", ""]),
    },
    "arbor": {
        "send": (["SEN Support", "EHC Plan"], ["No SEN", ""]),
        "eal": (["Polish", "Urdu", "OTB"], ["English", "ENB", "NOT", ""]),
        "*": (["Yes"], ["No"]),
    },
    "bromcom": {
        "send": (["K - SEN Support", "E - EHC Plan"], ["N - No Special Educational Need"]),
        "*": (["True", "true", "1"], ["False", "0", ""]),
    },
}

MONTH_ABBR = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec"]  # fmt: skip
DATE_WRITERS: list[Callable[[date], str]] = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year} 00:00",
    lambda d: f"{d.day} {MONTH_ABBR[d.month]} {d.year}",
]
HEADER_CASES: list[Callable[[str], str]] = [
    str, str.upper, str.lower, lambda h: h.replace(" ", "_"), lambda h: f" {h} "
]  # fmt: skip
YEAR_SPELLINGS: dict[str, list[str]] = {
    "Nursery": ["N", "Nursery"],
    "Reception": ["R", "Rec", "Reception", "YR"],
    **{f"Year {n}": [str(n), f"{n:02d}", f"Y{n}", f"Yr {n}", f"Year {n}"] for n in range(1, 14)},
}
OPTIONAL_FIELDS = [
    "preferred_forename", "preferred_surname", "gender", "year_group", "form", "admission_date",
    *(flag.value for flag in ChildFlag),
]  # fmt: skip

names = st.one_of(
    st.sampled_from([name for pair in MANY_SCRIPTS for name in pair]),
    st.text(
        # No control characters or line/paragraph separators (a name is one line of text), no
        # lone surrogates (not encodable), and no '?' or U+FFFD (read as letters lost).
        st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="?\ufffd"),
        min_size=1,
        max_size=12,
    )
    .map(normalise_name)
    .filter(lambda name: bool(name) and normalise_name(name) == name),
)
all_upns = st.builds(
    make_upn,
    la=st.sampled_from([201, 330, 879, 938]),
    establishment=st.integers(0, 9999),
    year=st.integers(0, 99),
    serial=st.integers(0, 999),
)


@st.composite
def pupil_rows(draw: st.DrawFn, upn_text: str) -> PupilRow:
    dob = draw(st.dates(OLDEST_DOB, TODAY))
    return PupilRow(
        upn=upn_text,
        legal_surname=draw(names),
        legal_forename=draw(names),
        preferred_forename=draw(st.none() | names),
        preferred_surname=draw(st.none() | names),
        dob=dob,
        gender=draw(st.sampled_from([None, "M", "F", "Male", "Female"])),
        year_group=draw(st.none() | st.sampled_from(sorted(YEAR_SPELLINGS))),
        form=draw(st.none() | st.from_regex(r"[0-9]{1,2}[A-Z]{0,2}", fullmatch=True) | names),
        admission_date=draw(st.none() | st.dates(dob, date(2026, 9, 30))),
        flags=draw(st.frozensets(st.sampled_from(list(ChildFlag)))),
    )


def _without_absent_fields(row: PupilRow, fields: set[str]) -> PupilRow:
    """What the importer should read when some optional columns are not in the file."""
    values = {name: getattr(row, name) for name in row.__dataclass_fields__}
    for name in OPTIONAL_FIELDS:
        if name not in fields and name in values:
            values[name] = None
    values["flags"] = frozenset(flag for flag in row.flags if flag.value in fields)
    return PupilRow(**values)


@st.composite
def exports(draw: st.DrawFn) -> tuple[bytes, list[tuple[int, PupilRow]], dict[str, str], str]:
    """A whole export file, the rows and lines it should give back, its mapping and codec."""
    style = draw(st.sampled_from(sorted(STYLES)), label="style")
    optional = draw(st.lists(st.sampled_from(OPTIONAL_FIELDS), unique=True), label="optional")
    fields = [*REQUIRED, *optional]
    fields = draw(st.permutations(fields), label="column order")
    case = draw(st.sampled_from(HEADER_CASES), label="header case")
    headers = {name: case(draw(st.sampled_from(STYLES[style][name]))) for name in fields}
    notes = draw(st.booleans(), label="notes column")
    write_date = draw(st.sampled_from(DATE_WRITERS), label="date format")

    upns = draw(st.lists(all_upns, min_size=1, max_size=6, unique=True))
    pupils = [draw(pupil_rows(u)) for u in upns]

    def cell(row: PupilRow, name: str) -> str:
        if name in {"dob", "admission_date"}:
            value = getattr(row, name)
            return "" if value is None else write_date(value)
        if name == "year_group":
            return (
                ""
                if row.year_group is None
                else draw(st.sampled_from(YEAR_SPELLINGS[row.year_group]))
            )
        if name in {flag.value for flag in ChildFlag}:
            words = FLAG_WORDS[style].get(name, FLAG_WORDS[style]["*"])
            return draw(st.sampled_from(words[0] if ChildFlag(name) in row.flags else words[1]))
        return getattr(row, name) or ""

    table = [[headers[name] for name in fields] + (["Notes"] if notes else [])]
    expected: list[tuple[int, PupilRow]] = []
    line = 2
    for row in pupils:
        while draw(st.integers(0, 4), label="blank line") == 0:
            table.append([])
            line += 1
        # Line breaks as spreadsheets write them inside a cell: LF or CRLF, never a lone CR.
        pieces = st.lists(st.sampled_from(["a", "b", " ", ",", ";", "\t", '"', "\n", "\r\n"]))
        note = "".join(draw(pieces.filter(lambda p: len(p) < 8))) if notes else ""
        table.append([cell(row, name) for name in fields] + ([note] if notes else []))
        expected.append((line, _without_absent_fields(row, set(fields))))
        line += 1 + len(re.findall(r"\r\n|\r|\n", note))

    delimiter = draw(st.sampled_from([",", ";", "\t"]), label="delimiter")
    buffer = io.StringIO(newline="")
    csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=draw(st.sampled_from(["\r\n", "\n"]), label="newline"),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), label="quoting"),
    ).writerows(table)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]), label="encoding")
    mapping = {name: headers[name].strip() for name in fields}
    return buffer.getvalue().encode(encoding), expected, mapping, encoding


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(exports())
def test_random_valid_exports_parse_back_equal(
    export: tuple[bytes, list[tuple[int, PupilRow]], dict[str, str], str],
) -> None:
    data, expected, mapping, encoding = export
    result = parse(data)
    assert result.errors == []
    assert result.ok
    assert result.rows == expected
    assert result.mapping == mapping
    assert result.encoding == encoding


# --- property: nothing in a file makes the importer raise ----------------------------------------


def _well_formed(result: PupilImport) -> None:
    assert isinstance(result, PupilImport)
    for error in result.errors:
        assert isinstance(error, RowError)
        assert error.line >= 1
        assert error.reason.endswith(".") and "\n" not in error.reason
    assert result.ok == (not result.errors and bool(result.rows))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4000))
def test_random_bytes_never_raise(data: bytes) -> None:
    result = parse(data)
    _well_formed(result)
    assert not result.ok


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_text_never_raises(text: str, encoding: str) -> None:
    _well_formed(parse(text.encode(encoding, errors="replace")))


SAMPLE = (DATA / "pupils-sample.csv").read_bytes()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE)), st.integers(0, 3), st.binary(max_size=4)),
                min_size=1, max_size=6))  # fmt: skip
def test_damaged_exports_never_raise(edits: list[tuple[int, int, bytes]]) -> None:
    data = SAMPLE
    for at, cut, insert in edits:
        data = data[:at] + insert + data[at + cut :]
    _well_formed(parse(data))
