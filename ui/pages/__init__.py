"""The main window's pages: what the navigation list offers, and small helpers pages share.

Each page is a ``QWidget`` built from an :class:`~ui.context.AppContext` and owning its own
work (queries, models, actions); the main window only switches between them. Pages are built
the first time they are shown, so unlocking does not pay for pages nobody opens, and they are
destroyed with the main window on lock. A page may offer ``refresh()`` (re-read its data) and
``shutdown()`` (stop timers before the session closes). Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from safelog.domain.records import Permission
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.worker import Cancelled, run_in_background

T = TypeVar("T")


@dataclass(frozen=True)
class PageSpec:
    """One entry of the navigation list. ``build`` imports its page lazily."""

    key: str
    label: str
    tooltip: str
    build: Callable[[AppContext], QWidget]
    permission: Permission | None = None  # shown only to roles that have it


def visible_pages(ctx: AppContext) -> tuple[PageSpec, ...]:
    """The navigation entries this signed-in user's role may open."""
    return tuple(s for s in NAV_PAGES if s.permission is None or ctx.session.can(s.permission))


def _dashboard(ctx: AppContext) -> QWidget:
    from ui.pages.dashboard import DashboardPage

    return DashboardPage(ctx)


def _children(ctx: AppContext) -> QWidget:
    from ui.pages.children import ChildrenPage

    return ChildrenPage(ctx)


def _triage(ctx: AppContext) -> QWidget:
    from ui.pages.triage import TriagePage

    return TriagePage(ctx)


def _reviews(ctx: AppContext) -> QWidget:
    from ui.pages.reviews import ReviewsPage

    return ReviewsPage(ctx)


def _search(ctx: AppContext) -> QWidget:
    from ui.pages.search import SearchPage

    return SearchPage(ctx)


def _allegations(ctx: AppContext) -> QWidget:
    from ui.allegations import AllegationsPage

    return AllegationsPage(ctx)


NAV_PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "dashboard",
        "Dashboard",
        "What needs doing: new concerns, reviews and actions due, and this term's figures.",
        _dashboard,
    ),
    PageSpec("children", "Children", "Every child on roll; open a child's file.", _children),
    PageSpec(
        "triage",
        "Concerns to triage",
        "Concerns nobody has triaged yet, oldest first.",
        _triage,
    ),
    PageSpec(
        "reviews",
        "Reviews",
        "Reviews and actions due by a date you choose, overdue first.",
        _reviews,
    ),
    PageSpec("search", "Search", "Search the text of every concern.", _search),
    PageSpec(
        "allegations",
        "Allegations against staff",
        "Cases about members of staff: the DSL and the headteacher only.",
        _allegations,
        permission=Permission.ALLEGATIONS,
    ),
)


@cache
def _category_labels() -> dict[str, str]:
    from safelog.guidance.categories import available_guidance

    labels: dict[str, str] = {}
    # Oldest first, so the current edition's wording wins; former ids keep old records readable.
    for guidance in available_guidance():
        for c in guidance.categories:
            for name in (c.id, *c.former_ids):
                labels[name] = c.label
    return labels


def category_label(category_id: str) -> str:
    """The label a DSL knows for a stored category id (the id itself if no edition has it)."""
    return _category_labels().get(category_id, category_id)


def one_line(text: str | None, limit: int = 140) -> str:
    """Text on one line, cut short with an ellipsis (tooltips carry the rest)."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def error_sentence(exc: BaseException) -> str:
    """The one sentence to show for ``exc``: the core's own message where it has one."""
    if isinstance(exc, SafeLogError):
        return exc.message
    return (
        f"Something unexpected went wrong ({type(exc).__name__}); nothing was saved. "
        "Try again, and tell your IT support if it keeps happening."
    )


def show_error(ctx: AppContext, title: str, exc: BaseException) -> None:
    """Report ``exc`` through the prompter seam, unless it is a cancellation."""
    if not isinstance(exc, Cancelled):
        ctx.prompter.error(title, error_sentence(exc))


class RecordsPage(QWidget):
    """Base of the pages that list records read on the worker thread.

    A page reads when it is first shown and again when records change while it is on screen;
    a change while it is hidden only marks it stale, so it reads again when next shown (never
    behind the DSL's back, never for nothing). Each read carries a generation number, and an
    answer to an older read that arrives after a newer one began is dropped.
    Subclasses implement :meth:`refresh` with :meth:`read`. Thread: GUI only.
    """

    IGNORES: frozenset[str] = frozenset({"settings"})
    """``records_changed`` topics that cannot change what the page shows."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._generation = 0
        self._stale = True
        ctx.events.records_changed.connect(self._on_records_changed)

    def refresh(self) -> None:
        raise NotImplementedError

    def read(
        self, fn: Callable[[], T], on_done: Callable[[T], None], *, label: str, error_title: str
    ) -> None:
        """Run ``fn`` on the worker; ``on_done`` gets its result unless a newer read began."""
        self._stale = False
        self._generation += 1
        generation = self._generation

        def deliver(result: T) -> None:
            if generation == self._generation:
                on_done(result)

        read_in_background(self, self._ctx, fn, deliver, label=label, error_title=error_title)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_records_changed(self, what: str) -> None:
        if what in self.IGNORES:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True


def read_in_background(
    owner: QObject,
    ctx: AppContext,
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    *,
    label: str,
    error_title: str,
) -> Any:
    """Run a read-only query ``fn`` on the worker thread and hand its result to ``on_done``.

    The query holds the session's lock, so it never reads half of a write the GUI thread is
    making on the same connection. A cancelled read (the vault locking) is dropped silently.
    Thread: call on the GUI thread; ``on_done`` runs on the GUI thread.
    """
    session = ctx.session

    def work(_progress: Callable[[int, int, str], None]) -> T:
        with session.lock:
            return fn()

    return run_in_background(
        owner,
        work,
        on_success=on_done,
        on_error=lambda exc: show_error(ctx, error_title, exc),
        label=label,
        show_progress_after=2.0,
    )
