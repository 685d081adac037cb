"""Concern categories (KCSIE abuse types, child-on-child forms, Annex B issues, online safety).

Each KCSIE edition is one data file, ``resources/guidance/kcsie-YYYY.json``; next September's
edition is a new file, not a code change. :func:`load_guidance` returns the set in force on a
date (today by default), and :func:`resolve_category` turns what a user typed
(``--category cse``, ``"Physical abuse"``) into a :class:`Category`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache

from safelog.guidance._data import (
    JsonObject,
    Reader,
    SourceDocument,
    SourceRef,
    check_source,
    data_file_names,
    parse_documents,
    read_json,
)
from safelog.guidance._matching import NameIndex
from safelog.guidance.errors import (
    AmbiguousCategory,
    GuidanceDataError,
    GuidanceError,
    UnknownCategory,
)

# The errors are re-exported so callers can import everything about categories from here.
__all__ = [
    "AmbiguousCategory",
    "Category",
    "CategoryGroup",
    "GuidanceDataError",
    "GuidanceError",
    "GuidanceSet",
    "UnknownCategory",
    "available_guidance",
    "load_guidance",
    "parse_guidance_set",
    "resolve_category",
    "review_due_for",
]

SET_PREFIX = "kcsie-"
SET_FORMAT = "safelog.guidance-set/1"

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ALLOWED_REVIEW_DAYS = range(1, 91)


class CategoryGroup(StrEnum):
    """How KCSIE groups concerns; the form shows one box per group."""

    ABUSE_TYPE = "abuse-type"
    CHILD_ON_CHILD = "child-on-child"
    SPECIFIC_ISSUE = "specific-issue"
    ONLINE_SAFETY = "online-safety"

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    CategoryGroup.ABUSE_TYPE: "Abuse and neglect",
    CategoryGroup.CHILD_ON_CHILD: "Child-on-child abuse",
    CategoryGroup.SPECIFIC_ISSUE: "Specific safeguarding issues (KCSIE Annex B)",
    CategoryGroup.ONLINE_SAFETY: "Online safety",
}


@dataclass(frozen=True)
class Category:
    """One tick-box on the log-concern form.

    ``id`` is stable across editions (records store it); ``former_ids`` lists ids an older edition
    used for the same thing, so old records still resolve.
    """

    id: str
    label: str
    aliases: tuple[str, ...]
    group: CategoryGroup
    guidance: str
    default_review_days: int
    review_days_reason: str
    source: SourceRef
    effective_from: date
    former_ids: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every string that names this category: id, label, aliases and former ids."""
        return (self.id, self.label, *self.aliases, *self.former_ids)

    def to_dict(self) -> JsonObject:
        return {
            "id": self.id,
            "label": self.label,
            "aliases": list(self.aliases),
            "former_ids": list(self.former_ids),
            "group": self.group.value,
            "guidance": self.guidance,
            "default_review_days": self.default_review_days,
            "review_days_reason": self.review_days_reason,
            "source": self.source.to_dict(),
            "effective_from": self.effective_from.isoformat(),
        }


@dataclass(frozen=True)
class GuidanceSet:
    """One edition's categories and the documents they cite. Immutable; safe to share."""

    id: str
    title: str
    effective_from: date
    caveat: str
    review_policy: str
    documents: tuple[SourceDocument, ...]
    categories: tuple[Category, ...]
    _index: NameIndex[Category] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Built once here so resolving is a dictionary lookup; frozen, hence object.__setattr__.
        entries = [(name, c) for c in self.categories for name in c.names()]
        labels = [(c.label, c) for c in self.categories]
        object.__setattr__(
            self, "_index", NameIndex(entries, key=lambda c: c.id, inner_names=labels)
        )

    def category(self, category_id: str) -> Category:
        """The category with this id (or a former id); :class:`UnknownCategory` otherwise."""
        for c in self.categories:
            if category_id == c.id or category_id in c.former_ids:
                return c
        raise UnknownCategory(category_id, self._suggest(category_id), self._examples())

    def resolve(self, text: str) -> Category:
        """See :func:`resolve_category`."""
        return self._index.resolve(
            text,
            label=lambda c: c.label,
            examples=self._examples(),
        )

    def in_group(self, group: CategoryGroup) -> tuple[Category, ...]:
        """Categories of one group, in the file's order."""
        return tuple(c for c in self.categories if c.group is group)

    def document(self, document_id: str) -> SourceDocument:
        for d in self.documents:
            if d.id == document_id:
                return d
        raise GuidanceError(f"'{document_id}' is not a document of guidance set {self.id}.")

    def to_json_dict(self) -> JsonObject:
        """The whole set as plain JSON types (ISO dates), in the same shape as the data file."""
        return {
            "format": SET_FORMAT,
            "id": self.id,
            "title": self.title,
            "effective_from": self.effective_from.isoformat(),
            "caveat": self.caveat,
            "review_policy": self.review_policy,
            "documents": [d.to_dict() for d in self.documents],
            "categories": [c.to_dict() for c in self.categories],
        }

    def _suggest(self, text: str) -> tuple[str, ...]:
        return tuple(c.label for c in self._index.close_matches(text))

    def _examples(self) -> tuple[str, ...]:
        return (*(c.label for c in self.categories[:2]), self.categories[-1].label)


