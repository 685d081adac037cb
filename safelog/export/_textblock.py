"""Fast wrapped text for table cells: the one place long exports spend their time.

Why not ``Paragraph``: it parses markup and re-breaks lines every time it is measured, which
costs more than a second on a 1,000-entry chronology. A :class:`TextBlock` takes plain text
(no markup, so nothing to escape and nothing lost), breaks it into lines once with cached word
widths, and draws each line with a single text operator. It splits between lines, so a cell
longer than a page carries on over the page.

Contract: ``TextBlock(spans, size=..., leading=...)``; each span is (text, font, colour). Text is
printed as given: line breaks kept, runs of spaces kept, control characters dropped; a word
wider than the column is broken between characters.

Thread: the width cache is a functools cache (thread-safe for reads and inserts); blocks are
built and drawn on one thread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

__all__ = ["Span", "TextBlock", "clean"]

Span = tuple[str, str, Color]
_Piece = tuple[float, str, str, Color]  # x offset, text, font, colour
_TOKENS = re.compile(r"\n| +|[^ \n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Recorded text as it should print: CR/LF normalised, tabs as spaces, controls dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


@lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    chunks: list[str] = []
    current = ""
    for char in word:
        if current and _width(current + char, font, size) > width:
            chunks.append(current)
            current = char
        else:
            current += char
    if current:
        chunks.append(current)
    return chunks


def _layout(spans: Sequence[Span], size: float, width: float) -> list[list[_Piece]]:
    lines: list[list[_Piece]] = [[]]
    x = 0.0
    pending: list[tuple[str, str, Color]] = []  # spaces kept until the next word is placed
    for text, font, colour in spans:
        for token in _TOKENS.findall(clean(text)):
            if token == "\n":  # noqa: S105 - a line break, not a password
                lines.append([])
                x, pending = 0.0, []
                continue
            if token[0] == " ":
                pending.append((token, font, colour))
                continue
            gap = sum(_width(t, f, size) for t, f, _ in pending)
            word_width = _width(token, font, size)
            if lines[-1] and x + gap + word_width > width:
                # A soft break swallows the spaces that would have separated the words.
                lines.append([])
                x, pending, gap = 0.0, [], 0.0
            for spaces, space_font, space_colour in pending:
                lines[-1].append((x, spaces, space_font, space_colour))
                x += _width(spaces, space_font, size)
            pending = []
            if x + word_width <= width:
                lines[-1].append((x, token, font, colour))
                x += word_width
                continue
            for number, chunk in enumerate(_break_word(token, font, size, width)):
                if number or lines[-1]:
                    lines.append([])
                    x = 0.0
                lines[-1].append((x, chunk, font, colour))
                x = _width(chunk, font, size)
    return _merge(lines, size)


def _merge(lines: list[list[_Piece]], size: float) -> list[list[_Piece]]:
    # One text operator per run of the same font and colour: fewer operators to write and
    # words that stay together when the text is copied or extracted.
    merged: list[list[_Piece]] = []
    for line in lines:
        out: list[_Piece] = []
        for piece in line:
            if out and out[-1][2] == piece[2] and out[-1][3] is piece[3]:
                x, text, font, colour = out[-1]
                out[-1] = (x, text + piece[1], font, colour)
            else:
                out.append(piece)
        merged.append(out)
    return merged


class TextBlock(Flowable):
    """Wrapped text in one size; see the module docstring."""

    def __init__(
        self,
        spans: Sequence[Span],
        *,
        size: float,
        leading: float,
        lines: list[list[_Piece]] | None = None,
    ) -> None:
        super().__init__()
        self.spans = list(spans)
        self.size = size
        self.leading = leading
        self._lines = lines
        self._laid_out_for: float | None = None if lines is None else -1.0
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._laid_out_for is None or (
            self._laid_out_for >= 0 and self._laid_out_for != availWidth
        ):
            self._lines = _layout(self.spans, self.size, availWidth)
            self._laid_out_for = availWidth
        assert self._lines is not None
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        assert self._lines is not None
        # The baseline sits a little above the bottom of each line box, as in a paragraph.
        descent = (self.leading - self.size) / 2 + self.size * 0.22
        # One text object for the whole block, and font or colour set only when they change:
        # pieces on a line are contiguous, so the text cursor itself places each one.
        text = self.canv.beginText(0, self.height - self.leading + descent)
        text.setLeading(self.leading)
        font_now: str | None = None
        colour_now: Color | None = None
        for line in self._lines:
            last = len(line) - 1
            if last < 0:
                text.textLine("")
            for number, (_, piece, font, colour) in enumerate(line):
                if font != font_now:
                    text.setFont(font, self.size, self.leading)
                    font_now = font
                if colour is not colour_now:
                    text.setFillColor(colour)
                    colour_now = colour
                # textLine ends the line without measuring the text, which textOut must do.
                if number == last:
                    text.textLine(piece)
                else:
                    text.textOut(piece)
        self.canv.drawText(text)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        assert self._lines is not None
        fit = int((availHeight + 1e-6) // self.leading)
        if fit <= 0 or fit >= len(self._lines):
            return []
        return [
            TextBlock(self.spans, size=self.size, leading=self.leading, lines=self._lines[:fit]),
            TextBlock(self.spans, size=self.size, leading=self.leading, lines=self._lines[fit:]),
        ]
