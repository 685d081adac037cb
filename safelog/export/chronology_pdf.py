"""A child's chronology as a PDF (reportlab platypus), and the parts the referral pack reuses.

Contract: :func:`render_chronology` returns an unsigned PDF (A4 portrait): first-page header with
the school, the child, who produced it and when, summary or full and the date range; one table
row per entry (the header row repeats on every page, and a row too tall for a page splits
inside itself); the audit-chain head and vault id at the end with what they prove; and the
empty signature area :data:`_page.SIGNATURE_BOX` on the last page for :func:`signing.sign_pdf`.
Every page carries OFFICIAL-SENSITIVE top and bottom and "Page X of Y"; a demo document also
carries a diagonal FICTIONAL DEMO DATA.

Thread: runs on any thread (call it off the GUI thread: 1,000 entries take about a second);
``progress(done, total)`` is called on the calling thread as entries are laid out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
)

from safelog.export._page import (
    FRAME_WIDTH,
    INK,
    MUTED,
    WARNING,
    PageFurniture,
    ProgressCallback,
    build_pdf,
    signature_reservation,
)
from safelog.export._rows import EntryRow, table_flowables
from safelog.export._text import (
    NOT_RECORDED,
    age_on,
    markup,
    or_not_recorded,
    styles,
    uk_date,
    uk_date_long,
    uk_datetime,
)
from safelog.export._textblock import Span, TextBlock
from safelog.export.fonts import BOLD, REGULAR, register_fonts
from safelog.export.model import ChildHeader, ChronologyDocument, ChronologyLine

__all__ = [
    "audit_flowables",
    "child_facts",
    "chronology_flowables",
    "facts_table",
    "render_chronology",
]

_HEAD_FILL = colors.HexColor("#e3e8ee")
_SIGNIFICANT_FILL = colors.HexColor("#fbecd3")
_SIGNIFICANT_INK = colors.HexColor("#8a3b00")
_COLUMNS = (78.0, 214.0, 146.0, FRAME_WIDTH - 78.0 - 214.0 - 146.0)


def render_chronology(doc: ChronologyDocument, progress: ProgressCallback | None = None) -> bytes:
    """Lay out ``doc`` and return the unsigned PDF bytes."""
    register_fonts()
    story: list[Flowable] = [*_first_page_header(doc), *chronology_flowables(doc)]
    story += [Spacer(1, 10), *signature_reservation(audit_flowables(doc))]
    child = doc.child
    furniture = PageFurniture(
        running_left=doc.school_name,
        running_right=f"Chronology: {child.name} · UPN {child.upn}",
        footer_left=f"Produced {uk_datetime(doc.produced_at)} by {doc.produced_by}",
        demo=doc.demo,
    )
    return build_pdf(
        story,
        furniture,
        title=f"Chronology: {child.name}",
        author=doc.produced_by,
        progress=progress,
        progress_total=len(doc.entries),
    )


def child_facts(child: ChildHeader, on_date: date) -> list[tuple[str, str]]:
    """(label, value) pairs identifying the child, as both documents print them; the age is
    the age on ``on_date`` (the day the document is produced)."""
    year_form = ", ".join(p for p in (child.year_group, child.form) if p) or NOT_RECORDED
    return [
        ("Name", child.name),
        ("Preferred name", or_not_recorded(child.preferred_name)),
        ("Date of birth", f"{uk_date(child.dob)} (age {age_on(child.dob, on_date)})"),
        ("UPN", child.upn),
        ("Year and form", year_form),
        ("Flags", ", ".join(child.flags) if child.flags else "None recorded"),
    ]


def _value_colour(value: str) -> tuple[str, Color]:
    if value == NOT_RECORDED:
        return REGULAR, MUTED
    if value.startswith(NOT_RECORDED):
        return BOLD, WARNING
    return REGULAR, INK


def facts_table(pairs: Sequence[tuple[str, str]], columns: int = 2) -> list[Flowable]:
    """Label/value pairs in ``columns`` side-by-side columns, values wrapping; a value of
    "Not recorded" prints grey, and "Not recorded (…)" (a required answer missing) in red."""
    label_w = 86.0 if columns == 2 else 150.0
    value_w = FRAME_WIDTH / columns - label_w
    rows: list[Flowable] = []
    for start in range(0, len(pairs), columns):
        cells: list[list[Flowable]] = []
        for label, value in pairs[start : start + columns]:
            font, colour = _value_colour(value)
            cells += [
                [TextBlock([(label, BOLD, MUTED)], size=8, leading=12)],
                [TextBlock([(value, font, colour)], size=9, leading=12)],
            ]
        cells += [[]] * (2 * columns - len(cells))
        rows.append(
            EntryRow(cells, [label_w, value_w] * columns, ruled=False, padding=(0, 1, 6, 1.5))
        )
    return rows


def _date_range(doc: ChronologyDocument) -> str:
    if doc.date_from is None and doc.date_to is None:
        return "All dates on record"
    if doc.date_from is None:
        assert doc.date_to is not None
        return f"Everything up to {uk_date(doc.date_to)}"
    if doc.date_to is None:
        return f"From {uk_date(doc.date_from)} onwards"
    return f"{uk_date(doc.date_from)} to {uk_date(doc.date_to)}"


def _first_page_header(doc: ChronologyDocument) -> list[Flowable]:
    st = styles()
    kind = "Summary chronology" if doc.summary_only else "Chronology"
    scope = (
        "Summary: significant events only"
        if doc.summary_only
        else "Full: every entry in the record"
    )
    produced = [
        ("Produced by", f"{doc.produced_by} ({doc.produced_role})"),
        ("Produced on", uk_date_long(doc.produced_at)),
        ("Content", scope),
        ("Date range", _date_range(doc)),
        ("Entries", str(len(doc.entries))),
    ]
    return [
        Paragraph(markup(f"{kind}: {doc.child.name}"), st.title),
        Paragraph(markup(doc.school_name), st.body),
        Spacer(1, 8),
        Paragraph("Child", st.heading),
        *facts_table(child_facts(doc.child, doc.produced_at.date())),
        Paragraph("This document", st.heading),
        *facts_table(produced),
        Spacer(1, 4),
        Paragraph(
            "Times are UK local time. <i>Recorded</i> is when the entry was written into "
            "SafeLog. ★ marks a significant event. The child's words are quoted exactly "
            "as they were recorded.",
            st.note,
        ),
        Spacer(1, 8),
    ]


def _cell(*spans: Span) -> TextBlock:
    return TextBlock(spans, size=8, leading=10)


def _small(*spans: Span) -> TextBlock:
    return TextBlock(spans, size=7, leading=8.8)


def _when_cell(line: ChronologyLine) -> list[Flowable]:
    cell: list[Flowable] = [
        _cell((uk_datetime(line.occurred_at), BOLD, INK)),
        _small(
            (f"Recorded {uk_datetime(line.recorded_at)}\nRef. {line.reference}", REGULAR, MUTED)
        ),
    ]
    if line.significant:
        cell.append(_cell(("★ Significant", BOLD, _SIGNIFICANT_INK)))
    return cell


def _what_cell(line: ChronologyLine) -> list[Flowable]:
    cell: list[Flowable] = [
        _cell((line.kind + "\n", BOLD, INK), (line.what_happened, REGULAR, INK))
    ]
    if line.child_words is not None and line.child_words.strip():
        cell.append(_cell(("Child's words: ", BOLD, INK), (f"“{line.child_words}”", REGULAR, INK)))
    cell.append(_small((f"Source: {line.source}", REGULAR, MUTED)))
    return cell


def _labelled(label: str, value: str | None) -> TextBlock:
    text = or_not_recorded(value)
    return _cell((label, BOLD, INK), (text, REGULAR, MUTED if text == NOT_RECORDED else INK))


def _action_cell(line: ChronologyLine) -> list[Flowable]:
    return [_labelled("Action: ", line.action), _labelled("Outcome: ", line.outcome)]


def chronology_flowables(doc: ChronologyDocument) -> list[Flowable]:
    """The entries table (or a sentence saying there are none)."""
    st = styles()
    if not doc.entries:
        return [Paragraph("There are no entries for this child in this range.", st.body)]
    header = [
        [_cell((text, BOLD, INK))]
        for text in ("Date and time", "What happened", "Action and outcome", "By whom")
    ]
    continued = _small(("(continued from the previous page)", REGULAR, MUTED))
    rows = [
        EntryRow(
            [
                _when_cell(line),
                _what_cell(line),
                _action_cell(line),
                [_cell((line.by_whom, REGULAR, INK))],
            ],
            _COLUMNS,
            [_SIGNIFICANT_FILL if line.significant else None, None, None, None],
            entry_index=index,
            continued_label=continued,
        )
        for index, line in enumerate(doc.entries)
    ]
    return table_flowables(header, rows, _COLUMNS, _HEAD_FILL)


def audit_flowables(doc: ChronologyDocument) -> list[Flowable]:
    """The audit-chain head and vault id, with a sentence saying what they prove."""
    st = styles()
    pairs = [
        ("Audit chain head", f"event {doc.audit_head_seq:,}"),
        ("Head hash (SHA-256)", doc.audit_head_hash),
        ("Vault", doc.vault_id),
    ]
    return [
        Paragraph("Integrity of the record", st.heading),
        *facts_table(pairs, columns=1),
        Spacer(1, 3),
        Paragraph(
            "Every change to this vault is written to a hash-chained audit log, each event "
            f"sealing the one before it. Event {doc.audit_head_seq:,} with the hash above was "
            "the newest when this document was produced, so it fixes the whole history up to "
            "that moment: if any earlier entry were later altered or removed, the vault could "
            "no longer reproduce this hash, and the difference would show against this copy.",
            st.small,
        ),
        Spacer(1, 10),
    ]
