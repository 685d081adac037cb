"""Parse and validate a decision-graph file (``info-sharing-vN.json``).

Validation happens once, on load, so a bad data change fails in tests and at start-up rather than
in front of a DSL. A graph is accepted only if: the start exists; every answer and ``skip_to``
target exists; every node and outcome is reachable from the start; there is no cycle (so every
walk ends within ``len(nodes)`` answers); every node, outcome, rule, myth and reassurance cites a
document listed in the file; golden-rule and myth references exist; single-answer node types have
exactly one answer; fields are well formed, refer to existing lists, and agree wherever the same
field name appears twice; and conditions name fields the graph can actually capture.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from safelog.guidance._data import JsonObject, Reader, SourceRef, check_source, parse_documents
from safelog.guidance.errors import GuidanceDataError
from safelog.guidance.graph import (
    WIZARD_FORMAT,
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
    Scalar,
    WizardGraph,
)

# Top-level keys holding option lists, and whether each holds named sub-lists.
_LIST_KEYS = {
    "lawful_bases": True,
    "choices": True,
    "reasons_consent_not_sought": False,
    "reasons_not_informed_or_consent_not_sought": False,
}


def _sources(r: Reader, documents: frozenset[str]) -> tuple[SourceRef, tuple[SourceRef, ...]]:
    source = SourceRef.parse(r.obj.get("source"), f"{r.where}.source")
    check_source(source, documents, r.where)
    see_also = tuple(
        SourceRef.parse(item, f"{r.where}.see_also[{i}]")
        for i, item in enumerate(r.items("see_also", default_empty=True))
    )
    for ref in see_also:
        check_source(ref, documents, r.where)
    return source, see_also


def _condition(obj: object, where: str) -> Condition:
    r = Reader(obj, where)
    if "equals" in r.obj:
        values: tuple[Scalar, ...] = (r.obj["equals"],)
    else:
        values = tuple(r.items("in"))
    if not values or not all(isinstance(v, str | bool | int) for v in values):
        raise GuidanceDataError(f"{where} must give 'equals' or a non-empty 'in' of plain values.")
    return Condition(field=r.text("field"), values=values)


def _field(obj: object, where: str) -> Field:
    r = Reader(obj, where)
    try:
        kind = FieldKind(r.text("kind"))
    except ValueError as exc:
        raise r.fail("kind", f"one of {', '.join(k.value for k in FieldKind)}") from exc
    options_ref = r.opt_text("options_ref")
    if (kind in (FieldKind.CHOICE, FieldKind.MULTI)) != (options_ref is not None):
        raise GuidanceDataError(
            f"{where}: choice and multi fields, and only they, need options_ref."
        )
    required = r.flag("required")
    required_if = None
    if r.has("required_if"):
        required_if = _condition(r.obj["required_if"], f"{where}.required_if")
    label = r.text("label")
    missing = r.opt_text("missing")
    if missing is None:
        if required or required_if is not None:
            raise r.fail("missing", "a one-sentence message, because the field can be required")
        missing = f"Fill in '{label}'."
    return Field(
        name=r.text("name"),
        label=label,
        kind=kind,
        required=required,
        missing=missing,
        options_ref=options_ref,
        only_for=r.texts("only_for"),
        required_if=required_if,
        require_all=r.flag("require_all", default=False),
    )


def _node(node_id: str, obj: object, documents: frozenset[str]) -> Node:
    where = f"nodes.{node_id}"
    r = Reader(obj, where)
    try:
        node_type = NodeType(r.text("type"))
    except ValueError as exc:
        raise r.fail("type", f"one of {', '.join(t.value for t in NodeType)}") from exc
    answers = {str(k): v for k, v in r.mapping("answers").items()}
    if not all(isinstance(v, str) for v in answers.values()):
        raise r.fail("answers", "a map of answer label to node or outcome id")
    if node_type is NodeType.QUESTION and len(answers) < 2:
        raise GuidanceDataError(f"{where}: a question needs at least two answers.")
    if node_type is not NodeType.QUESTION and len(answers) != 1:
        raise GuidanceDataError(f"{where}: a {node_type.value} step has exactly one answer.")
    answer_text = r.mapping("answer_text", default_empty=True)
    sets = r.mapping("sets", default_empty=True)
    for key, mapping in (("answer_text", answer_text), ("sets", sets)):
        stray = sorted(set(mapping) - set(answers))
        if stray:
            raise GuidanceDataError(f"{where}.{key} names answers it does not have: {stray}.")
    fields = tuple(
        _field(item, f"{where}.fields[{i}]")
        for i, item in enumerate(r.items("fields", default_empty=True))
    )
    for f in fields:
        if set(f.only_for) - set(answers):
            raise GuidanceDataError(f"{where}: field {f.name} names an answer the node lacks.")
    applies_if = None
    if r.has("applies_if"):
        applies_if = _condition(r.obj["applies_if"], f"{where}.applies_if")
    skip_to = r.opt_text("skip_to")
    if (applies_if is None) != (skip_to is None):
        raise GuidanceDataError(f"{where}: applies_if and skip_to go together.")
    golden_rule = r.opt_integer("golden_rule")
    source, see_also = _sources(r, documents)
    return Node(
        id=node_id,
        type=node_type,
        text=r.text("text"),
        help=r.text("help"),
        golden_rule=golden_rule,
        myth=r.opt_text("myth"),
        source=source,
        see_also=see_also,
        answers=MappingProxyType(answers),
        answer_text=MappingProxyType({str(k): str(v) for k, v in answer_text.items()}),
        sets=MappingProxyType({str(k): MappingProxyType(dict(v)) for k, v in sets.items()}),
        fields=fields,
        applies_if=applies_if,
        skip_to=skip_to,
    )


def _outcome(outcome_id: str, obj: object, documents: frozenset[str]) -> Outcome:
    where = f"outcomes.{outcome_id}"
    r = Reader(obj, where)
    try:
        decision = Decision(r.text("decision"))
    except ValueError as exc:
        raise r.fail("decision", f"one of {', '.join(d.value for d in Decision)}") from exc
    source, see_also = _sources(r, documents)
    fields = tuple(
        _field(item, f"{where}.fields[{i}]")
        for i, item in enumerate(r.items("fields", default_empty=True))
    )
    if any(f.only_for for f in fields):
        raise GuidanceDataError(f"{where}: outcome fields cannot be limited to answers.")
    return Outcome(
        id=outcome_id,
        title=r.text("title"),
        text=r.text("text"),
        decision=decision,
        emergency=r.flag("emergency"),
        source=source,
        see_also=see_also,
        fields=fields,
    )


def _options(items: Iterable[Any], where: str) -> tuple[Option, ...]:
    options = []
    for i, item in enumerate(items):
        r = Reader(item, f"{where}[{i}]")
        options.append(
            Option(
                id=r.text("id"),
                label=r.text("label"),
                note=r.opt_text("note"),
                verified=r.opt_flag("verified"),
            )
        )
    ids = [o.id for o in options]
    if not options or len(set(ids)) != len(ids):
        raise GuidanceDataError(f"{where} must be a non-empty list with unique ids.")
    return tuple(options)


def _option_lists(r: Reader) -> dict[str, tuple[Option, ...]]:
    lists: dict[str, tuple[Option, ...]] = {}
    for key, nested in _LIST_KEYS.items():
        if nested:
            for name, items in r.mapping(key).items():
                lists[f"{key}.{name}"] = _options(items, f"{key}.{name}")
        else:
            lists[key] = _options(r.items(key), key)
    return lists


def _rules(r: Reader, documents: frozenset[str]) -> dict[str, tuple[GoldenRule, ...]]:
    editions: dict[str, tuple[GoldenRule, ...]] = {}
    for edition, items in r.mapping("golden_rules").items():
        rules = []
        for i, item in enumerate(items):
            rr = Reader(item, f"golden_rules.{edition}[{i}]")
            source, _ = _sources(rr, documents)
            rules.append(
                GoldenRule(
                    edition=str(edition),
                    n=rr.integer("n"),
                    short=rr.text("short"),
                    text=rr.text("text"),
                    verified=rr.flag("verified"),
                    source=source,
                    note=rr.opt_text("note"),
                )
            )
        if [rule.n for rule in rules] != list(range(1, len(rules) + 1)):
            raise GuidanceDataError(
                f"golden_rules.{edition} must be numbered 1, 2, 3 ... in order."
            )
        editions[str(edition)] = tuple(rules)
    return editions


def _myths(r: Reader, documents: frozenset[str]) -> tuple[Myth, ...]:
    myths = []
    for i, item in enumerate(r.items("myths")):
        mr = Reader(item, f"myths[{i}]")
        source, _ = _sources(mr, documents)
        myths.append(
            Myth(
                id=mr.text("id"),
                myth=mr.text("myth"),
                reality=mr.text("reality"),
                verified=mr.flag("verified"),
                source=source,
            )
        )
    return tuple(myths)


def _reassurances(r: Reader, documents: frozenset[str]) -> tuple[Reassurance, ...]:
    out = []
    for i, item in enumerate(r.items("reassurances", default_empty=True)):
        rr = Reader(item, f"reassurances[{i}]")
        source, _ = _sources(rr, documents)
        out.append(
            Reassurance(
                id=rr.text("id"),
                text=rr.text("text"),
                attribution=rr.text("attribution"),
                verified=rr.flag("verified"),
                source=source,
            )
        )
    return tuple(out)


def parse_wizard(raw: JsonObject) -> WizardGraph:
    """Build a :class:`WizardGraph` from the JSON shape and validate it (see the module doc).

    Also accepts the output of :meth:`WizardGraph.to_json_dict`, so a graph round-trips.
    Raises :class:`GuidanceDataError` naming the first problem found.
    """
    r = Reader(raw, "wizard")
    if r.text("format") != WIZARD_FORMAT:
        raise GuidanceDataError(
            f"The wizard file is in format '{r.text('format')}', which this SafeLog cannot read."
        )
    documents = parse_documents(r)
    document_ids = frozenset(d.id for d in documents)
    nodes = {str(k): _node(str(k), v, document_ids) for k, v in r.mapping("nodes").items()}
    outcomes = {str(k): _outcome(str(k), v, document_ids) for k, v in r.mapping("outcomes").items()}
    graph = WizardGraph(
        id=r.text("id"),
        version=r.integer("version"),
        title=r.text("title"),
        effective_from=r.day("effective_from"),
        caveat=r.text("caveat"),
        follows=r.texts("follows"),
        documents=documents,
        start=r.text("start"),
        nodes=MappingProxyType(nodes),
        outcomes=MappingProxyType(outcomes),
        option_lists=MappingProxyType(_option_lists(r)),
        golden_rules=MappingProxyType(_rules(r, document_ids)),
        myths=_myths(r, document_ids),
        reassurances=_reassurances(r, document_ids),
    )
    validate(graph)
    return graph


def _edges(node: Node) -> list[str]:
    return [*node.answers.values(), *([node.skip_to] if node.skip_to else [])]


def validate(graph: WizardGraph) -> None:
    """Cross-checks that need the whole graph; raises :class:`GuidanceDataError`."""
    overlap = set(graph.nodes) & set(graph.outcomes)
    if overlap:
        raise GuidanceDataError(f"Ids used for both a node and an outcome: {sorted(overlap)}.")
    if graph.start not in graph.nodes:
        raise GuidanceDataError(f"The start node '{graph.start}' does not exist.")
    targets = set(graph.nodes) | set(graph.outcomes)
    for node in graph.nodes.values():
        for target in _edges(node):
            if target not in targets:
                raise GuidanceDataError(
                    f"Node {node.id} leads to '{target}', which does not exist."
                )
    _check_reachable_and_acyclic(graph)
    _check_references(graph)
    _check_fields(graph)


def _check_reachable_and_acyclic(graph: WizardGraph) -> None:
    # Depth-first search with colours: grey = on the current path (a grey neighbour is a cycle).
    colour: dict[str, str] = {}

    def visit(node_id: str) -> None:
        colour[node_id] = "grey"
        for target in _edges(graph.nodes[node_id]):
            if target in graph.outcomes:
                colour[target] = "black"
            elif colour.get(target) == "grey":
                raise GuidanceDataError(f"The wizard loops back to {target} from {node_id}.")
            elif target not in colour:
                visit(target)
        colour[node_id] = "black"

    visit(graph.start)
    unreachable = sorted((set(graph.nodes) | set(graph.outcomes)) - set(colour))
    if unreachable:
        raise GuidanceDataError(f"These steps can never be reached: {', '.join(unreachable)}.")


def _check_references(graph: WizardGraph) -> None:
    rule_numbers = {rule.n for rule in graph.golden_rules.get("2024", ())}
    myth_ids = {m.id for m in graph.myths}
    for node in graph.nodes.values():
        if node.golden_rule is not None and node.golden_rule not in rule_numbers:
            raise GuidanceDataError(f"Node {node.id} cites golden rule {node.golden_rule} (2024).")
        if node.myth is not None and node.myth not in myth_ids:
            raise GuidanceDataError(f"Node {node.id} cites an unknown myth '{node.myth}'.")


def _all_fields(graph: WizardGraph) -> Iterable[tuple[str, Field]]:
    for holder in (*graph.nodes.values(), *graph.outcomes.values()):
        for f in holder.fields:
            yield holder.id, f


def _check_fields(graph: WizardGraph) -> None:
    seen: dict[str, Field] = {}
    for holder_id, f in _all_fields(graph):
        if f.options_ref is not None and f.options_ref not in graph.option_lists:
            raise GuidanceDataError(
                f"{holder_id}.{f.name} refers to a missing list {f.options_ref}."
            )
        first = seen.setdefault(f.name, f)
        if (first.kind, first.options_ref) != (f.kind, f.options_ref):
            raise GuidanceDataError(f"The field {f.name} is defined two different ways.")
    settable: set[str] = set(seen)
    for node in graph.nodes.values():
        for answer, mapping in node.sets.items():
            settable.update(mapping)
            for name, value in mapping.items():
                _check_value(graph, seen.get(name), value, f"{node.id} answer {answer}")
    conditions: list[tuple[str, Condition]] = [
        (node.id, node.applies_if) for node in graph.nodes.values() if node.applies_if
    ]
    conditions += [(h, f.required_if) for h, f in _all_fields(graph) if f.required_if]
    for holder_id, condition in conditions:
        if condition.field not in settable:
            raise GuidanceDataError(
                f"{holder_id} has a condition on '{condition.field}', which nothing captures."
            )
        for value in condition.values:
            _check_value(graph, seen.get(condition.field), value, f"{holder_id} condition")


def _check_value(graph: WizardGraph, spec: Field | None, value: Scalar, where: str) -> None:
    """A value set or tested for a choice field must be one of its options."""
    if spec is None or spec.options_ref is None or spec.kind is not FieldKind.CHOICE:
        return
    if value not in {o.id for o in graph.options(spec.options_ref)}:
        raise GuidanceDataError(f"{where}: '{value}' is not an option of {spec.name}.")
