"""Benchmark: does every list and detail read stay flat from 1,000 to 1,000,000 salary bands (PostgreSQL)?

    python -m benchmarks.scale [--database-url postgresql+psycopg://...] [--requests 60] [--large 1000000]

Builds two throwaway schemas of the same shape, one with 1,000 bands and one with `--large` (synthetic
benchmark roles, never served): most bands spread over benchmark roles (geographies x years), and
40% of them piled on one seeded role (`call-center-specialist`), the hostile shape of issue #14.
Then times every list and detail endpoint on both through the app with the response cache off, so
the figures are the queries' own, and prints p50, the ratio against its 1.5x target, and each
body's size against the same bound; then the query plans behind the band reads.
"""

import argparse
import statistics
import time
from contextlib import contextmanager

from flask_migrate import upgrade
from sqlalchemy import func, select, text

from api import create_app
from api.extensions import db
from api.ingest.seed import DEFAULT_SEED_FILE, load_seed, read_seed_file
from api.models import ApiKey
from api.store import queries
from benchmarks.common import DATABASE_URL, database

ROLE, CROWDED = "bench-role-0007", "call-center-specialist"
TARGET = 1.5
# Every list and detail read, and the explorer's calls; {deep} is a band id 90% of the way in.
ENDPOINTS = {
    "roles": "/v1/roles",
    "roles, explorer (limit=100)": "/v1/roles?limit=100",
    "role, crowded (40% of bands)": f"/v1/roles/{CROWDED}",
    "role, benchmark": f"/v1/roles/{ROLE}",
    "bands, first page": "/v1/salary-bands",
    "bands, role=": f"/v1/salary-bands?role={ROLE}",
    "bands, role= crowded": f"/v1/salary-bands?role={CROWDED}",
    "bands, deep page (after=)": "/v1/salary-bands?after={deep}",
    "bands, explorer (sort=year)": "/v1/salary-bands?period=annual&limit=100&sort=year",
    # Every sort of the band list, both ways, over all bands and over the crowded role; and a salary
    # filter on a role, whose count must not walk the table either.
    **{
        f"bands, sort={direction}{column}": f"/v1/salary-bands?sort={direction}{column}"
        for column in ("salary_min", "salary_max", "midpoint", "year")
        for direction in ("", "-")
    },
    "bands, role= crowded, sort=salary_min": f"/v1/salary-bands?role={CROWDED}&sort=salary_min",
    "bands, role= crowded, sort=-salary_max": f"/v1/salary-bands?role={CROWDED}&sort=-salary_max",
    "bands, role= salary=": f"/v1/salary-bands?role={ROLE}&salary=35000",  # within all their bands, small set too
    "bands, role= crowded, salary=": f"/v1/salary-bands?role={CROWDED}&salary=35000",
    "band": "/v1/salary-bands/{deep}",
    "band position": "/v1/salary-bands/{deep}/position?salary=45000",
    "band posting": "/v1/salary-bands/{deep}/posting",
    "position by role": "/v1/salary-bands/position?role=customer-service-specialist&year=2026&salary=45000",
    "compare": "/v1/salary-bands/compare?roles=customer-service-specialist,customer-service-manager," + CROWDED,
    "career ladder": "/v1/career-ladder",
    "chart.svg": "/v1/salary-bands/chart.svg",
    "industries, explorer": "/v1/industries?limit=100",
    "industry": "/v1/industries/healthcare",
    "skills": "/v1/skills",
    "skill": "/v1/skills/empathy-and-emotional-intelligence",
    "sources": "/v1/sources",
    "source, explorer": "/v1/sources/1",
    "source notes": "/v1/sources/1/notes",
    "areas, explorer": "/v1/areas?limit=100",
    "market wages": "/v1/market-wages",
    "changes": "/v1/changes",
}


