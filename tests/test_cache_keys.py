"""What the response cache keeps, where, and for how long: only public 200 JSON reads of /v1 under a
bound, in this process's memory and in Redis within its byte budget; a Redis fault is only a miss."""

import logging
import secrets
from datetime import timedelta

import httpx
import pytest
import redis
from sqlalchemy import event

from api.extensions import db
from api.models import Dataset
from tests.conftest import seed
from tests.helpers import assert_problem, get_ok
from tests.test_caching import counted_statements

ROLES = "/v1/roles?limit=2"


@pytest.fixture
def prefix():
    return f"cache-{secrets.token_hex(4)}"


@pytest.fixture
def shared(redis_url):
    return redis.Redis.from_url(redis_url)


def stored(shared, prefix) -> list[bytes]:
    return list(shared.scan_iter(f"{prefix}:response:*", count=1000))


def test_a_redis_hit_is_kept_in_memory_too(more_apps, redis_url, shared, prefix):
    filler, reader = (more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix) for _ in range(2))
    body = get_ok(filler.test_client(), ROLES)
    [key] = stored(shared, prefix)
    client = reader.test_client()
    with counted_statements(reader) as statements:
        assert get_ok(client, ROLES) == body  # from Redis
    assert statements == []
    shared.delete(key)
    with counted_statements(reader) as statements:
        assert get_ok(client, ROLES) == body  # from this process's memory, with Redis emptied
    assert statements == []


def test_only_public_200_json_reads_of_v1_are_kept(more_apps, redis_url, shared, prefix, writer):
    app = more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix)
    client = app.test_client()
    assert client.get(ROLES, headers=writer).status_code == 200  # a key holder's read
    assert client.head(ROLES).status_code == 200
    assert client.get("/v1/roles/nobody").status_code == 404
    assert client.get(ROLES, headers={"Accept": "text/csv"}).mimetype == "text/csv"
    assert client.get("/openapi.json").status_code == 200
    assert client.get(ROLES, headers={"Access-Control-Request-Private-Network": "true"}).status_code == 200
    assert stored(shared, prefix) == []
    get_ok(client, ROLES)
    get_ok(client, "/v1/roles?limit=3")
    get_ok(client, "/v1/skills?limit=2")
    assert len(stored(shared, prefix)) == 3  # one entry per path and query


def test_a_body_over_the_entry_bound_or_the_budget_is_not_kept(more_apps, redis_url, shared, prefix):
    small = more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, RESPONSE_CACHE_MAX_ENTRY_BYTES=100)
    get_ok(small.test_client(), ROLES)
    assert stored(shared, prefix) == []
    with counted_statements(small) as statements:
        get_ok(small.test_client(), ROLES)
    assert statements  # not in memory either
    poor = more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, RESPONSE_CACHE_REDIS_MB=0.0001)  # 104 bytes
    client = poor.test_client()
    body = get_ok(client, ROLES)
    assert stored(shared, prefix) == []  # over the budget: not in Redis
    with counted_statements(poor) as statements:
        assert get_ok(client, ROLES) == body  # but kept in memory
    assert statements == []


def test_a_body_of_exactly_the_entry_bound_is_kept(more_apps):
    length = len(more_apps(RESPONSE_CACHE=False).test_client().get(ROLES).data)
    app = more_apps(RESPONSE_CACHE_MAX_ENTRY_BYTES=length)
    first = get_ok(app.test_client(), ROLES)
    with counted_statements(app) as statements:
        assert get_ok(app.test_client(), ROLES) == first
    assert statements == []


def test_what_redis_keeps_expires_and_its_budget_window_lasts_two_ttls(more_apps, redis_url, shared, prefix):
    get_ok(more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, RESPONSE_CACHE_TTL=60).test_client(), ROLES)
    [key] = stored(shared, prefix)
    assert 0 < shared.ttl(key) <= 60
    [window] = shared.scan_iter(f"{prefix}:response-bytes:*", count=1000)
    assert 60 < shared.ttl(window) <= 120
    assert int(shared.get(window)) == shared.strlen(key)  # the bytes stored in this window


def test_a_cache_too_small_for_any_body_keeps_nothing_and_answers_all(more_apps):
    app = more_apps(RESPONSE_CACHE_MB=0)
    client = app.test_client()
    first = get_ok(client, ROLES)
    with counted_statements(app) as statements:
        assert get_ok(client, ROLES) == first
    assert statements


