"""Allegations against staff (DSL and headteacher only): ``AllegationsPage(ctx)``."""

from ui.allegations.allegations_page import AllegationsPage

__all__ = ["AllegationsPage"]
