"""Writing many bands at once, all inside the caller's transaction: plain multi-row statements on any
database, COPY on PostgreSQL. The import calls these once per batch of BATCH rows."""

import json
from collections import namedtuple
from datetime import date

from sqlalchemy import insert, text, update

from api.extensions import db
from api.models import NATURAL_KEY, PERIOD_KEY, Change, SalaryBand
from api.models.api_key import utcnow

VALUE_COLUMNS = ("geography_scope", "period", "salary_min", "salary_max", "provenance", "effective_to")
BATCH = 5000
LOOKUP = 1000  # period keys per lookup on SQLite (5 parameters each, under its 32,766)
# A band's id, natural key and values, in this order: what `existing` returns for each band found.
Band = namedtuple("Band", ("id", *NATURAL_KEY, *VALUE_COLUMNS))
BAND_COLUMNS = ", ".join(f"b.{c}" for c in Band._fields)
KEY_MATCH = " AND ".join(f"b.{c} = k.{c}" for c in PERIOD_KEY)
DATES = [Band._fields.index(c) for c in ("effective_from", "effective_to")]


def _sqlite_band(row) -> Band:
    """A raw SQLite row as a Band: SQLite keeps dates as ISO text."""
    values = list(row)
    for i in DATES:
        values[i] = values[i] and date.fromisoformat(values[i])
    return Band(*values)


def band_change(version, band_id, action, actor, before, after) -> dict:
    """A change-log entry for one band, as `log_changes` writes it."""
    return {
        "dataset_version": version,
        "resource": "salary band",
        "resource_key": str(band_id),
        "action": action,
        "actor": actor,
        "before": before,
        "after": after,
        "created_at": utcnow(),
    }


class InsertBulk:
    """Multi-row INSERT and UPDATE statements: any database."""

    @staticmethod
    def existing(keys: list[tuple]) -> list:
        """The bands with these period keys (PERIOD_KEY), all their effective dates: a VALUES list
        joined on the unique index's leading columns (SQLAlchemy's own VALUES construct took longer
        to compile than the database took to answer)."""
        found = []
        for start in range(0, len(keys), LOOKUP):
            chunk = keys[start : start + LOOKUP]
            rows = ", ".join(["(?, ?, ?, ?, ?)"] * len(chunk))
            sql = (
                f"WITH k({', '.join(PERIOD_KEY)}) AS (VALUES {rows}) "
                f"SELECT {BAND_COLUMNS} FROM k JOIN salary_bands AS b ON {KEY_MATCH}"
            )
            found += map(
                _sqlite_band, db.session.connection().exec_driver_sql(sql, tuple(v for key in chunk for v in key))
            )
        return found

    @staticmethod
    def create_bands(rows: list[dict]) -> list[int]:
        ids = []
        for start in range(0, len(rows), BATCH):
            stmt = insert(SalaryBand).returning(SalaryBand.id, sort_by_parameter_order=True)
            ids += db.session.scalars(stmt, rows[start : start + BATCH]).all()
        return ids

    @staticmethod
    def update_bands(updates: list) -> None:
        db.session.execute(update(SalaryBand), [{"id": band.id, **values} for band, values in updates])

    @staticmethod
    def log_changes(log: list[dict]) -> None:
        for start in range(0, len(log), BATCH):
            db.session.execute(insert(Change), log[start : start + BATCH])


class PostgresBulk:
    """COPY, PostgreSQL's bulk path, on the session's own connection (so in the same transaction): the
    multi-row INSERT ... RETURNING it replaces spent most of its time in psycopg's query building
    (docs/imports.md has the figures)."""

    @staticmethod
    def _copy(sql: str, rows) -> None:
        with db.session.connection().connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    @staticmethod
    def existing(keys: list[tuple]) -> list:
        """The bands with these period keys (PERIOD_KEY), all their effective dates: one array parameter
        per key column, unnested, each key looked up on the unique index's leading columns. The LATERAL
        ... OFFSET 0 keeps it a lookup per key (OFFSET stops the subquery being pulled up): as a plain
        join it was planned as a hash join over the whole table, a cost growing with the table."""
        if not keys:
            return []
        columns = list(zip(*keys))
        stmt = text(
            f"SELECT {BAND_COLUMNS} FROM unnest(CAST(:role_id AS integer[]), CAST(:year AS integer[]), "
            "CAST(:geography AS text[]), CAST(:currency AS text[]), CAST(:source_id AS integer[])) "
            f"AS k({', '.join(PERIOD_KEY)}) CROSS JOIN LATERAL (SELECT * FROM salary_bands AS b "
            f"WHERE {KEY_MATCH} OFFSET 0) AS b"
        )
        found = db.session.execute(stmt, {name: list(column) for name, column in zip(PERIOD_KEY, columns)})
        return [Band(*row) for row in found]

    @classmethod
    def create_bands(cls, rows: list[dict]):
        if not rows:
            return []
        # One block of ids. Safe because every write holds the dataset row's lock, so no other
        # transaction takes ids meanwhile; a nextval per row cost 0.5 s per 100,000 rows.
        first = db.session.scalar(text("SELECT nextval(pg_get_serial_sequence('salary_bands', 'id'))"))
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence('salary_bands', 'id'), :last)"), {"last": first + len(rows) - 1}
        )
        ids = range(first, first + len(rows))
        columns = NATURAL_KEY + VALUE_COLUMNS
        cls._copy(
            f"COPY salary_bands (id, {', '.join(columns)}) FROM STDIN",
            ([band_id, *(values[k] for k in columns)] for band_id, values in zip(ids, rows)),
        )
        return ids

    @classmethod
    def update_bands(cls, updates: list) -> None:
        # One table per transaction, emptied for each batch of the import.
        db.session.execute(
            text(
                "CREATE TEMPORARY TABLE IF NOT EXISTS import_updates (id integer PRIMARY KEY, "
                "geography_scope text, period text, salary_min integer, salary_max integer, "
                "provenance text, effective_to date) ON COMMIT DROP"
            )
        )
        db.session.execute(text("TRUNCATE import_updates"))
        cls._copy(
            f"COPY import_updates (id, {', '.join(VALUE_COLUMNS)}) FROM STDIN",
            ([band.id, *(values[k] for k in VALUE_COLUMNS)] for band, values in updates),
        )
        assignments = ", ".join(f"{column} = u.{column}" for column in VALUE_COLUMNS)
        db.session.execute(
            text(f"UPDATE salary_bands AS b SET {assignments} FROM import_updates AS u WHERE b.id = u.id")
        )

    @classmethod
    def log_changes(cls, log: list[dict]) -> None:
        columns = ("dataset_version", "resource", "resource_key", "action", "actor", "before", "after", "created_at")
        json_columns = {"before", "after"}
        cls._copy(
            f"COPY changes ({', '.join(columns)}) FROM STDIN",
            (
                [json.dumps(entry[c]) if c in json_columns and entry[c] is not None else entry[c] for c in columns]
                for entry in log
            ),
        )
