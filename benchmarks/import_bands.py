"""Benchmark: bulk import of salary bands (read as a stream, validate every row, upsert in batches).

    python -m benchmarks.import_bands [--rows 100000] [--server-rows 1000000] [--database-url postgresql+psycopg://...]

Runs on a throwaway database (a temporary SQLite file, or a new schema in the PostgreSQL database
given), migrated and seeded, so nothing real is touched. The rows are synthetic benchmark data
(distinct role/year/country/currency keys), never served.

1. In process, `--rows`: rows per second for a first import (all created), the same file again
   (all unchanged) and an edited file (all updated).
2. Through the production server (granian, 2 workers), `--server-rows`: a valid file POSTed as a
   stream, the worker's peak RSS (VmHWM) next to the 150 MB target, how long a PATCH sent meanwhile
   waited for its answer (a quick 503 is the target), then an invalid file (every row bad; it stops
   at the error cap) and, with `--last-row-invalid`, one whose only bad row is the last.
"""

import argparse
import csv
import http.client
import io
import json
import os
import re
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api import create_app  # noqa: E402
from api.extensions import db  # noqa: E402
from api.ingest.imports import run  # noqa: E402
from api.ingest.stream import rows as read_rows  # noqa: E402
from benchmarks.common import PYTHON, free_port, issue_key, own_source, seeded_database, server, throwaway_app  # noqa: E402

ROLES = [
    "customer-service-specialist",
    "call-center-specialist",
    "senior-customer-service-specialist",
    "customer-experience-specialist",
    "customer-service-manager",
    "account-manager",
]
COLUMNS = [
    "role_slug",
    "year",
    "geography",
    "geography_scope",
    "currency",
    "period",
    "salary_min",
    "salary_max",
    "provenance",
    "source_id",
]
CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF", "SEK"]
RSS_TARGET_MB = 150
PATCH_AFTER = 20.0  # seconds: well after the import has taken the write lock, even with the upload still running


