"""Concern categories: the packaged KCSIE set, name resolution and default review dates."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safelog.guidance import (
    AmbiguousCategory,
    Category,
    CategoryGroup,
    GuidanceDataError,
    GuidanceError,
    UnknownCategory,
    available_guidance,
    load_guidance,
    parse_guidance_set,
    resolve_category,
    review_due_for,
)
from safelog.guidance._data import read_json

GUIDANCE = load_guidance("kcsie-2025")

# KCSIE Annex B contents (guidance.md 2.3, verified S23) mapped to the ids that cover them.
ANNEX_B_IDS = {
    "child-abduction",
    "cce",
    "cse",
    "county-lines",
    "children-and-the-court-system",
    "children-absent-from-education",
    "family-member-in-prison",
    "cybercrime",
    "domestic-abuse",
    "homelessness",
    "mental-health",
    "modern-slavery",
    "radicalisation",
    "sexual-violence",
    "sexual-harassment",
    "serious-violence",
    "so-called-honour-based-abuse",
    "fgm",
    "forced-marriage",
}
ABUSE_TYPE_IDS = {"physical-abuse", "emotional-abuse", "sexual-abuse", "neglect"}
CHILD_ON_CHILD_IDS = {
    "bullying",
    "intimate-relationship-abuse",
    "physical-abuse-between-children",
    "sexual-violence",
    "sexual-harassment",
    "non-consensual-sexual-activity",
    "nudes-sharing",
    "upskirting",
    "initiation-violence",
}


def _one_sentence(message: str) -> bool:
    """Ends with . or ? and has no sentence break inside."""
    return message[-1] in ".?" and not re.search(r"[.?!] [A-Z]", message[:-1])


# --- the packaged data ----------------------------------------------------------------------


def test_current_set_is_the_2025_edition_and_older_days_fall_back() -> None:
    assert load_guidance(on=date(2026, 1, 5)).id == "kcsie-2025"
    # Before any set took effect, the oldest one is used rather than nothing.
    assert load_guidance(on=date(2020, 1, 1)).id == available_guidance()[0].id
    assert load_guidance().effective_from <= date.today()


def test_unknown_version_is_refused_in_one_sentence() -> None:
    with pytest.raises(GuidanceError) as info:
        load_guidance("kcsie-1999")
    assert "kcsie-1999" in str(info.value)
    assert _one_sentence(str(info.value))


def test_every_required_category_is_present() -> None:
    ids = {c.id for c in GUIDANCE.categories}
    assert ABUSE_TYPE_IDS | CHILD_ON_CHILD_IDS | ANNEX_B_IDS | {"online-safety"} <= ids


def test_groups_match_kcsie() -> None:
    assert {c.id for c in GUIDANCE.in_group(CategoryGroup.ABUSE_TYPE)} == ABUSE_TYPE_IDS
    assert {c.id for c in GUIDANCE.in_group(CategoryGroup.CHILD_ON_CHILD)} == CHILD_ON_CHILD_IDS
    assert [c.id for c in GUIDANCE.in_group(CategoryGroup.ONLINE_SAFETY)] == ["online-safety"]
    specific = {c.id for c in GUIDANCE.in_group(CategoryGroup.SPECIFIC_ISSUE)}
    assert specific == ANNEX_B_IDS - CHILD_ON_CHILD_IDS


@pytest.mark.parametrize("category", GUIDANCE.categories, ids=lambda c: c.id)
def test_every_category_is_complete(category: Category) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", category.id)
    assert category.label[0].isupper()
    # 2-4 sentences of plain English beside the tick-box.
    sentences = re.findall(r"[.!?](?:\s|$)", category.guidance)
    assert 2 <= len(sentences) <= 4, category.guidance
    assert category.default_review_days in {7, 14, 28}
    assert category.review_days_reason.strip()
    assert category.source.document in {d.id for d in GUIDANCE.documents}
    assert category.source.paragraph.strip()
    assert category.effective_from == date(2025, 9, 1)


def test_high_risk_categories_are_reviewed_within_a_week() -> None:
    for category_id in ("sexual-abuse", "fgm", "radicalisation", "cse", "cce", "sexual-violence"):
        assert GUIDANCE.category(category_id).default_review_days == 7
    assert GUIDANCE.category("neglect").default_review_days == 14
    assert GUIDANCE.category("family-member-in-prison").default_review_days == 28


def test_unverified_sources_are_flagged_not_hidden() -> None:
    # The abuse-type definitions were recalled, not seen: the data must say so.
    assert GUIDANCE.category("physical-abuse").source.verified is False
    assert GUIDANCE.category("county-lines").source.verified is True
    assert "not verified" in GUIDANCE.category("neglect").source.describe()


def test_set_round_trips_through_json() -> None:
    raw = GUIDANCE.to_json_dict()
    assert parse_guidance_set(raw) == GUIDANCE
    assert parse_guidance_set(copy.deepcopy(read_json("kcsie-2025.json"))).to_json_dict() == raw


# --- resolving what a DSL types ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("physical", "physical-abuse"),
        ("Physical abuse", "physical-abuse"),
        ("PHYSICAL-ABUSE", "physical-abuse"),
        ("physical_abuse", "physical-abuse"),
        ("neglect", "neglect"),
        ("online-safety", "online-safety"),
        ("online safety", "online-safety"),
        ("  Online_Safety ", "online-safety"),
        ("cse", "cse"),
        ("CSE", "cse"),
        ("Prevent", "radicalisation"),
        ("county", "county-lines"),
        ("phys abuse b", "physical-abuse-between-children"),
        ("sexual exploitation", "cse"),
        ("slavery", "modern-slavery"),
        ("children-missing-education", "children-absent-from-education"),
    ],
)
def test_resolve_category(text: str, expected: str) -> None:
    assert resolve_category(text).id == expected
    assert resolve_category(text, GUIDANCE).id == expected


def test_ambiguous_input_names_the_candidates_in_one_sentence() -> None:
    with pytest.raises(AmbiguousCategory) as info:
        resolve_category("sexual")
    assert str(info.value) == (
        "'sexual' could mean Sexual abuse, Sexual violence or Sexual harassment; give one of them."
    )
    assert info.value.candidates == ("Sexual abuse", "Sexual violence", "Sexual harassment")


def test_many_candidates_are_summarised() -> None:
    with pytest.raises(AmbiguousCategory) as info:
        resolve_category("abuse")
    message = str(info.value)
    assert message.startswith("'abuse' could mean ")
    assert "Physical abuse" in message
    assert _one_sentence(message)


def test_unknown_input_suggests_close_names() -> None:
    with pytest.raises(UnknownCategory) as info:
        resolve_category("negelct")
    assert str(info.value) == "'negelct' is not a known category; did you mean Neglect?"
    with pytest.raises(UnknownCategory) as info:
        resolve_category("fisical abuse")
    assert "Physical abuse" in info.value.suggestions
    assert _one_sentence(str(info.value))


@pytest.mark.parametrize("text", ["", "   ", "zzzz", "by", "on", "crime"])
def test_vague_or_unknown_input_never_resolves_silently(text: str) -> None:
    with pytest.raises(GuidanceError) as info:
        resolve_category(text)
    assert _one_sentence(str(info.value))


def test_errors_are_value_errors() -> None:
    assert issubclass(AmbiguousCategory, GuidanceError)
    assert issubclass(UnknownCategory, GuidanceError)
    assert issubclass(GuidanceError, ValueError)


def test_category_by_id_accepts_former_ids_and_refuses_labels() -> None:
    assert GUIDANCE.category("children-missing-education").id == "children-absent-from-education"
    with pytest.raises(UnknownCategory):
        GUIDANCE.category("Neglect")


def _spellings(name: str) -> st.SearchStrategy[str]:
    """The same name with random case and with -, _ or space between words."""
    words = re.split(r"[\s_-]+", name)
    return st.tuples(
        st.lists(st.sampled_from(["-", "_", " "]), min_size=len(words), max_size=len(words)),
        st.sampled_from([str.lower, str.upper, str.title, lambda s: s]),
    ).map(lambda t: t[1]("".join(w + sep for w, sep in zip(words, t[0], strict=True)).strip("-_ ")))


@given(
    st.sampled_from([(c, n) for c in GUIDANCE.categories for n in c.names()]).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), _spellings(pair[1]))
    )
)
def test_every_name_resolves_to_its_category_however_spelt(pair: tuple[Category, str]) -> None:
    category, text = pair
    assert GUIDANCE.resolve(text) == category


# --- validation of the data file --------------------------------------------------------------


def _raw() -> dict:
    return copy.deepcopy(read_json("kcsie-2025.json"))


def test_a_name_shared_by_two_categories_is_refused() -> None:
    raw = _raw()
    raw["categories"][1]["aliases"].append("Physical abuse")
    with pytest.raises(GuidanceDataError, match="used by both"):
        parse_guidance_set(raw)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda c: c.update(id="Physical Abuse"), "kebab-case"),
        (lambda c: c.update(guidance=""), "guidance"),
        (lambda c: c.pop("source"), "source"),
        (lambda c: c["source"].update(document="NOT-A-DOC"), "NOT-A-DOC"),
        (lambda c: c.update(default_review_days=0), "default_review_days"),
        (lambda c: c.update(default_review_days="7"), "default_review_days"),
        (lambda c: c.update(group="misc"), "group"),
    ],
)
def test_broken_categories_are_refused_on_load(change, match: str) -> None:
    raw = _raw()
    change(raw["categories"][0])
    with pytest.raises(GuidanceDataError, match=match):
        parse_guidance_set(raw)


def test_a_newer_format_is_refused() -> None:
    raw = _raw()
    raw["format"] = "safelog.guidance-set/2"
    with pytest.raises(GuidanceDataError, match="cannot read"):
        parse_guidance_set(raw)


# --- review dates -----------------------------------------------------------------------------


def test_review_due_takes_the_shortest_default() -> None:
    day = date(2026, 3, 2)
    neglect, fgm = GUIDANCE.category("neglect"), GUIDANCE.category("fgm")
    assert review_due_for([neglect], day) == date(2026, 3, 16)
    assert review_due_for([neglect, fgm], day) == date(2026, 3, 9)
    assert review_due_for((c for c in [fgm, neglect]), datetime(2026, 3, 2, 23, 30)) == date(
        2026, 3, 9
    )


def test_review_due_needs_a_category() -> None:
    with pytest.raises(GuidanceError, match="at least one category"):
        review_due_for([], date(2026, 3, 2))


def test_core_guidance_imports_without_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"
        "import safelog.guidance as g; g.load_guidance(); g.load_wizard()\n"
        "assert not any(m.startswith(('PySide6', 'ui')) and sys.modules[m] for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
