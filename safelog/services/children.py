"""Children: import from the MIS (all or nothing, updates by UPN), list, filter, look up."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from safelog.domain.pupils import ChildFlag, PupilRow
from safelog.domain.records import ChildDetails, Permission
from safelog.domain.timefmt import iso, now_utc
from safelog.domain.upn import InvalidUPN, validate_upn
from safelog.services.session import Session
from safelog.store.errors import InvalidInput
from safelog.store.header import RECORDS

Progress = Callable[[int, int, str], None]

# The latest version of each child, as one row per child.
LATEST = """
    SELECT c.id, c.upn, v.legal_surname, v.legal_forename, v.preferred_forename,
           v.preferred_surname, v.dob, v.gender, v.year_group, v.form, v.admission_date,
           v.flags, v.on_roll, v.version
    FROM children AS c
    JOIN child_versions AS v ON v.child_id = c.id
    WHERE v.version = (SELECT max(version) FROM child_versions WHERE child_id = c.id)
"""


def _details(row: Sequence[Any]) -> ChildDetails:
    return ChildDetails(
        child_id=int(row[0]),
        upn=row[1],
        legal_surname=row[2],
        legal_forename=row[3],
        preferred_forename=row[4],
        preferred_surname=row[5],
        dob=date.fromisoformat(row[6]),
        gender=row[7],
        year_group=row[8],
        form=row[9],
        admission_date=date.fromisoformat(row[10]) if row[10] else None,
        flags=frozenset(ChildFlag(f) for f in json.loads(row[11])),
        on_roll=bool(row[12]),
        version=int(row[13]),
    )


def _version_values(row: PupilRow) -> dict[str, Any]:
    return {
        "legal_surname": row.legal_surname,
        "legal_forename": row.legal_forename,
        "preferred_forename": row.preferred_forename,
        "preferred_surname": row.preferred_surname,
        "dob": row.dob.isoformat(),
        "gender": row.gender,
        "year_group": row.year_group,
        "form": row.form,
        "admission_date": row.admission_date.isoformat() if row.admission_date else None,
        "flags": json.dumps(sorted(f.value for f in row.flags)),
        "on_roll": 1,
    }


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int

    def sentence(self) -> str:
        return (
            f"Imported {self.added + self.updated + self.unchanged} pupils: {self.added} new, "
            f"{self.updated} updated, {self.unchanged} unchanged."
        )


def import_pupils(
    session: Session,
    rows: Sequence[PupilRow],
    *,
    source: str = "import",
    progress: Progress | None = None,
) -> ImportSummary:
    """Save every row in one transaction. A child already here (same UPN) gets a new version
    only if something changed; nothing is duplicated and nothing is overwritten."""
    existing = {c.upn: c for c in list_children(session, audit=False)}
    added = updated = unchanged = 0
    stamp = iso(now_utc())
    with session.writing(RECORDS, action="import", object_type="pupils") as w:
        for index, row in enumerate(rows, start=1):
            values = _version_values(row)
            current = existing.get(row.upn)
            if current is None:
                child_id = w.add(
                    "child", {"upn": row.upn, "created_at": stamp, "created_by": session.user_id}
                )
                version = 1
                added += 1
            else:
                if _unchanged(current, values):
                    unchanged += 1
                    continue
                child_id, version = current.child_id, current.version + 1
                updated += 1
            w.add(
                "child_version",
                {
                    "child_id": child_id,
                    "version": version,
                    **values,
                    "source": source,
                    "recorded_at": stamp,
                    "recorded_by": session.user_id,
                },
            )
            if progress and index % 200 == 0:
                progress(index, len(rows), "Saving pupils")
        w.payload = {"added": added, "updated": updated, "unchanged": unchanged}
    return ImportSummary(added, updated, unchanged)


def _unchanged(current: ChildDetails, values: dict[str, Any]) -> bool:
    stored = {
        "legal_surname": current.legal_surname,
        "legal_forename": current.legal_forename,
        "preferred_forename": current.preferred_forename,
        "preferred_surname": current.preferred_surname,
        "dob": current.dob.isoformat(),
        "gender": current.gender,
        "year_group": current.year_group,
        "form": current.form,
        "admission_date": current.admission_date.isoformat() if current.admission_date else None,
        "flags": json.dumps(sorted(f.value for f in current.flags)),
        "on_roll": int(current.on_roll),
    }
    return stored == values


@dataclass(frozen=True)
class ChildFilter:
    """Matches as you type: name (legal or preferred, accents ignored), UPN, year, form, flag."""

    text: str = ""
    year_group: str | None = None
    form: str | None = None
    flag: ChildFlag | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        for word in self.text.split():
            like = f"%{word}%"
            clauses.append(
                "(v.legal_surname LIKE ? OR v.legal_forename LIKE ? OR v.preferred_forename "
                "LIKE ? OR v.preferred_surname LIKE ? OR c.upn LIKE ? OR v.form LIKE ?)"
            )
            args.extend([like] * 6)
        if self.year_group:
            clauses.append("v.year_group = ?")
            args.append(self.year_group)
        if self.form:
            clauses.append("v.form = ?")
            args.append(self.form)
        if self.flag:
            clauses.append("EXISTS (SELECT 1 FROM json_each(v.flags) WHERE value = ?)")
            args.append(self.flag.value)
        return (" AND " + " AND ".join(clauses)) if clauses else "", args


def list_children(
    session: Session,
    flt: ChildFilter | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
    audit: bool = True,
) -> list[ChildDetails]:
    """Children sorted by surname then forename; ``limit`` pages for lazy table models."""
    session.require(Permission.READ_RECORDS)
    where, args = (flt or ChildFilter()).where()
    sql = (
        LATEST
        + where
        + " ORDER BY v.legal_surname COLLATE NOCASE, v.legal_forename COLLATE NOCASE, c.id"
    )
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args = [*args, limit, offset]
    rows = session.conn().execute(sql, args).fetchall()
    return [_details(r) for r in rows]


def count_children(session: Session, flt: ChildFilter | None = None) -> int:
    session.require(Permission.READ_RECORDS)
    where, args = (flt or ChildFilter()).where()
    sql = f"SELECT count(*) FROM ({LATEST}{where})"
    return int(session.conn().execute(sql, args).fetchone()[0])


def child_by_upn(session: Session, upn: str) -> ChildDetails:
    try:
        wanted = validate_upn(upn)
    except InvalidUPN as exc:
        raise InvalidInput(str(exc)) from exc
    row = session.conn().execute(LATEST + " AND c.upn = ?", (wanted,)).fetchone()
    if row is None:
        raise InvalidInput(f"No child with UPN {wanted} is in this vault.")
    return _details(row)


def child_by_id(session: Session, child_id: int) -> ChildDetails:
    row = session.conn().execute(LATEST + " AND c.id = ?", (child_id,)).fetchone()
    if row is None:
        raise InvalidInput(f"There is no child number {child_id} in this vault.")
    return _details(row)


def child_versions(session: Session, child_id: int) -> list[dict[str, Any]]:
    """Every version of a child's details, oldest first, for the history view."""
    cursor = session.conn().execute(
        "SELECT * FROM child_versions WHERE child_id = ? ORDER BY version", (child_id,)
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor]