def synthetic_lines(rows: int, source_id: int, bump: int = 0, bad_from: int | None = None):
    """CSV lines of bands under `source_id`, header first; rows from `bad_from` on carry an invalid salary_min."""
    countries = [country.alpha_2 for country in pycountry.countries]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for n in range(rows):
        role, rest = ROLES[n % len(ROLES)], n // len(ROLES)
        country, rest = countries[rest % len(countries)], rest // len(countries)
        year, currency = 1900 + rest % 201, CURRENCIES[rest // 201]
        low = 30000 + n % 20000 + bump
        writer.writerow(
            [
                role,
                year,
                country,
                "national",
                currency,
                "annual",
                "abc" if bad_from is not None and n >= bad_from else low,
                low + 10000,
                f"benchmark row {n}",
                source_id,
            ]
        )
        if n % 1000 == 999:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def synthetic_csv(rows: int, source_id: int, bump: int = 0) -> bytes:
    return "".join(synthetic_lines(rows, source_id, bump)).encode()


def timed(label: str, body: bytes, rows: int) -> float:
    started = time.perf_counter()
    outcome = run(read_rows(io.BytesIO(body), "text/csv"), actor="benchmark")
    elapsed = time.perf_counter() - started
    assert not outcome.error_count, outcome.errors[:3]
    counts = f"created {outcome.created}, updated {outcome.updated}, unchanged {outcome.unchanged}"
    print(f"{label:<28} {rows:>8} rows  {elapsed:7.2f} s  {rows / elapsed:>9,.0f} rows/s   ({counts})")
    return rows / elapsed


def in_process(database_url: str | None, rows: int) -> None:
    with throwaway_app(database_url):
        source = own_source()
        print(
            f"in process; database: {db.engine.dialect.name}; file: {rows:,} rows, "
            f"{len(synthetic_csv(rows, source)) / 1e6:.1f} MB of CSV"
        )
        first = timed("first import (creates)", synthetic_csv(rows, source), rows)
        timed("same file again (no-op)", synthetic_csv(rows, source), rows)
        timed("edited file (updates)", synthetic_csv(rows, source, bump=1), rows)
        if db.engine.dialect.name == "postgresql":
            print(f"target: first import >= 20,000 rows/s into PostgreSQL: {'yes' if first >= 20_000 else 'NO'}")


def write_file(lines) -> Path:
    path = Path(tempfile.mkstemp(suffix=".csv")[1])
    with path.open("w", encoding="utf-8", newline="") as file:
        for chunk in lines:
            file.write(chunk)
    return path


def post_file(base: str, key: str, path: Path) -> tuple[int, dict, float]:
    """POST the file as a stream; the answer may come before the whole body is sent (an early 422),
    so the body goes from a thread of its own while this one reads the response."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    head = (
        f"POST /v1/salary-bands/import HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: text/csv\r\nContent-Length: {path.stat().st_size}\r\nConnection: close\r\n\r\n"
    )

    def send():
        try:
            sock.sendall(head.encode())
            with path.open("rb") as body:
                while chunk := body.read(64 * 1024):
                    sock.sendall(chunk)
        except OSError:  # the server answered and closed before reading it all
            pass

    started = time.perf_counter()
    sender = threading.Thread(target=send)
    sender.start()
    response = http.client.HTTPResponse(sock)
    response.begin()
    answer = json.loads(response.read())
    elapsed = time.perf_counter() - started
    sock.shutdown(socket.SHUT_RDWR)
    sender.join()
    sock.close()
    return response.status, answer, elapsed


def queued_patch(base: str, key: str, delay: float, out: dict) -> None:
    """After `delay` seconds, PATCH a band on a fresh connection; record the status and the wait."""
    time.sleep(delay)
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=600)
    connection.request("GET", "/v1/salary-bands/1")
    current = connection.getresponse()
    current.read()
    etag = current.getheader("ETag")
    started = time.perf_counter()
    connection.request(
        "PATCH",
        "/v1/salary-bands/1",
        body=json.dumps({"salary_max": 48600}),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json", "If-Match": etag or ""},
    )
    response = connection.getresponse()
    response.read()
    out.update(
        status=response.status, waited=time.perf_counter() - started, retry_after=response.getheader("Retry-After")
    )


def peak_rss_mb(pid: int) -> list[float]:
    """Peak resident memory (VmHWM) of each worker process of the server `pid`, in MB."""
    peaks = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            status = Path(f"/proc/{child}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return peaks


def source_at(url: str) -> int:
    """A team source (the guide's bands are read-only) in the database at `url`; returns its id."""
    with create_app({"SQLALCHEMY_DATABASE_URI": url}).app_context():
        source = own_source()
        db.engine.dispose()
    return source


def through_server(database_url: str | None, rows: int, last_row_invalid: bool) -> None:
    with seeded_database(database_url) as url:
        key, source = issue_key(url, "benchmark"), source_at(url)
        good = write_file(synthetic_lines(rows, source))
        invalid = [("invalid, every row", write_file(synthetic_lines(rows, source, bad_from=0)))]
        if last_row_invalid:
            invalid.append(("invalid, last row only", write_file(synthetic_lines(rows, source, bad_from=rows - 1))))
        try:
            env = {
                "DATABASE_URL": url,
                "PORT": str(free_port()),
                "WEB_CONCURRENCY": "2",
                "THREADS": "1",
                "RATE_LIMIT_ENABLED": "false",
                "MAX_BODY_BYTES": str(2 * good.stat().st_size),
            }
            with server([PYTHON, "-m", "api.server"], env) as (base, process):
                idle = peak_rss_mb(process.pid)
                patch: dict = {}
                thread = threading.Thread(target=queued_patch, args=(base, key, PATCH_AFTER, patch))
                thread.start()
                status, answer, elapsed = post_file(base, key, good)
                thread.join()
                peaks = peak_rss_mb(process.pid)
                results = [(label, *post_file(base, key, path)) for label, path in invalid]
            print(
                f"through the server (granian, 2 workers, 1 thread); database: {url.split(':')[0]}; "
                f"file: {rows:,} rows, {good.stat().st_size / 1e6:.1f} MB of CSV"
            )
            print(
                f"valid file: {status} in {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s): "
                f"{ {k: answer.get(k) for k in ('created', 'updated', 'unchanged')} }"
            )
            print(
                f"worker peak RSS: {', '.join(f'{p:.0f} MB' for p in peaks)} "
                f"(at start {', '.join(f'{p:.0f}' for p in idle)}"
                f" MB); target < {RSS_TARGET_MB} MB: {'yes' if max(peaks) < RSS_TARGET_MB else 'NO'}"
            )
            print(
                f"PATCH sent {PATCH_AFTER:.0f} s into the import: {patch.get('status')} "
                f"after {patch.get('waited', 0):.2f} s "
                f"(Retry-After: {patch.get('retry_after')}); target: a quick 503"
            )
            for label, code, body, seconds in results:
                print(f"{label}: {code} in {seconds:.1f} s: {body.get('detail', body)[:110]}")
        finally:
            for path in [good, *(path for _, path in invalid)]:
                path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows for the in-process runs (0 skips them)")
    parser.add_argument("--server-rows", type=int, default=1_000_000, help="rows POSTed to the server (0 skips)")
    parser.add_argument(
        "--last-row-invalid",
        action="store_true",
        help="also time a file whose only bad row is the last (costs a whole import)",
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    if args.rows:
        in_process(args.database_url, args.rows)
    if args.server_rows:
        through_server(args.database_url, args.server_rows, args.last_row_invalid)


if __name__ == "__main__":
    main()
