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
import sys
import time
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.extensions import db  # noqa: E402
from api.imports import parse, run  # noqa: E402
from benchmarks.common import own_source, throwaway_app  # noqa: E402

ROLES = ["customer-service-specialist", "call-center-specialist", "senior-customer-service-specialist",
         "customer-experience-specialist", "customer-service-manager", "account-manager"]
COLUMNS = ["role_slug", "year", "geography", "geography_scope", "currency", "period",
           "salary_min", "salary_max", "provenance", "source_id"]


def synthetic_csv(rows: int, source_id: int, bump: int = 0) -> bytes:
    countries = [country.alpha_2 for country in pycountry.countries]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for n in range(rows):
        role, rest = ROLES[n % len(ROLES)], n // len(ROLES)
        country, year = countries[rest % len(countries)], 1900 + rest // len(countries)
        low = 30000 + n % 20000 + bump
        writer.writerow([role, year, country, "national", "USD", "annual", low, low + 10000,
                         f"benchmark row {n}", source_id])
    return out.getvalue().encode()


def timed(label: str, body: bytes, rows: int) -> float:
    started = time.perf_counter()
    result = run(parse(body, "text/csv"), actor="benchmark")
    elapsed = time.perf_counter() - started
    assert not result.error_count, result.errors[:3]
    counts = f"created {len(result.creates)}, updated {len(result.updates)}, unchanged {result.unchanged}"
    print(f"{label:<28} {rows:>8} rows  {elapsed:7.2f} s  {rows / elapsed:>9,.0f} rows/s   ({counts})")
    return rows / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    with throwaway_app(args.database_url):
        source = own_source()
        print(f"database: {db.engine.dialect.name}; file: {args.rows:,} rows, "
              f"{len(synthetic_csv(args.rows, source)) / 1e6:.1f} MB of CSV")
        first = timed("first import (creates)", synthetic_csv(args.rows, source), args.rows)
        timed("same file again (no-op)", synthetic_csv(args.rows, source), args.rows)
        timed("edited file (updates)", synthetic_csv(args.rows, source, bump=1), args.rows)
        if db.engine.dialect.name == "postgresql":
            print(f"target: first import >= 20,000 rows/s into PostgreSQL: {'yes' if first >= 20_000 else 'NO'}")


if __name__ == "__main__":
    main()
