"""Benchmark: uncached calls (a new salary on every request) against the FastAPI peer, in one run.

    python -m benchmarks.uncached [--seconds 8] [--database-url postgresql+psycopg://...]

Our production server and the peer (benchmarks/peer_fastapi.py on uvicorn with its standard
extras) each run 2 workers on the same throwaway seeded database; wrk (16 connections) asks each
call with a salary no request has asked before, so the response cache never answers. Prints
requests/s of each and the ratio next to the target (at least 1.0x the peer).
"""

import argparse
import os
import tempfile

from benchmarks.common import BIN, PYTHON, free_port, seeded_database, server, wrk

CALLS = ["/v1/salary-bands/position?role=customer-service-specialist&year=2026", "/v1/salary-bands/1/position?x=1"]
HIGH_BUDGET = "100000000 per minute"
TARGET = 1.0
# Each wrk thread counts its own requests; its id keeps the two threads' salaries apart.
SCRIPT = """
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
local n = 0
function request()
  n = n + 1
  local k = n * 2 + id
  local path = wrk.path:gsub("[?&]x=1$", "")
  local sep = path:find("?", 1, true) and "&" or "?"
  local salary = (30000 + math.floor(k / 100)) .. "." .. string.format("%02d", k % 100)
  return wrk.format("GET", path .. sep .. "salary=" .. salary)
end
"""


def measure(base: str, seconds: int, script: str) -> dict:
    figures = {}
    for call in CALLS:
        wrk(base + call, 1, 16, script=script)  # warm up workers and pools
        figures[call] = wrk(base + call, seconds, 16, script=script)
        assert figures[call]["bad"] == 0, (call, figures[call])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(SCRIPT)
    with seeded_database(args.database_url) as url:
        env = {"DATABASE_URL": url, "PORT": str(free_port()), "RATE_LIMIT_READS": HIGH_BUDGET, "WEB_CONCURRENCY": "2"}
        with server([PYTHON, "-m", "api.server"], env) as (base, _):
            ours = measure(base, args.seconds, script.name)
        port = str(free_port())
        command = [
            str(BIN / "uvicorn"),
            "benchmarks.peer_fastapi:app",
            "--port",
            port,
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        with server(command, {"PORT": port, "DATABASE_URL": url}) as (base, _):
            peer = measure(base, args.seconds, script.name)
    os.unlink(script.name)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"uncached calls (a new salary each request) on {database}; 2 workers each; wrk -t2 -c16 -d{args.seconds}s")
    for call in CALLS:
        ratio = ours[call]["rps"] / peer[call]["rps"]
        print(
            f"  GET {call.removesuffix('?x=1'):<70} {ours[call]['rps']:>8,.0f} vs peer {peer[call]['rps']:>8,.0f} "
            f"req/s: {ratio:.2f}x  target >= {TARGET:.1f}x: {'met' if ratio >= TARGET else 'NOT MET'}"
        )


if __name__ == "__main__":
    main()
