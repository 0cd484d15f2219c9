"""Benchmark: whole-list exports (CSV, xlsx) stay bounded in memory as the list grows.

    python -m benchmarks.exports [--rows 5000 50000] [--database-url postgresql+psycopg://...]

For each size, a throwaway database (SQLite file, or a new PostgreSQL schema) gets that many
synthetic bands (benchmark data, never served), then `/v1/salary-bands` is exported as CSV and as
xlsx through the app, reading the body as a client would. Prints the time, the file size and the
peak Python heap during the export (tracemalloc) next to the target: the peak does not grow with
the rows (within 2x from the smallest to the largest size).
"""

import argparse
import io
import os
import time
import tracemalloc

from api import create_app
from api.extensions import db
from api.ingest.imports import run
from api.ingest.stream import rows as read_rows
from benchmarks.common import own_source, seeded_database
from benchmarks.import_bands import synthetic_csv

FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export(client, accept: str) -> int:
    response = client.get("/v1/salary-bands", headers={"Accept": accept}, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    assert response.status_code == 200, response.status_code
    return size


def measure(app, accept: str) -> tuple[float, int, int]:
    """(seconds, bytes, peak heap bytes) of one whole export, read the way a client reads it. Timed
    untraced; the heap is measured on a second run (tracing slows Python several times over)."""
    client = app.test_client()
    started = time.perf_counter()
    size = export(client, accept)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    export(client, accept)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, size, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    peaks = {name: [] for name in FORMATS}
    for rows in args.rows:
        with seeded_database(args.database_url) as url:
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
            with app.test_request_context():
                body = synthetic_csv(rows, own_source())  # the guide's source is read-only
                result = run(read_rows(io.BytesIO(body), "text/csv"), actor="benchmark")
                assert not result.error_count, result.errors[:3]
                dialect = db.engine.dialect.name
                db.session.remove()
            for name, accept in FORMATS.items():
                elapsed, size, peak = measure(app, accept)
                peaks[name].append(peak)
                print(
                    f"{dialect:<10} {name:<5} {rows + 3:>8,} bands  {elapsed:6.2f} s  "
                    f"{size / 1e6:6.1f} MB  peak heap {peak / 2**20:6.1f} MiB"
                )
            with app.app_context():
                db.engine.dispose()
    for name, found in peaks.items():
        growth = max(found) / min(found)
        print(
            f"target: {name} peak heap within 2x from {min(args.rows):,} to {max(args.rows):,} rows: "
            f"{growth:.2f}x, {'met' if growth <= 2 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
