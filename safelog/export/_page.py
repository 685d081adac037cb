"""Page furniture shared by every SafeLog PDF: A4 portrait, protective marking at the top and
bottom of every page, "Page X of Y", a running title, the demo watermark, and the area on the
last page that is kept free for the visible signature.

Contract: :func:`build_pdf` lays out a story and returns the PDF bytes. The signature area is
always :data:`SIGNATURE_BOX` (PDF points, origin bottom-left) on the last page; the story must end
with :func:`signature_reservation` so nothing is drawn there, and :mod:`signing` puts the
signature widget on exactly that rectangle.

Thread: pure functions over their arguments; each call builds its own canvas, so several
exports may run at once on different threads once :func:`fonts.register_fonts` has run.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate

from safelog.export.fonts import BOLD, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 15 * mm
FRAME_TOP = PAGE_HEIGHT - 20 * mm
FRAME_BOTTOM = 19 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
MARKING = "OFFICIAL-SENSITIVE"
DEMO_WATERMARK = "FICTIONAL DEMO DATA"

SIGNATURE_HEIGHT = 30 * mm
# Whole points: pyHanko wants an integer box, and the reserved area below is drawn around it.
SIGNATURE_BOX: tuple[int, int, int, int] = (
    round(MARGIN_X),
    round(FRAME_BOTTOM),
    round(MARGIN_X + FRAME_WIDTH),
    round(FRAME_BOTTOM + SIGNATURE_HEIGHT),
)
_SIGNATURE_CAPTION_HEIGHT = 22.0

INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5b6673")
RULE = colors.HexColor("#9aa5b1")
MARKING_RED = colors.HexColor("#9b1c1c")
WARNING = colors.HexColor("#b42318")

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class PageFurniture:
    """Text that appears on every page besides the marking."""

    running_left: str
    running_right: str
    footer_left: str
    demo: bool


def _marking(canv: Canvas, y: float) -> None:
    canv.setFont(BOLD, 10)
    canv.setFillColor(MARKING_RED)
    canv.drawCentredString(PAGE_WIDTH / 2, y, MARKING)


def fit_text(canv: Canvas, text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` on one line (running headers,
    the signature panel), rather than running into whatever is beside it."""
    if canv.stringWidth(text, font, size) <= width:
        return text
    while text and canv.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _decorate(canv: Canvas, furniture: PageFurniture) -> None:
    canv.saveState()
    _marking(canv, PAGE_HEIGHT - 9 * mm)
    _marking(canv, 6 * mm)
    half = FRAME_WIDTH / 2 - 6
    canv.setFont(REGULAR, 7.5)
    canv.setFillColor(MUTED)
    top = PAGE_HEIGHT - 14.5 * mm
    canv.drawString(MARGIN_X, top, fit_text(canv, furniture.running_left, REGULAR, 7.5, half))
    canv.drawRightString(
        PAGE_WIDTH - MARGIN_X, top, fit_text(canv, furniture.running_right, REGULAR, 7.5, half)
    )
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)
    bottom = 12 * mm
    canv.line(MARGIN_X, bottom + 3.5 * mm, PAGE_WIDTH - MARGIN_X, bottom + 3.5 * mm)
    canv.drawString(MARGIN_X, bottom, fit_text(canv, furniture.footer_left, REGULAR, 7.5, half))
    canv.restoreState()


def _watermark(canv: Canvas) -> None:
    # Drawn last and translucent, so it shows through shaded table rows without hiding text.
    canv.saveState()
    canv.setFillColor(colors.Color(0.45, 0.45, 0.45, alpha=0.16))
    canv.setFont(BOLD, 54)
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(52)
    canv.drawCentredString(0, -18, DEMO_WATERMARK)
    canv.restoreState()