def fill(bands: int) -> None:
    """Synthetic roles and bands, in SQL: 60% over benchmark roles (50 geographies x 20 years each, or
    20 x 1 for the small set), 40% on one seeded role (200 years x many three-letter geographies)."""
    spread, (geographies, years) = bands - bands * 2 // 5, ((50, 20) if bands > 10_000 else (20, 1))
    db.session.execute(text("SET LOCAL statement_timeout = 0"))  # the fill, not a request: no timeout
    db.session.execute(
        text(
            "INSERT INTO roles (slug, title, level, summary, responsibilities, provenance, source_id) "
            "SELECT 'bench-role-' || lpad(r::text, 4, '0'), 'Benchmark role ' || r, 'front-line', 'benchmark', "
            "'[]', 'synthetic benchmark data', 1 FROM generate_series(1, :roles) AS r"
        ),
        {"roles": max(spread // (geographies * years), 120)},
    )  # a full explorer page of roles in both sets
    db.session.execute(
        text(
            "INSERT INTO salary_bands (role_id, source_id, year, geography, geography_scope, currency, period, "
            "salary_min, salary_max, provenance) "
            "SELECT roles.id, 1, 2000 + y, chr(65 + g / 26) || chr(65 + g % 26), 'national', 'USD', 'annual', "
            "30000 + (roles.id * 7 + g * 13 + y) % 20000, 40000 + (roles.id * 7 + g * 13 + y) % 20000, 'synthetic' "
            "FROM roles CROSS JOIN generate_series(0, :geographies - 1) AS g "
            "CROSS JOIN generate_series(0, :years - 1) AS y "
            "WHERE roles.slug LIKE 'bench-role-%' "
            "AND roles.slug <= 'bench-role-' || lpad(CAST(:banded AS text), 4, '0') "
            "ORDER BY roles.id, y, g"
        ),
        {"geographies": geographies, "years": years, "banded": spread // (geographies * years)},
    )
    db.session.execute(
        text(
            "INSERT INTO salary_bands (role_id, source_id, year, geography, geography_scope, currency, period, "
            "salary_min, salary_max, provenance) "
            "SELECT roles.id, 1, 1900 + n % 200, 'Z' || chr(65 + (n / 200) % 26) || chr(65 + (n / 5200) % 26), "
            "'national', 'X' || chr(65 + n / 135200) || 'X', 'annual', "
            "30000 + n % 20000, 40000 + n % 20000, 'synthetic' "
            "FROM roles CROSS JOIN generate_series(0, :crowded - 1) AS n WHERE roles.slug = :slug"
        ),
        {"crowded": bands * 2 // 5, "slug": CROWDED},
    )
    db.session.commit()
    # What autovacuum does after a bulk load: statistics, and the visibility map index-only scans need.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("SET statement_timeout = 0"))
        connection.execute(text("VACUUM ANALYZE"))


def timed(client, url: str, requests: int, headers: dict) -> tuple[list[float], int]:
    """Milliseconds of `requests` GETs (after one to warm up), and the body's size in bytes."""
    timings = []
    for n in range(requests + 1):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        if n:
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])
    return timings, len(response.get_data())


def plan(args: dict, count: bool = False) -> str:
    """The plan of a band list's page (or, with `count`, of its bounded count), as run."""
    stmt = queries.salary_bands(args)
    if count:
        ones = stmt.order_by(None).with_only_columns(text("1"), maintain_column_froms=True)
        stmt = select(func.count()).select_from(ones.limit(queries.COUNT_CAP + 1).subquery())
    else:
        stmt = stmt.limit(args["limit"])
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    return "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")))


