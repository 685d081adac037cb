"""The page the DSL reads and confirms before a sharing decision is saved: every answer given,
then the record exactly as it will be kept.

:func:`summary_html` builds the text from the graph, the walk and the validated
:class:`~safelog.guidance.SharingRecord` (labels come from the graph's fields and option lists);
:class:`SummaryPage` shows it read-only and selectable. Thread: GUI only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from html import escape
from typing import Any

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from safelog.domain.timefmt import uk_date, uk_datetime
from safelog.guidance import (
    Field,
    FieldKind,
    GuidanceError,
    NodeType,
    Outcome,
    SharingRecord,
    WizardGraph,
    WizardWalk,
)
from ui.sharing.kit import heading, hint

# Record entries that are not wizard fields, or whose field label reads as a question.
_RECORD_LABELS = {
    "trigger": "How it started",
    "requester": "Who asked",
    "personal_data": "Identifies a living person",
    "special_category_data": "Special category data",
    "criminal_offence_data": "Includes criminal-offence data",
    "informed_of_sharing": "Child and family told",
    "advice_sought": "Advice taken",
    "checks": "Sharing checklist",
    "emergency": "Emergency",
    "guidance_version": "Guidance used",
}
_INFORMED = {
    "before": "Yes, before sharing",
    "after": "Yes, after sharing",
    "not_informed": "No",
    "not_applicable": "Not applicable: nobody can be identified",
}
_SKIP = {"format", "decision", "decision_reasons", "answers", "outcome"}


def display(graph: WizardGraph, spec: Field | None, value: Any) -> str:
    """A value as a DSL reads it: option labels, UK dates, Yes/No, lines as they were typed."""
    if value is None or value == "" or value == ():
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{uk_datetime(value)} (UK time)"
    if isinstance(value, date):
        return f"{value:%A} {uk_date(value)}"
    if spec is not None and spec.options_ref and spec.kind in (FieldKind.CHOICE, FieldKind.MULTI):
        ids = [value] if isinstance(value, str) else list(value)
        labels = []
        for option_id in ids:
            try:
                labels.append(graph.option(spec.options_ref, option_id).label)
            except GuidanceError:
                labels.append(str(option_id))
        return "; ".join(labels)
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def _spec(graph: WizardGraph, outcome: Outcome | None, name: str) -> Field | None:
    if outcome is not None:
        for f in outcome.fields:
            if f.name == name:
                return f
    try:
        return graph.field_spec(name)
    except GuidanceError:
        return None


def _rows_html(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(
        "<tr><td width='38%' style='padding:3px 14px 3px 0; color:#52606d; vertical-align:top;'>"
        f"{escape(label)}</td><td style='padding:3px 0; vertical-align:top;'>"
        f"{escape(text).replace(chr(10), '<br>')}</td></tr>"
        for label, text in rows
        if text
    )
    return f"<table cellspacing='0' width='100%'>{cells}</table>"


def answer_rows(
    graph: WizardGraph, walk: WizardWalk
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``(step text, answer shown, [(field label, value)])`` for every answer given, in order."""
    out = []
    for step in walk.history:
        node = graph.node(step.node_id)
        answer = node.label_for(step.answer) if node.type is NodeType.QUESTION else "Recorded"
        details = [
            (spec.label, display(graph, spec, step.details.get(spec.name)))
            for spec in node.fields_for(step.answer)
            if spec.name in step.details
        ]
        out.append((node.text, answer, details))
    return out


def record_rows(graph: WizardGraph, record: SharingRecord) -> list[tuple[str, str]]:
    """The saved record as ``(label, value)`` pairs, in the record's own order."""
    outcome = graph.outcomes.get(record.outcome)
    title = outcome.title if outcome else record.outcome
    reasons_spec = _spec(graph, outcome, "decision_reasons")
    rows = [
        ("Decision", title + (" (emergency)" if record.emergency else "")),
        (reasons_spec.label if reasons_spec else "Reasons", record.decision_reasons),
    ]
    for name in record.__dataclass_fields__:
        if name in _SKIP:
            continue
        value = getattr(record, name)
        label = _RECORD_LABELS.get(name)
        spec = _spec(graph, outcome, name)
        if name == "requester" and value is not None:
            text = _requester(graph, value)
        elif name == "informed_of_sharing" and value is not None:
            text = _INFORMED.get(value.value, value.value)
        elif name == "advice_sought":
            text = "\n".join(_advice(a) for a in value)
        elif name == "checks":
            text = f"All {len(value)} points confirmed" if value else ""
        elif name == "emergency":
            text = "Yes: shared at once, recorded afterwards" if value else ""
        elif name == "criminal_offence_data":
            text = "Yes" if value else ""
        else:
            text = display(graph, spec, value)  # enums here are str, so option ids still match
        label = label or (_short(spec.label) if spec else name.replace("_", " ").capitalize())
        rows.append((label, text))
    return [(label, text) for label, text in rows if text]


def _short(label: str) -> str:
    """A field label without its typing hint: "What you shared (one item per line…)" →
    "What you shared"."""
    return re.sub(r"\s*\([^)]*\)$", "", label) or label


def _requester(graph: WizardGraph, requester: Any) -> str:
    who = ", ".join(p for p in (requester.name, requester.role, requester.agency) if p)
    lines = [who]
    if requester.request:
        lines.append(f"Asked for: {requester.request}")
    if requester.verified is not None:
        how = ""
        if requester.verification_method:
            spec = graph.field_spec("verification_method")
            how = f" ({display(graph, spec, requester.verification_method)})"
        lines.append(("Identity checked" + how) if requester.verified else "Identity not checked")
    return "\n".join(lines)


def _advice(advice: Any) -> str:
    who = ", ".join(p for p in (advice.adviser, advice.role) if p)
    when = f" on {uk_datetime(advice.at)}" if advice.at else ""
    return f"{who}{when}: {advice.advice}"


def summary_html(graph: WizardGraph, walk: WizardWalk, record: SharingRecord, child: str) -> str:
    """The whole summary as simple HTML (every piece of text escaped)."""
    parts = [f"<h3>Sharing decision for {escape(child)}</h3>", "<h4>Your answers</h4><ol>"]
    for text, answer, details in answer_rows(graph, walk):
        parts.append(
            f"<li style='margin-bottom:6px'><b>{escape(text)}</b><br>"
            f"<span style='color:#1f5fbf'>{escape(answer)}</span>"
            + (_rows_html(details) if details else "")
            + "</li>"
        )
    parts.append("</ol><h4>The record to be saved</h4>")
    parts.append(_rows_html(record_rows(graph, record)))
    return "".join(parts)


class SummaryPage(QWidget):
    """Read-only summary of the walk and the record; the dialog's Save button confirms it."""

    def __init__(
        self,
        graph: WizardGraph,
        walk: WizardWalk,
        record: SharingRecord,
        child: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Summary before saving")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(hint("Summary", self))
        layout.addWidget(heading("Check the record before you save it", self, size=3, wrap=True))
        layout.addWidget(
            hint(
                f"Saving adds this decision, with every answer below, to {child}'s chronology. "
                "It cannot be changed afterwards, only added to. Press Back to change anything.",
                self,
                name="What saving does",
            )
        )
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("Answers and record")
        self.text.setOpenLinks(False)
        self.text.setHtml(summary_html(graph, walk, record, child))
        layout.addWidget(self.text, 1)

    def plain_text(self) -> str:
        return self.text.toPlainText()
