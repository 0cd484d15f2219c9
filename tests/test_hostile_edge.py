"""Nothing a client sends at the edge poisons, grows or stalls what others get (issue #14: findings 1,
8, 9 and 12): links never carry a Host the client chose, the shared cache is keyed on what was
negotiated and bounded, forwarded headers are believed only from trusted proxies, and a slow body
delays no one else (through the real granian server)."""

import json
import secrets
import socket
import sys
import time

import httpx
import pytest
import redis

from benchmarks.common import free_port, server
from tests.helpers import assert_problem, get_ok

ROLES = "/v1/roles?limit=2"
NEXT = "/v1/roles?limit=2&offset=2"
NEW_ROLE = {
    "slug": "edge-case-specialist",
    "title": "Edge case specialist",
    "level": "senior",
    "summary": "Handles what nobody else does.",
    "responsibilities": ["Handle edge cases"],
    "provenance": "Added by the HR team, 2026-12.",
    "source_id": 1,
}
# What a client can do to the Host an app sees: name another, name none, name two.
HOSTILE_HOSTS = {
    "another host": {"headers": {"Host": "evil.example"}},
    "no host (HTTP/1.0)": {"environ_overrides": {"HTTP_HOST": "", "SERVER_PROTOCOL": "HTTP/1.0"}},
    "two hosts": {"headers": [("Host", "localhost"), ("Host", "evil.example")]},
}


def a_prefix() -> str:
    return f"edge-{secrets.token_hex(4)}"


def shared_keys(redis_url: str, prefix: str) -> list[bytes]:
    return list(redis.Redis.from_url(redis_url).scan_iter(f"{prefix}:response:*", count=1000))


def assert_clean_links(response):
    page = response.get_json()
    assert page["pagination"]["next"] == NEXT
    assert response.headers["Link"] == f'<{NEXT}>; rel="next"'
    assert "evil" not in response.get_data(as_text=True) and "evil" not in str(response.headers)


@pytest.mark.parametrize("hostile", HOSTILE_HOSTS.values(), ids=HOSTILE_HOSTS)
def test_links_never_carry_the_host_a_client_names(more_apps, redis_url, hostile):
    prefix = a_prefix()
    poisoner, victim = (more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix).test_client() for _ in range(2))
    assert_clean_links(poisoner.get(ROLES, **hostile))
    assert_clean_links(victim.get(ROLES))  # served from Redis: what the first instance cached
    assert len(shared_keys(redis_url, prefix)) == 1


def test_forwarded_host_and_scheme_never_reach_a_link(more_apps, redis_url):
    prefix = a_prefix()
    proxied = more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, TRUSTED_PROXIES=1).test_client()
    forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "javascript"}
    assert_clean_links(proxied.get(ROLES, headers=forged))
    assert_clean_links(more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix).test_client().get(ROLES))


def test_the_root_document_and_locations_are_paths(client, writer):
    index = get_ok(client, "/", headers={"Host": "evil.example"})
    assert index["resources"]["roles"] == "/v1/roles" and index["openapi"] == "/openapi.json"
    assert "evil" not in str(index)
    created = client.post("/v1/roles", json=NEW_ROLE, headers={**writer, "Host": "evil.example"})
    assert created.status_code == 201, created.get_json()
    assert created.headers["Location"] == "/v1/roles/edge-case-specialist"


def test_a_cached_read_carries_no_header_of_the_request_that_filled_it(more_apps, redis_url):
    prefix = a_prefix()
    first, second = (more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix).test_client() for _ in range(2))
    sent = {
        "X-Request-ID": "chosen-by-the-first",
        "Origin": "https://first.example",
        "Accept-Language": "xx",
        "Cookie": "session=first",
        "Referer": "https://first.example/",
        "X-Forwarded-For": "192.0.2.1",
    }
    first.get(ROLES, headers=sent)
    for client in (first, second):  # from this process's memory, then from Redis
        replayed = client.get(ROLES, headers={"X-Request-ID": "mine"})
        assert replayed.headers.getlist("X-Request-ID") == ["mine"]
        assert not any(value in str(replayed.headers) for value in ("first", "192.0.2.1", "xx"))
    for key in shared_keys(redis_url, prefix):
        assert b"first" not in redis.Redis.from_url(redis_url).get(key)


@pytest.fixture
def hosts_listed(more_apps):
    return more_apps(ALLOWED_HOSTS=["api.example", ".example.org"], TRUSTED_PROXIES=1).test_client()


@pytest.mark.parametrize("host", ["api.example", "API.example:8443", "example.org", "hr.example.org"])
def test_a_listed_host_is_answered(hosts_listed, host):
    get_ok(hosts_listed, ROLES, headers={"Host": host})


