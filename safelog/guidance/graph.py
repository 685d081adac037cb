"""The information-sharing decision graph as immutable values (guidance.md sections 1.1-1.6).

The graph is data (``resources/guidance/info-sharing-v1.json``), parsed and validated by
:mod:`safelog.guidance._graph_load`; :class:`~safelog.guidance.wizard.WizardWalk` walks it. Nodes
ask one thing and say what to capture; outcomes end the walk with a decision. Routing that
depends on earlier answers (N7 applies only if consent was refused) is a :class:`Condition` on
the node, evaluated by the walker, never an ``if`` in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from safelog.guidance._data import JsonObject, SourceDocument, SourceRef
from safelog.guidance.errors import GuidanceError

Scalar = str | bool | int | None

WIZARD_FORMAT = "safelog.wizard/1"


class NodeType(StrEnum):
    """What a node asks for. Only a question branches; the others have exactly one answer."""

    QUESTION = "question"
    SELECT = "select"
    CAPTURE = "capture"
    CHECKLIST = "checklist"
    RECORD = "record"


class FieldKind(StrEnum):
    """The widget a captured field needs. ``datetime`` is used for "when it was shared"."""

    TEXT = "text"
    CHOICE = "choice"
    MULTI = "multi"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"


class Decision(StrEnum):
    """What an outcome decides. ``none_yet`` outcomes (advice, verify) are not decisions."""

    SHARE = "share"
    SHARE_PARTIAL = "share_partial"
    DO_NOT_SHARE = "do_not_share"
    NONE_YET = "none_yet"


@dataclass(frozen=True)
class Condition:
    """``field`` holds one of ``values`` in the walk's captured values (absent means false)."""

    field: str
    values: tuple[Scalar, ...]

    def holds(self, values: Mapping[str, Any]) -> bool:
        return self.field in values and values[self.field] in self.values

    def describe(self) -> str:
        shown = " or ".join(str(v) for v in self.values)
        return f"{self.field} is {shown}"

    def to_dict(self) -> JsonObject:
        if len(self.values) == 1:
            return {"field": self.field, "equals": self.values[0]}
        return {"field": self.field, "in": list(self.values)}


@dataclass(frozen=True)
class Option:
    """One entry of a list a field chooses from (lawful bases, reasons, methods ...).

    ``verified`` is None for SafeLog's own vocabulary (which makes no claim about the guidance),
    and True/False for statutory items, False meaning "recalled, check before release".
    """

    id: str
    label: str
    note: str | None = None
    verified: bool | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"id": self.id, "label": self.label}
        if self.note is not None:
            out["note"] = self.note
        if self.verified is not None:
            out["verified"] = self.verified
        return out


@dataclass(frozen=True)
class Field:
    """Something a node (or an outcome) captures.

    Required-ness is data: ``required`` is the default; ``only_for`` limits the field to some
    answers of its node; ``required_if`` (when given) replaces ``required`` with a condition on
    the values captured so far. ``missing`` is the one-sentence message when it is left empty.
    """

    name: str
    label: str
    kind: FieldKind
    required: bool
    missing: str
    options_ref: str | None = None
    only_for: tuple[str, ...] = ()
    required_if: Condition | None = None
    require_all: bool = False

    def applies_to(self, answer: str | None) -> bool:
        """Whether the field belongs to ``answer`` (``None``: the field sits on an outcome)."""
        return not self.only_for or answer in self.only_for

    def is_required(self, answer: str | None, values: Mapping[str, Any]) -> bool:
        if not self.applies_to(answer):
            return False
        if self.required_if is not None:
            return self.required_if.holds(values)
        return self.required

    def to_dict(self) -> JsonObject:
        out: JsonObject = {
            "name": self.name,
            "label": self.label,
            "kind": self.kind.value,
            "required": self.required,
            "missing": self.missing,
        }
        if self.options_ref is not None:
            out["options_ref"] = self.options_ref
        if self.only_for:
            out["only_for"] = list(self.only_for)
        if self.required_if is not None:
            out["required_if"] = self.required_if.to_dict()
        if self.require_all:
            out["require_all"] = True
        return out


@dataclass(frozen=True)
class Node:
    """One step of the wizard.

    ``answers`` maps each answer label to the id of the next node or outcome; ``sets`` maps an
    answer to values it records (N1 "request" sets ``trigger``). When ``applies_if`` is given and
    does not hold on arrival, the walker goes straight on to ``skip_to``.
    """

    id: str
    type: NodeType
    text: str
    help: str
    golden_rule: int | None
    myth: str | None
    source: SourceRef
    answers: Mapping[str, str]
    answer_text: Mapping[str, str]
    sets: Mapping[str, Mapping[str, Scalar]]
    fields: tuple[Field, ...] = ()
    see_also: tuple[SourceRef, ...] = ()
    applies_if: Condition | None = None
    skip_to: str | None = None

    def label_for(self, answer: str) -> str:
        """What the UI shows on the button for ``answer``."""
        return self.answer_text.get(answer) or answer.replace("_", " ").capitalize()

    def fields_for(self, answer: str | None) -> tuple[Field, ...]:
        """The fields to show once ``answer`` is chosen."""
        return tuple(f for f in self.fields if f.applies_to(answer))

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise GuidanceError(f"Node {self.id} has no field '{name}'.")


