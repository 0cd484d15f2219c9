"""Soak: mixed reads and writes at high concurrency for a few minutes, through the production server.

    python benchmarks/soak.py [--seconds 120] [--readers 24] [--writers 8] [--redis-url redis://...]

On a throwaway PostgreSQL schema (migrated, seeded), the server of api/server.py takes readers
sweeping lists, details, exports and conditional GETs, and writers each raising their own band's
`salary_max` by one per PATCH (with If-Match), while others race on one shared band. Reports
requests, statuses and the error rate (target: 0 errors other than 429), then checks that every
band holds exactly what the acknowledged writes say and that the change log has one entry per
acknowledged write.
"""

import argparse
import collections
import itertools
import os
import threading
import time

import httpx
from sqlalchemy import func, select

from api import create_app
from api.extensions import db
from api.models import Change, SalaryBand
from benchmarks.common import DATABASE_URL, PYTHON, free_port, issue_key, own_source, seeded_database, server

LISTS = {
    "/v1/roles",
    "/v1/salary-bands?role=customer-service-specialist",
    "/v1/salary-bands?period=hourly",
    "/v1/skills?pay_driver=true",
}
READS = [
    "/v1/roles",
    "/v1/salary-bands?role=customer-service-specialist",
    "/v1/roles/customer-service-manager",
    "/v1/salary-bands?period=hourly",
    "/v1/skills?pay_driver=true",
    "/v1/industries/healthcare",
    "/v1/salary-bands/compare?roles=customer-service-specialist,customer-service-manager",
    "/v1/salary-bands/1/position?salary=45000",
    "/v1/career-ladder",
]


class Tally:
    def __init__(self):
        self.lock, self.statuses, self.acknowledged = threading.Lock(), collections.Counter(), collections.Counter()

    def add(self, status: int, band: int | None = None):
        with self.lock:
            self.statuses[status] += 1
            if band is not None:
                self.acknowledged[band] += 1


def reader(base: str, until: float, tally: Tally) -> None:
    etags = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for n, path in enumerate(itertools.cycle(READS)):
            if time.monotonic() >= until:
                return
            headers = {"Accept": "text/csv"} if n % 7 == 3 and path in LISTS else {}
            if n % 5 == 0 and path in etags:
                headers["If-None-Match"] = etags[path]
            response = client.get(path, headers=headers)
            if response.status_code == 200 and "ETag" in response.headers:
                etags[path] = response.headers["ETag"]
            tally.add(response.status_code)


def writer(base: str, key: str, band: int, until: float, tally: Tally) -> None:
    path = f"/v1/salary-bands/{band}"
    auth = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.monotonic() < until:
            current = client.get(path)
            tally.add(current.status_code)
            if current.status_code != 200:
                continue
            body = current.json()
            response = client.patch(
                path, json={"salary_max": body["salary_max"] + 1}, headers={**auth, "If-Match": current.headers["ETag"]}
            )
            # 412: another writer got there first; that write was refused whole, as it must be.
            tally.add(response.status_code, band if response.status_code == 200 else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--readers", type=int, default=24)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    args = parser.parse_args()
    with seeded_database(args.database_url) as url:
        secret = issue_key(url, "soak")
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            # The writers change copies of the guide's bands under a source of their own (the guide's are read-only).
            source = own_source()
            columns = (
                "role_id",
                "year",
                "geography",
                "geography_scope",
                "currency",
                "period",
                "salary_min",
                "salary_max",
                "provenance",
            )
            copies = [
                SalaryBand(source_id=source, **{c: getattr(band, c) for c in columns})
                for band in db.session.scalars(select(SalaryBand).order_by(SalaryBand.id))
            ]
            db.session.add_all(copies)
            db.session.commit()
            bands = [band.id for band in copies]
            start = {band: db.session.get(SalaryBand, band).salary_max for band in bands}
            changes_before = db.session.scalar(select(func.count()).select_from(Change))
        env = {
            "DATABASE_URL": url,
            "PORT": str(free_port()),
            "REDIS_URL": args.redis_url,
            "RATE_LIMIT_READS": "100000000 per minute",
            "RATE_LIMIT_WRITES": "100000000 per minute",
        }
        tally = Tally()
        with server([PYTHON, "-m", "api.server"], env) as (base, _):
            until = time.monotonic() + args.seconds
            # Half the writers share the first band (If-Match races), the rest have a band each.
            targets = [bands[0] if n % 2 == 0 else bands[1 + n % (len(bands) - 1)] for n in range(args.writers)]
            threads = [threading.Thread(target=reader, args=(base, until, tally)) for _ in range(args.readers)]
            threads += [threading.Thread(target=writer, args=(base, secret, band, until, tally)) for band in targets]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        with app.app_context():
            end = {band: db.session.get(SalaryBand, band).salary_max for band in bands}
            logged = db.session.scalar(select(func.count()).select_from(Change)) - changes_before
            db.engine.dispose()

    total = sum(tally.statuses.values())
    errors = sum(count for status, count in tally.statuses.items() if status >= 400 and status not in (412, 429))
    print(
        f"soak: {args.seconds} s, {args.readers} readers, {args.writers} writers, database PostgreSQL, "
        f"{'Redis' if args.redis_url else 'in-process'} cache and limits"
    )
    print(
        f"requests: {total:,} ({total / elapsed:,.0f}/s); statuses: "
        + ", ".join(f"{status}: {count:,}" for status, count in sorted(tally.statuses.items()))
    )
    print(
        f"errors other than 429 (412 is a refused stale write, by design): {errors} "
        f"({errors / total:.4%}); target 0: {'yes' if errors == 0 else 'NO'}"
    )
    lost = {
        band: (start[band] + tally.acknowledged[band], end[band])
        for band in bands
        if end[band] != start[band] + tally.acknowledged[band]
    }
    writes = sum(tally.acknowledged.values())
    print(
        f"acknowledged writes: {writes:,}; change-log entries added: {logged:,}; bands whose figure differs from "
        f"start + acknowledged writes: {len(lost)} {lost or ''}"
    )
    print(f"data afterwards equals what was written: {'yes' if not lost and logged == writes else 'NO'}")


if __name__ == "__main__":
    main()
