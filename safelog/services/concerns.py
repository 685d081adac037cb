"""Concerns: log one, correct it (a new revision with a reason), read it, search them all."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from safelog.domain.records import (
    Concern,
    ConcernDraft,
    ConcernRole,
    Involvement,
    Permission,
)
from safelog.domain.timefmt import from_iso, iso, now_utc
from safelog.services.session import Session, Write
from safelog.store.errors import InvalidInput
from safelog.store.header import RECORDS

_LATEST_REVISION = (
    "r.revision = (SELECT max(revision) FROM concern_revisions WHERE concern_id = r.concern_id)"
)


def validate_draft(draft: ConcernDraft) -> None:
    """One sentence for the first thing that stops this concern being saved."""
    if not draft.children:
        raise InvalidInput("Say which child or children the concern is about.")
    if not any(i.role is ConcernRole.SUBJECT for i in draft.children):
        raise InvalidInput("At least one child must be the subject of the concern.")
    ids = [i.child_id for i in draft.children]
    if len(set(ids)) != len(ids):
        raise InvalidInput("Each child can have only one role in a concern.")
    if not draft.categories:
        raise InvalidInput("Choose at least one category for the concern.")
    if not draft.facts.strip():
        raise InvalidInput("Write what was seen or heard: the facts cannot be empty.")
    if draft.occurred_at.tzinfo is None:
        raise InvalidInput("The time the concern happened needs its time zone.")
    if draft.occurred_at > now_utc():
        raise InvalidInput("The concern cannot have happened in the future; check the date.")


def write_revision(
    w: Write, concern_id: int, revision: int, draft: ConcernDraft, user_id: str, reason: str | None
) -> int:
    rev_id = w.insert(
        "concern_revisions",
        {
            "concern_id": concern_id,
            "revision": revision,
            "occurred_at": iso(draft.occurred_at),
            "recorded_at": iso(now_utc()),
            "recorded_by": user_id,
            "location": draft.location,
            "facts": draft.facts,
            "child_words": draft.child_words,
            "opinion": draft.opinion,
            "others_present": draft.others_present,
            "immediate_action": draft.immediate_action,
            "dsl_told": draft.dsl_told,
            "significant": draft.significant,
            "body_marks": json.dumps(list(draft.body_marks), sort_keys=True, ensure_ascii=False),
            "reason": reason,
        },
    )
    for inv in draft.children:
        w.insert(
            "concern_children",
            {"revision_id": rev_id, "child_id": inv.child_id, "role": inv.role.value},
        )
    for category in sorted(set(draft.categories)):
        w.insert("concern_categories", {"revision_id": rev_id, "category": category})
    w.seal("concern_revision", rev_id)
    # The search index holds the latest text only; it is derived data, not a record.
    if revision > 1:
        w.conn.execute("DELETE FROM concern_search WHERE rowid = ?", (concern_id,))
    w.conn.execute(
        "INSERT INTO concern_search (rowid, facts, child_words, opinion, immediate_action, "
        "location, others_present) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            concern_id,
            draft.facts,
            draft.child_words,
            draft.opinion,
            draft.immediate_action,
            draft.location,
            draft.others_present,
        ),
    )
    return rev_id


def log_concern(session: Session, draft: ConcernDraft) -> int:
    """Save a new concern; return its number."""
    validate_draft(draft)
    with session.writing(RECORDS, action="log", object_type="concern") as w:
        concern_id = w.add("concern", {"created_at": iso(now_utc()), "created_by": session.user_id})
        write_revision(w, concern_id, 1, draft, session.user_id, None)
        w.object_id = concern_id
        w.payload = {"children": [i.child_id for i in draft.children]}
    return concern_id


def correct_concern(session: Session, concern_id: int, draft: ConcernDraft, reason: str) -> int:
    """Add a revision that replaces the latest one; the old text stays in the history."""
    if not reason.strip():
        raise InvalidInput("Say why the concern is being corrected.")
    validate_draft(draft)
    latest = concern(session, concern_id)
    with session.writing(RECORDS, action="correct", object_type="concern") as w:
        write_revision(w, concern_id, latest.revision + 1, draft, session.user_id, reason.strip())
        w.object_id = concern_id
        w.payload = {"revision": latest.revision + 1, "reason": reason.strip()}
    return latest.revision + 1


_SELECT = (
    "SELECT r.id, r.concern_id, r.revision, r.occurred_at, r.recorded_at, r.recorded_by, "
    "r.location, r.facts, r.child_words, r.opinion, r.others_present, r.immediate_action, "
    "r.dsl_told, r.significant, r.body_marks, r.reason FROM concern_revisions AS r "
)


def _hydrate(session: Session, rows: Sequence[Sequence[Any]]) -> list[Concern]:
    if not rows:
        return []
    ids = [int(r[0]) for r in rows]
    marks = ",".join("?" for _ in ids)
    conn = session.conn()
    involved: dict[int, list[Involvement]] = {}
    for rev_id, child_id, role in conn.execute(
        f"SELECT revision_id, child_id, role FROM concern_children WHERE revision_id IN "
        f"({marks}) ORDER BY revision_id, role DESC, child_id",
        ids,
    ):
        involved.setdefault(rev_id, []).append(Involvement(child_id, ConcernRole(role)))
    categories: dict[int, list[str]] = {}
    for rev_id, category in conn.execute(
        f"SELECT revision_id, category FROM concern_categories WHERE revision_id IN ({marks}) "
        "ORDER BY revision_id, category",
        ids,
    ):
        categories.setdefault(rev_id, []).append(category)
    result = []
    for r in rows:
        draft = ConcernDraft(
            children=tuple(involved.get(r[0], ())),
            occurred_at=from_iso(r[3]),
            categories=tuple(categories.get(r[0], ())),
            facts=r[7],
            child_words=r[8],
            opinion=r[9],
            location=r[6],
            others_present=r[10],
            immediate_action=r[11],
            dsl_told=bool(r[12]),
            significant=bool(r[13]),
            body_marks=tuple(json.loads(r[14])),
        )
        result.append(
            Concern(
                concern_id=int(r[1]),
                revision=int(r[2]),
                revision_row=int(r[0]),
                draft=draft,
                recorded_at=from_iso(r[4]),
                recorded_by=r[5],
                reason=r[15],
            )
        )
    return result


def concern(session: Session, concern_id: int) -> Concern:
    """The latest revision of a concern."""
    rows = (
        session.conn()
        .execute(_SELECT + "WHERE r.concern_id = ? ORDER BY r.revision DESC LIMIT 1", (concern_id,))
        .fetchall()
    )
    if not rows:
        raise InvalidInput(f"There is no concern number {concern_id}.")
    return _hydrate(session, rows)[0]


def concern_history(session: Session, concern_id: int) -> list[Concern]:
    """Every revision, oldest first."""
    rows = (
        session.conn()
        .execute(_SELECT + "WHERE r.concern_id = ? ORDER BY r.revision", (concern_id,))
        .fetchall()
    )
    return _hydrate(session, rows)


def concerns_for_child(session: Session, child_id: int) -> list[Concern]:
    """The latest revision of every concern the child is part of (in that revision)."""
    rows = (
        session.conn()
        .execute(
            _SELECT + "JOIN concern_children AS cc ON cc.revision_id = r.id "
            f"WHERE cc.child_id = ? AND {_LATEST_REVISION} ORDER BY r.occurred_at, r.concern_id",
            (child_id,),
        )
        .fetchall()
    )
    return _hydrate(session, rows)


def count_by_category(session: Session, since: datetime | None = None) -> dict[str, int]:
    """Latest revisions only, so a corrected category is counted once, as corrected. Driven
    from the (occurred_at, concern_id, revision) index so a term's count never reads text."""
    session.require(Permission.READ_RECORDS)
    sql = (
        "SELECT c.category, count(*) FROM concern_revisions AS r "
        "INDEXED BY concern_revisions_by_time "
        "JOIN concern_categories AS c ON c.revision_id = r.id "
        f"WHERE r.occurred_at >= ? AND {_LATEST_REVISION} "
        "GROUP BY c.category ORDER BY count(*) DESC"
    )
    args = [iso(since) if since is not None else ""]
    return {str(cat): int(n) for cat, n in session.conn().execute(sql, args)}


