"""Checking and normalising the values a DSL enters into wizard fields.

Every value is stored in one canonical Python form (``str``, ``bool``, ``date``, ``datetime``, a
tuple of option ids), whether it arrived from a form widget or from stored JSON, so a record
read back from the vault compares equal to the one that was written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from safelog.guidance.errors import GuidanceError, join_or
from safelog.guidance.graph import Field, FieldKind, WizardGraph


def _options(graph: WizardGraph, spec: Field) -> list[str]:
    return [o.id for o in graph.options(spec.options_ref or "")]


def coerce(graph: WizardGraph, spec: Field, value: object) -> Any:
    """The canonical form of ``value`` for ``spec``; ``None`` when it is empty.

    Accepts ISO strings for dates and times (as stored in JSON), and a list of lines for a text
    field. Raises :class:`GuidanceError` with one sentence naming the field when the value does
    not fit.
    """
    if value is None:
        return None
    kind = spec.kind
    if kind is FieldKind.TEXT:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            value = "\n".join(v.strip() for v in value if v.strip())
        if not isinstance(value, str):
            raise GuidanceError(f"'{spec.label}' must be text.")
        return value.strip() or None
    if kind is FieldKind.BOOL:
        if not isinstance(value, bool):
            raise GuidanceError(f"'{spec.label}' must be yes or no (true or false).")
        return value
    if kind is FieldKind.CHOICE:
        allowed = _options(graph, spec)
        if value not in allowed:
            raise GuidanceError(
                f"'{value}' is not an option for '{spec.label}'; choose {join_or(allowed)}."
            )
        return value
    if kind is FieldKind.MULTI:
        return _coerce_multi(graph, spec, value)
    if kind is FieldKind.DATE:
        return _coerce_date(spec, value)
    return _coerce_datetime(spec, value)


def _coerce_multi(graph: WizardGraph, spec: Field, value: object) -> tuple[str, ...] | None:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise GuidanceError(f"'{spec.label}' must be a list of options.")
    allowed = _options(graph, spec)
    stray = [v for v in value if v not in allowed]
    if stray:
        raise GuidanceError(
            f"'{stray[0]}' is not an option for '{spec.label}'; choose from {join_or(allowed)}."
        )
    # Option order, not click order, so equal selections compare equal.
    chosen = tuple(option for option in allowed if option in value)
    return chosen or None


def _coerce_date(spec: Field, value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise GuidanceError(f"'{spec.label}' must be a date written YYYY-MM-DD.")


def _coerce_datetime(spec: Field, value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise GuidanceError(f"'{spec.label}' must be a date and time written YYYY-MM-DD HH:MM.")


def unfilled(graph: WizardGraph, spec: Field, values: Mapping[str, Any]) -> bool:
    """Whether ``spec`` has no usable value in ``values``.

    A checklist (``require_all``) counts as filled only when every point is ticked, because
    each point is something the DSL must confirm before sharing.
    """
    value = values.get(spec.name)
    if value is None or value == "" or value == ():
        return True
    if spec.require_all:
        return set(_options(graph, spec)) - set(value) != set()
    return False


def to_json(value: object) -> Any:
    """The JSON form of a canonical value: ISO strings for dates, lists for tuples."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    return value
