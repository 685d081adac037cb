"""ui.theme and ui.widgets.status_pill: readable, accessible, not colour-only."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.theme import (
    COLOURS,
    STATUS_STYLES,
    DueStatus,
    apply_theme,
    build_palette,
    contrast_ratio,
    readable_point_size,
)
from ui.widgets.status_pill import StatusPillWidget

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "ui"


def test_every_status_has_its_own_word_and_icon() -> None:
    assert set(STATUS_STYLES) == set(DueStatus)
    labels = [s.label for s in STATUS_STYLES.values()]
    icons = [s.icon for s in STATUS_STYLES.values()]
    assert labels == ["Overdue", "Due today", "Due soon", "OK"]
    assert len(set(icons)) == len(icons)  # differs in more than colour


def test_status_and_body_text_meet_wcag_aa_contrast() -> None:
    for status, style in STATUS_STYLES.items():
        assert contrast_ratio(style.foreground, style.background) >= 4.5, status
    assert contrast_ratio(COLOURS.text, COLOURS.window) >= 7
    assert contrast_ratio(COLOURS.muted_text, COLOURS.window) >= 4.5
    assert contrast_ratio(COLOURS.accent_text, COLOURS.accent) >= 4.5
    assert contrast_ratio(COLOURS.tooltip_text, COLOURS.tooltip_base) >= 4.5


def test_contrast_ratio_matches_known_values() -> None:
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert contrast_ratio("#777777", "#777777") == 1.0


def test_font_size_is_kept_between_10_and_11_points() -> None:
    assert readable_point_size(8) == 10
    assert readable_point_size(10.5) == 10.5
    assert readable_point_size(14) == 11
    assert readable_point_size(-1) == 10.5


def test_apply_theme_sets_palette_font_and_focus_rules(qapp: QApplication) -> None:
    apply_theme(qapp)
    assert 10 <= qapp.font().pointSizeF() <= 11
    assert qapp.palette().color(qapp.palette().ColorRole.Highlight) == QColor(COLOURS.accent)
    assert ":focus" in qapp.styleSheet()
    assert build_palette().color(build_palette().ColorRole.Window) == QColor(COLOURS.window)


def test_pill_names_itself_for_screen_readers(qtbot) -> None:  # type: ignore[no-untyped-def]
    pill = StatusPillWidget(DueStatus.OVERDUE, detail="Review was due on 03/03/2025")
    qtbot.addWidget(pill)
    assert pill.text() == "Overdue"
    assert pill.accessibleName() == "Overdue"
    assert pill.toolTip() == "Review was due on 03/03/2025"
    assert pill.accessibleDescription() == "Review was due on 03/03/2025"
    pill.set_status(DueStatus.OK)
    assert pill.accessibleName() == "OK" and pill.toolTip() == "OK"


def _pixels(image: QImage) -> set[str]:
    return {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }


def test_pills_paint_their_colours_and_fit_their_text(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    apply_theme(qapp)
    for status, style in STATUS_STYLES.items():
        pill = StatusPillWidget(status)
        qtbot.addWidget(pill)
        pill.show()
        qtbot.waitExposed(pill)
        hint = pill.sizeHint()
        assert pill.size() == hint
        assert hint.width() > pill.fontMetrics().horizontalAdvance(style.label) + 20
        colours = _pixels(pill.grab().toImage())
        assert QColor(style.background).name() in colours, status
        assert QColor(style.foreground).name() in colours, status


def test_screenshot_theme_sampler(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    apply_theme(qapp)
    page = QWidget()
    page.setWindowTitle("Theme sampler")
    outer = QVBoxLayout(page)
    outer.setContentsMargins(20, 18, 20, 18)
    outer.setSpacing(14)
    title = QLabel("Reviews due")
    title.setStyleSheet("font-size: 13pt; font-weight: 600;")
    outer.addWidget(title)
    rows = QFormLayout()
    rows.setHorizontalSpacing(16)
    rows.setVerticalSpacing(10)
    samples = [
        ("Review of concern C-0142 (28/02/2025)", DueStatus.OVERDUE),
        ("Referral follow-up R-0031 (14/03/2025)", DueStatus.DUE_TODAY),
        ("Child protection policy (21/03/2025)", DueStatus.DUE_SOON),
        ("Online safety policy (01/09/2025)", DueStatus.OK),
    ]
    for text, status in samples:
        rows.addRow(QLabel(text), StatusPillWidget(status, detail=text))
    outer.addLayout(rows)
    form = QFormLayout()
    form.setVerticalSpacing(10)
    search = QLineEdit()
    search.setPlaceholderText("Search concerns")
    search.setAccessibleName("Search concerns")
    category = QComboBox()
    category.addItems(["Neglect", "Physical abuse", "Emotional abuse", "Sexual abuse"])
    form.addRow("&Search:", search)
    form.addRow("&Category:", category)
    form.addRow("", QCheckBox("&Significant event"))
    outer.addLayout(form)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    save = QPushButton("&Save concern")
    save.setDefault(True)
    buttons.addWidget(QPushButton("&Cancel"))
    buttons.addWidget(save)
    outer.addLayout(buttons)
    qtbot.addWidget(page)
    page.resize(560, 10)
    page.show()
    qtbot.waitExposed(page)
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    image = page.grab().toImage()
    assert image.save(str(OUTPUT / "theme_sampler.png"))
    # The focused field shows the focus colour on its frame.
    frame = search.geometry()
    left_edge = {
        image.pixelColor(frame.left() + 1, y).name()
        for y in range(frame.top() + 4, frame.bottom() - 4)
    }
    assert QColor(COLOURS.focus).name() in left_edge
