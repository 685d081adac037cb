"""Errors raised by the guidance package.

Every message is one plain sentence that can be shown to a DSL as it is (the CLI prints it on
stderr and exits with status 2). All of them are ``ValueError`` subclasses, because they are
always about a value someone gave: a category name, a wizard answer, a guidance file.
"""

from __future__ import annotations

from collections.abc import Sequence


class GuidanceError(ValueError):
    """Base class: invalid input to the guidance layer. ``str()`` is one user-facing sentence."""


class GuidanceDataError(GuidanceError):
    """A packaged guidance file is missing, malformed or inconsistent.

    Raised on load, so a broken data change fails at start-up and in tests rather than halfway
    through a DSL's decision.
    """


def join_or(names: Sequence[str]) -> str:
    """``["A"]`` -> ``A``; ``["A", "B", "C"]`` -> ``A, B or C``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


class AmbiguousCategory(GuidanceError):
    """The text matches more than one category; ``candidates`` holds their labels in file order."""

    # Beyond this many, naming every candidate makes the sentence unreadable.
    _MAX_NAMED = 5

    def __init__(self, text: str, candidates: Sequence[str]) -> None:
        self.text = text
        self.candidates = tuple(candidates)
        if len(self.candidates) <= self._MAX_NAMED:
            message = f"'{text}' could mean {join_or(self.candidates)}; give one of them."
        else:
            examples = ", ".join(self.candidates[:2]) + f" and {self.candidates[2]}"
            message = (
                f"'{text}' could mean {len(self.candidates)} categories, including {examples}; "
                "give more of the name."
            )
        super().__init__(message)


class UnknownCategory(GuidanceError):
    """No category matches; ``suggestions`` holds the labels of close matches (may be empty)."""

    def __init__(self, text: str, suggestions: Sequence[str], examples: Sequence[str]) -> None:
        self.text = text
        self.suggestions = tuple(suggestions)
        if not text.strip():
            message = f"No category was given; give a category such as {join_or(examples)}."
        elif self.suggestions:
            message = f"'{text}' is not a known category; did you mean {join_or(self.suggestions)}?"
        else:
            message = (
                f"'{text}' is not a known category; give a category such as {join_or(examples)}."
            )
        super().__init__(message)
