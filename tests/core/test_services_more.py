"""Attachments, family and household, drafts, a DSL's own change to a child, the dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from safelog.domain.pupils import ChildFlag
from safelog.domain.terms import term_containing
from safelog.services import (
    attachments,
    children,
    concerns,
    dashboard,
    drafts,
    household,
    responses,
)
from safelog.services.verify import verify_vault
from safelog.store.errors import InvalidInput
from tests.core.helpers import draft, pupil


@pytest.fixture
def child(session):  # type: ignore[no-untyped-def]
    children.import_pupils(session, [pupil(1)])
    return children.child_by_upn(session, pupil(1).upn)


def test_attachments_are_kept_inside_the_vault(
    session,
    child,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    vault_dir: Path,
) -> None:
    cid = concerns.log_concern(session, draft(child.child_id))
    scan = tmp_path / "body-map-scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"attachmentmarker" * 100)
    aid = attachments.attach_file(session, cid, scan, description="Paper form")
    info = attachments.attachments_for_concern(session, cid)
    assert [(a.attachment_id, a.filename, a.media_type) for a in info] == [
        (aid, "body-map-scan.png", "image/png")
    ]
    assert attachments.attachments_for_child(session, child.child_id)[0].size == info[0].size
    assert attachments.attachment_content(session, aid) == scan.read_bytes()
    for path in vault_dir.iterdir():
        assert b"attachmentmarker" not in path.read_bytes()
    with pytest.raises(InvalidInput, match="not a scan"):
        attachments.attach_bytes(session, cid, "run-me.exe", b"MZ")
    assert verify_vault(session.vault).ok


def test_household_members_are_revised_not_overwritten(session, child) -> None:  # type: ignore[no-untyped-def]
    mid = household.save_member(
        session,
        child_id=child.child_id,
        name="Pat Fictional",
        relationship="Mother",
        parental_responsibility=True,
    )
    with pytest.raises(InvalidInput, match="why"):
        household.save_member(
            session,
            child_id=child.child_id,
            name="Pat Fictional",
            relationship="Mother",
            member_id=mid,
        )
    household.save_member(
        session,
        child_id=child.child_id,
        name="Pat Fictional-Jones",
        relationship="Mother",
        parental_responsibility=True,
        member_id=mid,
        reason="Name changed on marriage",
    )
    members = household.household(session, child.child_id)
    assert [(m.name, m.revision) for m in members] == [("Pat Fictional-Jones", 2)]
    count = session.conn().execute("SELECT count(*) FROM household_members").fetchone()[0]
    assert count == 2


def test_drafts_are_per_user_and_replaced(session) -> None:  # type: ignore[no-untyped-def]
    assert drafts.load_draft(session, "log_concern") is None
    drafts.save_draft(session, "log_concern", {"facts": "half typed"})
    drafts.save_draft(session, "log_concern", {"facts": "half typed, more"})
    assert drafts.load_draft(session, "log_concern") == {"facts": "half typed, more"}
    assert drafts.draft_forms(session) == ["log_concern"]
    drafts.discard_draft(session, "log_concern")
    assert drafts.load_draft(session, "log_concern") is None


def test_update_child_needs_a_reason_and_adds_a_version(session, child) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="why"):
        children.update_child(
            session, child.child_id, flags=frozenset({ChildFlag.CP_PLAN}), reason=""
        )
    version = children.update_child(
        session,
        child.child_id,
        flags=frozenset({ChildFlag.CP_PLAN, ChildFlag.EAL}),
        reason="ICPC on 01/03/2026 made a CP plan",
    )
    assert version == 2
    assert ChildFlag.CP_PLAN in children.child_by_id(session, child.child_id).flags
    with pytest.raises(InvalidInput, match="Nothing"):
        children.update_child(
            session, child.child_id, flags=frozenset({ChildFlag.CP_PLAN, ChildFlag.EAL}), reason="x"
        )


def test_dashboard(session, child) -> None:  # type: ignore[no-untyped-def]
    today = date(2026, 3, 20)
    first = concerns.log_concern(session, draft(child.child_id))
    second = concerns.log_concern(session, draft(child.child_id, "Another"))
    responses.concern_event(session, second, "triaged")
    responses.set_review(
        session, child_id=child.child_id, concern_id=first, due_on=today - timedelta(days=2)
    )
    board = dashboard.dashboard(session, today=today)
    assert [u.concern_id for u in board.untriaged] == [first] and board.untriaged_total == 1
    assert [d.reference for d in board.overdue] == [board.due[0].reference]
    assert board.term.label == "Spring term 2025/26"
    assert board.by_category == {"physical-abuse": 2}


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 9, 1), "Autumn"),
        (date(2026, 12, 31), "Autumn"),
        (date(2027, 1, 4), "Spring"),
        (date(2026, 4, 6), "Spring"),
        (date(2026, 4, 13), "Summer"),
        (date(2026, 7, 20), "Summer"),
    ],
)
def test_terms(day: date, name: str) -> None:
    assert term_containing(day).name == name


def test_set_up_makes_the_signing_identity_at_once(tmp_path: Path) -> None:
    from safelog.services.setup import create_school_vault
    from tests.conftest import FAST_KDF

    session, recovery = create_school_vault(
        tmp_path / "v",
        school="Fictional School",
        dsl_name="Dee Fictional",
        passphrase="a long passphrase here",
        kdf=FAST_KDF,
    )
    try:
        rows = session.conn().execute("SELECT source, cert_pem FROM signing_identities").fetchall()
        assert len(rows) == 1 and rows[0][0] == "generated"
        assert "BEGIN CERTIFICATE" in rows[0][1]
        assert len(recovery.replace("-", "")) == 48
    finally:
        session.close()