@dataclass(frozen=True)
class SearchHit:
    concern_id: int
    snippet: str
    occurred_at: datetime
    child_ids: tuple[int, ...]


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn what a person typed into an FTS5 query: every word must match, the last as a
    prefix (results as you type). Quotes keep FTS syntax characters literal. Results come
    newest first: ranking every match of a common word costs seconds at 200,000 concerns."""
    words = _WORD.findall(text)
    if not words:
        return None
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " AND ".join(terms)


def search_concerns(session: Session, text: str, *, limit: int = 50) -> list[SearchHit]:
    session.require(Permission.READ_RECORDS)
    query = fts_query(text)
    if query is None:
        return []
    conn = session.conn()
    rows = conn.execute(
        "SELECT s.rowid, snippet(concern_search, -1, '[', ']', '…', 12), r.occurred_at, r.id "
        "FROM concern_search AS s JOIN concern_revisions AS r ON r.concern_id = s.rowid "
        f"WHERE concern_search MATCH ? AND {_LATEST_REVISION} ORDER BY s.rowid DESC LIMIT ?",
        (query, limit),
    ).fetchall()
    hits = []
    for concern_id, snippet, occurred, rev_id in rows:
        kids = tuple(
            r[0]
            for r in conn.execute(
                "SELECT child_id FROM concern_children WHERE revision_id = ? ORDER BY child_id",
                (rev_id,),
            )
        )
        hits.append(SearchHit(int(concern_id), str(snippet), from_iso(occurred), kids))
    return hits
