"""The guidance shown beside each wizard step: the relevant golden rule, the myth-busting
point, where the step comes from (document, edition, paragraph) and, where an item was not
seen in a source, that it is "not verified against the official text".

Everything is read from the graph; the panel holds no guidance wording of its own.
Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from safelog.domain.timefmt import uk_date
from safelog.guidance import Node, Outcome, WizardGraph
from safelog.guidance._data import SourceRef
from ui.sharing.kit import MUTED, NOT_VERIFIED, selectable
from ui.theme import COLOURS

_CARD = (
    "QFrame#guidanceCard {{ background: {bg}; border: 1px solid {border}; border-left: 4px solid "
    "{accent}; border-radius: 4px; }}"
)


def _label(text: str, *, bold: bool = False, muted: bool = False, small: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    selectable(label)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep Tab on the form; mouse still selects
    font = label.font()
    if bold:
        font.setBold(True)
    if small:
        font.setPointSizeF(font.pointSizeF() - 0.5)
    label.setFont(font)
    if muted:
        label.setStyleSheet(MUTED)
    return label


def source_line(ref: SourceRef) -> str:
    """``Source: ISA-2024 (April 2024), Golden rule 1`` plus the caveat when unverified."""
    edition = f" ({ref.edition})" if ref.edition else ""
    caveat = "" if ref.verified else f" — {NOT_VERIFIED}"
    return f"{ref.document}{edition}, {ref.paragraph}{caveat}"


class GuidanceCard(QFrame):
    """A titled box of guidance text with its source underneath."""

    def __init__(self, title: str, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidanceCard")
        self.setStyleSheet(_CARD.format(bg=COLOURS.base, border=COLOURS.border, accent=accent))
        self.setAccessibleName(title)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 8, 10, 10)
        self.body.setSpacing(4)
        heading = _label(title.upper(), bold=True, small=True)
        heading.setStyleSheet(f"color: {accent}; letter-spacing: 1px;")
        self.body.addWidget(heading)

    def text(self, text: str, **style: bool) -> QLabel:
        label = _label(text, **style)
        self.body.addWidget(label)
        return label

    def source(self, ref: SourceRef, prefix: str = "Source") -> QLabel:
        label = self.text(f"{prefix}: {source_line(ref)}", muted=True, small=True)
        if ref.note:
            label.setToolTip(ref.note)
        return label


class GuidancePanel(QScrollArea):
    """Scrollable column of cards for the current step; call :meth:`show_node`,
    :meth:`show_outcome` or :meth:`show_summary` as the walk moves. Thread: GUI only."""

    def __init__(self, graph: WizardGraph, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph = graph
        self.setAccessibleName("Guidance for this step")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards: dict[str, GuidanceCard] = {}
        self._inner: QWidget | None = None
        self._layout: QVBoxLayout | None = None

    def _reset(self) -> QVBoxLayout:
        inner = QWidget()
        inner.setObjectName("guidanceInner")
        inner.setStyleSheet(f"#guidanceInner {{ background: {COLOURS.canvas}; }}")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        # Handed to the scroll area only when complete (see _finish): children added to a
        # widget that is already on screen would stay hidden.
        self._inner, self._layout = inner, layout
        self.cards = {}
        return layout

    def _card(self, key: str, title: str, accent: str) -> GuidanceCard:
        assert self._layout is not None
        card = GuidanceCard(title, accent, self._inner)
        self._layout.addWidget(card)
        self.cards[key] = card
        return card

    def _finish(self, *, caveat_in_full: bool) -> None:
        assert self._layout is not None
        for item in self.graph.reassurances:
            card = self._card("reassurance", "Reassurance", COLOURS.good)
            card.text(item.text)
            card.text(f"— {item.attribution}", muted=True, small=True)
        about = self._card("about", "About this guidance", COLOURS.muted_text)
        effective = uk_date(self.graph.effective_from)
        about.text(
            f"{self.graph.title} ({self.graph.version_tag}, in force from {effective}).",
            small=True,
        )
        caveat = about.text(self.graph.caveat if caveat_in_full else "", muted=True, small=True)
        caveat.setVisible(caveat_in_full)
        about.setToolTip(self.graph.caveat)
        self._layout.addStretch(1)
        self.setWidget(self._inner)  # deletes the previous step's cards

    def show_node(self, node: Node, *, first: bool = False) -> None:
        self._reset()
        if node.golden_rule is not None:
            rule = self.graph.golden_rule(node.golden_rule)
            card = self._card("rule", f"Golden rule {rule.n}", COLOURS.accent)
            card.text(rule.short, bold=True)
            card.text(rule.text)
            card.source(rule.source)
            if rule.note:  # a research note for the DPO: on hover, not in the DSL's way
                card.setToolTip(rule.note)
        if node.myth is not None:
            myth = self.graph.myth(node.myth)
            card = self._card("myth", "Myth-busting", "#7a3e00")
            card.text(f"Myth: {myth.myth}", bold=True)
            card.text(f"In fact: {myth.reality}")
            card.source(myth.source)
            if not myth.verified:
                card.text(f"This point is {NOT_VERIFIED}.", muted=True, small=True)
        self._sources(node.source, node.see_also)
        self._finish(caveat_in_full=first)

    def show_outcome(self, outcome: Outcome) -> None:
        self._reset()
        self._sources(outcome.source, outcome.see_also)
        self._finish(caveat_in_full=False)

    def show_summary(self, rule_number: int = 7) -> None:
        """Before saving: the golden rule about recording (7 in the 2024 edition)."""
        self._reset()
        try:
            rule = self.graph.golden_rule(rule_number)
        except ValueError:
            rule = None
        if rule is not None:
            card = self._card("rule", f"Golden rule {rule.n}", COLOURS.accent)
            card.text(rule.short, bold=True)
            card.text(rule.text)
            card.source(rule.source)
        self._finish(caveat_in_full=True)

    def _sources(self, source: SourceRef, see_also: tuple[SourceRef, ...]) -> None:
        card = self._card("source", "Where this comes from", COLOURS.muted_text)
        card.source(source, "Source")
        for ref in see_also:
            card.source(ref, "See also")

    def texts(self) -> str:
        """Everything the panel says, as one string (for tests and accessibility checks)."""
        if self._inner is None:
            return ""
        return "\n".join(label.text() for label in self._inner.findChildren(QLabel))
