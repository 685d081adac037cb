"""safelog.domain.passphrase: the rules for a new passphrase, and the advice given."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safelog.domain.passphrase import (
    ACCEPTABLE_SCORE,
    MIN_LENGTH,
    PassphraseAssessment,
    assess_passphrase,
)

NAMES = ("Oakfield Primary School", "Sam Taylor")


def test_empty_asks_for_a_passphrase() -> None:
    result = assess_passphrase("")
    assert result == PassphraseAssessment(0, False, result.advice)
    assert "12 characters" in result.advice


@pytest.mark.parametrize("text", ["short", "bright owl", "x7#Lq9!vR2@"])
def test_under_twelve_characters_is_never_acceptable(text: str) -> None:
    assert len(text) < MIN_LENGTH
    result = assess_passphrase(text)
    assert not result.acceptable
    assert result.score <= 1
    assert "at least 12 characters" in result.advice
    assert f"({MIN_LENGTH - len(text)} more)" in result.advice


def test_length_is_counted_after_nfc_normalisation() -> None:
    # "é" typed as e + combining accent is two code points but one character.
    short_decomposed = "cafe\u0301 rain h"  # 12 code points, 11 after NFC
    assert len(short_decomposed) == 12
    assert len(unicodedata.normalize("NFC", short_decomposed)) == 11
    result = assess_passphrase(short_decomposed)
    assert not result.acceptable and "(1 more)" in result.advice


@pytest.mark.parametrize(
    "text",
    [
        "Oakfield2024!rainbow",
        "i love oak field lessons",  # the name with a space in it
        "walking to OAKFIELD daily",
        "samtaylor-kettle-drum",
        "the taylor kettle drum",  # the surname alone
        "ZOE kettle drum walks",  # accents do not hide a name
        "kettle drum for sam",  # a short first name as a word of its own
    ],
)
def test_names_of_the_school_and_user_are_refused(text: str) -> None:
    result = assess_passphrase(text, names=(*NAMES, "Zoë Example"))
    assert not result.acceptable
    assert result.score == 0
    assert "name" in result.advice


def test_generic_words_in_the_school_name_are_not_treated_as_the_name() -> None:
    result = assess_passphrase("my primary school bus was late", names=NAMES)
    assert result.acceptable, result
    assert assess_passphrase("sample kettle drum walks", names=NAMES).acceptable


@pytest.mark.parametrize(
    "text",
    [
        "password1234",
        "P@ssw0rd2024!",
        "Summer2024!!",
        "qwertyuiop12",
        "Letmein!!2023",
        "123456123456",
    ],
)
def test_very_common_passwords_are_refused(text: str) -> None:
    result = assess_passphrase(text)
    assert not result.acceptable
    assert result.score == 0


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("aaaaaaaaaaaaaaaa", "repeated"),
        ("abcdefghijklmnop", "repeated"),
        ("987654321098", "repeated"),
        ("abcabcabcabcabc", "repeated"),
        ("ilovemyschool", "common"),
    ],
)
def test_repeats_sequences_and_common_words_are_penalised(text: str, word: str) -> None:
    result = assess_passphrase(text)
    assert not result.acceptable
    assert word in result.advice.lower()


def test_length_and_word_count_are_rewarded() -> None:
    scores = [
        assess_passphrase(text).score
        for text in ("kettlegravel", "kettle gravel mitten", "kettle gravel mitten lantern harbour")
    ]
    assert scores == sorted(scores)
    assert scores[0] < scores[-1] == 4
    joined = assess_passphrase("bluehorsetable")
    spaced = assess_passphrase("blue horse table")
    assert spaced.score > joined.score


@pytest.mark.parametrize(
    "text",
    [
        "correct horse battery staple",
        "kettle-gravel-mitten",
        "Tr0ub4dor&3x!",
        "Zoë likes rain",
        "purple otters dance at dawn",
    ],
)
def test_reasonable_passphrases_are_acceptable(text: str) -> None:
    result = assess_passphrase(text, names=NAMES)
    assert result.acceptable, result
    assert result.score >= ACCEPTABLE_SCORE


@given(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=3))
def test_always_one_sentence_and_a_score_in_range(text: str, names: list[str]) -> None:
    result = assess_passphrase(text, names=names)
    assert 0 <= result.score <= 4
    assert result.advice.endswith(".")
    assert result.advice.count(". ") == 0  # one sentence
    assert result.label in {"Very weak", "Weak", "Fair", "Good", "Strong"}
    if result.acceptable:
        assert len(unicodedata.normalize("NFC", text)) >= MIN_LENGTH
        assert result.score >= ACCEPTABLE_SCORE


def test_advice_never_repeats_the_passphrase() -> None:
    secret = "gravel mitten harbour"
    assert secret not in assess_passphrase(secret).advice
    assert "gravel" not in assess_passphrase(secret).advice


def test_very_long_input_is_judged_quickly_and_still_sensibly() -> None:
    start = time.perf_counter()
    assert not assess_passphrase("a" * 20_000).acceptable
    assert assess_passphrase("kettle gravel mitten " * 500).score == 4
    assert time.perf_counter() - start < 0.5
