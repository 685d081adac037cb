"""Statutory guidance as versioned data: concern categories and the information-sharing wizard.

Qt-free. The data lives in ``resources/guidance/`` (one file per KCSIE edition, one per wizard
version); this package reads, validates and walks it. Everything here raises
:class:`GuidanceError` (a ``ValueError``) with a one-sentence message for bad input.
"""

from __future__ import annotations

from safelog.guidance._graph_load import parse_wizard
from safelog.guidance.categories import (
    Category,
    CategoryGroup,
    GuidanceSet,
    available_guidance,
    load_guidance,
    parse_guidance_set,
    resolve_category,
    review_due_for,
)
from safelog.guidance.errors import (
    AmbiguousCategory,
    GuidanceDataError,
    GuidanceError,
    UnknownCategory,
)
from safelog.guidance.graph import (
    Condition,
    Decision,
    Field,
    FieldKind,
    GoldenRule,
    Myth,
    Node,
    NodeType,
    Option,
    Outcome,
    Reassurance,
    WizardGraph,
)
from safelog.guidance.sharing import (
    AdviceSought,
    ConsentStatus,
    InformedOfSharing,
    Requester,
    SharingRecord,
    Trigger,
    build_sharing_record,
)
from safelog.guidance.wizard import WalkStep, WizardWalk, available_wizards, load_wizard

__all__ = [
    "AdviceSought",
    "AmbiguousCategory",
    "Category",
    "CategoryGroup",
    "Condition",
    "ConsentStatus",
    "Decision",
    "Field",
    "FieldKind",
    "GoldenRule",
    "GuidanceDataError",
    "GuidanceError",
    "GuidanceSet",
    "InformedOfSharing",
    "Myth",
    "Node",
    "NodeType",
    "Option",
    "Outcome",
    "Reassurance",
    "Requester",
    "SharingRecord",
    "Trigger",
    "UnknownCategory",
    "WalkStep",
    "WizardGraph",
    "WizardWalk",
    "available_guidance",
    "available_wizards",
    "build_sharing_record",
    "load_guidance",
    "load_wizard",
    "parse_guidance_set",
    "parse_wizard",
    "resolve_category",
    "review_due_for",
]
