"""Benchmark: do reads stay flat from 1,000 to 1,000,000 salary bands (PostgreSQL)?

    python benchmarks/scale.py [--database-url postgresql+psycopg://...] [--requests 300]

Builds two throwaway schemas of the same shape, one with 1,000 bands and one with 1,000,000
(synthetic benchmark roles, never served), and times the same requests on both through the app
with the response cache off, so the figures are the queries' own: a filtered first page
(`role=`, with its total count) and a page deep in the list (keyset, `after=` the id 90% of the
way in). Prints p50 for each, the ratio against its 1.5x target, and the query plans.
"""

import argparse
import statistics
import time

from flask_migrate import upgrade
from sqlalchemy import select, text

from benchmarks.common import DATABASE_URL, database
from api import create_app, queries
from api.extensions import db
from api.seed import DEFAULT_SEED_FILE, load_seed, read_seed_file

# roles x geographies x years: both sets have the same shape, the large one 1,000 times the rows.
SHAPES = {"1,000 bands": (50, 20, 1), "1,000,000 bands": (1000, 50, 20)}
ROLE = "bench-role-0007"


def fill(roles: int, geographies: int, years: int) -> None:
    """Synthetic roles and bands, in SQL: 1,000,000 rows in seconds."""
    db.session.execute(text(
        "INSERT INTO roles (slug, title, level, summary, responsibilities, provenance, source_id) "
        "SELECT 'bench-role-' || lpad(r::text, 4, '0'), 'Benchmark role ' || r, 'front-line', 'benchmark', "
        "'[]', 'synthetic benchmark data', 1 FROM generate_series(1, :roles) AS r"), {"roles": roles})
    db.session.execute(text(
        "INSERT INTO salary_bands (role_id, source_id, year, geography, geography_scope, currency, period, "
        "salary_min, salary_max, provenance) "
        "SELECT roles.id, 1, 2000 + y, chr(65 + g / 26) || chr(65 + g % 26), 'national', 'USD', 'annual', "
        "30000 + (roles.id * 7 + g * 13 + y) % 20000, 40000 + (roles.id * 7 + g * 13 + y) % 20000, 'synthetic' "
        "FROM roles CROSS JOIN generate_series(0, :geographies - 1) AS g CROSS JOIN generate_series(0, :years - 1) AS y "
        "WHERE roles.slug LIKE 'bench-role-%' ORDER BY roles.id, y, g"), {"geographies": geographies, "years": years})
    db.session.commit()
    db.session.execute(text("ANALYZE"))


def p50_ms(client, url: str, requests: int) -> float:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    return statistics.median(timings)


def plan(args: dict) -> str:
    stmt = queries.salary_bands(args).limit(args["limit"])
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    return "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    figures, plans = {}, {}
    for name, shape in SHAPES.items():
        url, drop = database(args.database_url)
        try:
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RESPONSE_CACHE": False, "RATELIMIT_ENABLED": False})
            with app.app_context():
                upgrade()
                load_seed(read_seed_file(DEFAULT_SEED_FILE))
                started = time.perf_counter()
                fill(*shape)
                ids = db.session.scalars(select(text("id")).select_from(text("salary_bands")).order_by(text("id"))).all()
                deep = ids[int(len(ids) * 0.9)]
                print(f"{name}: filled in {time.perf_counter() - started:.1f} s ({len(ids):,} bands)", flush=True)
                client = app.test_client()
                urls = {"filtered first page": f"/v1/salary-bands?role={ROLE}&limit=20",
                        "deep page (keyset)": f"/v1/salary-bands?after={deep}&limit=20"}
                for label, page_url in urls.items():
                    p50_ms(client, page_url, 20)  # warm up
                    figures[(label, name)] = p50_ms(client, page_url, args.requests)
                with app.test_request_context():
                    plans[name] = {"filtered first page": plan({"role": ROLE, "limit": 20}),
                                   "deep page (keyset)": plan({"after": deep, "limit": 20})}
                if name.startswith("1,000,000"):
                    offset_p50 = p50_ms(client, f"/v1/salary-bands?offset={int(len(ids) * 0.9)}&limit=20", 10)
                db.session.remove()
                db.engine.dispose()
        finally:
            drop()
    small, large = SHAPES
    print(f"\n{'request':<24} {small:>12} {large:>16} {'ratio':>7} {'target':>7}  met")
    for label in ("filtered first page", "deep page (keyset)"):
        a, b = figures[(label, small)], figures[(label, large)]
        print(f"{label:<24} {a:>9.2f} ms {b:>13.2f} ms {b / a:>7.2f} {'<=1.5x':>7}  {'yes' if b / a <= 1.5 else 'NO'}")
    print(f"for contrast, the same deep page by offset on {large}: p50 {offset_p50:.1f} ms (it counts and skips "
          "900,000 rows)")
    print("\nindexes used: salary_bands primary key (id) for keyset pages; ix_salary_bands_role_id for role=")
    for label, text_plan in plans[large].items():
        print(f"\nplan, {label}, {large}:\n{text_plan}")


if __name__ == "__main__":
    main()