@dataclass(frozen=True)
class Outcome:
    """Where a walk ends. ``fields`` are captured after arriving (the reasons, or for an
    emergency, the whole record made afterwards); they are passed as ``common`` to
    :func:`~safelog.guidance.sharing.build_sharing_record`."""

    id: str
    title: str
    text: str
    decision: Decision
    emergency: bool
    source: SourceRef
    see_also: tuple[SourceRef, ...] = ()
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class GoldenRule:
    edition: str
    n: int
    short: str
    text: str
    verified: bool
    source: SourceRef
    note: str | None = None


@dataclass(frozen=True)
class Myth:
    id: str
    myth: str
    reality: str
    verified: bool
    source: SourceRef


@dataclass(frozen=True)
class Reassurance:
    id: str
    text: str
    attribution: str
    verified: bool
    source: SourceRef


@dataclass(frozen=True)
class WizardGraph:
    """A validated decision graph plus the lists it refers to. Build with ``load_wizard``.

    ``option_lists`` is keyed by the same dotted reference fields use (``lawful_bases.article6``,
    ``reasons_consent_not_sought``, ``choices.sharing_methods``).
    """

    id: str
    version: int
    title: str
    effective_from: date
    caveat: str
    follows: tuple[str, ...]
    documents: tuple[SourceDocument, ...]
    start: str
    nodes: Mapping[str, Node]
    outcomes: Mapping[str, Outcome]
    option_lists: Mapping[str, tuple[Option, ...]]
    golden_rules: Mapping[str, tuple[GoldenRule, ...]]
    myths: tuple[Myth, ...]
    reassurances: tuple[Reassurance, ...]

    @property
    def version_tag(self) -> str:
        """``info-sharing-v1``: the name of the data file and what records store."""
        return f"{self.id}-v{self.version}"

    def node(self, node_id: str) -> Node:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise GuidanceError(f"The wizard has no step '{node_id}'.") from None

    def outcome(self, outcome_id: str) -> Outcome:
        try:
            return self.outcomes[outcome_id]
        except KeyError:
            raise GuidanceError(f"The wizard has no outcome '{outcome_id}'.") from None

    def target(self, target_id: str) -> Node | Outcome:
        """The node or outcome an answer leads to."""
        if target_id in self.nodes:
            return self.nodes[target_id]
        return self.outcome(target_id)

    def options(self, ref: str) -> tuple[Option, ...]:
        try:
            return self.option_lists[ref]
        except KeyError:
            raise GuidanceError(f"The wizard has no list '{ref}'.") from None

    def option(self, ref: str, option_id: str) -> Option:
        for o in self.options(ref):
            if o.id == option_id:
                return o
        raise GuidanceError(f"'{option_id}' is not in the list {ref}.")

    def golden_rule(self, n: int, edition: str = "2024") -> GoldenRule:
        for rule in self.golden_rules.get(edition, ()):
            if rule.n == n:
                return rule
        raise GuidanceError(f"There is no golden rule {n} in the {edition} edition.")

    def myth(self, myth_id: str) -> Myth:
        for m in self.myths:
            if m.id == myth_id:
                return m
        raise GuidanceError(f"There is no myth-busting point '{myth_id}'.")

    def field_spec(self, name: str) -> Field:
        """The definition of a field by name (the loader checks that repeats agree)."""
        for holder in (*self.nodes.values(), *self.outcomes.values()):
            for f in holder.fields:
                if f.name == name:
                    return f
        raise GuidanceError(f"'{name}' is not a field of a sharing record.")

    def field_names(self) -> frozenset[str]:
        """Every field any node or outcome captures."""
        return frozenset(
            f.name
            for holder in (*self.nodes.values(), *self.outcomes.values())
            for f in holder.fields
        )

    def to_json_dict(self) -> JsonObject:
        """Plain JSON types in the data file's shape (for ``guidance show wizard --json``)."""
        # Imported here because render depends on this module.
        from safelog.guidance.render import graph_to_json_dict

        return graph_to_json_dict(self)

    def to_text(self) -> str:
        """A plain-text rendering for a DPO: every node, its answers, where they lead, sources."""
        from safelog.guidance.render import graph_to_text

        return graph_to_text(self)
