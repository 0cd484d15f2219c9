"""What an import is asked to do (`Options`) and what it found (`Outcome`): counts, and the errors,
conflicts and (on a dry run) changes it lists, each list capped at MAX_REPORTED_ERRORS."""

from dataclasses import dataclass, field

from api.errors import MAX_REPORTED_ERRORS


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    based_on: int | None = None  # the dataset version the file was exported at
    overwrite: bool = False  # on_conflict=overwrite: rows may undo changes made since `based_on`


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0
    stopped_early: bool = False  # reading stops at MAX_REPORTED_ERRORS errors: the count is then a minimum
    conflicts: list = field(default_factory=list)
    conflict_count: int = 0
    changes: list = field(default_factory=list)  # row diffs, before → after

    def error(self, row: int, field_name: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"location": "body", "row": row, "field": field_name, "message": message})

    def conflict(self, row: int, band_id: int, version: int, based_on: int) -> None:
        self.conflict_count += 1
        if len(self.conflicts) < MAX_REPORTED_ERRORS:
            self.conflicts.append(
                {
                    "location": "body",
                    "row": row,
                    "field": "(row)",
                    "band_id": band_id,
                    "changed_in_version": version,
                    "message": f"Band {band_id} changed in version {version}, after version {based_on} this file is "
                    f"based on; importing the row would undo that change.",
                }
            )
