"""Children, concerns, corrections, responses, chronology, search, audit and verify."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safelog.domain.pupils import ChildFlag
from safelog.domain.records import ActionKind, ConcernRole
from safelog.services import children, concerns, due, responses
from safelog.services.children import ChildFilter
from safelog.services.chronology import chronology
from safelog.services.verify import verify_vault
from safelog.store.db import DatabaseError, open_database
from safelog.store.errors import InvalidInput
from safelog.store.vault import unlock
from tests.conftest import DSL, PASSPHRASE
from tests.core.helpers import draft, pupil


def _child(session, serial: int = 1, **extra):  # type: ignore[no-untyped-def]
    children.import_pupils(session, [pupil(serial, **extra)])
    return children.child_by_upn(session, pupil(serial).upn)


def test_names_are_kept_exactly(session) -> None:  # type: ignore[no-untyped-def]
    names = [
        ("Łukasz", "Ødegård"),
        ("Siobhán", "Ó Súilleabháin"),
        ("محمد", "Khan"),
        ("Zoë", "Nguyễn"),
        ("王秀英", "Wang"),
    ]
    children.import_pupils(session, [pupil(i + 1, f, s) for i, (f, s) in enumerate(names)])
    stored = {(c.legal_forename, c.legal_surname) for c in children.list_children(session)}
    assert stored == set(names)


def test_reimport_updates_by_upn_without_duplicates(session) -> None:  # type: ignore[no-untyped-def]
    first = children.import_pupils(session, [pupil(1), pupil(2, "Isla", "Ward")])
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    again = children.import_pupils(session, [pupil(1, form="9C"), pupil(2, "Isla", "Ward")])
    assert (again.added, again.updated, again.unchanged) == (0, 1, 1)
    kids = children.list_children(session)
    assert len(kids) == 2
    moved = children.child_by_upn(session, pupil(1).upn)
    assert moved.form == "9C" and moved.version == 2
    history = children.child_versions(session, moved.child_id)
    assert [h["form"] for h in history] == ["9B", "9C"]  # the old version is still there


def test_filter_as_you_type(session) -> None:  # type: ignore[no-untyped-def]
    children.import_pupils(
        session,
        [
            pupil(1, "Zoë", "Brontë", flags=frozenset({ChildFlag.SEND})),
            pupil(2, "Isla", "Ward", year_group="Year 7", form="7A", flags=frozenset()),
        ],
    )
    assert [c.legal_forename for c in children.list_children(session, ChildFilter("bro"))] == [
        "Zoë"
    ]
    assert children.count_children(session, ChildFilter(year_group="Year 7")) == 1
    assert children.count_children(session, ChildFilter(flag=ChildFlag.SEND)) == 1
    assert children.count_children(session, ChildFilter(pupil(2).upn[1:7])) == 2
    page = children.list_children(session, offset=1, limit=1)
    assert len(page) == 1 and page[0].legal_surname == "Ward"


def test_concern_roles_and_correction_keep_history(session) -> None:  # type: ignore[no-untyped-def]
    victim = _child(session, 1)
    other = _child(session, 2, forename="Jack", surname="Hall")
    cid = concerns.log_concern(
        session, draft(victim.child_id, others=((other.child_id, ConcernRole.ALLEGED_PERPETRATOR),))
    )
    first = concerns.concern(session, cid)
    roles = {i.child_id: i.role for i in first.draft.children}
    assert roles == {
        victim.child_id: ConcernRole.SUBJECT,
        other.child_id: ConcernRole.ALLEGED_PERPETRATOR,
    }

    fixed = draft(
        victim.child_id,
        "Bruise seen on the RIGHT forearm at break.",
        others=((other.child_id, ConcernRole.ALLEGED_PERPETRATOR),),
    )
    with pytest.raises(InvalidInput, match="why"):
        concerns.correct_concern(session, cid, fixed, "  ")
    assert concerns.correct_concern(session, cid, fixed, "Wrong arm recorded") == 2
    history = concerns.concern_history(session, cid)
    assert [c.draft.facts for c in history] == [
        "Bruise seen on the left forearm at break.",
        "Bruise seen on the RIGHT forearm at break.",
    ]
    assert history[1].reason == "Wrong arm recorded" and history[0].reason is None
    assert concerns.concern(session, cid).revision == 2


def test_no_update_or_delete_in_place(session) -> None:  # type: ignore[no-untyped-def]
    child = _child(session)
    concerns.log_concern(session, draft(child.child_id))
    conn = session.conn()
    for sql in (
        "UPDATE concern_revisions SET facts = 'x'",
        "DELETE FROM concern_revisions",
        "DELETE FROM audit",
        "UPDATE child_versions SET form = 'x'",
        "UPDATE audit SET actor = 'x'",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            conn.execute(sql)


def test_draft_rules(session) -> None:  # type: ignore[no-untyped-def]
    child = _child(session)
    with pytest.raises(InvalidInput, match="facts"):
        concerns.log_concern(session, draft(child.child_id, "   "))
    with pytest.raises(InvalidInput, match="category"):
        concerns.log_concern(session, draft(child.child_id, categories=()))
    assert session.conn().execute("SELECT count(*) FROM concerns").fetchone()[0] == 0


def test_search_finds_latest_text_by_prefix_and_ignores_accents(session) -> None:  # type: ignore[no-untyped-def]
    child = _child(session)
    cid = concerns.log_concern(session, draft(child.child_id, "Said the café owner shouted."))
    assert [h.concern_id for h in concerns.search_concerns(session, "cafe")] == [cid]
    assert [h.concern_id for h in concerns.search_concerns(session, "shou")] == [cid]
    assert concerns.search_concerns(session, "owner shout")[0].child_ids == (child.child_id,)
    concerns.correct_concern(
        session, cid, draft(child.child_id, "Said the baker shouted."), "Misheard"
    )
    assert concerns.search_concerns(session, "cafe") == []
    assert [h.concern_id for h in concerns.search_concerns(session, "baker")] == [cid]
    assert concerns.search_concerns(session, '"; DROP TABLE --') == []


def test_chronology_orders_summarises_and_audits_the_read(session) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from safelog.domain.timefmt import LONDON

    child = _child(session)
    later = concerns.log_concern(
        session, draft(child.child_id, "Second", when=datetime(2026, 4, 1, 9, 0, tzinfo=LONDON))
    )
    concerns.log_concern(
        session,
        draft(
            child.child_id,
            "First",
            significant=True,
            when=datetime(2026, 1, 5, 14, 30, tzinfo=LONDON),
        ),
    )
    responses.record_decision(
        session,
        child_id=child.child_id,
        concern_id=later,
        decision="Not referring to MASH; early help offered",
        reasons="Needs met at level 2; parent engaged.",
    )
    before = session.conn().execute("SELECT count(*) FROM audit WHERE action='read'").fetchone()[0]
    full = chronology(session, child.child_id)
    assert [e.summary for e in full][:2] == ["First", "Second"]
    assert full[0].child_words == "It happened at home."
    assert full[0].by_whom == DSL
    summary = chronology(session, child.child_id, summary=True)
    assert [e.kind for e in summary] == ["concern", "decision"]
    after = session.conn().execute("SELECT count(*) FROM audit WHERE action='read'").fetchone()[0]
    assert after == before + 2


def test_due_items(session) -> None:  # type: ignore[no-untyped-def]
    child = _child(session)
    responses.set_review(session, child_id=child.child_id, due_on=date(2026, 1, 10))
    aid = responses.add_action(
        session,
        child_id=child.child_id,
        kind=ActionKind.SPOKE_TO_PARENT,
        description="Call mum",
        owner="Alex",
        due_on=date(2026, 1, 12),
    )
    responses.set_review(session, child_id=child.child_id, due_on=date(2026, 6, 1))
    items = due.due_items(session, date(2026, 1, 31))
    assert [(i.kind, i.due_on) for i in items] == [
        ("review", date(2026, 1, 10)),
        ("action", date(2026, 1, 12)),
    ]
    responses.complete_action(session, aid, outcome="Spoke to mum")
    assert [i.kind for i in due.due_items(session, date(2026, 1, 31))] == ["review"]


def test_verify_passes_then_finds_a_tampered_row(session, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    child = _child(session)
    cid = concerns.log_concern(session, draft(child.child_id))
    assert verify_vault(session.vault).ok
    key = session.vault.key("records")
    session.close()

    # Someone with the real key drops the guard and rewrites what the child said.
    conn = open_database(vault_dir / "records.db", key)
    conn.execute("DROP TRIGGER concern_revisions_no_update")
    conn.execute(
        "UPDATE concern_revisions SET child_words = 'Nothing happened.' WHERE concern_id = ?",
        (cid,),
    )
    conn.close()
    vault = unlock(vault_dir, DSL, PASSPHRASE)
    try:
        report = verify_vault(vault)
    finally:
        vault.close()
    assert not report.ok
    text = "\n".join(report.lines())
    assert "concern revision 1 was changed after audit event" in text


def test_verify_finds_a_role_swapped(session, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A child recorded as the subject, re-marked by hand as the alleged perpetrator."""
    child = _child(session)
    cid = concerns.log_concern(session, draft(child.child_id))
    key = session.vault.key("records")
    session.close()
    conn = open_database(vault_dir / "records.db", key)
    conn.execute("DROP TRIGGER concern_children_no_update")
    conn.execute(
        "UPDATE concern_children SET role = 'alleged_perpetrator' WHERE child_id = ?",
        (child.child_id,),
    )
    conn.close()
    vault = unlock(vault_dir, DSL, PASSPHRASE)
    try:
        text = "\n".join(verify_vault(vault).lines())
    finally:
        vault.close()
    assert f"concern revision {cid} was changed after audit event" in text


