"""Tables of a child's file that come from concerns: the chronology, the concern list and a
concern's revision history. Each is a :class:`~ui.models.base.ListTableModel` over rows the core
returned. Thread: GUI only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safelog.domain.records import ChronologyEntry, Concern, ConcernRole
from safelog.domain.timefmt import uk_datetime
from ui.models.base import Column, ListTableModel, one_line, quoted
from ui.models.labels import ENTRY_KINDS, STATUS_LABELS, STATUS_TIPS, category_labels


def _full(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


class ChronologyTableModel(ListTableModel[ChronologyEntry]):
    """Date and time, type, what happened, the child's words, source, action, outcome, by whom.

    Significant events are bold, so the full view still shows what the summary would keep.
    """

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[ChronologyEntry]] = [
            Column(
                "Date and time",
                lambda e: uk_datetime(e.occurred_at),
                lambda e: (
                    f"Happened {uk_datetime(e.occurred_at)}; recorded "
                    f"{uk_datetime(e.recorded_at)} ({e.reference})"
                ),
                header_tip="When it happened (UK time)",
            ),
            Column(
                "Type",
                lambda e: (
                    ENTRY_KINDS.get(e.kind, e.kind.capitalize()) + (" ★" if e.significant else "")
                ),
                lambda e: "Significant event" if e.significant else None,
                header_tip="★ marks a significant event (kept in the summary)",
            ),
            Column("What happened", lambda e: one_line(e.summary), lambda e: _full(e.summary)),
            Column(
                "Child's words",
                lambda e: one_line(quoted(e.child_words)),
                lambda e: quoted(e.child_words) or None,
                header_tip="The child's own words, exactly as recorded",
            ),
            Column("Source", lambda e: e.source),
            Column("Action", lambda e: one_line(e.action), lambda e: _full(e.action)),
            Column("Outcome", lambda e: one_line(e.outcome), lambda e: _full(e.outcome)),
            Column("By whom", lambda e: e.by_whom),
        ]
        super().__init__(columns, parent)
        self.set_bold(lambda e: e.significant)


@dataclass(frozen=True)
class ConcernRow:
    """A concern as the child's file lists it: the latest revision, its status and this
    child's part in it."""

    concern: Concern
    status: str
    role: ConcernRole | None

    @property
    def concern_id(self) -> int:
        return self.concern.concern_id


_SHORT_ROLES = {
    ConcernRole.SUBJECT: "Subject",
    ConcernRole.WITNESS: "Witness",
    ConcernRole.ALLEGED_PERPETRATOR: "Alleged perpetrator",
}


def _role_text(row: ConcernRow) -> str:
    return _SHORT_ROLES[row.role] if row.role else ""


class ConcernsTableModel(ListTableModel[ConcernRow]):
    """Newest first: when, reference, status, this child's role, categories, what happened.

    "New" (untriaged) is a word in the Status column and drawn in the warning colour, so it
    stands out without relying on colour.
    """

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[ConcernRow]] = [
            Column("Happened", lambda r: uk_datetime(r.concern.draft.occurred_at)),
            Column(
                "Ref",
                lambda r: f"C{r.concern_id}",
                lambda r: f"Concern {r.concern_id}, revision {r.concern.revision}",
                header_tip="Concern number",
            ),
            Column(
                "Status",
                lambda r: STATUS_LABELS.get(r.status, r.status),
                lambda r: STATUS_TIPS.get(r.status),
                warn=lambda r: r.status == "new",
            ),
            Column(
                "Role",
                _role_text,
                lambda r: r.role.label if r.role else None,
                header_tip="This child's part in the concern",
            ),
            Column("Categories", lambda r: category_labels(r.concern.draft.categories)),
            Column(
                "What happened",
                lambda r: one_line(r.concern.draft.facts, 120),
                lambda r: _full(r.concern.draft.facts),
            ),
        ]
        super().__init__(columns, parent)

    def row_of(self, concern_id: int) -> int:
        """The row showing ``concern_id`` (revealing pages as needed), or -1."""
        for number, row in enumerate(self.items()):
            if row.concern_id == concern_id:
                self.reveal(number)
                return number
        return -1


class RevisionsTableModel(ListTableModel[Concern]):
    """Every revision of one concern: number, when recorded, by whom, and why it was changed."""

    def __init__(self, names: dict[str, str] | None = None, parent: Any = None) -> None:
        self.names = names or {}
        columns: list[Column[Concern]] = [
            Column("Revision", lambda c: str(c.revision), align_right=True),
            Column("Recorded", lambda c: uk_datetime(c.recorded_at)),
            Column("By whom", lambda c: self.names.get(c.recorded_by, c.recorded_by)),
            Column(
                "Reason for the change",
                lambda c: one_line(c.reason) if c.reason else "First recorded",
                lambda c: _full(c.reason),
            ),
        ]
        super().__init__(columns, parent)