def parse_guidance_set(raw: JsonObject, where: str = "guidance set") -> GuidanceSet:
    """Build and validate a set from the JSON shape of ``kcsie-YYYY.json``.

    Checks: the format tag, kebab-case unique ids, every category's guidance, source (pointing at
    a listed document) and review days, and that no name (id, label, alias) normalises to two
    different categories, which would make resolution ambiguous.
    """
    r = Reader(raw, where)
    if r.text("format") != SET_FORMAT:
        raise GuidanceDataError(
            f"{where} is in format '{r.text('format')}', which this version of SafeLog cannot read."
        )
    documents = parse_documents(r)
    document_ids = frozenset(d.id for d in documents)
    categories = tuple(
        _parse_category(item, f"{where}.categories[{i}]", document_ids)
        for i, item in enumerate(r.items("categories"))
    )
    if not categories:
        raise GuidanceDataError(f"{where} has no categories.")
    ids = [c.id for c in categories]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise GuidanceDataError(f"{where}: category ids are repeated: {', '.join(duplicates)}.")
    return GuidanceSet(
        id=r.text("id"),
        title=r.text("title"),
        effective_from=r.day("effective_from"),
        caveat=r.text("caveat"),
        review_policy=r.text("review_policy"),
        documents=documents,
        categories=categories,
    )


def _parse_category(obj: object, where: str, document_ids: frozenset[str]) -> Category:
    r = Reader(obj, where)
    category_id = r.text("id")
    for name in (category_id, *r.texts("former_ids")):
        if not _ID_PATTERN.match(name):
            raise GuidanceDataError(f"{where}: '{name}' is not a lower-case kebab-case id.")
    try:
        group = CategoryGroup(r.text("group"))
    except ValueError as exc:
        raise r.fail("group", f"one of {', '.join(g.value for g in CategoryGroup)}") from exc
    days = r.integer("default_review_days")
    if days not in _ALLOWED_REVIEW_DAYS:
        raise r.fail("default_review_days", "between 1 and 90")
    source = SourceRef.parse(r.obj.get("source"), f"{where}.source")
    check_source(source, document_ids, where)
    return Category(
        id=category_id,
        label=r.text("label"),
        aliases=r.texts("aliases"),
        group=group,
        guidance=r.text("guidance"),
        default_review_days=days,
        review_days_reason=r.text("review_days_reason"),
        source=source,
        effective_from=r.day("effective_from"),
        former_ids=r.texts("former_ids"),
    )


@cache
def _load_set_file(name: str) -> GuidanceSet:
    return parse_guidance_set(read_json(name), name)


def available_guidance() -> tuple[GuidanceSet, ...]:
    """Every packaged category set, oldest first."""
    sets = [_load_set_file(name) for name in data_file_names(SET_PREFIX)]
    if not sets:
        raise GuidanceDataError("No guidance set (kcsie-*.json) is installed.")
    return tuple(sorted(sets, key=lambda s: s.effective_from))


def load_guidance(version: str | None = None, *, on: date | None = None) -> GuidanceSet:
    """The category set ``version`` (e.g. ``"kcsie-2025"``), or the one in force on ``on``.

    With no version, the newest set whose ``effective_from`` is not after ``on`` (default today);
    if every set is still in the future, the oldest. Raises :class:`GuidanceError` for an unknown
    version and :class:`GuidanceDataError` if a file is broken.
    """
    sets = available_guidance()
    if version is not None:
        for s in sets:
            if s.id == version:
                return s
        known = ", ".join(s.id for s in sets)
        raise GuidanceError(f"There is no guidance set '{version}'; installed: {known}.")
    day = on or date.today()
    in_force = [s for s in sets if s.effective_from <= day]
    return in_force[-1] if in_force else sets[0]


def resolve_category(text: str, guidance: GuidanceSet | None = None) -> Category:
    """The one category ``text`` names, from the current set unless ``guidance`` is given.

    Case is ignored and ``-``, ``_``, spaces and other punctuation are treated alike. Tried in
    order, stopping at the first step that finds anything: an exact id, label, alias or former
    id; then names whose leading words start with the words given (``phys ab``, at least three
    letters); then labels containing those whole words (``sexual exploitation`` inside "Child
    sexual exploitation"). One match is returned; several raise :class:`AmbiguousCategory`; none
    raises :class:`UnknownCategory` with close suggestions.
    """
    return (guidance or load_guidance()).resolve(text)


def review_due_for(categories: Iterable[Category], occurred_on: date) -> date:
    """The default review date: ``occurred_on`` plus the shortest default among ``categories``.

    A ``datetime`` is reduced to its date. Raises :class:`GuidanceError` if no category is given,
    because a concern must have at least one.
    """
    days = [c.default_review_days for c in categories]
    if not days:
        raise GuidanceError("Choose at least one category so a review date can be set.")
    start = occurred_on.date() if isinstance(occurred_on, datetime) else occurred_on
    return start + timedelta(days=min(days))
