"""Renderings of a decision graph: plain JSON types, and plain text a DPO can read and check.

``guidance show wizard [--json]`` prints one of these. The JSON has the same shape as the data
file (so it can be parsed back); the text walks every node in a stable order (start first, then
breadth-first), then the outcomes and the lists, each with its source and an honest
"[not verified against the official text]" wherever the research could not confirm it.
"""

from __future__ import annotations

import textwrap
from collections import deque

from safelog.guidance._data import JsonObject, SourceRef
from safelog.guidance.graph import WIZARD_FORMAT, Field, Node, Outcome, WizardGraph

_WIDTH = 100


def _node_dict(node: Node) -> JsonObject:
    out: JsonObject = {
        "type": node.type.value,
        "text": node.text,
        "help": node.help,
        "golden_rule": node.golden_rule,
        "myth": node.myth,
        "source": node.source.to_dict(),
        "see_also": [s.to_dict() for s in node.see_also],
        "answers": dict(node.answers),
        "answer_text": {label: node.label_for(label) for label in node.answers},
        "sets": {label: dict(values) for label, values in node.sets.items()},
        "fields": [f.to_dict() for f in node.fields],
    }
    if node.applies_if is not None:
        out["applies_if"] = node.applies_if.to_dict()
        out["skip_to"] = node.skip_to
    return out


def _outcome_dict(outcome: Outcome) -> JsonObject:
    return {
        "title": outcome.title,
        "text": outcome.text,
        "decision": outcome.decision.value,
        "emergency": outcome.emergency,
        "source": outcome.source.to_dict(),
        "see_also": [s.to_dict() for s in outcome.see_also],
        "fields": [f.to_dict() for f in outcome.fields],
    }


def graph_to_json_dict(graph: WizardGraph) -> JsonObject:
    """Stable keys, ISO dates, JSON types only; parseable again by ``parse_wizard``."""

    def options(prefix: str) -> JsonObject:
        return {
            ref.split(".", 1)[1]: [o.to_dict() for o in items]
            for ref, items in graph.option_lists.items()
            if ref.startswith(prefix + ".")
        }

    return {
        "format": WIZARD_FORMAT,
        "id": graph.id,
        "version": graph.version,
        "version_tag": graph.version_tag,
        "title": graph.title,
        "effective_from": graph.effective_from.isoformat(),
        "follows": list(graph.follows),
        "caveat": graph.caveat,
        "documents": [d.to_dict() for d in graph.documents],
        "start": graph.start,
        "nodes": {node_id: _node_dict(node) for node_id, node in graph.nodes.items()},
        "outcomes": {oid: _outcome_dict(outcome) for oid, outcome in graph.outcomes.items()},
        "lawful_bases": options("lawful_bases"),
        "reasons_consent_not_sought": [
            o.to_dict() for o in graph.options("reasons_consent_not_sought")
        ],
        "reasons_not_informed_or_consent_not_sought": [
            o.to_dict() for o in graph.options("reasons_not_informed_or_consent_not_sought")
        ],
        "choices": options("choices"),
        "golden_rules": {
            edition: [
                {
                    "n": rule.n,
                    "short": rule.short,
                    "text": rule.text,
                    "verified": rule.verified,
                    **({"note": rule.note} if rule.note else {}),
                    "source": rule.source.to_dict(),
                }
                for rule in rules
            ]
            for edition, rules in graph.golden_rules.items()
        },
        "myths": [
            {
                "id": m.id,
                "myth": m.myth,
                "reality": m.reality,
                "verified": m.verified,
                "source": m.source.to_dict(),
            }
            for m in graph.myths
        ],
        "reassurances": [
            {
                "id": r.id,
                "text": r.text,
                "attribution": r.attribution,
                "verified": r.verified,
                "source": r.source.to_dict(),
            }
            for r in graph.reassurances
        ],
    }


def _wrap(text: str, indent: int, hang: int = 2) -> list[str]:
    """Wrap at 100 columns; labelled lines ("Help: ...") hang their continuation lines."""
    pad = " " * indent
    return textwrap.wrap(text, _WIDTH, initial_indent=pad, subsequent_indent=pad + " " * hang)


def _source_lines(source: SourceRef, see_also: tuple[SourceRef, ...], indent: int) -> list[str]:
    lines = _wrap(f"Source: {source.describe()}", indent)
    if source.note:
        lines += _wrap(f"Note: {source.note}", indent + 2)
    for ref in see_also:
        lines += _wrap(f"See also: {ref.describe()}", indent)
    return lines


