"""How good is a new passphrase? A small, explainable check with one sentence of advice.

Rules: at least 12 characters after NFC normalisation; never the school's or the user's name;
length and separate words earn credit; repeats, sequences, keyboard runs and very common passwords
(a small built-in list, also matched through common letter-for-digit swaps) earn none. The score
runs 0 (very weak) to 4 (strong); a passphrase is acceptable from score 2 when every rule is met.

This is a guide for people, not a measure of entropy: the vault's protection is the KDF cost
multiplied by how unguessable the passphrase is, and the advice nudges towards several unrelated
words. Never log the text. Pure Python, no Qt. Thread: any.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MIN_LENGTH = 12
ACCEPTABLE_SCORE = 2
_ANALYSED_CHARS = 256  # pattern checks look this far: enough to judge, cheap per keystroke


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that appear in many school and person names and prove nothing on their own.
_GENERIC_NAME_WORDS = _word_set(
    """
    school primary academy college church england junior juniors infant infants secondary
    nursery high community catholic trust federation saint the and of for with free
    foundation grammar upper lower middle learning centre center
    """
)

COMMON_PASSWORDS = _word_set(
    """
    password passw0rd letmein welcome iloveyou admin administrator monkey dragon football
    baseball sunshine princess trustno1 abc123 secret master shadow superman batman starwars
    whatever hello freedom login changeme qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm qazwsx
    zaq12wsx 1q2w3e4r 1qaz2wsx 123456 1234567 12345678 123456789 1234567890 111111 000000
    654321 123123 121212 666666 696969 987654321 michael jennifer jordan hunter ranger buster
    soccer harley hockey george charlie thomas robert daniel andrew joshua ashley jessica
    liverpool chelsea arsenal manchester tottenham london england summer winter spring autumn
    teacher school children student safeguarding safelog computer internet pokemon minecraft
    fortnite cookie chocolate flower purple orange banana pepper ginger maggie killer access
    mustang biteme matrix silver golden diamond loveme lovely angel blessed family friends
    """
)
"""A small built-in list of the passwords guessers try first (a few hundred would add little)."""

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "qazwsxedcrfvtgbyhnujmikolp")
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "8": "b",
    }
)
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class PassphraseAssessment:
    """``score`` 0..4, whether it may be used, and one plain-English sentence of advice."""

    score: int
    acceptable: bool
    advice: str

    @property
    def label(self) -> str:
        """A word for the score, so the strength bar never relies on colour alone."""
        return ("Very weak", "Weak", "Fair", "Good", "Strong")[self.score]


def _fold(text: str) -> str:
    """Case-fold and strip accents, so "Zoë" in a name matches "zoe" in a passphrase."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _letters_digits(text: str) -> str:
    return "".join(ch for ch in _fold(text) if ch.isalnum())


def _contains_name(text: str, names: Sequence[str]) -> bool:
    haystack = _letters_digits(text)
    words = set(re.split(r"[\W\d_]+", _fold(text)))
    for name in names:
        whole = _letters_digits(name)
        if len(whole) >= 3 and whole in haystack:
            return True
        for part in re.split(r"[\W\d_]+", _fold(name)):
            if part in _GENERIC_NAME_WORDS or len(part) < 3:
                continue
            # Short names ("Sam", "Zoë") only as whole words: "sample" is not "Sam".
            if part in words or (len(part) >= 4 and part in haystack):
                return True
    return False


def _is_common(text: str) -> bool:
    """A very common password, alone or dressed up with digits, symbols or a year."""
    core = _fold(text).replace(" ", "")
    core = _YEAR.sub("", core)
    stripped = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", core)
    for candidate in {core, stripped, stripped.translate(_LEET), core.translate(_LEET)}:
        if candidate in COMMON_PASSWORDS:
            return True
    # Digits or symbols only, like 123456789012, are as common as passwords get.
    return bool(core) and not any(ch.isalpha() for ch in core) and len(set(core)) <= 4


@dataclass(frozen=True)
class _Reduction:
    length: int
    common_words: bool
    patterns: bool


