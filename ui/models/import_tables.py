"""The import preview: which column each field comes from, the pupils as they will be saved,
and every row that stops the import. Thread: GUI only.
"""

from __future__ import annotations

from typing import Any

from safelog.domain.pupil_csv import FIELD_LABELS, REQUIRED_FIELDS, PupilImport, RowError
from safelog.domain.pupils import PupilRow
from safelog.domain.timefmt import uk_date
from ui.models.base import Column, ListTableModel
from ui.models.children_table import flag_text

MappingRow = tuple[str, str, str]  # our field, the file's header (or ""), required/optional


def mapping_rows(parsed: PupilImport) -> list[MappingRow]:
    """Every field SafeLog can import, with the file's column for it, in display order."""
    rows = []
    for field, label in FIELD_LABELS.items():
        header = parsed.mapping.get(field, "")
        need = "Required" if field in REQUIRED_FIELDS else "Optional"
        rows.append((label[0].upper() + label[1:], header, need))
    return rows


class ColumnMappingTableModel(ListTableModel[MappingRow]):
    """Our field → the column in the file it was read from ("Not in the file" when absent)."""

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[MappingRow]] = [
            Column("SafeLog field", lambda r: r[0]),
            Column(
                "Column in your file",
                lambda r: r[1] or "Not in the file",
                warn=lambda r: not r[1] and r[2] == "Required",
            ),
            Column("Needed", lambda r: r[2]),
        ]
        super().__init__(columns, parent)


PreviewRow = tuple[int, PupilRow]


def _preferred(row: PupilRow) -> str:
    if not row.preferred_forename and not row.preferred_surname:
        return ""
    forename = row.preferred_forename or row.legal_forename
    return f"{forename} {row.preferred_surname or row.legal_surname}"


class PupilPreviewTableModel(ListTableModel[PreviewRow]):
    """The pupils exactly as they will be saved, with the line of the file each came from."""

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[PreviewRow]] = [
            Column("Line", lambda r: str(r[0]), align_right=True),
            Column("UPN", lambda r: r[1].upn),
            Column("Legal surname", lambda r: r[1].legal_surname),
            Column("Legal forename", lambda r: r[1].legal_forename),
            Column("Known as", lambda r: _preferred(r[1])),
            Column("Date of birth", lambda r: uk_date(r[1].dob)),
            Column("Year", lambda r: r[1].year_group or ""),
            Column("Form", lambda r: r[1].form or ""),
            Column("Flags", lambda r: flag_text(r[1].flags)),
        ]
        super().__init__(columns, parent)


class ImportErrorsTableModel(ListTableModel[RowError]):
    """Every bad row: its line in the file, the UPN as read, and what is wrong."""

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[RowError]] = [
            Column("Line", lambda e: str(e.line), align_right=True),
            Column("UPN", lambda e: e.upn or ""),
            Column("Problem", lambda e: e.reason),
        ]
        super().__init__(columns, parent)
