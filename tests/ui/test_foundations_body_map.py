"""Body map: the domain marks (safelog.domain.bodymap) and BodyMapWidget (ui.widgets.body_map)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.bodymap import MAX_NOTE_LENGTH, BodyMark, BodySide, MarkKind
from ui.theme import COLOURS, apply_theme
from ui.widgets.body_map import BodyMapWidget
from ui.widgets.body_map_canvas import load_outline
from ui.widgets.mark_dialog import (
    MarkDialog,
    MarkEdit,
    MarkEditRequest,
    edit_mark_with_dialog,
)

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "ui"

# --- domain ---------------------------------------------------------------------------------------


def test_mark_kinds_have_plain_labels_and_stable_values() -> None:
    assert [k.value for k in MarkKind] == [
        "bruise",
        "cut",
        "graze",
        "burn",
        "scald",
        "bite",
        "scratch",
        "swelling",
        "mark",
        "other",
    ]
    labels = [k.label for k in MarkKind]
    assert all(label and label[0].isupper() for label in labels)
    assert len(set(labels)) == len(labels)
    assert [s.value for s in BodySide] == ["front", "back"]
    assert BodySide.BACK.label == "Back"


@pytest.mark.parametrize(
    ("x", "y", "error"),
    [
        (-0.01, 0.5, ValueError),
        (0.5, 1.01, ValueError),
        (float("nan"), 0.5, ValueError),
        (float("inf"), 0.5, ValueError),
        (True, 0.5, TypeError),
        ("0.5", 0.5, TypeError),
    ],
)
def test_coordinates_are_validated(x: object, y: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        BodyMark(BodySide.FRONT, x, y, MarkKind.BRUISE)  # type: ignore[arg-type]


def test_other_fields_are_validated() -> None:
    with pytest.raises(TypeError):
        BodyMark("front", 0.5, 0.5, MarkKind.CUT)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        BodyMark(BodySide.FRONT, 0.5, 0.5, "cut")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at most"):
        BodyMark(BodySide.FRONT, 0.5, 0.5, MarkKind.CUT, "x" * (MAX_NOTE_LENGTH + 1))
    edge = BodyMark(BodySide.BACK, 0, 1, MarkKind.CUT)
    assert isinstance(edge.x, float) and edge.y == 1.0


def test_marks_are_frozen() -> None:
    mark = BodyMark(BodySide.FRONT, 0.5, 0.5, MarkKind.BURN)
    with pytest.raises(AttributeError):
        mark.x = 0.1  # type: ignore[misc]


marks_strategy = st.builds(
    BodyMark,
    side=st.sampled_from(BodySide),
    x=st.floats(0, 1),
    y=st.floats(0, 1),
    kind=st.sampled_from(MarkKind),
    note=st.text(max_size=MAX_NOTE_LENGTH),
)


@given(marks_strategy)
def test_dict_round_trip(mark: BodyMark) -> None:
    data = mark.to_dict()
    assert set(data) == {"side", "x", "y", "kind", "note"}
    assert isinstance(data["side"], str) and isinstance(data["kind"], str)
    assert BodyMark.from_dict(data) == mark


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"side": "front", "x": 0.1, "y": 0.1}, "missing: kind"),
        ({"side": "left", "x": 0.1, "y": 0.1, "kind": "cut"}, "Unknown body side"),
        ({"side": "front", "x": 0.1, "y": 0.1, "kind": "stab"}, "Unknown kind"),
        ({"side": "front", "x": 2, "y": 0.1, "kind": "cut"}, "between 0 and 1"),
        ({"side": "front", "x": "a", "y": 0.1, "kind": "cut"}, "number"),
        ({"side": "front", "x": 0.1, "y": 0.1, "kind": "cut", "note": 5}, "text"),
    ],
)
def test_from_dict_rejects_bad_data_with_value_error(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BodyMark.from_dict(data)


def test_outlines_load_and_share_one_view_box(qapp: QApplication) -> None:
    from PySide6.QtSvg import QSvgRenderer

    boxes = []
    for side in BodySide:
        renderer = QSvgRenderer(load_outline(side))
        assert renderer.isValid(), side
        boxes.append(renderer.viewBoxF())
    assert boxes[0] == boxes[1]
    assert boxes[0].width() == 200 and boxes[0].height() == 440


# --- widget ---------------------------------------------------------------------------------------


class ScriptedEditor:
    """Stands in for the mark dialog: records requests, returns scripted answers."""

    def __init__(self, *answers: MarkEdit | None) -> None:
        self.answers: deque[MarkEdit | None] = deque(answers)
        self.requests: list[MarkEditRequest] = []

    def __call__(self, parent: QWidget, request: MarkEditRequest) -> MarkEdit | None:
        self.requests.append(request)
        if not self.answers:
            raise AssertionError(f"unexpected editor call: {request}")
        return self.answers.popleft()


@pytest.fixture
def editor() -> ScriptedEditor:
    return ScriptedEditor()


@pytest.fixture
def form(qtbot, editor: ScriptedEditor) -> Iterator[tuple[QWidget, QLineEdit, BodyMapWidget]]:  # type: ignore[no-untyped-def]
    """A field, then the body map: the map is reached with Tab like in a real form."""
    container = QWidget()
    layout = QVBoxLayout(container)
    before = QLineEdit()
    before.setAccessibleName("Where it happened")
    body_map = BodyMapWidget(editor=editor)
    layout.addWidget(before)
    layout.addWidget(body_map)
    qtbot.addWidget(container)
    container.resize(820, 620)
    container.show()
    qtbot.waitExposed(container)
    yield container, before, body_map


def _click(qtbot, body_map: BodyMapWidget, side: BodySide, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    point = body_map.canvas.point_for(side, x, y).toPoint()
    qtbot.mouseClick(body_map.canvas, Qt.MouseButton.LeftButton, pos=point)


def test_click_on_outline_adds_a_mark_where_clicked(qtbot, form, editor) -> None:  # type: ignore[no-untyped-def]
    _container, _before, body_map = form
    editor.answers.append(MarkEdit(MarkKind.BRUISE, "About 3 cm, purple"))
    with qtbot.waitSignal(body_map.marks_changed, timeout=1000):
        _click(qtbot, body_map, BodySide.FRONT, 0.22, 0.33)
    assert editor.requests == [MarkEditRequest(1, BodySide.FRONT, None)]
    (mark,) = body_map.marks()
    assert mark.side is BodySide.FRONT and mark.kind is MarkKind.BRUISE
    assert mark.note == "About 3 cm, purple"
    pixel = 1 / body_map.canvas.figure_rect(BodySide.FRONT).width()
    assert math.isclose(mark.x, 0.22, abs_tol=2 * pixel)
    assert math.isclose(mark.y, 0.33, abs_tol=2 * pixel)
    assert body_map.mark_list.count() == 1
    assert body_map.mark_list.item(0).text().startswith("1. Bruise (front)")


def test_cancelling_the_editor_adds_nothing(qtbot, form, editor) -> None:  # type: ignore[no-untyped-def]
    _c, _b, body_map = form
    editor.answers.append(None)
    with qtbot.assertNotEmitted(body_map.marks_changed):
        _click(qtbot, body_map, BodySide.BACK, 0.5, 0.5)
    assert body_map.marks() == []
    assert editor.requests[0].side is BodySide.BACK


def test_click_outside_both_outlines_does_nothing(qtbot, form, editor) -> None:  # type: ignore[no-untyped-def]
    _c, _b, body_map = form
    qtbot.mouseClick(body_map.canvas, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert editor.requests == []


def test_click_on_a_mark_edits_it_and_remove_renumbers(qtbot, form, editor) -> None:  # type: ignore[no-untyped-def]
    _c, _b, body_map = form
    body_map.set_marks(
        [
            BodyMark(BodySide.FRONT, 0.3, 0.3, MarkKind.BRUISE, "first"),
            BodyMark(BodySide.FRONT, 0.7, 0.6, MarkKind.CUT, "second"),
            BodyMark(BodySide.BACK, 0.5, 0.5, MarkKind.BURN, "third"),
        ]
    )
    editor.answers.extend(
        [
            MarkEdit(MarkKind.GRAZE, "second, looked again"),
            MarkEdit(MarkKind.GRAZE, "", remove=True),
        ]
    )
    with qtbot.waitSignal(body_map.marks_changed, timeout=1000):
        _click(qtbot, body_map, BodySide.FRONT, 0.7, 0.6)
    assert editor.requests[0].number == 2
    assert editor.requests[0].existing is not None and editor.requests[0].existing.note == "second"
    assert body_map.marks()[1].kind is MarkKind.GRAZE
    assert (body_map.marks()[1].x, body_map.marks()[1].y) == (0.7, 0.6)  # editing never moves it
    with qtbot.waitSignal(body_map.marks_changed, timeout=1000):
        _click(qtbot, body_map, BodySide.FRONT, 0.3, 0.3)
    assert [m.note for m in body_map.marks()] == ["second, looked again", "third"]
    assert body_map.mark_list.item(1).text().startswith("2. Burn (back)")


def test_keyboard_path_tab_arrows_enter(qtbot, form, editor) -> None:  # type: ignore[no-untyped-def]
    _c, before, body_map = form
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert body_map.canvas.hasFocus()
    side, x0, y0 = body_map.canvas.cursor_position()
    qtbot.keyClick(body_map.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(body_map.canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    side, x1, y1 = body_map.canvas.cursor_position()
    assert side is BodySide.FRONT
    assert math.isclose(x1 - x0, 0.02) and math.isclose(y1 - y0, 0.05)
    editor.answers.append(MarkEdit(MarkKind.SWELLING, ""))
    with qtbot.waitSignal(body_map.marks_changed, timeout=1000):
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Return)
    assert body_map.marks() == [BodyMark(BodySide.FRONT, x1, y1, MarkKind.SWELLING, "")]
    # Enter again on the same spot edits that mark instead of stacking a second one on it.
    editor.answers.append(None)
    qtbot.keyClick(body_map.canvas, Qt.Key.Key_Return)
    assert editor.requests[-1].existing is not None


def test_arrow_keys_walk_from_front_to_back(qtbot, form) -> None:  # type: ignore[no-untyped-def]
    _c, _b, body_map = form
    body_map.canvas.setFocus()
    body_map.canvas.set_cursor_position(BodySide.FRONT, 0.99, 0.5)
    qtbot.keyClick(body_map.canvas, Qt.Key.Key_Right)
    assert body_map.canvas.cursor_position()[0] is BodySide.BACK
    qtbot.keyClick(body_map.canvas, Qt.Key.Key_Left)
    assert body_map.canvas.cursor_position()[0] is BodySide.FRONT


def test_page_down_selects_and_delete_removes(qtbot, form, editor) -> None:  # type: ignore[no-untyped-def]
    _c, _b, body_map = form
    body_map.set_marks(
        [
            BodyMark(BodySide.FRONT, 0.3, 0.3, MarkKind.BRUISE),
            BodyMark(BodySide.BACK, 0.6, 0.4, MarkKind.BITE),
        ]
    )
    body_map.canvas.setFocus()
    qtbot.keyClick(body_map.canvas, Qt.Key.Key_PageDown)
    qtbot.keyClick(body_map.canvas, Qt.Key.Key_PageDown)
    assert body_map.canvas.selected() == 1
    assert body_map.mark_list.currentRow() == 1
    assert body_map.canvas.cursor_position() == (BodySide.BACK, 0.6, 0.4)
    with qtbot.waitSignal(body_map.marks_changed, timeout=1000):
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Delete)
    assert [m.kind for m in body_map.marks()] == [MarkKind.BRUISE]
    assert editor.requests == []


def test_list_and_buttons_edit_the_selected_mark(qtbot, form, editor) -> None:  # type: ignore[no-untyped-def]
    _c, _b, body_map = form
    body_map.set_marks([BodyMark(BodySide.FRONT, 0.3, 0.3, MarkKind.BRUISE)])
    assert not body_map.edit_button.isEnabled()
    body_map.mark_list.setCurrentRow(0)
    assert body_map.canvas.selected() == 0
    assert body_map.edit_button.isEnabled()
    editor.answers.append(MarkEdit(MarkKind.MARK, "birthmark, noted by parent"))
    qtbot.mouseClick(body_map.edit_button, Qt.MouseButton.LeftButton)
    assert body_map.marks()[0].note == "birthmark, noted by parent"
    qtbot.mouseClick(body_map.remove_button, Qt.MouseButton.LeftButton)
    assert body_map.marks() == []


def test_read_only_map_cannot_change(qtbot, form, editor) -> None:  # type: ignore[no-untyped-def]
    _c, _b, body_map = form
    mark = BodyMark(BodySide.FRONT, 0.3, 0.3, MarkKind.BRUISE)
    with qtbot.assertNotEmitted(body_map.marks_changed):
        body_map.set_marks([mark])  # loading is not a change
    body_map.set_read_only(True)
    with qtbot.assertNotEmitted(body_map.marks_changed):
        _click(qtbot, body_map, BodySide.BACK, 0.5, 0.5)
        _click(qtbot, body_map, BodySide.FRONT, 0.3, 0.3)
        body_map.canvas.setFocus()
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Return)
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Delete)
    assert editor.requests == []
    assert body_map.marks() == [mark]
    assert body_map.edit_button.isHidden() and body_map.remove_button.isHidden()
    assert body_map.canvas.selected() == 0  # a saved map can still be read mark by mark


def test_every_control_is_labelled(form) -> None:  # type: ignore[no-untyped-def]
    _c, _b, body_map = form
    for widget in (
        body_map.canvas,
        body_map.mark_list,
        body_map.edit_button,
        body_map.remove_button,
    ):
        assert widget.accessibleName(), widget
        assert widget.toolTip(), widget
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget
    body_map.set_marks([BodyMark(BodySide.BACK, 0.5, 0.5, MarkKind.SCALD, "left shoulder")])
    assert "Scald (back): left shoulder" in body_map.canvas.accessibleDescription()


def test_default_editor_is_a_real_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MarkDialog):
            QTimer.singleShot(10, answer)
            return
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(MarkKind.GRAZE))
        qtbot.keyClicks(dialog.note_edit, "Both knees, fresh")
        save = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Save mark")
        save.click()

    QTimer.singleShot(0, answer)
    result = edit_mark_with_dialog(parent, MarkEditRequest(4, BodySide.FRONT))
    assert result == MarkEdit(MarkKind.GRAZE, "Both knees, fresh", remove=False)


def test_dialog_offers_remove_only_for_existing_marks(qtbot) -> None:  # type: ignore[no-untyped-def]
    new = MarkDialog(MarkEditRequest(1, BodySide.FRONT))
    qtbot.addWidget(new)
    assert new.remove_button is None
    existing = MarkDialog(
        MarkEditRequest(2, BodySide.BACK, BodyMark(BodySide.BACK, 0.5, 0.5, MarkKind.BITE, "oval"))
    )
    qtbot.addWidget(existing)
    assert existing.remove_button is not None
    assert existing.note_edit.text() == "oval"
    assert existing.windowTitle() == "Edit mark 2"
    existing.remove_button.click()
    assert existing.edit().remove


# --- screenshots ----------------------------------------------------------------------------------


def _themed(qapp: QApplication) -> None:
    apply_theme(qapp)


def test_screenshot_body_map_with_marks(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    _themed(qapp)
    page = QWidget()
    page.setWindowTitle("Body map")
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 14, 16, 16)
    heading = QLabel("Body map: marks seen on 14/03/2025")
    heading.setStyleSheet("font-weight: 600;")
    body_map = BodyMapWidget(editor=ScriptedEditor())
    layout.addWidget(heading)
    layout.addWidget(body_map)
    marks = [
        BodyMark(BodySide.FRONT, 0.22, 0.33, MarkKind.BRUISE, "About 3 cm, purple, yellow edges"),
        BodyMark(BodySide.FRONT, 0.60, 0.10, MarkKind.SCRATCH, "Two thin lines on left cheek"),
        BodyMark(BodySide.BACK, 0.88, 0.61, MarkKind.BURN, "Round, about 1 cm"),
        BodyMark(BodySide.BACK, 0.36, 0.76, MarkKind.SWELLING, ""),
    ]
    body_map.set_marks(marks)
    qtbot.addWidget(page)
    page.resize(860, 620)
    page.show()
    qtbot.waitExposed(page)
    body_map.canvas.setFocus()
    body_map.canvas.select(1)
    qtbot.waitUntil(body_map.canvas.hasFocus)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    image = body_map.canvas.grab().toImage()
    assert page.grab().save(str(OUTPUT / "body_map.png"))

    # Every marker is drawn in marker red at its position; the outline is drawn in each panel.
    for mark in marks:
        centre = body_map.canvas.point_for(mark.side, mark.x, mark.y)
        ratio = image.devicePixelRatio()
        colour = image.pixelColor(round(centre.x() * ratio) + 4, round(centre.y() * ratio) + 5)
        assert colour == QColor(COLOURS.marker), (mark, colour.name())
    for side in BodySide:
        rect = body_map.canvas.figure_rect(side)
        assert rect.width() > 150, "outline drawn too small to mark accurately"
        middle_x = round(rect.center().x())
        column = {
            image.pixelColor(middle_x, y).name()
            for y in range(round(rect.top()), round(rect.bottom()))
        }
        assert "#ffffff" in column  # the body is filled white inside a grey canvas


def test_screenshot_mark_dialog(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    _themed(qapp)
    dialog = MarkDialog(
        MarkEditRequest(
            3, BodySide.BACK, BodyMark(BodySide.BACK, 0.8, 0.6, MarkKind.BURN, "Round, about 1 cm")
        )
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(OUTPUT / "mark_dialog.png"))
    assert dialog.edit().kind is MarkKind.BURN