def _effective_length(text: str) -> _Reduction:
    """Length after squeezing out what guessers try first: common words, runs, repeats."""
    s = _fold(text)
    # Common passwords (through leet swaps) inside a longer text count as one character.
    leet = s.translate(_LEET)
    common = False
    for word in sorted(COMMON_PASSWORDS, key=len, reverse=True):
        if len(word) >= 5 and word in leet:
            common = True
            index = leet.index(word)
            s = s[:index] + "\x00" + s[index + len(word) :]
            leet = leet[:index] + "\x00" + leet[index + len(word) :]
    before_patterns = len(s)
    # Keyboard runs and alphabet/number sequences of four or more count as one character.
    for row in _KEYBOARD_ROWS:
        for sequence in (row, row[::-1]):
            for size in range(len(sequence), 3, -1):
                for start in range(len(sequence) - size + 1):
                    s = s.replace(sequence[start : start + size], "\x01")
    s = _squeeze_sequences(s)
    s = re.sub(r"(.)\1{2,}", r"\1", s)  # aaaa -> a
    s = re.sub(r"(.{2,}?)\1+", r"\1", s)  # abcabcabc -> abc
    return _Reduction(len(s), common, len(s) < before_patterns)


def _squeeze_sequences(s: str) -> str:
    out: list[str] = []
    run = 1
    for i, ch in enumerate(s):
        if i and abs(ord(ch) - ord(s[i - 1])) == 1 and ch.isalnum() and s[i - 1].isalnum():
            run += 1
            step = ord(ch) - ord(s[i - 1])
            if run >= 3 and i >= 2 and ord(s[i - 1]) - ord(s[i - 2]) == step:
                # Three-in-a-row so far ("abc", "321"): keep only its first character.
                if run == 3:
                    out.pop()
                continue
        else:
            run = 1
        out.append(ch)
    return "".join(out)


def _word_count(text: str) -> int:
    return sum(1 for word in re.split(r"[^\w]+|\d+|_", text) if len(word) >= 3)


def _classes(text: str) -> int:
    groups = (
        any(ch.islower() for ch in text),
        any(ch.isupper() for ch in text),
        any(ch.isdigit() for ch in text),
        any(not ch.isalnum() and not ch.isspace() for ch in text),
        any(ord(ch) > 127 and ch.isalpha() for ch in text),
    )
    return sum(groups)


def assess_passphrase(text: str, *, names: Sequence[str] = ()) -> PassphraseAssessment:
    """Score ``text`` and say, in one sentence, what would make it better.

    ``names`` are the school's name and the user's name (and anything else that must not appear).
    """
    s = unicodedata.normalize("NFC", text)
    length = len(s)
    if not s.strip():
        return PassphraseAssessment(0, False, "Enter a passphrase of at least 12 characters.")
    if _contains_name(s, names):
        return PassphraseAssessment(
            0, False, "Leave out the school's name and your own name: they are the first guesses."
        )
    sample = s[:_ANALYSED_CHARS]
    if _is_common(sample):
        return PassphraseAssessment(
            0, False, "This is one of the most common passwords; choose words nobody would guess."
        )

    reduction = _effective_length(sample)
    effective = reduction.length
    words = _word_count(sample)
    if effective >= 28:
        score = 4
    elif effective >= 20:
        score = 3
    elif effective >= 16:
        score = 2
    elif effective >= 12:
        score = 1
    else:
        score = 0
    if words >= 3 and effective >= 12:
        score += 1
    if words >= 4 and effective >= 16:
        score += 1
    if _classes(sample) >= 3 and effective >= 12:
        score += 1
    score = min(score, 4)

    if length < MIN_LENGTH:
        needed = MIN_LENGTH - length
        return PassphraseAssessment(
            min(score, 1),
            False,
            f"Use at least {MIN_LENGTH} characters ({needed} more); a few unrelated words are "
            "easy to remember and hard to guess.",
        )
    if effective < MIN_LENGTH:
        if reduction.patterns:
            advice = (
                "Avoid repeated characters and runs such as 'aaaa', 'abcd', '1234' or 'qwerty'."
            )
        else:
            advice = "Very common words are guessed first; add a few unusual, unrelated words."
        return PassphraseAssessment(min(score, 1), False, advice)
    advice = {
        0: "Add another word or two to make it harder to guess.",
        1: "Add another unrelated word to make it harder to guess.",
        2: "Acceptable; one more unrelated word would make it much stronger.",
        3: "Good passphrase.",
        4: "Strong passphrase.",
    }[score]
    return PassphraseAssessment(score, score >= ACCEPTABLE_SCORE, advice)
