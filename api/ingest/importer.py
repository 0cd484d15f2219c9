"""The import's engine: rows validated as they arrive, written a batch at a time, conflicts found.

Valid rows are upserted by natural key (role, year, geography, currency, source, effective_from) in
batches inside the caller's transaction, so memory stays bounded by a batch whatever the file's
size; the caller (api.ingest.imports) commits or rolls back.
"""

from array import array
from datetime import date
from itertools import pairwise

import marshmallow as ma
from sqlalchemy import func, select

from api.errors import MAX_REPORTED_ERRORS
from api.extensions import db
from api.grammar import whole
from api.ingest.bulk import BATCH, VALUE_COLUMNS, InsertBulk, PostgresBulk, band_change
from api.ingest.outcome import Options, Outcome
from api.ingest.rows import COLUMNS, ImportRowSchema, quick_row
from api.ingest.stream import UnreadableFile
from api.models import NATURAL_KEY, PERIOD_KEY, Change, Role, Source
from api.models.salary_band import midpoint
from api.schemas.common import MAX_INT32
from api.schemas.numbers import ExactNumber
from api.store.bands import period_text

# Columns the export writes that are derived, not stored: accepted and ignored on import.
DERIVED_COLUMNS = {"id", "role_title", "midpoint", "source_title", "converted"}
DERIVED_PREFIX = "converted_"