@pytest.mark.parametrize(
    "sent",
    [
        {"headers": {"Host": "evil.example"}},
        {"headers": {"Host": "evil-example.org"}},
        {"environ_overrides": {"HTTP_HOST": "api.example\n"}},
        {"headers": {"Host": "api.example:x"}},
        {"headers": [("Host", "api.example"), ("Host", "evil.example")]},
        {"headers": {"Host": "api.example", "X-Forwarded-Host": "evil.example"}},
    ],
    ids=["unlisted", "lookalike", "newline", "bad port", "two hosts", "forwarded unlisted"],
)
def test_an_unlisted_missing_or_repeated_host_is_a_400(hosts_listed, sent):
    get_ok(hosts_listed, ROLES, headers={"Host": "api.example"})  # cached now; the cache must not answer
    body = assert_problem(hosts_listed.get(ROLES, **sent), 400)
    assert "Host" in body["detail"]


def test_probes_by_address_are_answered_where_hosts_are_listed(hosts_listed):
    for probe in ("/healthz", "/readyz"):
        assert hosts_listed.get(probe, headers={"Host": "10.0.0.5:8000"}).status_code == 200


def test_a_missing_host_is_a_400_where_hosts_are_listed(hosts_listed):
    assert_problem(hosts_listed.get(ROLES, environ_overrides={"HTTP_HOST": "", "SERVER_PROTOCOL": "HTTP/1.0"}), 400)


# Finding 8: the shared cache is keyed on what was negotiated, and bounded.


