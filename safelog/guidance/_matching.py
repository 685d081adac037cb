"""Forgiving, unambiguous name lookup (used for categories typed on the command line).

Names and queries are normalised the same way: case-folded, with every run of punctuation,
``-``, ``_`` or whitespace turned into one space. Matching is tiered, and the first tier that
finds anything decides, so an exact name always beats a prefix and "physical" (an alias of
Physical abuse) is not ambiguous with "Physical abuse between children".

The looser tiers are deliberately conservative, because a concern silently filed under the wrong
category is worse than a "did you mean": prefixes need at least three letters, queries made only
of little words ("by", "from") never match loosely, and a run of words inside a name counts only
for the curated labels and only as whole words ("slavery" finds Modern slavery; "crime" does not
find Serious violence through the alias "knife crime").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from safelog.guidance.errors import AmbiguousCategory, GuidanceDataError, UnknownCategory

T = TypeVar("T")

_SEPARATORS = re.compile(r"[\W_]+")

# Too common to identify anything on their own.
_LITTLE_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "between", "by", "for", "from", "in", "including"),
        *("into", "of", "on", "or", "so", "the", "to", "with", "without"),
    }
)
_MIN_PREFIX = 3


def normalise(text: str) -> str:
    """``" Online_Safety "`` -> ``"online safety"``; ``"So-called 'honour'"`` -> ``"so called
    honour"``."""
    return " ".join(_SEPARATORS.sub(" ", text.casefold()).split())


def _prefix_at(query: Sequence[str], words: Sequence[str], start: int) -> bool:
    """Whether each query word starts the name word in the same position, from ``start``."""
    if start + len(query) > len(words):
        return False
    return all(words[start + i].startswith(q) for i, q in enumerate(query))


class NameIndex(Generic[T]):
    """Maps every name of every item to the item; resolves user text in three tiers.

    ``key`` gives an item's identity, so an item reached through several names counts once.
    Construction fails with :class:`GuidanceDataError` if one normalised name belongs to two
    different items: that would make the exact tier ambiguous, which the data must never allow.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, T]],
        key: Callable[[T], str],
        inner_names: Iterable[tuple[str, T]] = (),
    ) -> None:
        self._key = key
        self._exact: dict[str, T] = {}
        self._order: dict[str, int] = {}
        self._names: list[tuple[tuple[str, ...], T]] = []
        for name, item in entries:
            norm = normalise(name)
            if not norm:
                raise GuidanceDataError(f"'{name}' is not a usable name for {key(item)}.")
            other = self._exact.get(norm)
            if other is not None and key(other) != key(item):
                raise GuidanceDataError(
                    f"The name '{name}' is used by both {key(other)} and {key(item)}."
                )
            self._exact[norm] = item
            self._order.setdefault(key(item), len(self._order))
            self._names.append((tuple(norm.split()), item))
        self._inner = [(tuple(normalise(name).split()), item) for name, item in inner_names]

    def _unique(self, items: Iterable[T]) -> list[T]:
        seen: dict[str, T] = {}
        for item in items:
            seen.setdefault(self._key(item), item)
        return sorted(seen.values(), key=lambda item: self._order[self._key(item)])

    def matches(self, text: str) -> list[T]:
        """Every item the first successful tier finds, in first-seen order (may be empty)."""
        norm = normalise(text)
        if not norm:
            return []
        if norm in self._exact:
            return [self._exact[norm]]
        query = norm.split()
        if len(norm) < _MIN_PREFIX or all(word in _LITTLE_WORDS for word in query):
            return []
        leading = self._unique(item for words, item in self._names if _prefix_at(query, words, 0))
        if leading:
            return leading
        width = len(query)
        return self._unique(
            item
            for words, item in self._inner
            if any(words[i : i + width] == tuple(query) for i in range(1, len(words)))
        )

    def close_matches(self, text: str, limit: int = 3) -> list[T]:
        """Items whose names look like ``text`` (for "did you mean"), best first."""
        norm = normalise(text)
        # One or two letters are close to too many short aliases ("a" ~ "da") to suggest anything.
        if len(norm) < _MIN_PREFIX:
            return []
        close = difflib.get_close_matches(norm, list(self._exact), n=limit * 3, cutoff=0.6)
        seen: dict[str, T] = {}
        for name in close:
            item = self._exact[name]
            seen.setdefault(self._key(item), item)
        return list(seen.values())[:limit]

    def resolve(self, text: str, *, label: Callable[[T], str], examples: Sequence[str]) -> T:
        """The single item ``text`` names; else :class:`AmbiguousCategory` or
        :class:`UnknownCategory`."""
        found = self.matches(text)
        if len(found) == 1:
            return found[0]
        shown = text.strip()
        if found:
            raise AmbiguousCategory(shown, [label(item) for item in found])
        raise UnknownCategory(shown, [label(item) for item in self.close_matches(text)], examples)
