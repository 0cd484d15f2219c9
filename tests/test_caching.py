"""Cached reads: never stale after a write, shared through Redis, Cache-Control on every read, and a
bounded number of queries per request (no N+1)."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from api.extensions import db
from api.models import Role, Source
from tests.helpers import get_ok, own_band


def patch_band(client, key, band, **changes):
    etag = client.get(band).headers["ETag"]
    response = client.patch(band, json=changes, headers={**key, "If-Match": etag})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_the_read_after_a_write_is_fresh(client, writer):
    BAND = own_band(client, writer)  # the guide's own bands are read-only
    before = client.get(BAND)
    assert client.get(BAND).headers["ETag"] == before.headers["ETag"]  # served again, unchanged
    write = patch_band(client, writer, BAND, salary_max=49000)
    after = client.get(BAND)
    assert after.get_json()["salary_max"] == 49000
    assert after.headers["ETag"] != before.headers["ETag"]
    assert int(after.headers["X-Dataset-Version"]) == int(write.headers["X-Dataset-Version"])
    assert client.get(BAND, headers={"If-None-Match": before.headers["ETag"]}).status_code == 200
    listed = get_ok(client, "/v1/salary-bands?role=customer-service-specialist&sort=-salary_max")
    assert listed["data"][0]["salary_max"] == 49000


def test_instances_sharing_redis_never_serve_a_stale_body(more_apps, writer, redis_url):
    reader, other = (more_apps(REDIS_URL=redis_url).test_client() for _ in range(2))
    BAND = own_band(other, writer)
    assert reader.get(BAND).get_json()["salary_max"] == 48500
    assert other.get(BAND).get_json()["salary_max"] == 48500  # the body one cached, served by two
    patch_band(other, writer, BAND, salary_max=49500)
    assert reader.get(BAND).get_json()["salary_max"] == 49500


def test_reads_say_revalidate_and_writes_say_do_not_store(client, writer):
    read = client.get("/v1/roles")
    assert read.headers["Cache-Control"] == "public, no-cache" and "Accept" in read.headers["Vary"]
    assert client.get("/v1/changes", headers=writer).headers["Cache-Control"] == "private, no-cache"
    assert patch_band(client, writer, own_band(client, writer), salary_max=48600).headers["Cache-Control"] == "no-store"
    assert client.get("/v1/roles/nobody").headers["Cache-Control"] == "no-store"


def test_csv_and_json_of_one_url_are_kept_apart(client):
    assert client.get("/v1/roles").mimetype == "application/json"
    assert client.get("/v1/roles", headers={"Accept": "text/csv"}).mimetype == "text/csv"
    assert client.get("/v1/roles").mimetype == "application/json"


@contextmanager
def counted_statements(app):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


# Queries a request makes, whatever the number of rows: page, count, and one `selectin` query per
# relationship the response shows (the version is read on a connection of its own). A detail is its row
# (a role's joined to its source and occupation), then each capped embedded list: a page and its count,
# loading only what the embedded item shows (a band's source, a skill's roles for its scope).
QUERY_BUDGET = {
    "/v1/roles": 4,
    "/v1/roles/customer-service-manager": 9,
    "/v1/industries/healthcare": 4,
    "/v1/skills/empathy-and-emotional-intelligence": 5,
    "/v1/salary-bands": 4,
    "/v1/industries": 3,
    "/v1/skills": 4,
    "/v1/salary-bands/compare?roles=customer-service-specialist,customer-service-manager": 4,
}


@pytest.fixture
def uncached(more_apps):
    return more_apps(RESPONSE_CACHE=False)


@pytest.mark.parametrize("url", QUERY_BUDGET)
def test_queries_per_request_stay_flat_as_rows_grow(uncached, restore, url):
    client = uncached.test_client()
    with counted_statements(uncached) as statements:
        get_ok(client, url)
    few = len(statements)
    with uncached.app_context():  # fifty more roles: a query per row would show at once
        source = db.session.get(Source, 1)
        db.session.add_all(
            Role(
                slug=f"extra-{n}",
                title=f"Extra {n}",
                level="front-line",
                summary="x",
                responsibilities=[],
                provenance="x",
                source=source,
            )
            for n in range(50)
        )
        db.session.commit()
    with counted_statements(uncached) as statements:
        get_ok(client, url)
    print(f"{url}: {few} queries with the seed data, {len(statements)} with 50 more roles")
    assert len(statements) == few <= QUERY_BUDGET[url]


def test_a_cached_read_runs_no_orm_query(app, client):
    get_ok(client, "/v1/roles")
    with counted_statements(app) as statements:
        get_ok(client, "/v1/roles")
    assert statements == []  # only the version, read on its own connection


def test_the_in_process_cache_stays_whole_under_many_threads():
    """With THREADS > 1 one thread may evict an entry another is reading; without the store's lock
    this raised KeyError (a 500) within a few thousand operations."""
    import sys
    import threading

    from api.edge.cache import LocalStore

    store, errors = LocalStore(3000), []

    def churn(n):
        try:
            for i in range(20000):
                store.set(f"k{(i * 7 + n) % 50}", (b"x" * 100, []))
                store.get(f"k{(i * 3 + n) % 50}")
        except Exception as error:  # noqa: BLE001  any error is the failure this test looks for
            errors.append(repr(error))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so a race shows at once
    try:
        threads = [threading.Thread(target=churn, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert store.size == sum(len(body) for body, _ in store.entries.values()) <= 3000
