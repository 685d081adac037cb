"""Words and file names for the signed documents, shared by the export and preview dialogs:
the choice of document, its title, the suggested file name and the sentence of what will leave
the vault. Qt-free on purpose (plain strings and dates). Thread: any.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from safelog.domain.timefmt import uk_date

CHRONOLOGY = "chronology"
SUMMARY = "summary chronology"
PACK = "referral pack"
# Export.kind, as the core names it, to the title a DSL would use.
TITLES = {
    "chronology": "Chronology",
    "summary chronology": "Summary chronology",
    "referral pack": "MASH referral pack",
}
_STEMS = {
    "chronology": "chronology",
    "summary chronology": "chronology-summary",
    "referral pack": "referral-pack",
}
PDF_FILTERS = ("PDF documents (*.pdf)",)
NB_HYPHEN = "\u2011"


def title_for(kind: str) -> str:
    """``Chronology``, ``MASH referral pack``: for window titles and headings."""
    return TITLES.get(kind, kind.capitalize())


def phrase_for(kind: str) -> str:
    """The title inside a sentence: ``summary chronology``, but ``MASH referral pack``."""
    title = title_for(kind)
    return title if title.split()[0].isupper() else title[0].lower() + title[1:]


def suggested_file_name(kind: str, upn: str, day: date) -> str:
    """``chronology-<UPN>-<yyyy-mm-dd>.pdf`` and the like: sortable, and no name in it, so a
    file left in a folder does not say whose record it holds."""
    stem = _STEMS.get(kind, kind.replace(" ", "-"))
    return f"{stem}-{upn}-{day.isoformat()}.pdf"


def with_pdf_suffix(name: str) -> str:
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def entries(n: int, *, significant: bool = False) -> str:
    """``1 entry``, ``12 significant entries``."""
    noun = "entry" if n == 1 else "entries"
    return f"{n:,} {'significant ' if significant else ''}{noun}"


@dataclass(frozen=True)
class ExportChoice:
    """What the person chose: ``kind`` is the core's ``Export.kind`` for the document; the dates
    apply to a chronology only."""

    kind: str
    date_from: date | None = None
    date_to: date | None = None

    @property
    def summary(self) -> bool:
        return self.kind == SUMMARY

    @property
    def is_pack(self) -> bool:
        return self.kind == PACK

    def range_problem(self) -> str | None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            return "The start date is after the end date: change one of them."
        return None


def what_leaves_html(choice: ExportChoice, name: str, n: int) -> str:
    """The sentence of what will leave the vault, with the count and marking in bold; ``name``
    is escaped here."""
    name = html.escape(name)
    # A non-breaking hyphen: the marking must never be split across two lines (Qt's rich text
    # ignores <nobr> and white-space: nowrap at a hyphen). plain_text() turns it back.
    marking = (
        f"It is <b>OFFICIAL{NB_HYPHEN}SENSITIVE</b>: send it only by secure email or the "
        "MASH portal."
    )
    if choice.is_pack:
        return (
            f"This creates a signed MASH referral pack about {name}: the referral form filled in "
            f"from the record, the summary chronology (<b>{entries(n)}</b>), the key concerns "
            f"in full with body maps, and the latest information-sharing decision. {marking}"
        )
    span = ""
    if choice.date_from and choice.date_to:
        span = f" from {uk_date(choice.date_from)} to {uk_date(choice.date_to)}"
    elif choice.date_from:
        span = f" from {uk_date(choice.date_from)} onwards"
    elif choice.date_to:
        span = f" up to {uk_date(choice.date_to)}"
    if n == 0:
        what = (
            f"This creates a signed PDF about {name} with <b>no entries</b>: nothing on the "
            f"record matches the choices above{span}."
        )
    else:
        what = (
            f"This creates a signed PDF of <b>{entries(n, significant=choice.summary)}</b>"
            f"{span} about {name}."
        )
    return f"{what} {marking}"


def plain_text(text: str) -> str:
    """A sentence as plain characters (ordinary hyphens), for tests and screen readers."""
    return text.replace(NB_HYPHEN, "-")
