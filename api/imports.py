"""Bulk import of salary bands: the columns the CSV export writes, all rows or none.

Every row is validated before anything is written, and every error in the file is reported
(row, field, message). Valid files are upserted by natural key (role, year, geography, currency,
source) in one transaction, with one change-log entry per band created or changed.
"""

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click
import marshmallow as ma
import pycountry
from flask import g, request
from flask.cli import AppGroup
from flask_smorest import abort
from sqlalchemy import select

from api.errors import MAX_REPORTED_ERRORS
from api import bands
from api import bulk as bulk_writes
from api import grammar
from api.bulk import NATURAL_KEY, VALUE_COLUMNS
from api import changes
from api.auth import actor
from api.extensions import db
from api.geography import scope_of
from api.models import PERIODS, Role, SalaryBand, Source
from api.models.api_key import utcnow
from api.schemas.common import MAX_AMOUNT, MAX_INT32, SLUG_PATTERN, WholeNumber, slug_field
from api.schemas.dates import iso_date
from api.schemas.salary_bands import SalaryBandWriteSchema, year_field

# Columns the export writes that are derived, not stored: accepted and ignored on import.
DERIVED_COLUMNS = {"id", "role_title", "midpoint", "source_title", "converted"}
DERIVED_PREFIX = "converted_"
# The natural key without `effective_from`: bands sharing it must not overlap in time (api.bands).
PERIOD_KEY = NATURAL_KEY[:-1]


class ImportRowSchema(SalaryBandWriteSchema):
    """One row, by its export column names; numbers may come as text (CSV has no types)."""

    class Meta:
        unknown = ma.EXCLUDE  # derived columns; unknown ones are caught from the header

    role = slug_field(data_key="role_slug", required=True)
    source_id = WholeNumber(1, MAX_INT32, required=True)
    year = year_field(required=True)
    salary_min = WholeNumber(1, MAX_AMOUNT, required=True)
    salary_max = WholeNumber(1, MAX_AMOUNT, required=True)


COLUMNS = {f.data_key or name for name, f in ImportRowSchema().load_fields.items()}
REQUIRED = frozenset(f.data_key or name for name, f in ImportRowSchema().load_fields.items() if f.required)
CURRENCIES = frozenset(currency.alpha_3 for currency in pycountry.currencies)
DIGITS = re.compile(r"[0-9]{1,10}")
SLUG_RE = re.compile(SLUG_PATTERN)
LETTERS = {3: re.compile(r"[A-Za-z]{3}")}
BLANK = ("", None)


def _whole(value, low: int, high: int):
    number = value if type(value) is int else int(value) if type(value) is str and DIGITS.fullmatch(value) else None
    return number if number is not None and low <= number <= high else None


def quick_row(raw: dict) -> dict | None:
    """The row as ImportRowSchema loads it, for rows plainly valid; None for any other row, which then
    goes through the schema (and its messages). Validating with marshmallow costs about 55 µs a row,
    a third of a 20,000 rows/s budget; a test holds this equal to the schema on generated rows."""
    text = "".join(v for v in raw.values() if type(v) is str)  # one search a row: the hot path
    if not REQUIRED <= raw.keys() or not grammar.is_clean_text(text, multiline=True):
        return None
    role, geography, currency, period, provenance = (raw[k] for k in (
        "role_slug", "geography", "currency", "period", "provenance"))
    numbers = (_whole(raw["source_id"], 1, MAX_INT32), _whole(raw["year"], 1900, 2100),
               _whole(raw["salary_min"], 1, MAX_AMOUNT), _whole(raw["salary_max"], 1, MAX_AMOUNT))
    scope, sent_scope = scope_of(geography), raw.get("geography_scope")
    dates = []
    for name in ("effective_from", "effective_to"):
        value = raw.get(name)
        dates.append(None if value in BLANK else iso_date(value))
        if dates[-1] is None and value not in BLANK:
            return None
    if (None in numbers or numbers[2] > numbers[3] or type(role) is not str or len(role) > 80
            or not SLUG_RE.fullmatch(role) or scope is None or sent_scope not in (*BLANK, scope)
            or (None not in dates and dates[0] > dates[1]) or type(currency) is not str
            or not LETTERS[3].fullmatch(currency) or currency.upper() not in CURRENCIES or period not in PERIODS
            or type(provenance) is not str or not 1 <= len(provenance) <= 2000):
        return None
    return {"role": role, "source_id": numbers[0], "year": numbers[1], "geography": geography.upper(),
            "geography_scope": scope, "currency": currency.upper(), "period": period, "salary_min": numbers[2],
            "salary_max": numbers[3], "provenance": provenance, "effective_from": dates[0], "effective_to": dates[1]}


