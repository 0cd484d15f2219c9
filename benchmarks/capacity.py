"""Capacity per core: what one worker serves, and what each request costs the app, PostgreSQL and Redis.

    python benchmarks/capacity.py [--seconds 10] [--redis-url redis://127.0.0.1:6379/0]

One instance with one worker (one core's worth) on a throwaway PostgreSQL schema, Redis shared as
in a fleet, loaded by wrk on loopback: cached reads, uncached reads (the response cache off), and
writes (POST /v1/industries, each a real transaction with its change-log entry). For each, the
requests per second and the CPU time per request spent in the worker, in PostgreSQL and in Redis
(from /proc), and the database connections the worker held. docs/scaling.md turns these into
a fleet plan.
"""

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from benchmarks.common import DATABASE_URL, PYTHON, free_port, issue_key, seeded_database, server, wrk

TICK = os.sysconf("SC_CLK_TCK")
WRITE_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
counter = 0
request = function()
  counter = counter + 1
  local slug = string.format("capacity-%d-%d", id, counter)
  local body = string.format('{"slug":"%s","name":"Capacity %d","provenance":"benchmark","source_id":1}', slug, counter)
  return wrk.format("POST", "/v1/industries", {["Content-Type"] = "application/json",
                    ["Authorization"] = "Bearer KEY"}, body)
end
"""


def cpu_seconds(pids) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except FileNotFoundError:
            pass
    return total / TICK


def pids_named(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def tree(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(child) for child in (task / "children").read_text().split()]
    return [pid, *[p for child in children for p in tree(child)]]


def measure(base: str, process, seconds: int, script: str | None, application: str) -> dict:
    app_pids, pg_pids, redis_pids = tree(process.pid), pids_named("postgres"), pids_named("redis-server")
    before = [cpu_seconds(app_pids), cpu_seconds(pg_pids), cpu_seconds(redis_pids)]
    if script:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(script)
        out = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", lua.name, base + "/"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rps = float(out.split("Requests/sec:")[1].split()[0])
        bad = out.split("Non-2xx or 3xx responses:")[1].split()[0] if "Non-2xx" in out else "0"
        result = {"rps": rps, "bad": int(bad)}
    else:
        result = wrk(base + "/v1/roles", seconds, 16)
    # Backends that started during the run count from zero.
    after = [cpu_seconds(app_pids), cpu_seconds(set(pids_named("postgres")) | set(pg_pids)), cpu_seconds(redis_pids)]
    requests = result["rps"] * seconds
    app_us, pg_us, redis_us = ((a - b) / requests * 1e6 for a, b in zip(after, before))
    return {
        "rps": result["rps"],
        "bad": result["bad"],
        "app_us": app_us,
        "pg_us": pg_us,
        "redis_us": redis_us,
        "connections": connections(application),
    }


def connections(application: str) -> int:
    engine = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    with engine.connect() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"), {"name": application}
        ).scalar()
    engine.dispose()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    rows = []
    with seeded_database(args.database_url) as url:
        secret = issue_key(url, "capacity")
        scenarios = [
            ("cached reads (GET /v1/roles)", {}, None),
            ("uncached reads (GET /v1/roles, cache off)", {"RESPONSE_CACHE": "false"}, None),
            ("writes (POST /v1/industries)", {}, WRITE_SCRIPT.replace("KEY", secret)),
        ]
        for name, extra, script in scenarios:
            application = f"capacity-{free_port()}"
            env = {
                "DATABASE_URL": f"{url}&application_name={application}",
                "PORT": str(free_port()),
                "REDIS_URL": args.redis_url,
                "REDIS_KEY_PREFIX": application,
                "WEB_CONCURRENCY": "1",
                "RATE_LIMIT_READS": "100000000 per minute",
                "RATE_LIMIT_WRITES": "100000000 per minute",
                **extra,
            }
            with server([PYTHON, "-m", "api.server"], env) as (base, process):
                wrk(base + "/v1/roles", 1, 4)
                rows.append((name, measure(base, process, args.seconds, script, application)))
    print(
        f"one worker (one core), PostgreSQL 15 and Redis on the same 2-core machine, wrk on loopback, "
        f"{args.seconds} s each"
    )
    print(f"{'workload':<44} {'req/s':>8} {'app µs':>8} {'PG µs':>8} {'Redis µs':>9} {'PG conns':>9} {'errors':>7}")
    for name, row in rows:
        print(
            f"{name:<44} {row['rps']:>8.0f} {row['app_us']:>8.0f} {row['pg_us']:>8.0f} {row['redis_us']:>9.0f} "
            f"{row['connections']:>9} {row['bad']:>7}"
        )


if __name__ == "__main__":
    main()
