"""Benchmark: uncached calls (parameters new on every request) against the FastAPI peer, in one run.

    python -m benchmarks.uncached [--seconds 8] [--database-url postgresql+psycopg://...] [--call NAME ...]

Our production server and the peer (benchmarks/peer_fastapi.py on uvicorn with its standard
extras) each run 2 workers on the same throwaway seeded database with the shared BLS OEWS extract
(../shared/data/, never committed) loaded. wrk (16 connections) asks each call with parameters no
request has asked before (a new salary; a new area and hours a year; a new spelling of an area), so
the response cache never answers. Before measuring, a sample of each call must answer the same JSON
from both, so both do the same work. Prints requests/s of each and the ratio next to the target
(at least 1.0x the peer).
"""

import argparse
import json
import os
import tempfile
import urllib.request
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from benchmarks.common import BIN, PYTHON, ROOT, create_app, db, free_port, seeded_database, server, wrk

OEWS_EXTRACT = ROOT.parent / "shared" / "data" / "oews-may2024-customer-service.csv"
HIGH_BUDGET = "100000000 per minute"
TARGET = 1.0
# The areas the extract has wages for (USPS codes: the nation, states, DC, territories).
AREAS = tuple(
    "US AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY GU PR VI".split()
)
# Each wrk thread counts its own requests; its id keeps the two threads' parameters apart. `k` is new
# on every request of the run; each call's `query(k)` turns it into parameters never asked before.
SCRIPT = """
local base = "%s"
local areas = {%s}
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
local n = 0
%s
function request()
  n = n + 1
  return wrk.format("GET", base .. query(n * 2 + id))
end
"""
SALARY = """
function query(k)
  return "salary=" .. (40000 + math.floor(k / 100)) .. "." .. string.format("%02d", k % 100)
end
"""
AREA_AND_HOURS = """
function query(k)
  local hours = 520 + math.floor(k / #areas) % 3641
  return "area=" .. areas[k % #areas + 1] .. "&period=hourly&hours_per_year=" .. hours
end
"""
# An area spelled anew: `US-XX` with each character in either case and either plain or percent-encoded.
AREA_SPELLING = """
function query(k)
  local name, v, out = "US-" .. areas[k % #areas + 1], math.floor(k / #areas), ""
  for i = 1, 5 do
    local c, bits = name:sub(i, i), math.floor(v / 4 ^ (i - 1)) % 4
    if bits % 2 == 1 then c = c:lower() end
    if bits >= 2 then c = string.format("%%%02X", c:byte()) end
    out = out .. c
  end
  return "area=" .. out
end
"""


class Call(NamedTuple):
    name: str
    path: str  # ends in `?` or `&`: the varying parameters follow
    query: str  # Lua: query(k)
    samples: tuple  # queries whose answers must be equal from both
    areas: tuple = AREAS


CALLS = [
    Call(
        "position by role",
        "/v1/salary-bands/position?role=customer-service-specialist&year=2026&",
        SALARY,
        ("salary=41234.56", "salary=20.5&period=hourly&hours_per_year=1999", "salary=3000&period=monthly"),
    ),
    Call(
        "position by band id",
        "/v1/salary-bands/1/position?",
        SALARY,
        ("salary=52000.5", "salary=30000", "salary=900&period=weekly"),
    ),
    Call(
        "localized band",
        "/v1/salary-bands/1/localized?",
        AREA_AND_HOURS,
        ("area=CA", "area=us-tx&period=hourly&hours_per_year=1999", "area=6&period=monthly", "area=PR"),
    ),
    Call(
        "band vs market",
        "/v1/salary-bands/1/market-position?",
        AREA_SPELLING,
        ("area=US-CA", "area=%55s-nY", "area=99", "area=US-GU", "area=hi"),
        AREAS[1:],  # US-XX names a state or territory: not the nation
    ),
    Call(
        "filtered list (salary=)",
        "/v1/salary-bands?",
        SALARY,
        (
            "salary=40000",
            "salary=20.5&period=hourly&hours_per_year=2000",
            "salary=3500&period=monthly&limit=1&offset=1",
            "salary=99000",
            "salary=40000&limit=1&offset=7",
        ),
    ),
]


def load_market_data(url: str) -> None:
    from api.ingest.oews import import_files

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        import_files([OEWS_EXTRACT], 2024)
        db.session.remove()
        db.engine.dispose()