class UnreadableFile(ValueError):
    """The file as a whole cannot be used: 400 when it cannot be read, 422 when its layout is wrong."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Plan:
    rows: int = 0
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)  # (existing band, new values)
    unchanged: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0

    def error(self, row: int, field_name: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"location": "body", "row": row, "field": field_name, "message": message})


def _flatten(item, prefix=""):
    """A JSON object as export columns: nested objects joined with `_` (`role.slug` → `role_slug`)."""
    flat = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}_"))
        else:
            flat[name] = value
    return flat


def parse(body: bytes, media_type: str) -> list[dict]:
    """The rows of a CSV, JSON (array or list envelope) or NDJSON body."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"The body is not UTF-8 (byte {error.start}).") from None
    if media_type == "text/csv":
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(reader, None)
            records = list(reader)
        except csv.Error as error:
            raise UnreadableFile(f"The CSV is malformed at line {reader.line_num}: {error}.") from None
        if header is None:
            raise UnreadableFile("The CSV is empty: it needs a header row and at least one row.", 422)
        width = len(header)
        if any(len(record) > width for record in records):
            raise UnreadableFile("A CSV row has more fields than the header.")
        # As csv.DictReader reads: a short row's missing fields are None, blank lines are skipped.
        return [dict(zip(header, record)) if len(record) == width else {**dict.fromkeys(header), **dict(zip(header, record))}
                for record in records if record]
    try:
        if media_type == "application/x-ndjson":
            grammar.check_json_depth(text)
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            items = grammar.load_json(text)
            items = items["data"] if isinstance(items, dict) and "data" in items else items
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"The JSON is malformed: {error}.") from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise UnreadableFile("The JSON must be an array of objects, a list response ({\"data\": [...]}) or NDJSON.")
    return [_flatten(item) for item in items]


def _check_columns(rows: list[dict]) -> None:
    present = set().union(*(row.keys() for row in rows)) if rows else set()
    unknown = sorted(c for c in present - COLUMNS - DERIVED_COLUMNS if not c.startswith(DERIVED_PREFIX))
    if unknown:
        raise UnreadableFile(f"Unknown column(s): {', '.join(unknown)}. Expected: {', '.join(sorted(COLUMNS))}.", 422)
    if not rows:
        raise UnreadableFile("The file has no rows.", 422)


def plan(rows: list[dict], progress=None) -> Plan:
    """Validate every row and decide, without writing, what each one does."""
    _check_columns(rows)
    result = Plan(rows=len(rows))
    schema = ImportRowSchema()
    roles = dict(db.session.execute(select(Role.slug, Role.id)).all())
    sources = dict(db.session.execute(select(Source.id, Source.editable)).all())
    valid, numbers, seen = [], [], {}
    for number, raw in enumerate(rows, start=1):
        try:  # an empty cell fails every quick check, so only the schema needs them dropped
            data = quick_row(raw) or schema.load({key: value for key, value in raw.items() if value not in ("", None)})
        except ma.ValidationError as error:
            for name, messages in error.normalized_messages().items():
                for message in messages if isinstance(messages, list) else [messages]:
                    result.error(number, "role_slug" if name == "role" else name, str(message))
            continue
        if data["role"] not in roles:
            result.error(number, "role_slug", f"No role '{data['role']}'.")
            continue
        if data["source_id"] not in sources:
            result.error(number, "source_id", f"No source {data['source_id']}.")
            continue
        values = {"role_id": roles[data["role"]], **{k: data[k] for k in NATURAL_KEY[1:] + VALUE_COLUMNS}}
        key = tuple(values[k] for k in NATURAL_KEY)
        if key in seen:
            result.error(number, "role_slug", f"Same role, year, geography, currency, source and effective_from as row {seen[key]}.")
            continue
        seen[key] = number
        valid.append(values)
        numbers.append(number)
        if progress:
            progress(1)
    if result.error_count:
        return result
    existing = _existing(valid)
    for number, values in zip(numbers, valid):
        band = existing.get(tuple(values[k] for k in NATURAL_KEY))
        changed = [k for k in VALUE_COLUMNS if band is not None and getattr(band, k) != values[k]]
        if (band is None or changed) and not sources[values["source_id"]]:
            for name in changed or ["source_id"]:  # a publication's bands stay as published (api.bands)
                result.error(number, name, f"Source {values['source_id']} is a publication: its bands are read-only. "
                                           f"Keep your own figures under a source of your own (POST /v1/sources).")
        elif band is None:
            result.creates.append(values)
        elif changed:
            result.updates.append((band, values))
        else:
            result.unchanged += 1
    _check_overlaps(result, list(zip(numbers, valid)), existing)
    return result


