"""Benchmark: bulk import of salary bands (parse + validate every row + upsert, one transaction).

    python benchmarks/import_bands.py [--rows 100000] [--database-url postgresql+psycopg://...]

Runs on a throwaway database (a temporary SQLite file, or a new schema in the PostgreSQL database
given), migrated and seeded, so nothing real is touched. The rows are synthetic benchmark data
(distinct role/year/country keys), never served. Prints rows per second for a first import (all
created), the same file again (all unchanged) and an edited file (all updated).
"""

import argparse
import csv
import io
import os
import secrets
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pycountry
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api import create_app  # noqa: E402
from api.extensions import db  # noqa: E402
from api.imports import parse, run  # noqa: E402
from api.seed import DEFAULT_SEED_FILE, load_seed, read_seed_file  # noqa: E402

ROLES = ["customer-service-specialist", "call-center-specialist", "senior-customer-service-specialist",
         "customer-experience-specialist", "customer-service-manager", "account-manager"]
COLUMNS = ["role_slug", "year", "geography", "geography_scope", "currency", "period",
           "salary_min", "salary_max", "provenance", "source_id"]


def synthetic_csv(rows: int, bump: int = 0) -> bytes:
    countries = [country.alpha_2 for country in pycountry.countries]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for n in range(rows):
        role, rest = ROLES[n % len(ROLES)], n // len(ROLES)
        country, year = countries[rest % len(countries)], 1900 + rest // len(countries)
        low = 30000 + n % 20000 + bump
        writer.writerow([role, year, country, "national", "USD", "annual", low, low + 10000,
                         f"benchmark row {n}", 1])
    return out.getvalue().encode()


def timed(label: str, body: bytes, rows: int) -> float:
    started = time.perf_counter()
    result = run(parse(body, "text/csv"), actor="benchmark")
    elapsed = time.perf_counter() - started
    assert not result.error_count, result.errors[:3]
    counts = f"created {len(result.creates)}, updated {len(result.updates)}, unchanged {result.unchanged}"
    print(f"{label:<28} {rows:>8} rows  {elapsed:7.2f} s  {rows / elapsed:>9,.0f} rows/s   ({counts})")
    return rows / elapsed


def database(url: str | None):
    if not url:
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3", lambda: None
    schema = f"bench_{secrets.token_hex(4)}"
    engine = create_engine(make_url(url))
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False), drop


@contextmanager
def throwaway_app(database_url: str | None):
    """An app context on a new database (SQLite file or PostgreSQL schema), migrated and seeded."""
    url, drop = database(database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.test_request_context():
            upgrade()
            load_seed(read_seed_file(DEFAULT_SEED_FILE))
            yield
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    with throwaway_app(args.database_url):
        print(f"database: {db.engine.dialect.name}; file: {args.rows:,} rows, "
              f"{len(synthetic_csv(args.rows)) / 1e6:.1f} MB of CSV")
        timed("first import (creates)", synthetic_csv(args.rows), args.rows)
        timed("same file again (no-op)", synthetic_csv(args.rows), args.rows)
        timed("edited file (updates)", synthetic_csv(args.rows, bump=1), args.rows)


if __name__ == "__main__":
    main()
