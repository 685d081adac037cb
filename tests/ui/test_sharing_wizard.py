"""The information-sharing wizard, driven end to end as a DSL would, on real vaults.

Routes: share without consent (consent not sought, with the reason and lawful basis, saved and
on the chronology), do not share (Save refused with the sentence until reasons are given),
emergency (numbers from settings at once, then the record), a "seek advice" outcome that saves
nothing, and Back changing an earlier answer and so the route.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safelog.guidance import load_wizard, parse_wizard
from safelog.guidance._data import read_json
from safelog.services.chronology import chronology
from safelog.services.session import Session
from safelog.services.sharing import sharing_for_child
from tests.ui.test_sharing_support import (
    CONTACTS,
    Wizard,
    add_child,
    click,
    finish_tasks,
    make_ctx,
    new_session,
)
from ui.seams import ScriptedPrompter
from ui.sharing.outcome_pages import NOT_SET, OutcomePage
from ui.sharing.summary import SummaryPage

GRAPH = load_wizard()


@pytest.fixture
def session(tmp_path: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(tmp_path / "vault")
    yield s
    finish_tasks()
    s.close()


def _saved(session: Session, child_id: int) -> list[Any]:
    return sharing_for_child(session, child_id)


def test_share_without_consent_is_saved_with_reason_and_lawful_basis_and_joins_chronology(
    qtbot, session: Session
) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    prompter = ScriptedPrompter()
    ctx = make_ctx(session, prompter)
    w = Wizard(qtbot, ctx, child.child_id)
    assert not w.dlg.back_button.isEnabled()
    assert not w.dlg.next_button.isEnabled(), "Next must wait for an answer"

    w.answer("no")
    w.next()
    assert w.node_id == "N1"
    w.answer("proactive")
    w.next()
    w.answer("yes")
    assert not w.dlg.next_button.isEnabled(), "the purpose is required"
    assert "Record the purpose of sharing." in w.dlg.status.text()
    w.type("purpose", "To protect the child: the MASH needs the injury history (fictional).")
    assert w.dlg.next_button.isEnabled()
    w.next()
    w.answer("yes")  # identifiable
    w.next()
    w.answer("yes")  # special category
    w.next()
    assert w.node_id == "N5b"
    # The golden rule and myth-busting point from the graph are beside the step.
    texts = w.dlg.panel.texts()
    assert GRAPH.golden_rule(3).text in texts
    assert GRAPH.myth("data-protection-barrier").reality in texts
    assert "not verified against the official text" in texts
    w.choose("lawful_basis_art6", "A6_1_E")
    w.choose("lawful_basis_art9", "A9_2_G")
    w.choose("lawful_basis_sch1", "SCH1_P2_PARA18")
    assert not w.dlg.next_button.isEnabled(), "paragraph 18 needs its reason"
    w.choose("reason_consent_not_sought", "WOULD_PREJUDICE_PROTECTION")
    w.next()
    w.answer("no")  # not safe to tell the family
    w.next()
    assert w.node_id == "N6b"
    w.choose("reason_not_informed", "INCREASED_RISK_TO_CHILD")
    w.next()
    assert w.node_id == "N8", "N7 applies only when consent was refused"
    w.choose("share_scope", "all")
    w.type("necessity_rationale", "Only the injury log and dates; nothing about siblings.")
    w.tick_all("checks")
    assert w.dlg.next_button.isEnabled()
    last = list(w.dlg.page.form.editors["checks"].boxes.values())[-1]
    click(qtbot, last)  # untick one point: every point must be confirmed
    assert not w.dlg.next_button.isEnabled()
    assert "Confirm every point on the sharing checklist." in w.dlg.status.text()
    click(qtbot, last)
    w.next()
    assert w.node_id == "N9"
    w.answer("do_not_tell")
    w.next()
    assert w.node_id == "N10"
    w.type("items_shared", "Fact: bruise log 02/03\nOpinion (form tutor): withdrawn lately")
    w.type("recipients", "A. Fictional, duty social worker, Exampleshire MASH")
    w.choose("method", "secure_email")
    w.next()
    assert w.node_id == "OUT_SHARE"
    assert w.dlg.next_button.text() == "Review and save…"
    w.type("decision_reasons", "Risk of significant harm outweighs the family's privacy.")
    w.next()
    assert isinstance(w.dlg.page, SummaryPage)
    summary = w.dlg.page.plain_text()
    assert "Asking for consent would put the protection of the child at risk" in summary
    assert "Public task" in summary and "Views sought; consent not asked for" in summary
    assert "It would put the child at greater risk of significant harm" in summary
    assert _saved(session, child.child_id) == [], "nothing is saved before the DSL confirms"

    with qtbot.waitSignal(ctx.events.records_changed, timeout=1000) as changed:
        click(qtbot, w.dlg.next_button)  # "Save record"
    assert changed.args == ["sharing"]
    assert w.dlg.result() == w.dlg.DialogCode.Accepted
    [row] = _saved(session, child.child_id)
    assert row.decision == "share" and row.outcome == "OUT_SHARE"
    assert row.guidance_version == GRAPH.version_tag
    record = row.record
    assert record["consent_status"] == "not_sought"
    assert record["reason_consent_not_sought"] == "WOULD_PREJUDICE_PROTECTION"
    assert record["lawful_basis_art6"] == "A6_1_E"
    assert record["lawful_basis_sch1"] == "SCH1_P2_PARA18"
    assert record["informed_of_sharing"] == "not_informed"
    assert [a["node"] for a in record["answers"]][:3] == ["N0", "N1", "N2"]
    entries = chronology(session, child.child_id)
    assert any(
        e.kind == "information sharing" and e.reference == f"S{row.sharing_id}" for e in entries
    )
    assert prompter.kinds() == [], "no message was needed"


def test_do_not_share_is_refused_with_the_sentence_until_reasons_are_given(
    qtbot, session: Session
) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    prompter = ScriptedPrompter()
    ctx = make_ctx(session, prompter)
    w = Wizard(qtbot, ctx, child.child_id, concern_id=None)
    w.answer("no")
    w.next()
    w.answer("request")
    w.next()
    w.type("requester_name", "B. Fictional")
    w.type("requester_agency", "Exampleshire Football Club")
    assert not w.dlg.next_button.isEnabled()
    w.type("request_details", "Asked for the home address.")
    w.next()
    w.answer("yes")
    assert not w.dlg.next_button.isEnabled(), "how the requester was checked is required"
    w.choose("verification_method", "switchboard_callback")
    w.next()
    w.answer("no")  # no legitimate safeguarding purpose
    w.type("purpose", "A club mailing list.")
    w.next()
    assert w.node_id == "OUT_DO_NOT_SHARE"

    click(qtbot, w.dlg.next_button)  # "Review and save…" with no reasons
    sentence = "Record the reasons for not sharing."
    assert prompter.calls[-1].kind == "error" and prompter.calls[-1].text == sentence
    assert w.dlg.status.text() == sentence
    assert isinstance(w.dlg.page, OutcomePage), "the form stays open"
    assert _saved(session, child.child_id) == []

    w.type("decision_reasons", "No safeguarding purpose; the club can ask the parents.")
    w.next()
    assert isinstance(w.dlg.page, SummaryPage)
    assert "Exampleshire Football Club" in w.dlg.page.plain_text()
    w.next()  # Save record
    [row] = _saved(session, child.child_id)
    assert row.decision == "do_not_share"
    assert row.record["decision_reasons"].startswith("No safeguarding purpose")
    assert row.record["requester"]["verification_method"] == "switchboard_callback"


def test_emergency_shows_the_school_numbers_at_once_then_completes_the_record(
    qtbot, tmp_path: Path, qapp: QApplication
) -> None:  # type: ignore[no-untyped-def]
    # This school has not entered its police number yet: the gap must be said, not hidden.
    settings = {k: v for k, v in CONTACTS.items() if k != "police_phone"}
    session = new_session(tmp_path / "vault", settings=settings)
    try:
        child = add_child(session)
        ctx = make_ctx(session)
        w = Wizard(qtbot, ctx, child.child_id)
        w.answer("yes")
        w.next()
        page = w.dlg.page
        assert isinstance(page, OutcomePage) and page.contacts is not None
        numbers = {k: label.text() for k, label in page.contacts.numbers.items()}
        assert numbers["mash_phone"] == CONTACTS["mash_phone"]
        assert numbers["mash_out_of_hours_phone"] == CONTACTS["mash_out_of_hours_phone"]
        assert numbers["police_phone"] == NOT_SET
        assert numbers["emergency"] == "999"
        flags = page.contacts.numbers["mash_phone"].textInteractionFlags()
        assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
        assert page.form is None, "the numbers come first; the form waits"
        assert w.dlg.next_button.text() == "Complete the record"

        w.next()
        assert isinstance(w.dlg.page, OutcomePage) and w.dlg.page.form is not None
        assert w.dlg.page.contacts is not None, "the numbers stay in view while recording"
        w.choose("trigger", "proactive")
        w.type("purpose", "She said she was afraid to go home tonight (fictional).")
        w.choose("lawful_basis_art6", "A6_1_D")
        w.type("items_shared", "Her words and the injury seen at 10:05")
        w.type("recipients", "Duty social worker, Exampleshire MASH")
        w.choose("method", "phone")
        w.type("decision_reasons", "Immediate risk of significant harm.")
        w.next()
        assert isinstance(w.dlg.page, SummaryPage)
        assert "Yes: shared at once, recorded afterwards" in w.dlg.page.plain_text()
        # Saved from the keyboard: Ctrl+S on the summary.
        w.dlg.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w.dlg, timeout=2000)
        qtbot.keyClick(w.dlg, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: w.dlg.saved_id is not None, timeout=1000)
        [row] = sharing_for_child(session, child.child_id)
        assert row.record["emergency"] is True and row.outcome == "OUT_EMERGENCY"
        assert row.record["trigger"] == "proactive"
    finally:
        finish_tasks()
        session.close()


def test_back_changes_an_earlier_answer_and_the_route(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    ctx = make_ctx(session, ScriptedPrompter(confirms=[True]))
    w = Wizard(qtbot, ctx, child.child_id)
    w.answer("no")
    w.next()
    w.answer("request")
    w.next()
    assert w.node_id == "N1a"
    w.type("requester_name", "C. Fictional")
    w.back()
    assert w.node_id == "N1"
    assert w.dlg.page.answer_buttons["request"].isChecked(), "the earlier answer is shown"
    w.next()
    assert w.node_id == "N1a"
    name = w.dlg.page.form.editors["requester_name"]
    assert name.value() == "C. Fictional", "what was typed comes back"

    # Alt+Left is Back from the keyboard.
    w.dlg.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w.dlg, timeout=2000)
    qtbot.keyClick(w.dlg, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: w.node_id == "N1", timeout=1000)  # a shortcut animates its click
    w.answer("proactive")
    w.next()
    assert w.node_id == "N2", "a different answer takes a different route"
    assert [s.node_id for s in w.dlg.walk.history] == ["N0", "N1"]
    assert w.dlg.walk.history[1].answer == "proactive"

    # Closing with answers given asks first (scripted: close without saving).
    w.dlg.reject()
    assert ctx.prompter.calls[-1].kind == "confirm"
    assert not w.dlg.isVisible()


def test_seek_advice_outcome_saves_nothing_and_offers_back_and_close(
    qtbot, session: Session
) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    prompter = ScriptedPrompter()
    ctx = make_ctx(session, prompter)
    w = Wizard(qtbot, ctx, child.child_id)
    w.answer("not_sure")
    w.next()
    assert w.node_id == "OUT_ADVICE_URGENT"
    assert not w.dlg.next_button.isVisible()
    assert w.dlg.back_button.isEnabled()
    assert w.dlg.cancel_button.text() == "Close"
    w.back()
    assert w.node_id == "N0"
    w.next()  # the earlier answer is still chosen
    click(qtbot, w.dlg.cancel_button)
    assert prompter.calls == [], "nothing to lose, so no question"
    assert sharing_for_child(session, child.child_id) == []


def test_fields_required_only_on_a_condition_appear_when_it_holds(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    w = Wizard(qtbot, make_ctx(session, ScriptedPrompter(confirms=[True])), child.child_id)
    for answer, details in (("no", {}), ("proactive", {}), ("yes", {"purpose": "To protect."})):
        w.answer(answer)
        for name, text in details.items():
            w.type(name, text)
        w.next()
    w.answer("no")  # nobody can be identified
    w.next()
    assert w.node_id == "N8", "consent and telling the family do not arise"
    w.back()
    w.answer("yes")
    w.next()
    w.answer("no")
    w.next()
    w.choose("lawful_basis_art6", "A6_1_E")
    w.next()
    w.answer("yes")  # safe to tell the family
    w.next()
    assert w.node_id == "N6a"
    editors = w.dlg.page.form.editors
    assert not editors["consent_given_by"].isVisible()
    w.choose("consent_status", "obtained")
    assert editors["consent_given_by"].isVisible() and editors["consent_scope"].isVisible()
    w.choose("consent_status", "not_sought")
    assert not editors["consent_given_by"].isVisible()
    assert not editors["consent_scope"].isVisible()
    w.choose("consent_status", "sought_refused")
    w.type("consent_given_by", "Father")
    w.type("views_of_child_and_family", "Father refused; the child wants help.")
    w.next()
    assert w.node_id == "N7", "a refusal brings the public-interest question"
    w.dlg.reject()


def test_the_pages_are_rendered_from_the_graph_data(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    raw = copy.deepcopy(read_json("info-sharing-v1.json"))
    raw["nodes"]["N0"]["text"] = "Fictional question: is anyone in danger this minute?"
    raw["nodes"]["N0"]["answer_text"]["yes"] = "Yes, right now"
    raw["golden_rules"]["2024"][0]["text"] = "A fictional rule one, changed for this test."
    graph = parse_wizard(raw)
    child = add_child(session)
    w = Wizard(qtbot, make_ctx(session), child.child_id, graph=graph)
    assert w.dlg.page.question.text() == "Fictional question: is anyone in danger this minute?"
    assert w.dlg.page.answer_buttons["yes"].accessibleName() == "Yes, right now"
    assert "A fictional rule one, changed for this test." in w.dlg.panel.texts()
    w.dlg.reject()