def _check_overlaps(result: Plan, numbered: list, existing: dict) -> None:
    """A row error for each row whose effective period meets another band's of the same role, year,
    geography, currency and source: another row, or a stored band the file does not replace."""
    # Undated bands sharing a period key share the natural key too, so the duplicate check (rows) and
    # the upsert (stored bands) handle them: only keys with a dated band need the interval check.
    dated = {tuple(values[k] for k in PERIOD_KEY) for _, values in numbered
             if values["effective_from"] or values["effective_to"]}
    dated |= {key[:-1] for key, band in existing.items() if band.effective_from or band.effective_to}
    if not dated:
        return
    groups = {}
    for number, values in numbered:
        key = tuple(values[k] for k in PERIOD_KEY)
        if key in dated:
            groups.setdefault(key, []).append((values["effective_from"], values["effective_to"], f"row {number}", number))
    replaced = {tuple(values[k] for k in NATURAL_KEY) for _, values in numbered}
    for key, band in existing.items():
        if key[:-1] in groups and key not in replaced:
            groups[key[:-1]].append((band.effective_from, band.effective_to, f"band {band.id}", None))
    for items in groups.values():
        items.sort(key=lambda item: item[0] or date.min)
        latest = items[0]
        for item in items[1:]:
            if latest[1] is None or (item[0] or date.min) <= latest[1]:
                row, other = (item, latest) if item[3] is not None else (latest, item)
                if row[3] is not None:
                    result.error(row[3], "effective_from", f"Overlaps {other[2]} ({bands.period_text(*other[:2])}) "
                                                           f"of the same role, year, geography, currency and source.")
            if latest[1] is not None and (item[1] is None or item[1] > latest[1]):
                latest = item


def _existing(rows: list[dict]) -> dict:
    role_ids = {row["role_id"] for row in rows}
    years = {row["year"] for row in rows}
    columns = [SalaryBand.id, *(getattr(SalaryBand, k) for k in NATURAL_KEY + VALUE_COLUMNS)]
    stmt = select(*columns).where(SalaryBand.role_id.in_(role_ids), SalaryBand.year.in_(years))
    return {tuple(getattr(band, k) for k in NATURAL_KEY): band for band in db.session.execute(stmt)}


def record(band_id: int, values: dict, roles: dict, sources: dict) -> dict:
    """A band as the change log keeps it: the shape SalaryBandSchema dumps (a test holds them equal).
    `roles` and `sources` map ids to their reference objects, built once per import."""
    total = values["salary_min"] + values["salary_max"]
    return {
        "id": band_id, "role": roles[values["role_id"]], "year": values["year"], "geography": values["geography"],
        "geography_scope": values["geography_scope"], "currency": values["currency"], "period": values["period"],
        "salary_min": values["salary_min"], "salary_max": values["salary_max"],
        "midpoint": total // 2 if total % 2 == 0 else total / 2,
        "provenance": values["provenance"], "source": sources[values["source_id"]],
        **{k: values[k] and values[k].isoformat() for k in ("effective_from", "effective_to")},
    }


def run(rows: list[dict], actor: str, dry_run: bool = False, progress=None) -> Plan:
    """Validate and, unless `dry_run` or a row is invalid, apply and commit: all rows or none.

    A real import takes the write lock before planning, so no other write can slip in between.
    """
    version = None if dry_run else changes.begin_write()
    result = plan(rows, progress)
    if version is not None and not result.error_count:
        _apply(result, version, actor, progress)
        changes.commit()
    return result


