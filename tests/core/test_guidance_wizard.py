"""The information-sharing decision graph: data checks, walking, and the sharing record."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safelog.guidance import (
    Decision,
    Field,
    FieldKind,
    GuidanceDataError,
    GuidanceError,
    Node,
    NodeType,
    Outcome,
    SharingRecord,
    WizardGraph,
    WizardWalk,
    build_sharing_record,
    load_wizard,
    parse_wizard,
)
from safelog.guidance._data import read_json

GRAPH = load_wizard()
REQUIRED_OUTCOMES = {
    "OUT_SHARE",
    "OUT_SHARE_PARTIAL",
    "OUT_DO_NOT_SHARE",
    "OUT_ADVICE",
    "OUT_ADVICE_URGENT",
    "OUT_VERIFY",
    "OUT_EMERGENCY",
}
CHECKLIST = [o.id for o in GRAPH.options("choices.share_checklist")]


def _raw() -> dict[str, Any]:
    return copy.deepcopy(read_json("info-sharing-v1.json"))


def _one_sentence(message: str) -> bool:
    return message[-1] in ".?" and not re.search(r"[.?!] [A-Z]", message[:-1])


def _walk(*steps: tuple[str, dict[str, Any] | None] | str) -> WizardWalk:
    walk = WizardWalk(GRAPH)
    for step in steps:
        label, details = (step, None) if isinstance(step, str) else step
        walk.answer(label, details)
    return walk


BASES = {"lawful_basis_art6": "A6_1_E"}
SPECIAL = {
    "lawful_basis_art6": "A6_1_E",
    "lawful_basis_art9": "A9_2_G",
    "lawful_basis_sch1": "SCH1_P2_PARA18",
    "reason_consent_not_sought": "WOULD_PREJUDICE_PROTECTION",
}
SHARE_DETAILS = {
    "items_shared": "Fact: bruise seen on 2 March\nOpinion (class teacher): withdrawn lately",
    "recipients": "A. Fictional, duty social worker, Northshire MASH",
    "shared_at": "2026-03-02T11:15",
    "method": "secure_email",
    "follow_up_due": "2026-03-03",
}
CHECKS = {"checks": CHECKLIST, "share_scope": "all", "necessity_rationale": "MASH needs it."}


# --- the graph as data ------------------------------------------------------------------------


def test_graph_has_every_outcome_and_a_reachable_partial_share() -> None:
    assert set(GRAPH.outcomes) == REQUIRED_OUTCOMES
    assert GRAPH.outcomes["OUT_SHARE_PARTIAL"].decision is Decision.SHARE_PARTIAL
    assert GRAPH.outcomes["OUT_EMERGENCY"].emergency is True
    assert all(not o.emergency for k, o in GRAPH.outcomes.items() if k != "OUT_EMERGENCY")
    assert GRAPH.version_tag == "info-sharing-v1"


@pytest.mark.parametrize("node", list(GRAPH.nodes.values()), ids=lambda n: n.id)
def test_every_node_is_complete(node: Node) -> None:
    documents = {d.id for d in GRAPH.documents}
    assert node.source.document in documents
    assert node.source.paragraph and node.source.edition
    assert node.text and node.help
    if node.type is NodeType.QUESTION:
        assert len(node.answers) >= 2
    else:
        assert len(node.answers) == 1
        assert node.fields, "select/capture/checklist/record steps capture something"
    if node.golden_rule is not None:
        assert GRAPH.golden_rule(node.golden_rule).n == node.golden_rule
    if node.myth is not None:
        assert GRAPH.myth(node.myth).reality


@pytest.mark.parametrize("outcome", list(GRAPH.outcomes.values()), ids=lambda o: o.id)
def test_every_outcome_names_a_source_and_decision_outcomes_ask_for_reasons(
    outcome: Outcome,
) -> None:
    assert outcome.source.document in {d.id for d in GRAPH.documents}
    assert outcome.text and outcome.title
    names = [f.name for f in outcome.fields]
    assert ("decision_reasons" in names) == (outcome.decision is not Decision.NONE_YET)


def test_lists_are_present_and_honest_about_verification() -> None:
    assert {o.id for o in GRAPH.options("lawful_bases.article6")} >= {"A6_1_E", "A6_1_A"}
    assert "SCH1_P2_PARA18" in {o.id for o in GRAPH.options("lawful_bases.dpa_sch1")}
    assert len(GRAPH.options("reasons_consent_not_sought")) == 3
    assert "OTHER_WITH_EXPLANATION" in {
        o.id for o in GRAPH.options("reasons_not_informed_or_consent_not_sought")
    }
    assert [r.n for r in GRAPH.golden_rules["2024"]] == list(range(1, 8))
    assert [r.n for r in GRAPH.golden_rules["2018"]] == list(range(1, 8))
    # Rule 7 (2024) was truncated in the source; the "IT systems" myth was recalled.
    assert GRAPH.golden_rule(7).verified is False
    assert GRAPH.golden_rule(1).verified is True
    assert GRAPH.myth("it-systems-barrier").verified is False
    assert all(isinstance(o.verified, bool) for o in GRAPH.options("lawful_bases.article6"))


def test_json_dict_is_json_and_round_trips() -> None:
    data = GRAPH.to_json_dict()
    text = json.dumps(data)
    for key in ("id", "version", "start", "nodes", "outcomes", "lawful_bases", "golden_rules"):
        assert key in data
    n7 = data["nodes"]["N7"]
    assert n7["answers"] == {"yes": "N8", "no": "OUT_DO_NOT_SHARE", "not_sure": "OUT_ADVICE"}
    assert n7["source"]["document"] and n7["applies_if"] == {
        "field": "consent_status",
        "equals": "sought_refused",
    }
    assert data["outcomes"]["OUT_SHARE"]["source"]["document"]
    again = parse_wizard(json.loads(text))
    assert again.to_json_dict() == data
    assert again.to_text() == GRAPH.to_text()


def test_text_mentions_every_node_outcome_and_unverified_caveat() -> None:
    text = GRAPH.to_text()
    for node_id in [*GRAPH.nodes, *GRAPH.outcomes]:
        assert re.search(rf"^{re.escape(node_id)}\b", text, re.MULTILINE), node_id
    assert "-> OUT_SHARE_PARTIAL" in text
    assert "not verified against the official text" in text
    assert "Asked only if consent_status is sought_refused" in text
    assert max(len(line) for line in text.splitlines()) <= 100


# --- validation on load -----------------------------------------------------------------------


def _broken(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    raw = _raw()
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda r: r.update(start="NX"), "start"),
        (lambda r: r["nodes"]["N2"]["answers"].update(yes="N99"), "N99"),
        (lambda r: r["nodes"]["N2"].pop("source"), "source"),
        (lambda r: r["outcomes"]["OUT_VERIFY"].pop("source"), "source"),
        (lambda r: r["nodes"]["N3"]["source"].update(document="NOPE"), "NOPE"),
        (lambda r: r["nodes"]["N1b"]["answers"].update(no="N2"), "OUT_VERIFY"),
        (lambda r: r["nodes"]["N10"]["answers"].update(continue_="N1"), "exactly one"),
        (lambda r: r["nodes"]["N10"]["answers"].__setitem__("continue", "N2"), "loops"),
        (lambda r: r["nodes"]["N7"].pop("skip_to"), "go together"),
        (lambda r: r["nodes"]["N7"]["applies_if"].update(field="nothing"), "nothing captures"),
        (lambda r: r["nodes"]["N7"]["applies_if"].update(equals="refused"), "not an option"),
        (lambda r: r["nodes"]["N2"].update(golden_rule=9), "golden rule 9"),
        (lambda r: r["nodes"]["N2"].update(myth="no-such-myth"), "unknown myth"),
        (lambda r: r["nodes"]["N5a"]["fields"][0].update(options_ref="x.y"), "missing list"),
        (lambda r: r["nodes"]["N5a"]["fields"][0].update(kind="text"), "options_ref"),
        (lambda r: r["nodes"]["N2"]["fields"][0].pop("missing"), "missing"),
        (lambda r: r.update(format="safelog.wizard/9"), "cannot read"),
    ],
)
def test_broken_graphs_are_refused_on_load(change, match: str) -> None:
    with pytest.raises(GuidanceDataError, match=match):
        parse_wizard(_broken(change))


def test_the_packaged_graph_is_what_load_wizard_returns() -> None:
    assert parse_wizard(_raw()).to_json_dict() == load_wizard("info-sharing-v1").to_json_dict()
    with pytest.raises(GuidanceError, match="no wizard"):
        load_wizard("info-sharing-v99")


# --- walking ----------------------------------------------------------------------------------


def test_emergency_ends_at_once() -> None:
    walk = _walk("yes")
    assert walk.finished and walk.outcome is GRAPH.outcomes["OUT_EMERGENCY"]
    assert walk.history == [("N0", "yes", {})]


def test_n7_applies_only_when_consent_was_refused() -> None:
    start = [
        "no",
        "proactive",
        ("yes", {"purpose": "Refer"}),
        "yes",
        "no",
        ("continue", BASES),
        "yes",
    ]
    refused = _walk(
        *start,
        (
            "continue",
            {
                "consent_status": "sought_refused",
                "consent_given_by": "Parent",
                "views_of_child_and_family": "x",
            },
        ),
    )
    assert refused.current.id == "N7"
    given_ = _walk(
        *start,
        (
            "continue",
            {
                "consent_status": "obtained",
                "consent_given_by": "Parent",
                "consent_scope": "All",
                "views_of_child_and_family": "x",
            },
        ),
    )
    assert given_.current.id == "N8"
    assert "N7" not in [step.node_id for step in given_.history]


def test_invalid_answers_and_details_are_refused_clearly() -> None:
    walk = WizardWalk(GRAPH)
    with pytest.raises(GuidanceError) as info:
        walk.answer("maybe")
    assert str(info.value) == "'maybe' is not an answer at step N0; choose yes, no or not_sure."
    walk.answer("no")
    walk.answer("proactive")
    for details, match in [
        ({"colour": "red"}, "not recorded at step N2"),
        ({"purpose": 5}, "must be text"),
    ]:
        with pytest.raises(GuidanceError, match=match):
            walk.answer("yes", details)
    with pytest.raises(GuidanceError, match="is not an option"):
        _walk("no", "proactive", ("yes", {"purpose": "p"}), "yes", "no").answer(
            "continue", {"lawful_basis_art6": "A6_9"}
        )
    assert walk.current.id == "N2", "a refused answer changes nothing"


def test_back_restores_the_previous_step_and_drops_its_details() -> None:
    walk = _walk("no", "proactive", ("yes", {"purpose": "Refer to MASH"}))
    assert walk.values["purpose"] == "Refer to MASH"
    assert walk.back().id == "N2"
    assert "purpose" not in walk.values
    walk.back()
    walk.back()
    with pytest.raises(GuidanceError, match="no answer to undo"):
        walk.back()
    assert walk.current.id == "N0"


def test_answering_after_the_outcome_is_refused() -> None:
    walk = _walk("not_sure")
    with pytest.raises(GuidanceError, match="already reached an outcome"):
        walk.answer("yes")
    assert walk.back().id == "N0" and not walk.finished


def test_missing_lists_the_required_fields_for_an_answer() -> None:
    walk = _walk("no", "request")
    assert [f.name for f in walk.missing("continue")] == [
        "requester_name",
        "requester_agency",
        "request_details",
    ]
    assert (
        walk.missing(
            "continue", {"requester_name": "A", "requester_agency": "B", "request_details": "C"}
        )
        == []
    )


# --- the sharing record -----------------------------------------------------------------------


def test_not_sharing_still_needs_reasons() -> None:
    walk = _walk("no", "proactive", ("no", {"purpose": "A parent asked for gossip"}))
    assert walk.outcome is not None and walk.outcome.decision is Decision.DO_NOT_SHARE
    with pytest.raises(GuidanceError) as info:
        build_sharing_record(walk, {})
    assert str(info.value) == "Record the reasons for not sharing."
    record = build_sharing_record(walk, {"decision_reasons": "No safeguarding purpose."})
    assert record.decision is Decision.DO_NOT_SHARE
    assert record.answers[-1] == ("N2", "no", {"purpose": "A parent asked for gossip"})


def test_advice_outcomes_are_not_decisions() -> None:
    walk = _walk("no", "proactive", ("not_sure", {"purpose": "p"}))
    with pytest.raises(GuidanceError, match="not a decision yet"):
        build_sharing_record(walk, {"decision_reasons": "x"})
    with pytest.raises(GuidanceError, match="not reached an outcome"):
        build_sharing_record(_walk("no"), {})


def test_a_full_request_walk_builds_a_complete_record() -> None:
    walk = _walk(
        "no",
        ("request"),
        (
            "continue",
            {
                "requester_name": "B. Example",
                "requester_agency": "Northshire Police",
                "request_details": "Attendance and concerns since September",
            },
        ),
        ("yes", {"verification_method": "switchboard_callback"}),
        ("yes", {"purpose": "Police child protection enquiry"}),
        "yes",
        "yes",
        ("continue", SPECIAL),
        "no",
        ("continue", {"reason_not_informed": "PREJUDICE_POLICE_INVESTIGATION"}),
        ("continue", CHECKS),
        "tell_after",
        ("continue", SHARE_DETAILS),
    )
    assert walk.outcome is GRAPH.outcomes["OUT_SHARE"]
    record = build_sharing_record(
        walk,
        {
            "decision_reasons": "Enquiry under s47; sharing is necessary.",
            "advice_sought": [
                {
                    "adviser": "C. Sample",
                    "role": "DPO",
                    "at": "2026-03-02T10:00",
                    "advice": "Share attendance and the concern log only.",
                }
            ],
        },
    )
    assert record.requester is not None and record.requester.verified is True
    assert record.informed_of_sharing == "after" and record.consent_status == "not_sought"
    assert record.items_shared[1].startswith("Opinion")
    assert record.shared_at == datetime(2026, 3, 2, 11, 15)
    assert record.follow_up_due == date(2026, 3, 3)
    assert record.guidance_version == "info-sharing-v1" and record.outcome == "OUT_SHARE"
    data = json.loads(json.dumps(record.to_dict()))
    assert data["follow_up_due"] == "2026-03-03"
    assert SharingRecord.from_dict(data) == record


def test_record_rules_hold_even_without_the_wizard() -> None:
    record = build_sharing_record(
        _walk("no", "proactive", ("no", {"purpose": "p"})), {"decision_reasons": "r"}
    )
    data = record.to_dict()
    data["decision"] = "share"
    with pytest.raises(GuidanceError, match="Article 6"):
        SharingRecord.from_dict(data)
    data["answers"][0]["node"] = "N5"
    with pytest.raises(GuidanceError, match="do not fit"):
        SharingRecord.from_dict(data)


REQUESTER = {
    "requester_name": "B. Example",
    "requester_agency": "Northshire Police",
    "requester_role": "Detective constable",
    "request_details": "Attendance since September",
}
# Complete walks that between them pass every node and capture every node field.
PATHS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "request, special category, not told, partial": [
        ("no", {}),
        ("request", {}),
        ("continue", REQUESTER),
        ("yes", {"verification_method": "in_person_id"}),
        ("yes", {"purpose": "Police enquiry"}),
        ("yes", {}),
        ("yes", {}),
        ("continue", {**SPECIAL, "criminal_offence_data": True}),
        ("no", {}),
        (
            "continue",
            {
                "reason_not_informed": "OTHER_WITH_EXPLANATION",
                "reason_not_informed_detail": "Family about to travel",
            },
        ),
        ("continue", {**CHECKS, "share_scope": "part"}),
        ("do_not_tell", {}),
        ("continue", SHARE_DETAILS),
        ("continue", {"withheld_summary": "Sibling's health", "withheld_reason": "Not needed"}),
    ],
    "proactive, consent refused, public interest": [
        ("no", {}),
        ("proactive", {}),
        ("yes", {"purpose": "Referral to MASH"}),
        ("yes", {}),
        ("no", {}),
        ("continue", BASES),
        ("yes", {}),
        (
            "continue",
            {
                "consent_status": "sought_refused",
                "consent_given_by": "Mother",
                "views_of_child_and_family": "Mother objects; child wants help",
            },
        ),
        ("yes", {"public_interest_reason": "Risk of significant harm outweighs refusal"}),
        ("continue", CHECKS),
        ("continue", SHARE_DETAILS),
    ],
    "consent given": [
        ("no", {}),
        ("proactive", {}),
        ("yes", {"purpose": "Early help referral"}),
        ("yes", {}),
        ("no", {}),
        ("continue", BASES),
        ("yes", {}),
        (
            "continue",
            {
                "consent_status": "obtained",
                "consent_given_by": "Father",
                "consent_scope": "School concerns, to the early help team",
                "views_of_child_and_family": "Both agree",
            },
        ),
        ("continue", CHECKS),
        ("continue", SHARE_DETAILS),
    ],
}
EXPECTED_OUTCOME = {
    "request, special category, not told, partial": "OUT_SHARE_PARTIAL",
    "proactive, consent refused, public interest": "OUT_SHARE",
    "consent given": "OUT_SHARE",
}


OPTIONAL_ON_THESE_PATHS = {"requester_role", "criminal_offence_data"}


def _blank_cases() -> list[tuple[str, int, str]]:
    return [
        (path, i, name)
        for path, steps in PATHS.items()
        for i, (_, details) in enumerate(steps)
        for name in details
    ]


def test_the_canonical_paths_cover_every_node_and_field() -> None:
    visited: set[str] = set()
    captured: set[str] = set()
    for path, steps in PATHS.items():
        walk = _walk(*steps)
        assert walk.outcome is not None and walk.outcome.id == EXPECTED_OUTCOME[path]
        build_sharing_record(walk, {"decision_reasons": "Reasons."})
        visited |= {s.node_id for s in walk.history}
        captured |= {name for s in walk.history for name in s.details}
    assert visited == set(GRAPH.nodes)
    assert captured == {f.name for node in GRAPH.nodes.values() for f in node.fields}


@pytest.mark.parametrize(("path", "index", "name"), _blank_cases())
def test_each_required_field_left_empty_is_named(path: str, index: int, name: str) -> None:
    steps = [(label, dict(details)) for label, details in PATHS[path]]
    _label, details = steps[index]
    node_id = _walk(*steps[:index]).current.id
    spec = GRAPH.node(node_id).field(name)
    del details[name]
    try:
        walk = _walk(*steps)
    except GuidanceError:
        walk = None
    if walk is None or walk.outcome is None or walk.outcome.id != EXPECTED_OUTCOME[path]:
        pytest.skip("leaving this field empty changes the route, so there is nothing to compare")
    # Written out rather than asked of the graph, so a broken required_if cannot hide itself.
    required = name not in OPTIONAL_ON_THESE_PATHS
    if required:
        with pytest.raises(GuidanceError) as info:
            build_sharing_record(walk, {"decision_reasons": "Reasons."})
        assert str(info.value) == spec.missing
        assert _one_sentence(spec.missing)
    else:
        build_sharing_record(walk, {"decision_reasons": "Reasons."})


def test_a_half_ticked_checklist_is_refused() -> None:
    steps = [(label, dict(details)) for label, details in PATHS["consent given"]]
    steps[8][1]["checks"] = CHECKLIST[:-1]
    walk = _walk(*steps)
    assert [
        f.name for f in WizardWalk.replay(GRAPH, walk.history[:8]).missing("continue", steps[8][1])
    ] == ["checks"]
    with pytest.raises(GuidanceError) as info:
        build_sharing_record(walk, {"decision_reasons": "Reasons."})
    assert str(info.value) == "Confirm every point on the sharing checklist."


def test_emergency_is_recorded_afterwards() -> None:
    walk = _walk("yes")
    after = {
        "trigger": "request_received",
        "purpose": "Child hurt at home",
        "lawful_basis_art6": "A6_1_D",
        **SHARE_DETAILS,
        "decision_reasons": "Immediate risk to life.",
    }
    with pytest.raises(GuidanceError) as info:
        build_sharing_record(walk, after)
    assert str(info.value) == "Record who asked for the information."
    record = build_sharing_record(
        walk, {**after, "requester_name": "PC Example", "requester_agency": "Police"}
    )
    assert record.emergency and record.decision is Decision.SHARE
    assert record.requester is not None and record.requester.name == "PC Example"


def test_a_stored_record_without_reasons_is_refused() -> None:
    record = build_sharing_record(
        _walk("no", "proactive", ("no", {"purpose": "p"})), {"decision_reasons": "r"}
    )
    data = record.to_dict()
    data["decision_reasons"] = "  "
    with pytest.raises(GuidanceError) as info:
        SharingRecord.from_dict(data)
    assert str(info.value) == "Record the reasons for not sharing."


def test_common_values_may_not_contradict_the_walk() -> None:
    walk = _walk("no", "proactive", ("no", {"purpose": "p"}))
    with pytest.raises(GuidanceError, match="different value"):
        build_sharing_record(walk, {"decision_reasons": "r", "purpose": "other"})
    with pytest.raises(GuidanceError, match="not a field"):
        build_sharing_record(walk, {"decision_reasons": "r", "reasons": "typo"})


# --- random walks -----------------------------------------------------------------------------


def _value(draw: st.DrawFn, spec: Field) -> Any:
    if spec.kind is FieldKind.TEXT:
        return draw(st.text(alphabet="abcdefgh \n", min_size=1).filter(str.strip))
    if spec.kind is FieldKind.BOOL:
        return draw(st.booleans())
    if spec.kind is FieldKind.DATE:
        return draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1)))
    if spec.kind is FieldKind.DATETIME:
        return draw(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)))
    options = [o.id for o in GRAPH.options(spec.options_ref or "")]
    if spec.kind is FieldKind.CHOICE:
        return draw(st.sampled_from(options))
    if spec.require_all:
        return draw(st.permutations(options))
    return draw(st.lists(st.sampled_from(options), unique=True))


def _details(draw: st.DrawFn, fields: tuple[Field, ...], fill: bool, skip: str = "") -> dict:
    out = {}
    for spec in fields:
        if spec.name != skip and (fill or draw(st.booleans())):
            out[spec.name] = _value(draw, spec)
    return out


@settings(max_examples=300, deadline=None)
@given(st.data(), st.booleans())
def test_random_walks(data: st.DataObject, fill: bool) -> None:
    draw = data.draw
    walk = WizardWalk(GRAPH)
    steps = 0
    while not walk.finished:
        node = walk.current
        assert isinstance(node, Node)
        label = draw(st.sampled_from(sorted(node.answers)))
        details = _details(draw, node.fields_for(label), fill, skip="decision_reasons")
        walk.answer(label, details)
        steps += 1
        assert steps <= len(GRAPH.nodes), "every walk ends within one answer per node"
        if draw(st.booleans()):
            # back() then the same answer again lands in exactly the same place.
            before = (walk.current, walk.values, walk.history)
            assert walk.back() is node
            assert walk.history == before[2][:-1]
            walk.answer(label, details)
            assert (walk.current, walk.values, walk.history) == before
    outcome = walk.outcome
    assert outcome is not None and outcome.id in REQUIRED_OUTCOMES
    if outcome.decision is Decision.NONE_YET:
        with pytest.raises(GuidanceError):
            build_sharing_record(walk, {"decision_reasons": "x"})
        return
    if not fill:
        return
    common = {
        f.name: _value(draw, f)
        for f in outcome.fields
        if f.name not in walk.values and f.name != "decision_reasons"
    }
    with pytest.raises(GuidanceError) as info:
        build_sharing_record(walk, common)
    assert "reasons" in str(info.value) and _one_sentence(str(info.value))
    record = build_sharing_record(walk, {**common, "decision_reasons": "Because of the risk."})
    assert record.decision is outcome.decision
    assert record.outcome == outcome.id and record.emergency is outcome.emergency
    assert list(record.answers) == walk.history
    assert SharingRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_dropping_any_required_walk_field_is_refused(data: st.DataObject) -> None:
    """Fill a walk completely, then blank one required field: the record must be refused."""
    draw = data.draw
    walk = WizardWalk(GRAPH)
    while not walk.finished:
        node = walk.current
        assert isinstance(node, Node)
        label = draw(st.sampled_from(sorted(node.answers)))
        walk.answer(label, _details(draw, node.fields_for(label), True))
    outcome = walk.outcome
    assert outcome is not None
    if outcome.decision is Decision.NONE_YET:
        return
    common = {f.name: _value(draw, f) for f in outcome.fields if f.name not in walk.values}
    required = [
        (i, f.name)
        for i, (node_id, label, details) in enumerate(walk.history)
        for f in GRAPH.nodes[node_id].fields
        if f.is_required(label, walk.values) and f.name in details
    ]
    if not required:
        return
    index, name = draw(st.sampled_from(required))
    steps = walk.history
    node_id, label, details = steps[index]
    replay = [*steps[:index], (node_id, label, {k: v for k, v in details.items() if k != name})]
    broken = WizardWalk.replay(GRAPH, replay)
    for node_id, label, details in steps[index + 1 :]:
        if broken.finished or broken.current.id != node_id:
            return  # blanking it changed the route; nothing to compare
        broken.answer(label, details)
    if broken.outcome is not outcome:
        return
    with pytest.raises(GuidanceError):
        build_sharing_record(broken, common)


def test_graph_type_is_exported() -> None:
    assert isinstance(GRAPH, WizardGraph)
