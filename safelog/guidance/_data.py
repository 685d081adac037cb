"""Reading packaged guidance files, and the value types every guidance file shares.

Files live in the ``resources.guidance`` package and are found with ``importlib.resources``, so
a frozen (PyInstaller) build and the source tree behave alike. Parsing goes through
:class:`Reader`, which names the file and the key in every error, so a bad data change is easy
to find.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

from safelog.guidance.errors import GuidanceDataError

PACKAGE = "resources.guidance"

JsonObject = dict[str, Any]


def data_file_names(prefix: str) -> list[str]:
    """Names of the packaged ``*.json`` files whose name starts with ``prefix``, sorted."""
    root = files(PACKAGE)
    return sorted(
        entry.name
        for entry in root.iterdir()
        if entry.name.startswith(prefix) and entry.name.endswith(".json")
    )


def read_json(name: str) -> JsonObject:
    """Parse one packaged file; raise :class:`GuidanceDataError` if it is absent or not JSON."""
    entry = files(PACKAGE).joinpath(name)
    try:
        raw = json.loads(entry.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GuidanceDataError(f"The guidance file {name} is missing.") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GuidanceDataError(f"The guidance file {name} cannot be read: {exc}.") from exc
    if not isinstance(raw, dict):
        raise GuidanceDataError(f"The guidance file {name} does not hold a JSON object.")
    return raw


class Reader:
    """Typed access to one JSON object; every failure names the file and the path of the key."""

    def __init__(self, obj: object, where: str) -> None:
        if not isinstance(obj, dict):
            raise GuidanceDataError(f"{where} must be a JSON object.")
        self.obj: JsonObject = obj
        self.where = where

    def fail(self, key: str, expected: str) -> GuidanceDataError:
        return GuidanceDataError(f"{self.where}: '{key}' must be {expected}.")

    def has(self, key: str) -> bool:
        return self.obj.get(key) is not None

    def text(self, key: str) -> str:
        value = self.obj.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "a non-empty string")
        return value

    def opt_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def integer(self, key: str) -> int:
        value = self.obj.get(key)
        # bool is an int subclass; a stray true/false must not pass as a number.
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(key, "a whole number")
        return value

    def opt_integer(self, key: str) -> int | None:
        return self.integer(key) if self.has(key) else None

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.obj.get(key)
        if value is None and default is not None:
            return default
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def opt_flag(self, key: str) -> bool | None:
        return self.flag(key) if self.has(key) else None

    def day(self, key: str) -> date:
        text = self.text(key)
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise self.fail(key, "a date written YYYY-MM-DD") from exc

    def opt_day(self, key: str) -> date | None:
        return self.day(key) if self.has(key) else None

    def items(self, key: str, *, default_empty: bool = False) -> list[Any]:
        value = self.obj.get(key)
        if value is None and default_empty:
            return []
        if not isinstance(value, list):
            raise self.fail(key, "a list")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.items(key, default_empty=True)
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail(key, "a list of non-empty strings")
        return tuple(values)

    def mapping(self, key: str, *, default_empty: bool = False) -> JsonObject:
        value = self.obj.get(key)
        if value is None and default_empty:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "a JSON object")
        return value

    def child(self, key: str) -> Reader:
        return Reader(self.obj.get(key), f"{self.where}.{key}")


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of guidance comes from.

    ``verified`` is False when the wording or location was not seen in a source text (the
    research notes mark such items [RECALL]); the UI and the DPO rendering must say so.
    """

    document: str
    paragraph: str
    edition: str | None = None
    verified: bool = False
    note: str | None = None

    @classmethod
    def parse(cls, obj: object, where: str) -> SourceRef:
        r = Reader(obj, where)
        return cls(
            document=r.text("document"),
            paragraph=r.text("paragraph"),
            edition=r.opt_text("edition"),
            verified=r.flag("verified"),
            note=r.opt_text("note"),
        )

    def describe(self) -> str:
        """One line for people: ``ISA-2024 (April 2024), Golden rule 1 [not verified]``."""
        edition = f" ({self.edition})" if self.edition else ""
        caveat = "" if self.verified else " [not verified against the official text]"
        return f"{self.document}{edition}, {self.paragraph}{caveat}"

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"document": self.document, "paragraph": self.paragraph}
        if self.edition is not None:
            out["edition"] = self.edition
        out["verified"] = self.verified
        if self.note is not None:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class SourceDocument:
    """A guidance document that sources point at (guidance.md section 0)."""

    id: str
    title: str
    publisher: str
    edition: str
    status: str
    statutory: bool
    verified: bool
    effective_from: date | None = None
    superseded_by: str | None = None
    notes: str | None = None

    @classmethod
    def parse(cls, obj: object, where: str) -> SourceDocument:
        r = Reader(obj, where)
        return cls(
            id=r.text("id"),
            title=r.text("title"),
            publisher=r.text("publisher"),
            edition=r.text("edition"),
            status=r.text("status"),
            statutory=r.flag("statutory"),
            verified=r.flag("verified"),
            effective_from=r.opt_day("effective_from"),
            superseded_by=r.opt_text("superseded_by"),
            notes=r.opt_text("notes"),
        )

    def to_dict(self) -> JsonObject:
        out: JsonObject = {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "edition": self.edition,
            "status": self.status,
            "statutory": self.statutory,
            "verified": self.verified,
        }
        if self.effective_from is not None:
            out["effective_from"] = self.effective_from.isoformat()
        if self.superseded_by is not None:
            out["superseded_by"] = self.superseded_by
        if self.notes is not None:
            out["notes"] = self.notes
        return out


def parse_documents(r: Reader) -> tuple[SourceDocument, ...]:
    """The file's ``documents`` list, with unique ids."""
    documents = tuple(
        SourceDocument.parse(item, f"{r.where}.documents[{i}]")
        for i, item in enumerate(r.items("documents"))
    )
    ids = [d.id for d in documents]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise GuidanceDataError(f"{r.where}: document ids are repeated: {', '.join(duplicates)}.")
    return documents


def check_source(source: SourceRef, document_ids: set[str] | frozenset[str], where: str) -> None:
    """A source must point at a document listed in the same file."""
    if source.document not in document_ids:
        raise GuidanceDataError(
            f"{where}: source document '{source.document}' is not in the file's documents list."
        )
