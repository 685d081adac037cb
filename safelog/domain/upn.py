"""Unique Pupil Numbers (UPNs): normalising, validating and making them.

A UPN is 13 characters: a check letter, a 3-digit local-authority (LA) number, a 4-digit
establishment number, a 2-digit year of issue and a 3-character serial. In a permanent UPN the
serial is 3 digits; in a temporary UPN (issued while the permanent one is unknown) the last
character is a letter. Both are accepted here: a school may hold a child under a temporary UPN.

The rules themselves (alphabet, weights, known LA numbers) come from python-stdnum's
``stdnum.gb.upn``; this module only adds messages a school office can act on. Every message is a
single sentence that quotes the UPN as read, so it can be shown as it is next to a row of a file.

What the check letter guarantees (the weights 2..13 are all non-zero modulo the prime 23):

* changing any one character is caught, with one exception: in the last position a digit and the
  letter with the same value (0/A, 1/B, 2/C, 3/D, 4/E, 5/F, 6/G, 7/H, 8/J, 9/K) are
  interchangeable, because temporary UPNs put a letter where a digit usually is;
* swapping any two different digits is caught.
"""

from __future__ import annotations

import string

from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError
from stdnum.gb import upn as _stdnum_upn

__all__ = [
    "UPN_LENGTH",
    "InvalidUPN",
    "is_temporary_upn",
    "is_valid_upn",
    "make_upn",
    "normalise_upn",
    "validate_upn",
]

UPN_LENGTH = 13

# The letters a UPN may contain. I, O and S are never used (they look like 1, 0 and 5); this is
# the same alphabet stdnum uses, spelled out here only to word the error messages.
_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_DIGITS = string.digits
_MAX_QUOTED = 20  # longer input is cut short in messages so one bad cell cannot flood a screen


class InvalidUPN(ValueError):
    """A UPN failed validation; ``str(error)`` is one sentence fit to show to a school office."""


def normalise_upn(text: str) -> str:
    """Return ``text`` with surrounding and inner whitespace removed and letters upper-cased.

    This never fails and never validates: ``normalise_upn(" r879 4321 19001 ")`` is
    ``"R879432119001"``, and ``normalise_upn("junk")`` is ``"JUNK"``.
    """
    return "".join(text.split()).upper()


def validate_upn(text: str) -> str:
    """Return the normalised UPN if ``text`` is a valid UPN, else raise :class:`InvalidUPN`.

    Checks, in this order: that something was given, the length (13), the characters (a check
    letter, eleven digits, then a digit or a letter), that the LA number is one the DfE has
    issued, and the check letter. Temporary UPNs (last character a letter) are valid.
    """
    upn = normalise_upn(text)
    quoted = _quote(upn)
    if not upn:
        raise InvalidUPN("No UPN was given; a UPN has 13 characters.")
    if len(upn) != UPN_LENGTH:
        raise InvalidUPN(f"A UPN has {UPN_LENGTH} characters; {quoted} has {len(upn)}.")
    if upn[0] not in _LETTERS:
        raise InvalidUPN(
            f"A UPN starts with a check letter (A to Z except I, O and S); "
            f"{quoted} starts with '{upn[0]}'."
        )
    for position, char in enumerate(upn[1:-1], start=2):
        if char not in _DIGITS:
            raise InvalidUPN(
                f"Characters 2 to 12 of a UPN are digits; {quoted} has '{char}' at position "
                f"{position}."
            )
    if upn[-1] not in _DIGITS + _LETTERS:
        raise InvalidUPN(
            f"A UPN ends in a digit or a letter other than I, O and S; {quoted} ends in "
            f"'{upn[-1]}'."
        )
    try:
        _stdnum_upn.validate(upn)
    except InvalidComponent:
        raise InvalidUPN(
            f"The local-authority number {upn[1:4]} in {quoted} is not one the DfE has issued; "
            "check the UPN was copied correctly."
        ) from None
    except InvalidChecksum:
        expected = _stdnum_upn.calc_check_digit(upn[1:])
        raise InvalidUPN(
            f"The check letter of {quoted} should be {expected}; check the UPN was copied "
            "correctly."
        ) from None
    except ValidationError:
        # The checks above should have caught every other case; this keeps the contract
        # (InvalidUPN, one sentence) should a future stdnum add a rule.
        raise InvalidUPN(f"{quoted} is not a valid UPN; check it was copied correctly.") from None
    return upn


def is_valid_upn(text: str) -> bool:
    """Return whether :func:`validate_upn` would accept ``text``."""
    try:
        validate_upn(text)
    except InvalidUPN:
        return False
    return True


def is_temporary_upn(text: str) -> bool:
    """Return whether ``text`` is a valid *temporary* UPN (a valid UPN ending in a letter)."""
    return is_valid_upn(text) and normalise_upn(text)[-1] in _LETTERS


def make_upn(la: int, establishment: int, year: int, serial: int) -> str:
    """Build a valid permanent UPN; meant for tests and fictional demo data.

    ``la`` (0-999) must be a local-authority number the DfE has issued, ``establishment`` is
    0-9999, ``year`` the last two digits of the year of issue (0-99) and ``serial`` 0-999. The
    check letter is computed by stdnum. Raises :class:`ValueError` for a number out of range and
    :class:`InvalidUPN` (a ``ValueError``) for an LA number that was never issued.
    """
    for name, value, top in (
        ("la", la, 999),
        ("establishment", establishment, 9999),
        ("year", year, 99),
        ("serial", serial, 999),
    ):
        if not 0 <= value <= top:
            raise ValueError(f"{name} must be between 0 and {top}, not {value}.")
    body = f"{la:03d}{establishment:04d}{year:02d}{serial:03d}"
    return validate_upn(_stdnum_upn.calc_check_digit(body) + body)


def _quote(upn: str) -> str:
    """Quote a (normalised) UPN for a message, cutting very long input short."""
    if len(upn) > _MAX_QUOTED:
        upn = upn[:_MAX_QUOTED] + "…"
    return f"'{upn}'"
