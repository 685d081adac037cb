"""Half-typed forms kept inside the encrypted vault, so a lock never loses a DSL's typing.

A draft is working data, not a record: it is replaced as the person types and deleted when
the form is saved or discarded. It lives in records.db, so it is encrypted like everything else
and readable only after unlocking as the same user.
"""

from __future__ import annotations

import json
from typing import Any

from safelog.domain.timefmt import iso, now_utc
from safelog.services.session import Session


def save_draft(session: Session, form: str, content: dict[str, Any]) -> None:
    conn = session.conn()
    with_tx = not conn.in_transaction
    if with_tx:
        conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT OR REPLACE INTO drafts (user_id, form, content, saved_at) VALUES (?, ?, ?, ?)",
            (session.user_id, form, json.dumps(content, ensure_ascii=False), iso(now_utc())),
        )
    except BaseException:
        if with_tx:
            conn.execute("ROLLBACK")
        raise
    if with_tx:
        conn.execute("COMMIT")


def load_draft(session: Session, form: str) -> dict[str, Any] | None:
    row = (
        session.conn()
        .execute(
            "SELECT content FROM drafts WHERE user_id = ? AND form = ?", (session.user_id, form)
        )
        .fetchone()
    )
    return None if row is None else dict(json.loads(row[0]))


def discard_draft(session: Session, form: str) -> None:
    session.conn().execute(
        "DELETE FROM drafts WHERE user_id = ? AND form = ?", (session.user_id, form)
    )


def draft_forms(session: Session) -> list[str]:
    return [
        r[0]
        for r in session.conn().execute(
            "SELECT form FROM drafts WHERE user_id = ? ORDER BY saved_at", (session.user_id,)
        )
    ]
