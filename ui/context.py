"""What every window and page of the desktop app is given: the signed-in session, the one
prompter seam, the clipboard guard, and a small event bus for "records changed".

Pages never hold the session beyond their own lifetime: on lock, the main window and every page
are destroyed and the session closed, so nothing of a record survives in a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from safelog.services.session import Session
from ui.clipboard import ClipboardGuard
from ui.seams import Prompter


class AppEvents(QObject):
    """Signals between pages; emitted and received on the GUI thread."""

    records_changed = Signal(str)  # what changed: "children", "concerns", "responses", ...
    open_child = Signal(int)  # child_id
    open_concern = Signal(int, int)  # concern_id, child_id to open it in
    status_message = Signal(str)  # a one-line "Saved." for the status bar


@dataclass
class AppContext:
    session: Session
    prompter: Prompter
    clipboard: ClipboardGuard
    events: AppEvents = field(default_factory=AppEvents)

    @property
    def demo(self) -> bool:
        return self.session.is_demo