def test_without_redis_reads_are_answered_and_the_fault_is_logged(more_apps, caplog):
    down = more_apps(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    client = down.test_client()
    with caplog.at_level(logging.WARNING, logger="api.edge.cache"):
        first = get_ok(client, ROLES)
    assert get_ok(client, ROLES) == first
    assert get_ok(client, "/v1/skills?limit=1")["pagination"]["limit"] == 1
    warnings = [record.getMessage() for record in caplog.records if record.name == "api.edge.cache"]
    assert len(warnings) == 4  # a lookup and a store for each URL; the second read is this process's own copy
    assert all(w.startswith("Response cache unavailable: Error 111 connecting to 127.0.0.1:1") for w in warnings)


def test_a_replayed_read_has_its_length_and_a_replayed_304_no_body_type(more_apps):
    client = more_apps().test_client()
    first = client.get(ROLES)
    replayed = client.get(ROLES)
    assert replayed.data == first.data and replayed.headers.getlist("Content-Length") == [str(len(first.data))]
    assert replayed.headers["ETag"] == first.headers["ETag"]
    assert replayed.headers["Content-Type"] == "application/json"
    unchanged = client.get(ROLES, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and "Content-Type" not in unchanged.headers
    assert unchanged.headers["ETag"] == first.headers["ETag"]
    assert client.get(ROLES, headers={"If-None-Match": '"other"'}).status_code == 200


def test_reads_of_every_kind_say_revalidate_and_vary_on_accept(client):
    head = client.head("/v1/roles")
    assert head.headers["Cache-Control"] == "public, no-cache" and head.headers["Vary"].endswith("Accept")
    etag = client.get("/v1/roles").headers["ETag"]
    unchanged = client.get("/v1/roles", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.headers["Cache-Control"] == "public, no-cache"
    assert client.get("/openapi.json").headers.get("Cache-Control") != "public, no-cache"


def test_a_304_the_app_answers_says_revalidate_and_vary_on_accept(more_apps):
    client = more_apps(RESPONSE_CACHE=False).test_client()  # the app's own 304, not the cache's replay
    etag = client.get(ROLES).headers["ETag"]
    unchanged = client.get(ROLES, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert (unchanged.headers["Cache-Control"], unchanged.headers["Vary"]) == ("public, no-cache", "Accept")


def test_a_replayed_status_line_is_the_apps_over_http(live_server):
    url = f"{live_server}/v1/roles?limit=4"
    with httpx.Client() as http:
        first = http.get(url)
        replayed = http.get(url)
        unchanged = http.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert (first.status_code, first.reason_phrase) == (200, "OK")
    assert (replayed.status_code, replayed.reason_phrase, replayed.content) == (200, "OK", first.content)
    assert int(replayed.headers["Content-Length"]) == len(first.content)
    assert (unchanged.status_code, unchanged.reason_phrase) == (304, "NOT MODIFIED")


def test_any_origin_shares_one_entry_where_every_origin_is_allowed(more_apps, redis_url, shared, prefix):
    app = more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, CORS_ORIGINS=["*"])
    client = app.test_client()
    assert client.get(ROLES, headers={"Origin": "https://a.example"}).headers["Access-Control-Allow-Origin"] == "*"
    for origin in ("https://b.example", None):  # another origin, and none, answered by the first one's entry
        with counted_statements(app) as statements:
            response = client.get(ROLES, headers={"Origin": origin} if origin else {})
        assert response.headers["Access-Control-Allow-Origin"] == "*" and statements == []
    assert len(stored(shared, prefix)) == 1


def test_instances_with_other_cors_origins_never_answer_from_each_others_entries(more_apps, redis_url, prefix):
    """A rolling change of CORS_ORIGINS: instances of both settings share Redis at one dataset version."""
    old, new = (
        more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, CORS_ORIGINS=origins)
        for origins in (["*"], ["https://hr.example"])
    )
    assert old.test_client().get(ROLES).headers["Access-Control-Allow-Origin"] == "*"
    # flask-cors answers a request without Origin with the listed origins (its `always_send`)
    assert new.test_client().get(ROLES).headers["Access-Control-Allow-Origin"] == "https://hr.example"


def test_a_case_variant_of_a_listed_origin_is_answered_as_sent_never_from_another_entry(
    more_apps, redis_url, shared, prefix
):
    client = more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, CORS_ORIGINS=["https://hr.example"]).test_client()
    assert "Access-Control-Allow-Origin" not in client.get(ROLES, headers={"Origin": "https://x.example"}).headers
    assert client.get(ROLES).status_code == 200  # no Origin: not a CORS request
    listed = client.get(ROLES, headers={"Origin": "https://hr.example"})
    assert listed.headers["Access-Control-Allow-Origin"] == "https://hr.example"
    variant = client.get(ROLES, headers={"Origin": "https://HR.example"})
    assert variant.headers["Access-Control-Allow-Origin"] == "https://HR.example"  # flask-cors echoes it
    assert len(stored(shared, prefix)) == 3  # unlisted, none and listed; the variant is not kept


@pytest.mark.parametrize("accept", ["application/json", "application/*", "*/*", "text/csv;q=0.5, application/json"])
def test_a_read_the_app_answers_as_json_is_served_from_the_cache(more_apps, accept):
    app = more_apps()
    client = app.test_client()
    first = get_ok(client, ROLES, headers={"Accept": accept})
    with counted_statements(app) as statements:
        assert get_ok(client, ROLES, headers={"Accept": accept}) == first
    assert statements == []


def test_a_reset_database_never_replays_what_was_kept_before_the_reset(more_apps, redis_url, prefix, unseeded):
    app = more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix)
    client = app.test_client()
    assert get_ok(client, ROLES)["data"] == []
    with app.app_context():  # restored from a backup, say: version 0 again, changed at another time
        seed()
        dataset = db.session.get(Dataset, 1)
        dataset.version, dataset.changed_at = 0, dataset.changed_at + timedelta(seconds=1)
        db.session.commit()
    assert len(get_ok(client, ROLES)["data"]) == 2


def test_a_database_that_cannot_be_reached_is_a_503_not_a_cache_lookup(more_apps, tmp_path):
    down = more_apps(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}")
    attempts = []
    with down.app_context():
        event.listen(db.engine, "do_connect", lambda *args: attempts.append(args))
    assert_problem(down.test_client().get(ROLES), 503)
    assert attempts == []  # the version read failed once: the view does not wait for the database again