def test_varied_accept_and_origin_reads_share_one_entry(more_apps, redis_url):
    prefix = a_prefix()
    client = more_apps(REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix).test_client()
    for n in range(40):
        response = client.get(ROLES, headers={"Accept": f"application/json;q=0.{n + 10}"})
        assert response.status_code == 200 and response.mimetype == "application/json"
        response = client.get(ROLES, headers={"Origin": f"https://site{n}.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*" and "Origin" not in response.headers["Vary"]
    assert len(shared_keys(redis_url, prefix)) == 1
    assert client.get(ROLES, headers={"Accept": "text/csv;q=0.9, application/json;q=0.1"}).mimetype == "text/csv"
    assert client.get(ROLES, headers={"Accept": "*/*, text/csv"}).mimetype == "text/csv"


def test_listed_origins_each_get_their_own_answer(more_apps, redis_url):
    prefix = a_prefix()
    client = more_apps(
        REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, CORS_ORIGINS=["https://hr.example", "https://pay.example"]
    ).test_client()
    for n in range(20):
        assert (
            "Access-Control-Allow-Origin" not in client.get(ROLES, headers={"Origin": f"https://x{n}.example"}).headers
        )
    for origin in ("https://hr.example", "https://pay.example", "https://HR.example"):
        assert client.get(ROLES, headers={"Origin": origin}).headers["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Origin" not in client.get(ROLES, headers={"Origin": "https://x0.example"}).headers
    assert len(shared_keys(redis_url, prefix)) == 3  # unlisted, hr, pay; a case variant is not kept


def test_the_shared_cache_stays_within_its_byte_budget_and_ttl(more_apps, redis_url):
    prefix, budget_mb, ttl = a_prefix(), 0.1, 120
    client = more_apps(
        REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix, RESPONSE_CACHE_REDIS_MB=budget_mb, RESPONSE_CACHE_TTL=ttl
    ).test_client()
    urls = [f"/v1/roles?limit={limit}&sort={sort}" for limit in range(6, 100) for sort in ("title", "-title")]
    sent = sum(len(client.get(url).data) for url in urls[:60])
    assert sent > 2 * budget_mb * 1024 * 1024  # more than the bound, even across two budget windows
    shared = redis.Redis.from_url(redis_url)
    keys = shared_keys(redis_url, prefix)
    assert 0 < len(keys) < 60
    assert sum(shared.strlen(key) for key in keys) <= 2 * budget_mb * 1024 * 1024
    assert all(0 < shared.ttl(key) <= ttl for key in keys)


# Finding 12: forwarded headers are believed only from trusted proxies.


def a_client(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def random_address() -> str:
    return f"198.51.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


@pytest.fixture
def proxied_limits(more_apps):
    def make(**config):
        return more_apps(
            **{"RATELIMIT_ENABLED": True, "RATE_LIMIT_READS": "3 per minute", "TRUSTED_PROXIES": 1, **config}
        )

    return make


def test_a_client_reaching_the_app_directly_cannot_claim_an_address(proxied_limits):
    client = a_client(proxied_limits(), f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.7")
    statuses = [client.get(ROLES, headers={"X-Forwarded-For": random_address()}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_clients_behind_a_trusted_proxy_each_have_their_own_budget(proxied_limits):
    proxy = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.9"
    app = proxied_limits(TRUSTED_PROXY_CIDRS=["10.0.0.0/8"])
    first, second = random_address(), random_address()
    client = a_client(app, proxy)
    assert [client.get(ROLES, headers={"X-Forwarded-For": first}).status_code for _ in range(4)] == [200] * 3 + [429]
    assert client.get(ROLES, headers={"X-Forwarded-For": second}).status_code == 200


def test_every_hop_between_must_be_trusted(proxied_limits):
    app = proxied_limits(TRUSTED_PROXIES=2, TRUSTED_PROXY_CIDRS=["10.0.0.0/8"])
    client = a_client(app, f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.11")
    forged = [f"{random_address()}, 203.0.113.{n}" for n in range(5)]  # the middle hop is no proxy of ours
    assert [client.get(ROLES, headers={"X-Forwarded-For": value}).status_code for value in forged] == [
        200,
        200,
        200,
        429,
        429,
    ]


def test_a_bad_proxy_range_fails_at_start_up(more_apps):
    with pytest.raises(ValueError, match="TRUSTED_PROXY_CIDRS"):
        more_apps(TRUSTED_PROXIES=1, TRUSTED_PROXY_CIDRS=["10.0.0.0/33"])


# Finding 9: a slow body delays no one else, through the real server (granian, api/server.py).

BODY_TIMEOUT = 6  # the served app's BODY_READ_TIMEOUT, seconds


@pytest.fixture(scope="module")
def served(app):
    """The production server (one worker, one thread: the easiest to stall) on the session's database."""
    port = free_port()
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "THREADS": "1",
        "RATE_LIMIT_ENABLED": "false",
        "BODY_READ_TIMEOUT": str(BODY_TIMEOUT),
        "MAX_BODY_BYTES": "65536",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    with server([sys.executable, "-m", "api.server"], env) as (base, _):
        yield base, port


def raw(port: int, request: bytes, timeout: float = 30) -> tuple[int, dict, bytes]:
    """Send `request` as is; the status, headers (lower-cased names) and body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        return read_response(sock)


def read_response(sock) -> tuple[int, dict, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    while len(body) < int(headers.get("content-length", 0)):
        body += sock.recv(65536)
    return int(lines[0].split()[1]), headers, body


def test_slow_bodies_delay_no_one_else(served, writer):
    base, port = served
    declared = (
        f"PATCH /v1/salary-bands/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {writer['Authorization']}"
        '\r\nIf-Match: "x"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{'
    ).encode()
    slow = [socket.create_connection(("127.0.0.1", port), timeout=BODY_TIMEOUT + 20) for _ in range(4)]
    try:
        for sock in slow:
            sock.sendall(declared)  # one byte of the hundred declared, and then nothing
        time.sleep(0.5)
        started = time.monotonic()
        response = httpx.get(f"{base}/v1/sources", timeout=BODY_TIMEOUT + 20)
        waited = time.monotonic() - started
        assert response.status_code == 200
        assert waited < BODY_TIMEOUT, f"a plain read waited {waited:.1f} s behind slow bodies"
        for sock in slow:
            status, headers, body = read_response(sock)
            assert status == 408 and headers["content-type"] == "application/problem+json"
            assert f"{BODY_TIMEOUT} seconds" in json.loads(body)["detail"]
    finally:
        for sock in slow:
            sock.close()


def test_whole_bodies_still_arrive_chunked_or_not(served, writer):
    base, _ = served
    with httpx.Client(base_url=base, timeout=30) as http:
        chunked = http.post(
            "/v1/roles",
            content=iter([json.dumps(NEW_ROLE).encode()[:20], json.dumps(NEW_ROLE).encode()[20:]]),
            headers={**writer, "Content-Type": "application/json"},
        )
        assert chunked.status_code == 201, chunked.text
        assert chunked.headers["Location"] == "/v1/roles/edge-case-specialist"
        current = http.get("/v1/roles/edge-case-specialist")
        patched = http.patch(
            "/v1/roles/edge-case-specialist",
            json={"title": "Edge case lead"},
            headers={**writer, "If-Match": current.headers["ETag"]},
        )
        assert patched.status_code == 200 and patched.json()["title"] == "Edge case lead"


def test_a_body_declared_too_large_is_refused_unread(served, writer):
    _, port = served
    started = time.monotonic()
    status, headers, _ = raw(
        port,
        (
            f"POST /v1/roles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
            f"{writer['Authorization']}\r\nContent-Type: application/json\r\n"
            "Content-Length: 100000000\r\n\r\n{"
        ).encode(),
    )
    assert status == 413 and headers["content-type"] == "application/problem+json"
    assert time.monotonic() - started < BODY_TIMEOUT  # answered at once, not after waiting for the body


@pytest.mark.parametrize(
    "request_line",
    [
        b"GET /v1/roles?limit=2 HTTP/1.0\r\n\r\n",
        b"GET /v1/roles?limit=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        b"GET /v1/roles?limit=2 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    ],
    ids=["no host", "two hosts", "unlisted host"],
)
def test_the_real_server_refuses_a_missing_repeated_or_unlisted_host(served, request_line):
    base, port = served
    status, headers, _ = raw(port, request_line)
    assert status == 400 and headers["content-type"] == "application/problem+json"
    clean = httpx.get(f"{base}/v1/roles?limit=2")
    assert clean.json()["pagination"]["next"] == NEXT and clean.headers["Link"] == f'<{NEXT}>; rel="next"'
