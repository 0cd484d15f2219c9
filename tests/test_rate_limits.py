"""Rate limits: per client, reads and writes and imports budgeted apart, shared through Redis."""

import secrets

import pytest

from tests.helpers import assert_problem

BAND = "/v1/salary-bands/1"


@pytest.fixture
def limited_app(more_apps):
    """Makes second apps on the same database, with rate limits on and small budgets."""

    def make(**config):
        return more_apps(
            **{
                "RATELIMIT_ENABLED": True,
                "RATE_LIMIT_READS": "3 per hour",
                "RATE_LIMIT_WRITES": "2 per hour",
                "RATE_LIMIT_IMPORTS": "1 per hour",
                **config,
            }
        )

    return make


def a_client(app, address=None):
    """A test client with an address of its own, so budgets never mix between tests or runs."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = (
        address or f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"
    )
    return client


def test_reads_past_the_budget_get_429_with_retry_after(limited_app):
    client = a_client(limited_app())
    remaining = []
    for _ in range(3):
        response = client.get("/v1/roles")
        assert response.status_code == 200
        assert response.headers["RateLimit-Limit"] == "3"
        remaining.append(response.headers["RateLimit-Remaining"])
        assert 0 <= int(response.headers["RateLimit-Reset"]) <= 3600
    assert remaining == ["2", "1", "0"]
    body = assert_problem(client.get("/v1/industries"), 429)  # one budget for every read
    assert "Too many reads" in body["detail"] and "3 per hour" in body["detail"]
    refused = client.get("/v1/roles")
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600
    assert refused.headers["RateLimit-Remaining"] == "0"


def test_each_client_has_its_own_budget(limited_app):
    limited = limited_app()
    first, second = a_client(limited), a_client(limited)
    for _ in range(3):
        first.get("/v1/roles")
    assert first.get("/v1/roles").status_code == 429
    assert second.get("/v1/roles").status_code == 200


def test_probes_docs_and_preflights_are_not_counted(limited_app):
    client = a_client(limited_app(RATE_LIMIT_READS="1 per hour"))
    preflight = {"Origin": "https://hr.example", "Access-Control-Request-Method": "GET"}
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
        assert client.get("/openapi.json").status_code == 200
        assert client.options("/v1/roles", headers=preflight).status_code == 200
    assert client.get("/v1/roles").status_code == 200
    assert client.get("/v1/roles").status_code == 429


def test_writes_have_a_tighter_budget_of_their_own(limited_app, writer):
    client = a_client(limited_app(RATE_LIMIT_READS="100 per hour"))
    for _ in range(2):  # refused writes count too, or a client could probe for free
        assert client.patch(BAND, json={"salary_max": 49000}, headers=writer).status_code == 428
    body = assert_problem(client.patch(BAND, json={"salary_max": 49000}, headers=writer), 429)
    assert "Too many writes" in body["detail"]
    assert client.get(BAND).status_code == 200  # reads still flow


def test_imports_have_the_tightest_budget(limited_app, writer):
    client = a_client(limited_app(RATE_LIMIT_WRITES="100 per hour"))
    csv = b"role_slug,year,geography,currency,salary_min,salary_max,provenance,source_id\r\n"
    dry_run = {**writer, "Content-Type": "text/csv"}
    assert client.post("/v1/salary-bands/import?dry_run=true", data=csv, headers=dry_run).status_code == 422
    assert_problem(client.post("/v1/salary-bands/import?dry_run=true", data=csv, headers=dry_run), 429)
    assert client.patch(BAND, json={}, headers=writer).status_code == 428  # other writes still flow


def test_a_bad_limit_setting_fails_at_start_up(limited_app):
    with pytest.raises(ValueError, match="RATE_LIMIT_READS"):
        limited_app(RATE_LIMIT_READS="lots")


def test_instances_sharing_redis_share_one_budget(limited_app, redis_url):
    one, two = (limited_app(REDIS_URL=redis_url) for _ in range(2))
    address = f"10.200.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"
    clients = [a_client(one, address), a_client(two, address)]
    statuses = [clients[n % 2].get("/v1/roles").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]  # alternating instances does not double the budget


def test_reads_go_on_when_redis_is_unreachable(limited_app):
    client = a_client(limited_app(REDIS_URL="redis://127.0.0.1:1/0"))
    statuses = [client.get("/v1/roles").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # limits fall back to this process's memory


def test_deployments_with_their_own_key_prefix_never_share_a_budget(limited_app, redis_url):
    staging, production = (
        limited_app(REDIS_URL=redis_url, REDIS_KEY_PREFIX=f"{name}-{secrets.token_hex(4)}")
        for name in ("staging", "production")
    )
    address = f"10.201.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"
    for app in (staging, production):
        client = a_client(app, address)
        assert [client.get("/v1/roles").status_code for _ in range(4)] == [200, 200, 200, 429]
