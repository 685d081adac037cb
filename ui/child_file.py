"""A child's file: who they are at a glance, and tabs for their records.

The header shows the name the child uses (legal name beside it when different), date of birth
and age, year and form, UPN and flag chips, with "Log a concern…" and "Edit flags…". The tabs
are in :mod:`ui.child_file_tabs`. Opening the file reads the chronology once, which the core
audits; other tabs read when first shown. Any ``records_changed`` event re-reads what is loaded.
Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.pupils import ChildFlag
from safelog.domain.records import ChildDetails, Permission
from safelog.domain.timefmt import age_on, today_london, uk_date
from safelog.services.children import child_by_id
from ui.child_file_tabs import ChildTab
from ui.child_file_tabs.actions import ActionsTab
from ui.child_file_tabs.chronology import ChronologyTab
from ui.child_file_tabs.concerns import ConcernsTab
from ui.child_file_tabs.documents import DocumentsTab
from ui.child_file_tabs.family import FamilyTab
from ui.context import AppContext
from ui.dialogs.common import MUTED, button, demo_banner, show_error

# The statuses a DSL must not miss get the stronger chip; each chip carries its word anyway.
_STRONG = {ChildFlag.CP_PLAN, ChildFlag.LOOKED_AFTER, ChildFlag.CIN}
_CHIP = "border-radius: 10px; padding: 2px 10px; font-weight: 600;"
_CHIP_STRONG = f"background: #fde8e8; color: #9b1c1c; border: 1px solid #e02424; {_CHIP}"
_CHIP_NORMAL = f"background: #e8eef6; color: #1f4f99; border: 1px solid #7c9cc9; {_CHIP}"


def flag_chip(flag: ChildFlag, parent: QWidget) -> QLabel:
    chip = QLabel(flag.label, parent)
    chip.setStyleSheet(_CHIP_STRONG if flag in _STRONG else _CHIP_NORMAL)
    chip.setAccessibleName(f"Flag: {flag.label}")
    chip.setToolTip(f"{flag.label}. Change it with Edit flags.")
    return chip


class ChildFileWidget(QWidget):
    """The file of child ``child_id``. ``tabs`` holds the five :class:`ChildTab` pages."""

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_id = child_id
        self.child: ChildDetails = child_by_id(ctx.session, child_id)
        self.setAccessibleName(f"Child's file: {self.child.display_name}")

        self.name_label = QLabel(self)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() + 6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setAccessibleName("Child's name")
        self.details_label = QLabel(self)
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setAccessibleName("Child's details")
        self.details_label.setStyleSheet(MUTED)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)

        self.log_button = button(
            "&Log a concern…",
            f"Write down a new concern about {self.child.display_name}.",
            self.log_concern,
            parent=self,
        )
        self.flags_button = button(
            "Edit &flags…",
            "Change flags or the preferred name; kept as a new version with your reason.",
            self.edit_flags,
            parent=self,
        )
        self.share_button = button(
            "Share infor&mation…",
            f"Decide, step by step, whether to share information about "
            f"{self.child.display_name}, and record why.",
            self.share_information,
            parent=self,
        )
        self.export_button = button(
            "E&xport / print…",
            f"Create a signed chronology or MASH referral pack for {self.child.display_name}, "
            "then save, preview or print it.",
            self.export_or_print,
            shortcut="Ctrl+E",
            parent=self,
        )
        self.export_button.setVisible(ctx.session.can(Permission.EXPORT))
        if not ctx.session.can(Permission.WRITE_RECORDS):
            for b in (self.log_button, self.flags_button, self.share_button):
                b.setEnabled(False)
                b.setToolTip("Only a DSL or deputy DSL can add to a child's record.")

        self.chronology_tab = ChronologyTab(ctx, child_id, self)
        self.concerns_tab = ConcernsTab(ctx, child_id, self)
        self.actions_tab = ActionsTab(ctx, child_id, self)
        self.family_tab = FamilyTab(ctx, child_id, self)
        self.documents_tab = DocumentsTab(ctx, child_id, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Parts of the child's file")
        self.all_tabs: list[ChildTab] = [
            self.chronology_tab,
            self.concerns_tab,
            self.actions_tab,
            self.family_tab,
            self.documents_tab,
        ]
        for tab in self.all_tabs:
            self.tabs.addTab(tab, tab.title)
            tab.setAccessibleName(tab.title.replace("&", ""))
        # Referrals read on construction (unaudited: the file's audited read is the chronology)
        # and refresh themselves when referrals change, so they are not one of all_tabs.
        from ui.referrals import ReferralsWidget

        self.referrals_tab = ReferralsWidget(ctx, child_id, self)
        self.referrals_tab.setAccessibleName("Referrals")
        self.tabs.addTab(self.referrals_tab, "&Referrals")
        self.tabs.currentChanged.connect(self._on_tab)
        self.chronology_tab.concern_requested.connect(self.show_concern)

        name_row = QHBoxLayout()
        name_row.setSpacing(12)
        name_row.addWidget(self.name_label)
        name_row.addLayout(self.chips)
        name_row.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            name_row.addWidget(banner)
        name_row.addWidget(self.log_button)
        name_row.addWidget(self.share_button)
        name_row.addWidget(self.export_button)
        name_row.addWidget(self.flags_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(name_row)
        layout.addWidget(self.details_label)
        layout.addSpacing(4)
        layout.addWidget(self.tabs, 1)

        self._fill_header()
        self.chronology_tab.ensure_loaded()  # the audited read of the file, once per opening
        ctx.events.records_changed.connect(self._on_records_changed)

    # --- public API -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the header and every tab already shown (unaudited: the file is open)."""
        try:
            self.child = child_by_id(self.ctx.session, self.child_id)
            self._fill_header()
            for tab in self.all_tabs:
                tab.refresh()
        except Exception as exc:  # a refresh must never take the window down
            show_error(self.ctx, "Child's file", exc)

    def show_concern(self, concern_id: int) -> None:
        """Switch to the Concerns tab with ``concern_id`` selected and shown in full."""
        self.tabs.setCurrentWidget(self.concerns_tab)
        self.concerns_tab.select(concern_id)

    def log_concern(self) -> QWidget:
        """Open "Log a concern" for this child (restoring a kept draft if there is one)."""
        from ui.dialogs.log_concern import LogConcernDialog

        for open_form in self.window().findChildren(LogConcernDialog):
            if open_form.isVisible():  # one form at a time: bring back the one being typed
                open_form.raise_()
                open_form.activateWindow()
                self.last_dialog: QWidget = open_form
                return open_form
        dialog = LogConcernDialog(self.ctx, self.child_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal without a nested event loop, so a lock can end it
        self.last_dialog = dialog
        return dialog

    def share_information(self, concern_id: int | None = None) -> QWidget:
        from ui.sharing import SharingWizardDialog

        dialog = SharingWizardDialog(self.ctx, self.child_id, concern_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def export_or_print(self) -> QWidget | None:
        """Open "Export / print" for this child (one sentence instead, for a role that may not)."""
        from ui.exports import open_export_dialog

        dialog = open_export_dialog(self.ctx, self.child_id, self)
        self.last_dialog = dialog  # type: ignore[assignment]
        return dialog

    def edit_flags(self) -> QWidget:
        from ui.dialogs.edit_flags import EditFlagsDialog

        dialog = EditFlagsDialog(self.ctx, self.child_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    # --- internals ------------------------------------------------------------------------
    def _fill_header(self) -> None:
        c = self.child
        self.name_label.setText(c.display_name)
        parts = []
        if c.display_name != c.legal_name:
            parts.append(f"Legal name {c.legal_name}")
        parts.append(f"Born {uk_date(c.dob)} (age {age_on(c.dob, today_london())})")
        if c.year_group:
            parts.append(c.year_group)
        if c.form:
            parts.append(f"Form {c.form}")
        parts.append(f"UPN {c.upn}")
        if not c.on_roll:
            parts.append("No longer on roll")
        self.details_label.setText("  ·  ".join(parts))
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for flag in ChildFlag:
            if flag in c.flags:
                self.chips.addWidget(flag_chip(flag, self))

    def _on_tab(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if isinstance(tab, ChildTab):
            try:
                tab.ensure_loaded()
            except Exception as exc:
                show_error(self.ctx, "Child's file", exc)

    def _on_records_changed(self, what: str) -> None:
        if what in (
            "concerns",
            "responses",
            "children",
            "household",
            "sharing",
            "referrals",
            "all",
        ):
            self.refresh()
