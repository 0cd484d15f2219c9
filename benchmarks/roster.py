"""Benchmark: a whole roster placed in one call, end to end through the production server.

    python -m benchmarks.roster [--rows 1000000] [--database-url postgresql+psycopg://...]

A synthetic roster (made-up references and salaries, never stored) is sent as CSV to POST /v1/roster
on a throwaway seeded database, with `Accept: text/csv`; the answer is read as it streams. Prints
rows per second end to end, the workers' CPU time, and the peak worker RSS sampled while it runs,
next to the targets.
"""

import argparse
import http.client
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.common import free_port, seeded_database, server, worker_rss_mb

ROLES = ["customer-service-specialist", "call-center-specialist", "customer-service-manager", "account-manager"]
TARGET_ROWS_PER_SECOND = 100_000
TARGET_RSS_MB = 150


def synthetic_roster(rows: int) -> bytes:
    """Distinct references; salaries in cents spread over the bands, one row in 100 hourly, one in 4 unbanded."""
    lines = ["reference,role,salary,period\r\n"]
    for n in range(rows):
        if n % 100 == 7:
            lines.append(f"E{n:07d},{ROLES[n % 3]},{18 + n % 1000 / 100:.2f},hourly\r\n")
        else:
            lines.append(f"E{n:07d},{ROLES[n % 4]},{30000 + (n * 7919) % 4000000 / 100:.2f},\r\n")
    return "".join(lines).encode()


def workers_cpu_seconds(pid: int) -> float:
    """User and system CPU time of the server's workers (the children of `pid`) so far, in seconds."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            fields = Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / os.sysconf("SC_CLK_TCK")


class PeakRss(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self):
        while self.running:
            self.peak = max([self.peak, *worker_rss_mb(self.pid)])
            time.sleep(0.1)


def post(base: str, body: bytes) -> tuple[int, int]:
    """POST the roster; (status, bytes of answer), reading the streamed answer as it comes."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.request(
        "POST", "/v1/roster?year=2026", body=body, headers={"Content-Type": "text/csv", "Accept": "text/csv"}
    )
    response = connection.getresponse()
    size = 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
    connection.close()
    return response.status, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    body = synthetic_roster(args.rows)
    with seeded_database(args.database_url) as url:
        env = {
            "DATABASE_URL": url,
            "PORT": str(free_port()),
            "WEB_CONCURRENCY": "2",
            # A 1,000,000-row roster is larger than the default body cap (README: Production configuration).
            "MAX_BODY_BYTES": str(max(len(body) + 1024, 32 * 1024 * 1024)),
            "BODY_READ_TIMEOUT": "60",
        }
        with server([sys.executable, "-m", "api.server"], env) as (base, process):
            post(base, synthetic_roster(100))  # warm up: imports, connections
            sampler = PeakRss(process.pid)
            sampler.start()
            cpu_before, started = workers_cpu_seconds(process.pid), time.perf_counter()
            status, size = post(base, body)
            elapsed, cpu = time.perf_counter() - started, workers_cpu_seconds(process.pid) - cpu_before
            sampler.running = False
            sampler.join()
    assert status == 200, status
    rate = args.rows / elapsed
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"roster: {args.rows:,} rows, {len(body) / 1e6:.1f} MB of CSV in, {size / 1e6:.1f} MB of CSV out; "
        f"{database}, production server, 2 workers"
    )
    print(
        f"  end to end      {elapsed:7.2f} s  {rate:>9,.0f} rows/s   target >= {TARGET_ROWS_PER_SECOND:,}: "
        f"{'met' if rate >= TARGET_ROWS_PER_SECOND else 'NOT MET'}"
    )
    # On a shared machine the wall clock counts other processes' time; the workers' own CPU time does not.
    print(f"  workers' CPU    {cpu:7.2f} s  {args.rows / cpu:>9,.0f} rows per CPU-second")
    print(
        f"  peak worker RSS {sampler.peak:7.1f} MB                target < {TARGET_RSS_MB} MB: "
        f"{'met' if sampler.peak < TARGET_RSS_MB else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
