"""Plain-English words for stored values, shared by tables, the child's file and dialogs.

Thread: any (no Qt).
"""

from __future__ import annotations

from functools import cache

from safelog.guidance.categories import GuidanceSet, load_guidance
from safelog.guidance.errors import GuidanceError

STATUS_LABELS = {"new": "New", "triaged": "Triaged", "closed": "Closed"}
STATUS_TIPS = {
    "new": "Not yet looked at by a DSL.",
    "triaged": "A DSL has looked at it and decided what to do.",
    "closed": "Closed, with the reason recorded.",
}
ENTRY_KINDS = {"concern": "Concern", "action": "Action", "decision": "Decision"}
EVENT_LABELS = {
    "triaged": "Triaged",
    "outcome": "Outcome recorded",
    "closed": "Closed",
    "reopened": "Reopened",
}
REVIEW_KINDS = {
    "concern": "Concern review",
    "case": "Case review",
    "referral": "Referral follow-up",
}


@cache
def guidance() -> GuidanceSet:
    """The category set in force today (read once; the data files do not change while running)."""
    return load_guidance()


def category_label(category_id: str) -> str:
    """The category's label, or its id if an older edition used one this edition lacks."""
    try:
        return guidance().category(category_id).label
    except GuidanceError:
        return category_id


def category_labels(category_ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(category_label(c) for c in category_ids)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def file_size(size: int) -> str:
    """``2.4 MB``, ``310 KB``, ``900 bytes``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} bytes"


def review_kind(kind: str) -> str:
    return REVIEW_KINDS.get(kind, kind.replace("_", " ").capitalize())