def _field_lines(fields: tuple[Field, ...], indent: int) -> list[str]:
    lines: list[str] = []
    for f in fields:
        if f.required_if is not None:
            need = f"required if {f.required_if.describe()}"
        else:
            need = "required" if f.required else "optional"
        where = f", only for: {', '.join(f.only_for)}" if f.only_for else ""
        options = f", from {f.options_ref}" if f.options_ref else ""
        lines += _wrap(f"- {f.name} ({f.kind.value}{options}, {need}{where}): {f.label}", indent)
    return lines


def _order(graph: WizardGraph) -> list[str]:
    """Nodes breadth-first from the start, so the text reads roughly in walking order."""
    seen: list[str] = []
    queue = deque([graph.start])
    while queue:
        node_id = queue.popleft()
        if node_id in seen or node_id not in graph.nodes:
            continue
        seen.append(node_id)
        node = graph.nodes[node_id]
        queue.extend(node.answers.values())
        if node.skip_to:
            queue.append(node.skip_to)
    return seen + sorted(set(graph.nodes) - set(seen))


def _node_lines(graph: WizardGraph, node: Node) -> list[str]:
    lines = [f"{node.id}  [{node.type.value}]"]
    lines += _wrap(node.text, 2, hang=0)
    lines += _wrap(f"Help: {node.help}", 2)
    if node.applies_if is not None:
        lines += _wrap(
            f"Asked only if {node.applies_if.describe()}; otherwise go straight to {node.skip_to}.",
            2,
        )
    if node.golden_rule is not None:
        rule = graph.golden_rule(node.golden_rule)
        lines += _wrap(f"Golden rule {rule.n} (2024): {rule.short}", 2)
    if node.myth is not None:
        myth = graph.myth(node.myth)
        lines += _wrap(f"Myth: {myth.myth} Reality: {myth.reality}", 2)
    lines.append("  Answers:")
    for label, target in node.answers.items():
        where = (
            graph.outcomes[target].title if target in graph.outcomes else graph.nodes[target].text
        )
        sets = node.sets.get(label)
        recorded = f" (records {', '.join(f'{k}={v}' for k, v in sets.items())})" if sets else ""
        lines += _wrap(f"{node.label_for(label)} [{label}] -> {target}: {where}{recorded}", 4)
    if node.fields:
        lines.append("  Captures:")
        lines += _field_lines(node.fields, 4)
    lines += _source_lines(node.source, node.see_also, 2)
    return lines


def _outcome_lines(outcome: Outcome) -> list[str]:
    flag = ", EMERGENCY" if outcome.emergency else ""
    lines = [f"{outcome.id}  {outcome.title} (decision: {outcome.decision.value}{flag})"]
    lines += _wrap(outcome.text, 2, hang=0)
    if outcome.fields:
        lines.append("  Record afterwards:")
        lines += _field_lines(outcome.fields, 4)
    lines += _source_lines(outcome.source, outcome.see_also, 2)
    return lines


def graph_to_text(graph: WizardGraph) -> str:
    """Every node id, answer, target, field and source, as wrapped plain text."""
    lines = [
        f"{graph.title} ({graph.version_tag}, effective from {graph.effective_from.isoformat()})",
        *_wrap(graph.caveat, 0, hang=0),
        "",
        f"Start at {graph.start}.",
        "",
        "STEPS",
        "",
    ]
    for node_id in _order(graph):
        lines += [*_node_lines(graph, graph.nodes[node_id]), ""]
    lines += ["OUTCOMES", ""]
    for outcome in graph.outcomes.values():
        lines += [*_outcome_lines(outcome), ""]
    lines += ["LISTS", ""]
    for ref, items in graph.option_lists.items():
        lines.append(ref)
        for o in items:
            caveat = " [not verified against the official text]" if o.verified is False else ""
            note = f" ({o.note})" if o.note else ""
            lines += _wrap(f"- {o.id}: {o.label}{note}{caveat}", 2)
        lines.append("")
    for edition, rules in graph.golden_rules.items():
        lines.append(f"Seven golden rules, {edition} edition")
        for rule in rules:
            caveat = "" if rule.verified else " [not verified against the official text]"
            lines += _wrap(f"{rule.n}. {rule.short}: {rule.text}{caveat}", 2)
        lines.append("")
    lines.append("Myth-busting")
    for m in graph.myths:
        caveat = "" if m.verified else " [not verified against the official text]"
        lines += _wrap(f"- {m.id}: Myth: {m.myth} Reality: {m.reality}{caveat}", 2)
        lines += _source_lines(m.source, (), 4)
    for r in graph.reassurances:
        lines += _wrap(f"- {r.text} ({r.attribution})", 2)
    lines += ["", "DOCUMENTS", ""]
    for d in graph.documents:
        status = f"{d.status}, {'statutory' if d.statutory else 'non-statutory'}"
        lines += _wrap(f"{d.id}: {d.title}, {d.publisher}, {d.edition} ({status})", 0)
    return "\n".join(lines) + "\n"