def _apply(result: Plan, version: int, actor: str, progress=None) -> None:
    roles = {role.id: {"slug": role.slug, "title": role.title} for role in db.session.scalars(select(Role))}
    sources = {source.id: {"id": source.id, "title": source.title} for source in db.session.scalars(select(Source))}
    bulk = bulk_writes.PostgresBulk if db.engine.dialect.name == "postgresql" else bulk_writes.InsertBulk
    ids = bulk.create_bands(result.creates)
    log = [_change(version, band_id, "create", actor, None, record(band_id, values, roles, sources))
           for band_id, values in zip(ids, result.creates)]
    if progress:
        progress(len(result.creates))
    if result.updates:
        before = {band.id: record(band.id, {k: getattr(band, k) for k in NATURAL_KEY + VALUE_COLUMNS}, roles, sources)
                  for band, _ in result.updates}
        bulk.update_bands(result.updates)
        log += [_change(version, band.id, "update", actor, before[band.id], record(band.id, values, roles, sources))
                for band, values in result.updates]
        if progress:
            progress(len(result.updates))
    bulk.log_changes(log)


def _change(version, band_id, action, actor, before, after) -> dict:
    return {"dataset_version": version, "resource": "salary band", "resource_key": str(band_id), "action": action,
            "actor": actor, "before": before, "after": after, "created_at": utcnow()}


def summary(result: Plan, dry_run: bool) -> dict:
    return {
        "dry_run": dry_run,
        "rows": result.rows,
        "created": len(result.creates),
        "updated": len(result.updates),
        "unchanged": result.unchanged,
    }


MEDIA_TYPES = {
    "text/csv": {"type": "string", "description": "RFC 4180 CSV with a header row: the export's columns."},
    "application/json": {
        "type": "array", "minItems": 1, "items": ImportRowSchema,
        "description": "Rows with the export's column names (or the nested objects of a JSON export).",
    },
    "application/x-ndjson": {
        "type": "array", "minItems": 1, "items": ImportRowSchema,
        "description": "The same rows, one JSON object per line, as the NDJSON export writes.",
    },
}
SUFFIXES = {".csv": "text/csv", ".json": "application/json", ".ndjson": "application/x-ndjson"}
bands_cli = AppGroup("bands", help="Salary band data.")


@bands_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--actor", default="flask bands import", show_default=True, help="Name for the change log.")
def import_command(path: Path, dry_run: bool, actor: str) -> None:
    """Import salary bands from a CSV, JSON or NDJSON file (the export's columns): all rows or none."""
    media_type = SUFFIXES.get(path.suffix.lower())
    if media_type is None:
        raise click.ClickException(f"Name the file .csv, .json or .ndjson, not {path.suffix or 'no suffix'}.")
    try:
        rows = parse(path.read_bytes(), media_type)
    except UnreadableFile as error:
        raise click.ClickException(str(error)) from None
    steps = len(rows) if dry_run else 2 * len(rows)
    with click.progressbar(length=steps, label=f"Importing {path.name}", file=sys.stderr) as bar:
        try:
            result = run(rows, actor, dry_run, progress=bar.update)
        except UnreadableFile as error:
            raise click.ClickException(str(error)) from None
    for error in result.errors:
        click.echo(f"row {error['row']}: {error['field']}: {error['message']}", err=True)
    if result.error_count:
        raise click.ClickException(f"{result.error_count} error(s); nothing was written.")
    counts = summary(result, dry_run)
    click.echo(", ".join(f"{key} {value}" for key, value in counts.items()))


def init_app(app) -> None:
    app.cli.add_command(bands_cli)


def from_request(dry_run: bool) -> dict:
    """Import the request body; a 4xx problem, with every row error, when anything is wrong."""
    try:
        result = run(parse(request.get_data(), request.mimetype), actor(), dry_run)
    except UnreadableFile as error:
        abort(error.status, message=f"{error} Nothing was written.")
    if result.error_count:
        shown = "" if result.error_count == len(result.errors) else f" (the first {len(result.errors)} are listed)"
        abort(422, message=f"{result.error_count} error(s) in {result.rows} rows{shown}; nothing was written.",
              errors=result.errors)
    return {**summary(result, dry_run), "dataset_version": g.get("committed_version")}
