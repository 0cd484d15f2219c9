"""Benchmark: requests/s and latency of the production server against its ceilings, in one run.

    python benchmarks/throughput.py [--seconds 8] [--database-url postgresql+psycopg://...]

Starts, one after another on loopback, each under the same server settings (api/server.py):
our app on a migrated, seeded database (PostgreSQL by default, a throwaway schema), a bare Flask
app answering a prebuilt JSON body of the same size (the ceiling), and a minimal FastAPI app on
uvicorn with as many workers answering the same body. wrk loads each endpoint; then each
worker's resident memory is read. Rate limits stay on (a budget no run reaches) and access logs
are written, as in production. Prints every figure next to its target.
"""

import argparse
import json
import os
import urllib.request

from benchmarks.common import BIN, DATABASE_URL, PYTHON, free_port, seeded_database, server, worker_rss_mb, wrk

ENDPOINTS = ["/v1/roles", "/v1/salary-bands?role=customer-service-specialist", "/v1/roles/customer-service-manager"]
HIGH_BUDGET = "100000000 per minute"


def body_of(url: str, headers=None) -> tuple[int, str]:
    response = urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}))
    return len(response.read()), response.headers.get("ETag")


def row(name, ours, ceiling, target, measure="rps"):
    ratio = ours[measure] / ceiling[measure] if measure == "rps" else ceiling[measure] / ours[measure]
    # For rps, ours/ceiling must reach the target; for p99, ours must stay within target x ceiling.
    met = ratio >= target if measure == "rps" else ours[measure] <= target * ceiling[measure]
    return {
        "what": name,
        "ours": ours[measure],
        "ceiling": ceiling[measure],
        "ratio": round(ratio, 3),
        "target": target,
        "met": met,
        "measure": measure,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL"),
        help="also share the cache and rate limits through this Redis",
    )
    args = parser.parse_args()
    workers = int(os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() or 1)))
    results, figures = [], {}
    with seeded_database(args.database_url) as url:
        env = {
            "DATABASE_URL": url,
            "PORT": str(free_port()),
            "RATE_LIMIT_READS": HIGH_BUDGET,
            "REDIS_URL": args.redis_url or "",
            "WEB_CONCURRENCY": str(workers),
        }
        with server([PYTHON, "-m", "api.server"], env) as (base, process):
            for path in ENDPOINTS:
                size, etag = body_of(base + path)
                wrk(base + path, 1)  # warm the cache and the connection pools
                figures[path] = {"size": size, "ours": wrk(base + path, args.seconds, args.connections)}
            size, etag = body_of(base + "/v1/roles")
            figures["304"] = {
                "size": size,
                "ours": wrk(base + "/v1/roles", args.seconds, args.connections, {"If-None-Match": etag}),
            }
            rss = worker_rss_mb(process.pid)
        ceiling_env = {"PORT": str(free_port())}
        command = [
            PYTHON,
            "-c",
            "from granian import Granian; from api.server import settings; "
            "Granian('benchmarks.ceiling_flask:app', **settings()).serve()",
        ]
        with server(command, ceiling_env) as (base, _):
            for figure in figures.values():
                wrk(f"{base}/body/{figure['size']}", 1)
                figure["ceiling"] = wrk(f"{base}/body/{figure['size']}", args.seconds, args.connections)
        fastapi_port = str(free_port())
        command = [
            str(BIN / "uvicorn"),
            "benchmarks.ceiling_fastapi:app",
            "--port",
            fastapi_port,
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        with server(command, {"PORT": fastapi_port}) as (base, _):
            size = figures["/v1/roles"]["size"]
            wrk(f"{base}/body/{size}", 1)
            fastapi = wrk(f"{base}/body/{size}", args.seconds, args.connections)

    for path in ENDPOINTS:
        results.append(row(f"GET {path}", figures[path]["ours"], figures[path]["ceiling"], 0.8))
        results.append(row(f"GET {path} p99", figures[path]["ours"], figures[path]["ceiling"], 2.0, "p99"))
    results.append(row("GET /v1/roles, If-None-Match (304)", figures["304"]["ours"], figures["304"]["ceiling"], 0.9))
    results.append(row("GET /v1/roles vs FastAPI + uvicorn", figures["/v1/roles"]["ours"], fastapi, 1.0))

    print(
        f"server: api/server.py settings, {workers} workers; wrk -t2 -c{args.connections} -d{args.seconds}s on "
        f"loopback; database: {url.split(':')[0]}; cache and limits: {'Redis' if args.redis_url else 'in-process'}"
    )
    print(f"{'endpoint':<62} {'ours':>9} {'ceiling':>9} {'ratio':>7} {'target':>7}  met")
    for result in results:
        unit = "rps" if result["measure"] == "rps" else "ms"
        target = f">={result['target']}x" if unit == "rps" else f"<={result['target']}x"
        print(
            f"{result['what']:<62} {result['ours']:>8.1f}{unit[0]} {result['ceiling']:>8.1f}{unit[0]} "
            f"{result['ratio']:>7.3f} {target:>7}  {'yes' if result['met'] else 'NO'}"
        )
    for name, figure in figures.items():
        ours, ceiling = figure["ours"], figure["ceiling"]
        print(
            f"  {name}: {figure['size']} B; ours {ours['rps']:.0f} rps p50 {ours['p50']:.2f} ms p99 "
            f"{ours['p99']:.2f} ms (non-2xx/3xx {ours['bad']}); ceiling {ceiling['rps']:.0f} rps p50 "
            f"{ceiling['p50']:.2f} ms p99 {ceiling['p99']:.2f} ms"
        )
    print(f"  FastAPI + uvicorn: {fastapi['rps']:.0f} rps p50 {fastapi['p50']:.2f} ms p99 {fastapi['p99']:.2f} ms")
    peak = max(rss)
    print(
        f"memory: worker RSS at the end {', '.join(f'{r:.0f} MB' for r in rss)}; target < 150 MB per worker: "
        f"{'yes' if peak < 150 else 'NO'}"
    )
    print(json.dumps({"results": results, "rss_mb": rss}), file=open(os.environ.get("BENCH_JSON", os.devnull), "w"))


if __name__ == "__main__":
    main()