def year_groups(session: Session) -> list[str]:
    rows = (
        session.conn()
        .execute(f"SELECT DISTINCT year_group FROM ({LATEST}) WHERE year_group IS NOT NULL")
        .fetchall()
    )
    return sorted((r[0] for r in rows), key=_year_order)


def _year_order(label: str) -> tuple[int, str]:
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else -1, label)


def update_child(
    session: Session,
    child_id: int,
    *,
    flags: frozenset[ChildFlag] | None = None,
    preferred_forename: str | None = None,
    preferred_surname: str | None = None,
    on_roll: bool | None = None,
    reason: str,
) -> int:
    """A DSL's own change to a child (a CP plan starting, a preferred name): a new version with
    the reason, never an edit. Returns the new version number."""
    if not reason.strip():
        raise InvalidInput("Say why the child's details are changing.")
    current = child_by_id(session, child_id)
    values = {
        "legal_surname": current.legal_surname,
        "legal_forename": current.legal_forename,
        "preferred_forename": current.preferred_forename
        if preferred_forename is None
        else (preferred_forename.strip() or None),
        "preferred_surname": current.preferred_surname
        if preferred_surname is None
        else (preferred_surname.strip() or None),
        "dob": current.dob.isoformat(),
        "gender": current.gender,
        "year_group": current.year_group,
        "form": current.form,
        "admission_date": current.admission_date.isoformat() if current.admission_date else None,
        "flags": json.dumps(sorted(f.value for f in (current.flags if flags is None else flags))),
        "on_roll": int(current.on_roll if on_roll is None else on_roll),
    }
    if _unchanged(current, values):
        raise InvalidInput("Nothing about the child has changed.")
    with session.writing(RECORDS, action="update", object_type="child") as w:
        w.add(
            "child_version",
            {
                "child_id": child_id,
                "version": current.version + 1,
                **values,
                "source": "manual",
                "reason": reason.strip(),
                "recorded_at": iso(now_utc()),
                "recorded_by": session.user_id,
            },
        )
        w.object_id = child_id
    return current.version + 1