class Importer:
    """Validates rows as they arrive and writes them a batch at a time, in the caller's transaction."""

    def __init__(self, version: int, actor: str, options: Options):
        self.version, self.actor, self.options = version, actor, options
        self.outcome = Outcome()
        self.schema = ImportRowSchema()
        self.roles = {role.slug: role for role in db.session.scalars(select(Role))}
        self.role_refs = {role.id: {"slug": role.slug, "title": role.title} for role in self.roles.values()}
        sources = list(db.session.scalars(select(Source)))
        self.sources = {source.id: {"id": source.id, "title": source.title} for source in sources}
        self.editable = {source.id: source.editable for source in sources}
        self.bulk = PostgresBulk if db.engine.dialect.name == "postgresql" else InsertBulk
        self.batch: list = []
        self.batch_keys: dict = {}
        # Row n's natural key as a 64-bit hash at index n - 1 (0 for a row not kept): enough to find
        # rows repeating a key across batches in 8 bytes a row, where keeping the keys would take ~150.
        self.hashes = array("q")
        self.checked_columns = None
        # Effective periods by period key, only for keys with a dated row or band (as few as the keys
        # that use dates): {period key: {effective_from: (from, to, "row n" or "band id", row or None)}}.
        self.periods: dict = {}
        self.every_row_tracked = True  # else overlaps could name a band a later, untracked row replaces

    def read(self, rows) -> None:
        for number, raw in enumerate(rows, start=1):
            self.outcome.rows = number
            self._add(number, raw)
            if len(self.hashes) < number:
                self.hashes.append(0)
            if self.outcome.error_count >= MAX_REPORTED_ERRORS:
                self.outcome.stopped_early = True
                break
        self._flush()
        self._find_repeated_keys()
        if self.every_row_tracked:
            self._find_overlaps()
        if not self.outcome.rows:
            raise UnreadableFile("The file has no rows.", 422)

    def _add(self, number: int, raw: dict) -> None:
        self._check_columns(raw)
        data = quick_row(raw) or self._load(number, raw)
        if data is None:
            return
        role = self.roles.get(data["role"])
        if role is None:
            return self.outcome.error(number, "role_slug", f"No role '{data['role']}'.")
        if data["source_id"] not in self.sources:
            return self.outcome.error(number, "source_id", f"No source {data['source_id']}.")
        values = {"role_id": role.id, **{k: data[k] for k in NATURAL_KEY[1:] + VALUE_COLUMNS}}
        key = tuple(values[k] for k in NATURAL_KEY)
        if key in self.batch_keys:
            return self._repeated(number, self.batch_keys[key])
        self.hashes.append(hash(key) or 1)
        if self.outcome.error_count:
            self.every_row_tracked = False
            return  # the import is refused already: only validate the rest
        self.batch_keys[key] = number
        self.batch.append((number, values, whole(raw.get("id"), 1, MAX_INT32)))
        if len(self.batch) >= BATCH:
            self._flush()

    def _check_columns(self, raw: dict) -> None:
        columns = tuple(raw)
        if columns == self.checked_columns:
            return
        unknown = sorted(c for c in set(columns) - COLUMNS - DERIVED_COLUMNS if not c.startswith(DERIVED_PREFIX))
        if unknown:
            raise UnreadableFile(
                f"Unknown column(s): {', '.join(unknown)}. Expected: {', '.join(sorted(COLUMNS))}.", 422
            )
        self.checked_columns = columns

    def _load(self, number: int, raw: dict) -> dict | None:
        try:  # an empty cell fails every quick check, so only the schema needs them dropped
            return self.schema.load({key: value for key, value in raw.items() if value not in ("", None)})
        except ma.ValidationError as error:
            for name, messages in error.normalized_messages().items():
                for message in messages if isinstance(messages, list) else [messages]:
                    self.outcome.error(number, "role_slug" if name == "role" else name, str(message))
            return None

    def _repeated(self, number: int, first: int) -> None:
        self.outcome.error(
            number, "role_slug", f"Same role, year, geography, currency, source and effective_from as row {first}."
        )

    def _flush(self) -> None:
        batch, self.batch, self.batch_keys = self.batch, [], {}
        if not batch or self.outcome.error_count:
            self.every_row_tracked = self.every_row_tracked and not batch
            return
        found = self.bulk.existing(list({tuple(values[k] for k in PERIOD_KEY) for _, values, _ in batch}))
        existing = {tuple(getattr(band, k) for k in NATURAL_KEY): band for band in found}
        self._track_periods(batch, found)
        creates, updates = [], []
        for number, values, file_id in batch:
            band = existing.get(tuple(values[k] for k in NATURAL_KEY))
            changed = [k for k in VALUE_COLUMNS if band is not None and getattr(band, k) != values[k]]
            if (band is None or changed) and not self.editable[values["source_id"]]:
                self._read_only(number, values["source_id"], changed or ["source_id"])
            elif band is None:
                creates.append((number, values, file_id))
            elif changed:
                updates.append((number, band, values))
            else:
                self.outcome.unchanged += 1
        if self.outcome.error_count:
            return
        if self.options.based_on is not None and not self.options.overwrite:
            self._find_conflicts(creates, updates)
        if self.outcome.conflict_count and not self.options.dry_run:
            return  # refused: keep checking the rest for conflicts, write nothing more
        self._write(creates, updates)

    def _read_only(self, number: int, source_id: int, fields: list) -> None:
        for name in fields:  # a publication's bands stay as published (api.store.bands)
            self.outcome.error(
                number,
                name,
                f"Source {source_id} is a publication: its bands are read-only. "
                f"Keep your own figures under a source of your own (POST /v1/sources).",
            )

    def _track_periods(self, batch: list, found: list) -> None:
        """Remember the effective periods of the batch's rows and of the stored bands sharing their
        period keys, for keys where any of them is dated. Undated bands of one period key share the
        natural key too, so the repeated-key check and the upsert handle them."""
        dated = {
            tuple(values[k] for k in PERIOD_KEY)
            for _, values, _ in batch
            if values["effective_from"] or values["effective_to"]
        }
        dated |= {
            tuple(getattr(band, k) for k in PERIOD_KEY) for band in found if band.effective_from or band.effective_to
        }
        dated |= {key for _, values, _ in batch if (key := tuple(values[k] for k in PERIOD_KEY)) in self.periods}
        for band in found:  # a band this import wrote in an earlier batch keeps its row's entry
            key = tuple(getattr(band, k) for k in PERIOD_KEY)
            if key in dated:
                self.periods.setdefault(key, {}).setdefault(
                    band.effective_from, (band.effective_from, band.effective_to, f"band {band.id}", None)
                )
        for number, values, _ in batch:
            key = tuple(values[k] for k in PERIOD_KEY)
            if key in dated:
                start, end = values["effective_from"], values["effective_to"]
                self.periods.setdefault(key, {})[start] = (start, end, f"row {number}", number)

    def _find_overlaps(self) -> None:
        """A row error for each row whose effective period meets another's of the same period key:
        another row, or a stored band the file does not replace."""
        for periods in self.periods.values():
            items = sorted(periods.values(), key=lambda item: item[0] or date.min)
            latest = items[0]
            for item in items[1:]:
                if latest[1] is None or (item[0] or date.min) <= latest[1]:
                    row, other = (item, latest) if item[3] is not None else (latest, item)
                    if row[3] is not None:
                        self.outcome.error(
                            row[3],
                            "effective_from",
                            f"Overlaps {other[2]} ({period_text(*other[:2])}) "
                            "of the same role, year, geography, currency and source.",
                        )
                if latest[1] is not None and (item[1] is None or item[1] > latest[1]):
                    latest = item

    def _find_conflicts(self, creates: list, updates: list) -> None:
        """Rows that would change a band changed since `based_on` (or re-create one deleted since)."""
        rows = {band.id: number for number, band, _ in updates}
        rows.update({file_id: number for number, _, file_id in creates if file_id is not None})
        if not rows:
            return
        based_on = self.options.based_on
        stmt = (
            select(Change.resource_key, func.max(Change.dataset_version))
            .where(
                Change.resource == "salary band",
                Change.dataset_version > based_on,
                Change.dataset_version < self.version,
                Change.resource_key.in_([str(i) for i in rows]),
            )
            .group_by(Change.resource_key)
        )
        for key, version in sorted(db.session.execute(stmt).all(), key=lambda found: rows[int(found[0])]):
            self.outcome.conflict(rows[int(key)], int(key), version, based_on)

    def _write(self, creates: list, updates: list) -> None:
        ids = self.bulk.create_bands([values for _, values, _ in creates])
        log = []
        for (number, values, _), band_id in zip(creates, ids):
            after = self._record(band_id, values)
            log.append(band_change(self.version, band_id, "create", self.actor, None, after))
            self._show(number, band_id, "create", None, {k: values[k] for k in NATURAL_KEY + VALUE_COLUMNS})
        if updates:
            self.bulk.update_bands([(band, values) for _, band, values in updates])
        for number, band, values in updates:
            current = {k: getattr(band, k) for k in NATURAL_KEY + VALUE_COLUMNS}
            log.append(
                band_change(
                    self.version,
                    band.id,
                    "update",
                    self.actor,
                    self._record(band.id, current),
                    self._record(band.id, values),
                )
            )
            changed = [k for k in VALUE_COLUMNS if current[k] != values[k]]
            self._show(number, band.id, "update", {k: current[k] for k in changed}, {k: values[k] for k in changed})
        self.bulk.log_changes(log)
        self.outcome.created += len(creates)
        self.outcome.updated += len(updates)

    def _show(self, row: int, band_id: int, action: str, before, after) -> None:
        if self.options.dry_run and len(self.outcome.changes) < MAX_REPORTED_ERRORS:
            before, after = _iso(before), _iso(after)
            if "role_id" in after:
                after = {"role_slug": self.role_refs[after.pop("role_id")]["slug"], **after}
            self.outcome.changes.append({"row": row, "id": band_id, "action": action, "before": before, "after": after})

    def _record(self, band_id: int, values: dict) -> dict:
        """A band as the change log keeps it: the shape SalaryBandSchema dumps (a test holds them equal)."""
        return {
            "id": band_id,
            "role": self.role_refs[values["role_id"]],
            "year": values["year"],
            "geography": values["geography"],
            "geography_scope": values["geography_scope"],
            "currency": values["currency"],
            "period": values["period"],
            "salary_min": values["salary_min"],
            "salary_max": values["salary_max"],
            "midpoint": ExactNumber.as_json(midpoint(values["salary_min"], values["salary_max"])),
            "provenance": values["provenance"],
            "source": self.sources[values["source_id"]],
            **{k: values[k] and values[k].isoformat() for k in ("effective_from", "effective_to")},
        }

    def _find_repeated_keys(self) -> None:
        """Rows repeating an earlier row's natural key in another batch. The hashes are sorted an
        eighth at a time, so the transient list stays small; two distinct keys sharing a 64-bit hash
        (about 1 in 10^7 for a million rows) would be reported as a repeat."""
        repeated = set()
        for part in range(8):
            ordered = sorted(h for h in self.hashes if h & 7 == part and h)
            repeated.update(a for a, b in pairwise(ordered) if a == b)
        if not repeated:
            return
        first = {}
        for number, key_hash in enumerate(self.hashes, start=1):
            if key_hash in repeated:
                if key_hash in first:
                    self._repeated(number, first[key_hash])
                else:
                    first[key_hash] = number


def _iso(values: dict | None) -> dict | None:
    """Dates as ISO strings, as the API writes them."""
    return values and {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
