"""Scans, photos and PDFs attached to a concern, kept encrypted inside records.db."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from safelog.domain.records import Permission
from safelog.domain.timefmt import iso, now_utc
from safelog.services.session import Session
from safelog.store.errors import InvalidInput
from safelog.store.header import RECORDS

MAX_BYTES = 50 * 1024 * 1024  # a phone photo or a scanned form; not a video
ALLOWED = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/heic",
    "image/gif",
    "image/bmp",
    "image/webp",
    "text/plain",
}


@dataclass(frozen=True)
class AttachmentInfo:
    attachment_id: int
    concern_id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    description: str | None
    added_at: str
    added_by: str


def attach_file(
    session: Session, concern_id: int, path: Path, *, description: str | None = None
) -> int:
    """Copy a file into the vault. The original on disk is left alone (the caller may offer to
    delete it: a scan lying in Downloads is exactly what the vault exists to prevent)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path.name} cannot be read ({exc.strerror}).") from exc
    return attach_bytes(session, concern_id, path.name, data, description=description)


def attach_bytes(
    session: Session, concern_id: int, filename: str, data: bytes, *, description: str | None = None
) -> int:
    if not data:
        raise InvalidInput(f"{filename} is empty.")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{filename} is larger than 50 MB; attach a smaller scan or photo.")
    media = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if media not in ALLOWED:
        raise InvalidInput(f"{filename} is not a scan, photo, PDF or text file.")
    with session.writing(RECORDS, action="attach", object_type="concern") as w:
        if w.conn.execute("SELECT 1 FROM concerns WHERE id = ?", (concern_id,)).fetchone() is None:
            raise InvalidInput(f"There is no concern number {concern_id}.")
        attachment_id = w.add(
            "attachment",
            {
                "concern_id": concern_id,
                "filename": filename,
                "media_type": media,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "content": data,
                "description": (description or "").strip() or None,
                "added_at": iso(now_utc()),
                "added_by": session.user_id,
            },
        )
        w.object_id = concern_id
        w.payload = {"attachment": attachment_id, "filename": filename}
    return attachment_id


def attachments_for_concern(session: Session, concern_id: int) -> list[AttachmentInfo]:
    session.require(Permission.READ_RECORDS)
    rows = (
        session.conn()
        .execute(
            "SELECT id, concern_id, filename, media_type, size, sha256, description, added_at, "
            "added_by FROM attachments WHERE concern_id = ? ORDER BY id",
            (concern_id,),
        )
        .fetchall()
    )
    return [AttachmentInfo(*r) for r in rows]


def attachments_for_child(session: Session, child_id: int) -> list[AttachmentInfo]:
    rows = (
        session.conn()
        .execute(
            "SELECT DISTINCT a.id, a.concern_id, a.filename, a.media_type, a.size, a.sha256, "
            "a.description, a.added_at, a.added_by FROM attachments AS a JOIN concern_revisions "
            "AS r ON r.concern_id = a.concern_id JOIN concern_children AS cc ON cc.revision_id = "
            "r.id WHERE cc.child_id = ? ORDER BY a.added_at",
            (child_id,),
        )
        .fetchall()
    )
    return [AttachmentInfo(*r) for r in rows]


def attachment_content(session: Session, attachment_id: int) -> bytes:
    """The file's bytes (checked against the hash taken when it was attached); audited."""
    row = (
        session.conn()
        .execute(
            "SELECT content, sha256, concern_id FROM attachments WHERE id = ?", (attachment_id,)
        )
        .fetchone()
    )
    if row is None:
        raise InvalidInput(f"There is no attachment number {attachment_id}.")
    if hashlib.sha256(row[0]).hexdigest() != row[1]:
        raise InvalidInput(
            "The attachment's content does not match its fingerprint; run 'safelog verify'."
        )
    session.audit(
        RECORDS,
        action="open",
        object_type="attachment",
        object_id=attachment_id,
        payload={"concern": row[2]},
    )
    return bytes(row[0])
