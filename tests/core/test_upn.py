"""UPN rules: normalising, the messages a school office sees, and what the check letter catches."""

from __future__ import annotations

import csv
import string
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.gb import upn as stdnum_upn

from safelog.domain.upn import (
    InvalidUPN,
    is_temporary_upn,
    is_valid_upn,
    make_upn,
    normalise_upn,
    validate_upn,
)

DATA = Path(__file__).parent / "data"

# The characters a UPN may use (no I, O or S), and the ones it may not, for substitutions.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
ASCII_ALNUM = string.ascii_uppercase + string.digits


def _known_la(la: int) -> bool:
    try:
        make_upn(la, 0, 0, 0)
    except InvalidUPN:
        return False
    return True


# Found through the public API rather than stdnum's private table, so the tests follow stdnum.
KNOWN_LAS = [la for la in range(1000) if _known_la(la)]

upns = st.builds(
    make_upn,
    la=st.sampled_from(KNOWN_LAS),
    establishment=st.integers(0, 9999),
    year=st.integers(0, 99),
    serial=st.integers(0, 999),
)


def _temporary_upn(body: str) -> str:
    """A temporary UPN for a 12-character body ending in a letter, check letter from stdnum."""
    return stdnum_upn.calc_check_digit(body) + body


# --- normalising -----------------------------------------------------------------------------


def test_normalise_strips_uppercases_and_removes_inner_spaces() -> None:
    assert normalise_upn("  r879 4321 19001\t") == "R879432119001"
    assert normalise_upn("r879\u00a04321\u00a019001") == "R879432119001"  # non-breaking spaces
    assert normalise_upn("") == ""


def test_validate_returns_the_normalised_upn() -> None:
    assert validate_upn(" r879 4321 19 001 ") == "R879432119001"


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise_upn(normalise_upn(text)) == normalise_upn(text)


# --- messages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "No UPN was given; a UPN has 13 characters."),
        ("   ", "No UPN was given; a UPN has 13 characters."),
        ("X12", "A UPN has 13 characters; 'X12' has 3."),
        ("R8794321190011", "A UPN has 13 characters; 'R8794321190011' has 14."),
        (
            "A879432119001",
            "The check letter of 'A879432119001' should be R; check the UPN was copied correctly.",
        ),
        (
            "1879432119001",
            "A UPN starts with a check letter (A to Z except I, O and S); '1879432119001' starts "
            "with '1'.",
        ),
        (
            "I879432119001",
            "A UPN starts with a check letter (A to Z except I, O and S); 'I879432119001' starts "
            "with 'I'.",
        ),
        (
            "R87943211X001",
            "Characters 2 to 12 of a UPN are digits; 'R87943211X001' has 'X' at position 10.",
        ),
        (
            "R87943211900O",
            "A UPN ends in a digit or a letter other than I, O and S; 'R87943211900O' ends in 'O'.",
        ),
        (
            "E000200005001",
            "The local-authority number 000 in 'E000200005001' is not one the DfE has issued; "
            "check the UPN was copied correctly.",
        ),
    ],
)
def test_each_problem_has_its_own_plain_sentence(text: str, message: str) -> None:
    with pytest.raises(InvalidUPN) as caught:
        validate_upn(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)
    assert not is_valid_upn(text)


def test_arabic_indic_digits_are_not_digits_here() -> None:
    # str.isdigit() accepts these; a UPN must not, or two spellings of one UPN would exist.
    with pytest.raises(InvalidUPN, match="are digits"):
        validate_upn("R879432119\u0660\u0660\u0661")


def test_very_long_input_is_cut_short_in_the_message() -> None:
    with pytest.raises(InvalidUPN) as caught:
        validate_upn("X" * 500)
    assert str(caught.value) == f"A UPN has 13 characters; '{'X' * 20}…' has 500."


@given(st.text())
def test_validate_raises_only_invalid_upn_and_agrees_with_stdnum(text: str) -> None:
    """Our checks word the messages; they must not loosen or tighten stdnum's rule."""
    try:
        result = validate_upn(text)
    except InvalidUPN as exc:
        message = str(exc)
        assert message.endswith(".")
        assert message[0].isupper()
        assert not stdnum_upn.is_valid(normalise_upn(text))
    else:
        assert result == normalise_upn(text)
        assert stdnum_upn.is_valid(result)