class _NumberedCanvas(Canvas):
    """Holds every page until the end so each can say "Page X of Y" in one layout pass."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, 12 * mm, f"Page {number} of {total}")
            super().showPage()
        super().save()


class _Template(BaseDocTemplate):
    """Counts laid-out table rows so a long export can report progress."""

    def __init__(
        self,
        buffer: io.BytesIO,
        furniture: PageFurniture,
        progress: ProgressCallback | None,
        total: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=PAGE_HEIGHT - FRAME_TOP,
            bottomMargin=FRAME_BOTTOM,
            **kwargs,
        )
        frame = Frame(
            MARGIN_X,
            FRAME_BOTTOM,
            FRAME_WIDTH,
            FRAME_TOP - FRAME_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            PageTemplate(
                id="page",
                frames=[frame],
                onPage=lambda canv, _doc: _decorate(canv, furniture),
                onPageEnd=(lambda canv, _doc: _watermark(canv) if furniture.demo else None),
            )
        )
        self._progress = progress
        self._total = total
        self._done = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        index = getattr(flowable, "entry_index", -1)
        if self._progress is None or index < 0 or not getattr(flowable, "final", False):
            return
        done = min(index + 1, self._total)
        # About a hundred reports for any length: enough for a progress bar, cheap to send.
        if done == self._total or done % max(1, -(-self._total // 100)) == 0:
            self._progress(done, self._total)


def build_pdf(
    story: list[Flowable],
    furniture: PageFurniture,
    *,
    title: str,
    author: str,
    progress: ProgressCallback | None = None,
    progress_total: int = 0,
) -> bytes:
    """Lay out ``story`` on SafeLog pages and return the PDF bytes."""
    register_fonts()
    # Plain Flate streams: ASCII85 on top only makes the file a quarter bigger and slower.
    rl_config.useA85 = 0
    buffer = io.BytesIO()
    doc = _Template(
        buffer,
        furniture,
        progress,
        progress_total,
        title=title,
        author=author,
        subject=MARKING,
        creator="SafeLog",
        # Otherwise every page names Helvetica, a font that is neither used nor embedded.
        initialFontName=REGULAR,
    )
    doc.build(story, canvasmaker=_NumberedCanvas)
    if progress is not None:
        progress(progress_total, progress_total)
    return buffer.getvalue()


class _SignatureSpace(Flowable):
    """Takes the rest of the last page and draws the frame the signature widget sits in."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self._caption = caption

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        # Everything left on the page, so no later flowable (there is none) could use it.
        self.height = max(availHeight - 0.5, SIGNATURE_HEIGHT + _SIGNATURE_CAPTION_HEIGHT)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        # Draw in page coordinates so the frame sits exactly where the widget will go.
        origin_x, origin_y = canv.absolutePosition(0, 0)
        canv.translate(-origin_x, -origin_y)
        x1, y1, x2, y2 = SIGNATURE_BOX
        canv.setStrokeColor(RULE)
        canv.setDash(2, 2)
        canv.setLineWidth(0.6)
        canv.rect(x1, y1, x2 - x1, y2 - y1, stroke=1, fill=0)
        canv.setDash()
        canv.setFillColor(INK)
        canv.setFont(BOLD, 9)
        canv.drawString(x1, y2 + 12, "Electronic signature")
        canv.setFont(REGULAR, 7.5)
        canv.setFillColor(MUTED)
        canv.drawString(x1, y2 + 3, self._caption)
        canv.restoreState()


def signature_reservation(keep_with: list[Flowable] | None = None) -> list[Flowable]:
    """The last flowables of every signed document: ``keep_with`` (the closing statement),
    then the reserved :data:`SIGNATURE_BOX`, moved to a new page together if they do not fit,
    so the signature never sits alone on an otherwise empty page."""
    keep = list(keep_with or [])
    kept_height = sum(f.wrapOn(None, FRAME_WIDTH, FRAME_TOP - FRAME_BOTTOM)[1] for f in keep)
    needed = kept_height + SIGNATURE_HEIGHT + _SIGNATURE_CAPTION_HEIGHT + 4
    return [
        CondPageBreak(needed),
        *keep,
        _SignatureSpace(
            "The signer, role and signing time appear in the box below once the file is signed; "
            "an unsigned copy shows it empty."
        ),
    ]
