"""Bulk import of salary bands: the columns the export writes, all rows or none.

The file is read as a stream (api.ingest.stream), each row checked with the API's grammar and the
database's limits (api.ingest.rows) and written a batch at a time (api.ingest.importer), all in one
transaction under the write lock. It commits only when every row is valid, no row conflicts with a
change made after the version the file is based on, and something changed; a dry run does the same
writes and rolls them back, so it answers exactly what the import would.
"""

import io
import sys
from pathlib import Path

import click
from flask import g, request
from flask.cli import AppGroup
from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from api.auth import actor
from api.extensions import db
from api.ingest.importer import Importer
from api.ingest.outcome import Options, Outcome
from api.ingest.rows import ImportRowSchema, quick_row  # noqa: F401  (the row contract, re-exported)
from api.ingest.stream import UnreadableFile, rows
from api.store import dataset


def run(rows, actor: str, options: Options | None = None) -> Outcome:
    """Validate and apply `rows` under the write lock; commit only a real import in which every row
    is valid, nothing conflicts and something changed. Everything else is rolled back."""
    options = options or Options()
    version = dataset.begin_write()
    if options.based_on is not None and options.based_on >= version:
        db.session.rollback()
        raise BasedOnTooNew(version - 1)
    importer = Importer(version, actor, options)
    try:
        importer.read(rows)
    except BaseException:
        db.session.rollback()
        raise
    outcome = importer.outcome
    if options.dry_run or outcome.error_count or outcome.conflict_count or not (outcome.created or outcome.updated):
        db.session.rollback()
    else:
        dataset.commit()
    return outcome


class BasedOnTooNew(ValueError):
    def __init__(self, current: int):
        super().__init__(f"Must not be newer than the dataset's current version, {current}.")


def summary(outcome: Outcome, options: Options) -> dict:
    counts = {
        "dry_run": options.dry_run,
        "rows": outcome.rows,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
    }
    if options.dry_run:
        counts.update(changes=outcome.changes, conflicts=outcome.conflicts)
    return counts


def refusal(outcome: Outcome, options: Options) -> tuple[int, str, list] | None:
    """(status, message, errors) when the import was refused: 422 for invalid rows, 409 for conflicts
    (a dry run lists its conflicts beside its changes instead)."""
    if outcome.error_count:
        count = f"At least {outcome.error_count}" if outcome.stopped_early else str(outcome.error_count)
        read = (
            f"the first {outcome.rows} rows (reading stopped there)"
            if outcome.stopped_early
            else f"{outcome.rows} rows"
        )
        shown = "" if outcome.error_count == len(outcome.errors) else f" (the first {len(outcome.errors)} are listed)"
        return 422, f"{count} error(s) in {read}{shown}; nothing was written.", outcome.errors
    if outcome.conflict_count and not options.dry_run:
        shown = (
            ""
            if outcome.conflict_count == len(outcome.conflicts)
            else f" (the first {len(outcome.conflicts)} are listed)"
        )
        return (
            409,
            (
                f"{outcome.conflict_count} row(s) would undo changes made after the version the file is based "
                f"on{shown}; nothing was written. Export again and reapply your edits, or import with "
                "on_conflict=overwrite."
            ),
            outcome.conflicts,
        )
    return None


MEDIA_TYPES = {
    "text/csv": {"type": "string", "description": "RFC 4180 CSV with a header row: the export's columns."},
    "application/json": {
        "type": "array",
        "minItems": 1,
        "items": ImportRowSchema,
        "description": "Rows with the export's column names (or the nested objects of a JSON export).",
    },
    "application/x-ndjson": {
        "type": "array",
        "minItems": 1,
        "items": ImportRowSchema,
        "description": "The same rows, one JSON object per line, as the NDJSON export writes.",
    },
}
SUFFIXES = {".csv": "text/csv", ".json": "application/json", ".ndjson": "application/x-ndjson"}
bands_cli = AppGroup("bands", help="Salary band data.")


class _Counted(io.RawIOBase):
    """A binary file that reports the bytes read, for the progress bar."""

    def __init__(self, file, progress):
        super().__init__()
        self.file, self.progress = file, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.file.readinto(buffer)
        self.progress(count or 0)
        return count


@bands_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option(
    "--based-on",
    type=click.IntRange(0, 2**31 - 1),
    help="The dataset version the file was exported at: rows undoing later changes are refused.",
)
@click.option("--on-conflict", type=click.Choice(["refuse", "overwrite"]), default="refuse", show_default=True)
@click.option("--actor", default="flask bands import", show_default=True, help="Name for the change log.")
def import_command(path: Path, dry_run: bool, based_on, on_conflict: str, actor: str) -> None:
    """Import salary bands from a CSV, JSON or NDJSON file (the export's columns): all rows or none."""
    media_type = SUFFIXES.get(path.suffix.lower())
    if media_type is None:
        raise click.ClickException(f"Name the file .csv, .json or .ndjson, not {path.suffix or 'no suffix'}.")
    options = Options(dry_run=dry_run, based_on=based_on, overwrite=on_conflict == "overwrite")
    with (
        path.open("rb") as file,
        click.progressbar(length=path.stat().st_size, label=f"Importing {path.name}", file=sys.stderr) as bar,
    ):
        try:
            outcome = run(rows(_Counted(file, bar.update), media_type), actor, options)
        except (UnreadableFile, BasedOnTooNew) as error:
            raise click.ClickException(str(error)) from None
        except HTTPException as error:  # the write lock stayed busy: another import is running
            raise click.ClickException(error.data["message"] if hasattr(error, "data") else str(error)) from None
    for problem in outcome.errors or (outcome.conflicts if not dry_run else []):
        click.echo(f"row {problem['row']}: {problem['field']}: {problem['message']}", err=True)
    refused = refusal(outcome, options)
    if refused:
        raise click.ClickException(refused[1])
    for change in outcome.changes:
        click.echo(
            f"row {change['row']}: {change['action']} band {change['id']}: {change['before']} -> {change['after']}"
        )
    counts = summary(outcome, options)
    click.echo(", ".join(f"{key} {counts[key]}" for key in ("dry_run", "rows", "created", "updated", "unchanged")))


def from_request(args: dict) -> dict:
    """Import the request body as a stream; a 4xx problem, listing the rows, when anything is wrong."""
    options = Options(
        dry_run=args["dry_run"], based_on=args.get("based_on"), overwrite=args["on_conflict"] == "overwrite"
    )
    try:
        outcome = run(rows(request.stream, request.mimetype), actor(), options)
    except UnreadableFile as error:
        _discard_rest()
        abort(error.status, message=f"{error} Nothing was written.")
    except BasedOnTooNew as error:
        abort(422, errors={"query": {"based_on": [str(error)]}})
    refused = refusal(outcome, options)
    if refused:
        _discard_rest()
        abort(refused[0], message=refused[1], errors=refused[2])
    version = None if options.dry_run else g.get("committed_version") or dataset.current_version()
    return {**summary(outcome, options), "dataset_version": version}


def _discard_rest() -> None:
    """Read what is left of a body the import stopped reading early, without parsing it: a server
    closing a connection with unread data resets it, and the client may then lose the answer."""
    stream = request.stream
    while stream.read(1024 * 1024):
        pass