# --- the shared sample and temporary UPNs ------------------------------------------------------


def test_every_upn_in_the_shared_sample_is_valid() -> None:
    with (DATA / "pupils-sample.csv").open(encoding="utf-8", newline="") as handle:
        sample = [row["UPN"] for row in csv.DictReader(handle)]
    assert len(sample) == 60
    assert [upn for upn in sample if not is_valid_upn(upn)] == []


def test_temporary_upns_are_valid_and_recognised() -> None:
    temporary = _temporary_upn("87943211900A")
    assert validate_upn(temporary) == temporary
    assert is_temporary_upn(temporary)
    assert not is_temporary_upn("R879432119001")
    assert not is_temporary_upn("A879432119001")  # wrong check letter: not a UPN at all


# --- make_upn ----------------------------------------------------------------------------------


def test_make_upn_matches_known_good_upns() -> None:
    assert make_upn(879, 4321, 19, 1) == "R879432119001"
    assert make_upn(801, 2000, 5, 1) == "B801200005001"  # the example in stdnum's documentation


@pytest.mark.parametrize(
    ("la", "establishment", "year", "serial"),
    [(-1, 0, 0, 0), (1000, 0, 0, 0), (879, 10000, 0, 0), (879, 0, 100, 0), (879, 0, 0, 1000)],
)
def test_make_upn_refuses_numbers_out_of_range(
    la: int, establishment: int, year: int, serial: int
) -> None:
    with pytest.raises(ValueError, match="must be between"):
        make_upn(la, establishment, year, serial)


def test_make_upn_refuses_an_la_never_issued() -> None:
    with pytest.raises(InvalidUPN, match="local-authority number 000"):
        make_upn(0, 2000, 0, 5)


def test_known_las_look_like_the_dfe_list() -> None:
    # Guards the tests' own strategy: if stdnum's table vanished, every property would be vacuous.
    assert len(KNOWN_LAS) > 100
    assert {201, 330, 879, 938} <= set(KNOWN_LAS)


# --- properties of the check letter ------------------------------------------------------------


@given(upns)
def test_every_made_upn_validates(upn: str) -> None:
    assert validate_upn(upn) == upn
    assert validate_upn(upn.lower()) == upn
    assert is_valid_upn(upn)
    assert not is_temporary_upn(upn)


def _undetectable(position: int, old: str, new: str) -> bool:
    """The only single substitutions the check letter cannot see.

    stdnum weighs each character by its index in "ABCDEFGHJKLMNPQRTUVWXYZ0123456789" modulo 23,
    so digit d and the letter at index d weigh the same. Only the last position may hold either,
    so only there can 0<->A, 1<->B, ..., 9<->K slip through (a permanent UPN read as a temporary
    one or the reverse).
    """
    pairs = {frozenset((str(d), UPN_LETTERS[d])) for d in range(10)}
    return position == 12 and frozenset((old, new)) in pairs


@settings(max_examples=60)
@given(upns)
def test_changing_any_one_character_is_caught_except_the_documented_pairs(upn: str) -> None:
    for position in range(13):
        for new in ASCII_ALNUM:
            if new == upn[position]:
                continue
            changed = upn[:position] + new + upn[position + 1 :]
            assert is_valid_upn(changed) == _undetectable(position, upn[position], new), changed


def test_the_undetectable_pairs_really_exist() -> None:
    # Keeps _undetectable honest: each pair it excuses is a real blind spot, not a guess.
    upn = make_upn(879, 4321, 19, 0)
    assert upn.endswith("0")
    assert is_valid_upn(upn[:-1] + "A")
    assert is_temporary_upn(upn[:-1] + "A")


@settings(max_examples=60)
@given(upns, st.data())
def test_swapping_two_different_digits_is_always_caught(upn: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(1, 12), label="i")
    j = data.draw(st.integers(1, 12), label="j")
    assume(upn[i] != upn[j])  # also rules out i == j
    chars = list(upn)
    chars[i], chars[j] = chars[j], chars[i]
    assert not is_valid_upn("".join(chars))
