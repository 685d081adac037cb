"""Dialogs for children's records: import, log and correct a concern, and the DSL's response.

Every dialog takes an :class:`~ui.context.AppContext`. Thread: GUI only.
"""
