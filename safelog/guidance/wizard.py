"""Walking the information-sharing decision graph ("Should I share information?").

``load_wizard()`` returns the validated graph; ``WizardWalk(graph)`` is one DSL's pass through
it. The walk is plain state with no I/O, so the Qt dialog, the CLI and the tests drive the same
object: show ``walk.current``, call ``walk.answer(label, details)`` or ``walk.back()``, and when
``walk.finished`` pass the walk to :func:`~safelog.guidance.sharing.build_sharing_record`.

A walk is not thread-safe; use it from one thread (the GUI thread in the app).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any, NamedTuple

from safelog.guidance._data import data_file_names, read_json
from safelog.guidance._graph_load import parse_wizard
from safelog.guidance._values import coerce, unfilled
from safelog.guidance.errors import GuidanceDataError, GuidanceError, join_or
from safelog.guidance.graph import Field, Node, Outcome, WizardGraph

__all__ = ["WalkStep", "WizardGraph", "WizardWalk", "available_wizards", "load_wizard"]

WIZARD_PREFIX = "info-sharing-v"
_VERSION = re.compile(r"^info-sharing-v(\d+)\.json$")


@cache
def _load_file(name: str) -> WizardGraph:
    graph = parse_wizard(read_json(name))
    if f"{graph.version_tag}.json" != name:
        raise GuidanceDataError(f"{name} declares itself as {graph.version_tag}.")
    return graph


def available_wizards() -> tuple[str, ...]:
    """Version tags of every packaged decision graph, oldest first (``info-sharing-v1`` ...)."""
    found = [
        (int(m.group(1)), name[: -len(".json")])
        for name in data_file_names(WIZARD_PREFIX)
        if (m := _VERSION.match(name))
    ]
    return tuple(tag for _, tag in sorted(found))


def load_wizard(version: str | None = None) -> WizardGraph:
    """The decision graph ``version`` (e.g. ``"info-sharing-v1"``), or the newest by default.

    Validated on load (see :mod:`safelog.guidance._graph_load`) and cached; the result is
    immutable. Raises :class:`GuidanceError` for an unknown version and
    :class:`GuidanceDataError` for a broken file.
    """
    tags = available_wizards()
    if not tags:
        raise GuidanceDataError(
            "No information-sharing wizard (info-sharing-v*.json) is installed."
        )
    if version is None:
        version = tags[-1]
    if version not in tags:
        raise GuidanceError(f"There is no wizard '{version}'; installed: {', '.join(tags)}.")
    return _load_file(f"{version}.json")


class WalkStep(NamedTuple):
    """One answered step: unpacks as ``(node_id, answer, details)``."""

    node_id: str
    answer: str
    details: Mapping[str, Any]


class WizardWalk:
    """One pass through a :class:`WizardGraph`.

    ``current`` is the node to answer, or the outcome once ``finished``. Nodes whose
    ``applies_if`` does not hold on arrival are passed over to their ``skip_to`` and never appear
    in ``history``. ``details`` are checked against the node's fields when given (unknown names,
    wrong types and options not in the list are refused at once); missing required details are
    only refused by ``build_sharing_record``, so a half-finished walk can still be kept as a
    draft. Use :meth:`missing` to grey out a "Next" button.
    """

    def __init__(self, graph: WizardGraph) -> None:
        self.graph = graph
        self._steps: list[WalkStep] = []
        self._current = self._arrive(graph.start, {})

    @property
    def current(self) -> Node | Outcome:
        return self._current

    @property
    def finished(self) -> bool:
        return isinstance(self._current, Outcome)

    @property
    def outcome(self) -> Outcome | None:
        return self._current if isinstance(self._current, Outcome) else None

    @property
    def history(self) -> list[WalkStep]:
        """The answers so far, oldest first (a copy)."""
        return list(self._steps)

    @property
    def values(self) -> dict[str, Any]:
        """Everything captured so far: each answer's ``sets`` and then its details, in order."""
        return self._values(self._steps)

    def _values(self, steps: Iterable[WalkStep]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for step in steps:
            out.update(self.graph.nodes[step.node_id].sets.get(step.answer, {}))
            out.update(step.details)
        return out

    def _arrive(self, target: str, values: Mapping[str, Any]) -> Node | Outcome:
        # The graph is acyclic (checked on load), so this loop ends.
        while target in self.graph.nodes:
            node = self.graph.nodes[target]
            if node.applies_if is None or node.applies_if.holds(values):
                return node
            target = node.skip_to or ""
        return self.graph.outcome(target)

    def _node(self) -> Node:
        if isinstance(self._current, Outcome):
            raise GuidanceError(
                "The wizard has already reached an outcome; go back to change an answer."
            )
        return self._current

    def check_details(self, label: str, details: Mapping[str, Any] | None) -> dict[str, Any]:
        """The canonical details for answering ``label`` at the current node (empty ones dropped).

        Raises :class:`GuidanceError` for a label the node does not offer, a field the node
        does not capture for that answer, or a value of the wrong kind.
        """
        node = self._node()
        if label not in node.answers:
            raise GuidanceError(
                f"'{label}' is not an answer at step {node.id}; "
                f"choose {join_or(list(node.answers))}."
            )
        fields = {f.name: f for f in node.fields_for(label)}
        out: dict[str, Any] = {}
        for name, raw in (details or {}).items():
            spec = fields.get(name)
            if spec is None:
                raise GuidanceError(
                    f"'{name}' is not recorded at step {node.id} for the answer '{label}'."
                )
            value = coerce(self.graph, spec, raw)
            if value is not None:
                out[name] = value
        return out

    def missing(self, label: str, details: Mapping[str, Any] | None = None) -> list[Field]:
        """Required fields still empty if the current node were answered ``label`` with ``details``.

        For the UI: enable "Next" when this is empty.
        """
        node = self._node()
        clean = self.check_details(label, details)
        values = self.values | dict(node.sets.get(label, {})) | clean
        return [
            f
            for f in node.fields
            if f.is_required(label, values) and unfilled(self.graph, f, values)
        ]

    def answer(self, label: str, details: Mapping[str, Any] | None = None) -> Node | Outcome:
        """Answer the current node and move on; returns the new ``current``."""
        node = self._node()
        clean = self.check_details(label, details)
        self._steps.append(WalkStep(node.id, label, MappingProxyType(clean)))
        self._current = self._arrive(node.answers[label], self.values)
        return self._current

    def back(self) -> Node:
        """Undo the last answer: its node becomes current again and its details are dropped."""
        if not self._steps:
            raise GuidanceError("There is no answer to undo; this is the first question.")
        step = self._steps.pop()
        node = self.graph.nodes[step.node_id]
        self._current = node
        return node

    @classmethod
    def replay(
        cls, graph: WizardGraph, steps: Iterable[tuple[str, str, Mapping[str, Any]]]
    ) -> WizardWalk:
        """Rebuild a walk from stored steps; refuses steps that no longer fit the graph."""
        walk = cls(graph)
        for node_id, label, details in steps:
            if walk.finished or walk.current.id != node_id:
                raise GuidanceError(
                    f"The stored answers do not fit wizard {graph.version_tag} at step {node_id}."
                )
            walk.answer(label, details)
        return walk