@contextmanager
def band_set(database_url: str, bands: int):
    """A new schema with `bands` bands; yields the app (cache and rate limits off), a band id 90% of the
    way in, and headers carrying a write key (for the change log)."""
    url, drop = database(database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RESPONSE_CACHE": False, "RATELIMIT_ENABLED": False})
    try:
        with app.app_context():
            upgrade()
            load_seed(read_seed_file(DEFAULT_SEED_FILE))
            key, secret = ApiKey.issue("bench", "write")
            db.session.add(key)
            db.session.commit()
            started = time.perf_counter()
            fill(bands)
            ids = db.session.scalars(select(text("id")).select_from(text("salary_bands")).order_by(text("id"))).all()
            print(f"{len(ids):,} bands: filled in {time.perf_counter() - started:.1f} s", flush=True)
        yield app, ids[int(len(ids) * 0.9)], {"Authorization": f"Bearer {secret}"}
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()


def measure(sets: dict, requests: int, rounds: int = 5) -> dict:
    """p50 and body size of every endpoint on every set, by set and label. The sets take turns, a few
    requests at a time, so a busy moment on a shared machine weighs on both alike."""
    figures = {name: {} for name in sets}
    for label, path in ENDPOINTS.items():
        timings = {name: [] for name in sets}
        for _ in range(rounds):
            for name, (app, deep, key) in sets.items():
                batch, size = timed(
                    app.test_client(),
                    path.format(deep=deep),
                    max(requests // rounds, 1),
                    key if label == "changes" else {},
                )
                timings[name] += batch
                figures[name][label] = (None, size)
        for name in sets:
            figures[name][label] = (statistics.median(timings[name]), figures[name][label][1])
    return figures


def report(small: dict, large: dict, sizes: tuple[str, str]) -> None:
    print(
        f"\n{'request':<40} {'p50 ' + sizes[0]:>14} {'p50 ' + sizes[1]:>16} {'ratio':>6} {'target':>7} {'met':>4}"
        f" {'body ' + sizes[0]:>12} {'body ' + sizes[1]:>14} {'ratio':>6} {'met':>4}"
    )
    for label, (a, body_a) in small.items():
        b, body_b = large[label]
        time_ok, body_ok = b / a <= TARGET, body_b / body_a <= TARGET
        print(
            f"{label:<40} {a:>11.2f} ms {b:>13.2f} ms {b / a:>6.2f} {'<=1.5x':>7} {'yes' if time_ok else 'NO':>4}"
            f" {body_a:>10,} B {body_b:>12,} B {body_b / body_a:>6.2f} {'yes' if body_ok else 'NO':>4}"
        )
    for label in large.keys() - small.keys():
        print(f"{label} on {sizes[1]}: p50 {large[label][0]:.1f} ms (it skips 90% of the rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--large", type=int, default=1_000_000)
    args = parser.parse_args()
    names = ("1,000", f"{args.large:,}")
    with band_set(args.database_url, 1_000) as small, band_set(args.database_url, args.large) as large:
        figures = measure(dict(zip(names, (small, large))), args.requests)
        app, deep, _ = large
        offset_ms, _ = timed(app.test_client(), f"/v1/salary-bands?offset={deep - 10}", 5, {})
        figures[names[1]]["for contrast: deep page by offset"] = (statistics.median(offset_ms), 0)
        with app.test_request_context():
            plans = {
                "bands, role= crowded": plan({"role": CROWDED, "limit": 20}),
                "bands, deep page (after=)": plan({"after": deep, "limit": 20}),
                **{
                    f"bands, sort={sort}": plan({"sort": sort, "limit": 20})
                    for sort in ("salary_min", "-salary_max", "-midpoint", "-year")
                },
                "bands, role= crowded, sort=-salary_max": plan({"role": CROWDED, "sort": "-salary_max", "limit": 20}),
                "bands, role= crowded, salary=, its count": plan(
                    {"role": CROWDED, "salary": 35000, "limit": 20}, count=True
                ),
            }
    report(figures[names[0]], figures[names[1]], names)
    print(
        "\nindexes used: salary_bands primary key (id) for keyset pages; ix_salary_bands_role_id_id for role=;"
        " ix_salary_bands_{salary_min,salary_max,midpoint}_id for sort=, ix_salary_bands_role_id_{...}_id for"
        " role= with sort= (the plans below)"
    )
    for label, text_plan in plans.items():
        print(f"\nplan, {label}, {args.large:,} bands:\n{text_plan}")


if __name__ == "__main__":
    main()