def test_verify_finds_a_broken_chain(session, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    child = _child(session)
    concerns.log_concern(session, draft(child.child_id))
    key = session.vault.key("records")
    session.close()
    conn = open_database(vault_dir / "records.db", key)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 2")
    conn.close()
    vault = unlock(vault_dir, DSL, PASSPHRASE)
    try:
        report = verify_vault(vault)
    finally:
        vault.close()
    text = "\n".join(report.lines())
    assert "audit chain is broken at event 2" in text and "altered" in text


def test_verify_finds_a_row_written_outside_safelog(session, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    child = _child(session)
    concerns.log_concern(session, draft(child.child_id))
    key = session.vault.key("records")
    session.close()
    conn = open_database(vault_dir / "records.db", key)
    conn.execute("INSERT INTO concern_categories VALUES (1, 'neglect')")  # slipped in
    conn.execute(
        "INSERT INTO decisions (decision_id, revision, child_id, decision, reasons, "
        "decided_at, decided_by) VALUES (9, 1, 1, 'x', 'y', '2026-01-01', 'z')"
    )
    conn.close()
    vault = unlock(vault_dir, DSL, PASSPHRASE)
    try:
        text = "\n".join(verify_vault(vault).lines())
    finally:
        vault.close()
    assert "concern revision 1 was changed" in text
    assert "decision 1 has no audit event" in text
