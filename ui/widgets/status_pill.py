"""A small pill showing how a date stands: "Overdue", "Due today", "Due soon" or "OK".

Each state has its own word and its own drawn icon (warning triangle, solid clock, outline clock,
tick) as well as its colour, so it reads the same in greyscale print-outs and to colour-blind
users. Icons are painted rather than taken from a font, so they look alike on every platform.
Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import DueStatus, StatusIcon, StatusStyle, status_style

_PAD_X = 8.0
_GAP = 5.0


class StatusPillWidget(QWidget):
    """Read-only status label. ``detail`` (e.g. "Review was due 03/03/2025") becomes the tooltip
    and the accessible description; the accessible name is the status word."""

    def __init__(
        self, status: DueStatus = DueStatus.OK, *, detail: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._status = status
        self._detail = detail
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._apply()

    def status(self) -> DueStatus:
        return self._status

    def text(self) -> str:
        return status_style(self._status).label

    def set_status(self, status: DueStatus, detail: str = "") -> None:
        self._status = status
        self._detail = detail
        self._apply()

    def _apply(self) -> None:
        label = self.text()
        self.setAccessibleName(label)
        self.setAccessibleDescription(self._detail)
        self.setToolTip(self._detail or label)
        self.updateGeometry()
        self.update()

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(self._font())
        height = metrics.height() + 6
        icon = metrics.height() * 0.85
        width = _PAD_X * 2 + icon + _GAP + metrics.horizontalAdvance(self.text())
        return QSize(int(width + 1.5), int(height + 0.5))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        style = status_style(self._status)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = rect.height() / 2
        painter.setPen(QPen(QColor(style.border), 1))
        painter.setBrush(QColor(style.background))
        painter.drawRoundedRect(rect, radius, radius)

        font = self._font()
        metrics = QFontMetricsF(font)
        size = metrics.height() * 0.85
        icon_rect = QRectF(rect.left() + _PAD_X, rect.center().y() - size / 2, size, size)
        _paint_icon(painter, style, icon_rect)

        painter.setFont(font)
        painter.setPen(QColor(style.foreground))
        text_rect = QRectF(icon_rect.right() + _GAP, rect.top(), rect.width(), rect.height())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.text()
        )
        painter.end()


def _paint_icon(painter: QPainter, style: StatusStyle, r: QRectF) -> None:
    ink = QColor(style.foreground)
    paper = QColor(style.background)
    c = r.center()
    pen_w = max(1.4, r.width() / 8)
    if style.icon is StatusIcon.WARNING:
        path = QPainterPath()
        path.moveTo(c.x(), r.top())
        path.lineTo(r.right(), r.bottom())
        path.lineTo(r.left(), r.bottom())
        path.closeSubpath()
        painter.setPen(
            QPen(ink, 1, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        painter.setBrush(ink)
        painter.drawPath(path)
        painter.setPen(QPen(paper, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(
            QPointF(c.x(), r.top() + r.height() * 0.38), QPointF(c.x(), r.top() + r.height() * 0.66)
        )
        painter.drawPoint(QPointF(c.x(), r.top() + r.height() * 0.84))
    elif style.icon in (StatusIcon.CLOCK_FILLED, StatusIcon.CLOCK_OUTLINE):
        filled = style.icon is StatusIcon.CLOCK_FILLED
        radius = r.width() / 2 - pen_w / 2
        painter.setPen(QPen(ink, pen_w))
        painter.setBrush(ink if filled else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(c, radius, radius)
        hands = QPen(
            paper if filled else ink, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap
        )
        painter.setPen(hands)
        painter.drawLine(c, QPointF(c.x(), c.y() - radius * 0.6))
        painter.drawLine(c, QPointF(c.x() + radius * 0.45, c.y()))
    else:  # tick
        painter.setPen(
            QPen(
                ink,
                pen_w * 1.3,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        path.moveTo(r.left() + r.width() * 0.12, r.top() + r.height() * 0.55)
        path.lineTo(r.left() + r.width() * 0.40, r.top() + r.height() * 0.82)
        path.lineTo(r.left() + r.width() * 0.90, r.top() + r.height() * 0.20)
        painter.drawPath(path)