def answers(base: str, calls: list[Call]) -> dict:
    """Each sample's status and JSON (numbers as exact Decimals, so 43500 and 43500.0 compare equal)."""
    found = {}
    for call in calls:
        for sample in call.samples:
            try:
                with urllib.request.urlopen(base + call.path + sample) as response:
                    found[call.path + sample] = (response.status, json.loads(response.read(), parse_float=Decimal))
            except urllib.error.HTTPError as error:
                found[call.path + sample] = (error.code, None)
    return found


def measure(base: str, seconds: int, call: Call, script: str) -> float:
    wrk(base + call.path, 1, 16, script=script)  # warm up workers and pools
    figures = wrk(base + call.path, seconds, 16, script=script)
    assert figures["bad"] == 0, (call, figures)
    return figures["rps"]


@contextmanager
def started(command, env: dict, attempts: int = 3):
    """`common.server` for `command(port)`, tried again when a loaded machine starts it too slowly."""
    with ExitStack() as stack:
        for attempt in range(attempts):
            port = str(free_port())
            try:
                base, _ = stack.enter_context(server(command(port), {**env, "PORT": port}))
                break
            except RuntimeError:
                if attempt == attempts - 1:
                    raise
        yield base


def check_samples(ours: str, peer: str, calls: list[Call]) -> int:
    """Both answer every sample with the same 200 JSON; returns how many samples."""
    ours_said, peer_said = answers(ours, calls), answers(peer, calls)
    refused = [sample for sample, (status, _) in ours_said.items() if status != 200]
    assert not refused, f"samples must be answered: {refused}"
    differ = [sample for sample in ours_said if ours_said[sample] != peer_said[sample]]
    assert not differ, "the peer answers differently:\n" + "\n".join(
        f"{sample}\n  ours {ours_said[sample]}\n  peer {peer_said[sample]}" for sample in differ
    )
    return len(ours_said)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="each call measured this often on each side")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--call", action="append", choices=[call.name for call in CALLS], help="only these calls")
    args = parser.parse_args()
    calls = [call for call in CALLS if not args.call or call.name in args.call]
    scripts = {}
    for call in calls:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(SCRIPT % (call.path, ", ".join(f'"{area}"' for area in call.areas), call.query))
        scripts[call.name] = script.name
    figures = {call.name: {"ours": [], "peer": []} for call in calls}
    with seeded_database(args.database_url) as url:
        load_market_data(url)
        ours_env = {"DATABASE_URL": url, "RATE_LIMIT_READS": HIGH_BUDGET, "WEB_CONCURRENCY": "2"}
        peer_command = [str(BIN / "uvicorn"), "benchmarks.peer_fastapi:app", "--workers", "2"]
        peer_command += ["--log-level", "warning", "--no-access-log", "--port"]
        with (
            started(lambda port: [PYTHON, "-m", "api.server"], ours_env) as ours,
            started(lambda port: [*peer_command, port], {"DATABASE_URL": url}) as peer,
        ):
            samples = check_samples(ours, peer, calls)
            # Side by side, call by call, the side that goes first alternating: the machine's load drifts.
            for round_ in range(args.rounds):
                for call in calls:
                    sides = [("ours", ours), ("peer", peer)]
                    for side, base in sides if round_ % 2 == 0 else sides[::-1]:
                        figures[call.name][side].append(measure(base, args.seconds, call, scripts[call.name]))
    for name in scripts.values():
        Path(name).unlink()
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"uncached calls (new parameters each request) on {database}; 2 workers each; wrk -t2 -c16 "
        f"-d{args.seconds}s, {args.rounds} rounds, the two sides alternating call by call"
    )
    print(f"  the peer answered all {samples} samples exactly as this API did")
    for call in calls:
        mine, theirs = figures[call.name]["ours"], figures[call.name]["peer"]
        ratio = sum(mine) / sum(theirs)
        rounds = ", ".join(f"{a:,.0f}/{b:,.0f}" for a, b in zip(mine, theirs))
        print(
            f"  {call.name:<24} req/s ours/peer by round {rounds:<24} {ratio:.2f}x  "
            f"target >= {TARGET:.1f}x: {'met' if ratio >= TARGET else 'NOT MET'}"
        )


if __name__ == "__main__":
    main()
