"""Tables of the DSL's response and the child's circumstances: actions, decisions, reviews,
family and household, and documents. Thread: GUI only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from safelog.domain.records import Action, Decision, Review, Status
from safelog.domain.timefmt import from_iso, today_london, uk_date, uk_datetime
from safelog.services.attachments import AttachmentInfo
from safelog.services.household import HouseholdMember
from ui.models.base import Column, ListTableModel, one_line
from ui.models.labels import file_size, review_kind, yes_no

_STATUS_WORDS = {Status.OPEN: "Open", Status.DONE: "Done", Status.CANCELLED: "Cancelled"}


def _concern_ref(concern_id: int | None) -> str:
    return f"C{concern_id}" if concern_id else ""


def _overdue(status: Status, due_on: date | None) -> bool:
    return status is Status.OPEN and due_on is not None and due_on < today_london()


def _status_word(status: Status, due_on: date | None) -> str:
    # "Overdue" is a word as well as a colour, so it reads the same in greyscale.
    if _overdue(status, due_on):
        return "Overdue"
    if status is Status.OPEN and due_on == today_london():
        return "Due today"
    return _STATUS_WORDS[status]


class ActionsTableModel(ListTableModel[Action]):
    """What was done or is to be done, with owner, due date, status and outcome."""

    def __init__(self, names: dict[str, str] | None = None, parent: Any = None) -> None:
        self.names = names or {}
        columns: list[Column[Action]] = [
            Column("Action", lambda a: a.kind.label),
            Column("Description", lambda a: one_line(a.description), lambda a: a.description),
            Column("Owner", lambda a: a.owner),
            Column("Due", lambda a: uk_date(a.due_on) if a.due_on else ""),
            Column(
                "Status",
                lambda a: _status_word(a.status, a.due_on),
                warn=lambda a: _overdue(a.status, a.due_on),
            ),
            Column("Outcome", lambda a: one_line(a.outcome), lambda a: a.outcome),
            Column("Concern", lambda a: _concern_ref(a.concern_id)),
            Column(
                "Recorded",
                lambda a: uk_datetime(a.recorded_at),
                lambda a: f"Recorded by {self.names.get(a.recorded_by, a.recorded_by)}",
            ),
        ]
        super().__init__(columns, parent)


class DecisionsTableModel(ListTableModel[Decision]):
    """Decisions with their reasons, including the reasons for not referring."""

    def __init__(self, names: dict[str, str] | None = None, parent: Any = None) -> None:
        self.names = names or {}
        columns: list[Column[Decision]] = [
            Column("Decided", lambda d: uk_datetime(d.decided_at)),
            Column("Decision", lambda d: one_line(d.decision), lambda d: d.decision),
            Column("Reasons", lambda d: one_line(d.reasons), lambda d: d.reasons),
            Column("By whom", lambda d: self.names.get(d.decided_by, d.decided_by)),
            Column("Concern", lambda d: _concern_ref(d.concern_id)),
        ]
        super().__init__(columns, parent)


class ReviewsTableModel(ListTableModel[Review]):
    """Review dates for the child's concerns and case, soonest first."""

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[Review]] = [
            Column("Due", lambda r: uk_date(r.due_on)),
            Column("Review", lambda r: review_kind(r.kind)),
            Column(
                "Status",
                lambda r: _status_word(r.status, r.due_on),
                warn=lambda r: _overdue(r.status, r.due_on),
            ),
            Column("Note", lambda r: one_line(r.note), lambda r: r.note),
            Column("Concern", lambda r: _concern_ref(r.concern_id)),
        ]
        super().__init__(columns, parent)


class HouseholdTableModel(ListTableModel[HouseholdMember]):
    """Family and household members; who lives with the child and who has parental
    responsibility. ``child_names`` maps linked children (siblings at the school) to names."""

    def __init__(self, child_names: dict[int, str] | None = None, parent: Any = None) -> None:
        self.child_names = child_names or {}
        columns: list[Column[HouseholdMember]] = [
            Column("Name", lambda m: m.name),
            Column("Relationship", lambda m: m.relationship),
            Column("Lives with child", lambda m: yes_no(m.lives_with_child)),
            Column("Parental responsibility", lambda m: yes_no(m.parental_responsibility)),
            Column("Date of birth", lambda m: uk_date(m.dob) if m.dob else ""),
            Column("Contact", lambda m: one_line(m.contact), lambda m: m.contact),
            Column("Notes", lambda m: one_line(m.notes), lambda m: m.notes),
            Column(
                "At this school",
                lambda m: self.child_names.get(m.linked_child_id, "") if m.linked_child_id else "",
                header_tip="A brother, sister or other child on roll here",
            ),
        ]
        super().__init__(columns, parent)


class AttachmentsTableModel(ListTableModel[AttachmentInfo]):
    """Scans, photos and PDFs kept encrypted in the vault."""

    def __init__(self, names: dict[str, str] | None = None, parent: Any = None) -> None:
        self.names = names or {}
        columns: list[Column[AttachmentInfo]] = [
            Column("File", lambda a: a.filename),
            Column("Type", lambda a: _media_word(a.media_type), lambda a: a.media_type),
            Column("Size", lambda a: file_size(a.size), align_right=True),
            Column("Description", lambda a: one_line(a.description), lambda a: a.description),
            Column("Concern", lambda a: _concern_ref(a.concern_id)),
            Column("Added", lambda a: uk_datetime(from_iso(a.added_at))),
            Column("By whom", lambda a: self.names.get(a.added_by, a.added_by)),
        ]
        super().__init__(columns, parent)


def _media_word(media_type: str) -> str:
    if media_type == "application/pdf":
        return "PDF"
    if media_type.startswith("image/"):
        return "Photo or scan"
    if media_type == "text/plain":
        return "Text"
    return media_type
