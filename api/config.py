"""Configuration: every setting comes from the environment, with a default that works offline."""

import os

API_DESCRIPTION = """\
Customer-service **roles**, their **2026 salary bands**, the **industries** that hire them and
the **skills** that set people apart, as published in the 2026 Salary Guide From Robert Half
(customer-service excerpt, US national starting salaries).

Every fact carries the sentence of the guide it came from (`provenance`) and links to its
`source`. Roles the guide publishes no band for say so (`has_published_band: false`); no figure
is estimated or invented.

**Conventions.** Field names are snake_case. Money is a whole number of currency units
(`integer`) next to an ISO 4217 `currency` and an explicit `period` (`annual`); a derived
`midpoint` is `(salary_min + salary_max) / 2` and may end in `.5`. Dates and times are RFC 3339.
Lists share one envelope: `data` plus `pagination` (`total`, `limit`, `offset`, `next`,
`prev`), and a `Link` header with the same `next`/`prev` links: relative references (path and
query), resolved against the URL requested. Reads carry a strong `ETag` and answer
`304 Not Modified` to a matching `If-None-Match`.

**Errors** are `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`,
`instance`, and for invalid input an `errors` list naming each field. An unknown query
parameter is `400`; a known parameter with a bad value is `422`.

**Rate limits.** Each client address has a budget for reads, a smaller one for writes and a
smaller still for imports (per minute, set by the operator). Counted responses carry
`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds); past the budget the
answer is `429` problem+json with `Retry-After`. CORS preflights are never counted.

**Licence.** The code is MIT-licensed. The salary figures and descriptions are quoted from the
2026 Salary Guide From Robert Half for reference, with attribution; they remain Robert Half's.
"""


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() not in {"0", "false", "no", "off"}


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_url(instance_path: str) -> str:
    """DATABASE_URL, normalised to psycopg 3; SQLite in the instance folder when unset."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "salary_bands.sqlite3")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            # Spell the driver out so the URL means psycopg 3 whatever SQLAlchemy's default is.
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment."""

    API_TITLE = "Customer Service Salary Bands API"
    API_VERSION = "1.0.0"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {"info": {"description": API_DESCRIPTION, "license": {"name": "MIT", "identifier": "MIT"}}}
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # PostgreSQL connections are opened as needed up to these caps, per worker process: a worker with
    # THREADS=1 holds one for requests (plus one for version reads), whatever the caps (docs/scaling.md).
    DB_POOL_SIZE = int(os.environ.get("DB_POOL_SIZE", "5"))
    DB_MAX_OVERFLOW = int(os.environ.get("DB_MAX_OVERFLOW", "10"))
    # Bodies over this answer 413; room for a large import of bands as CSV (docs/scaling.md).
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_BODY_BYTES", 32 * 1024 * 1024))
    # A request declaring a body must deliver it within this many seconds, or get 408 (api/server.py).
    # Waiting costs no thread, so this only frees the connection; long enough for a large import at a
    # modest upload rate (docs/scaling.md).
    BODY_READ_TIMEOUT = float(os.environ.get("BODY_READ_TIMEOUT", "30"))
    CORS_ORIGINS = _list("CORS_ORIGINS", "*")
    # Host names this service answers to (`.example.com` takes subdomains too); empty takes any, as
    # no response carries the Host: links are relative.
    ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "")
    # How many proxies in front set X-Forwarded-*; 0 trusts none of those headers. They are believed
    # only from the addresses in TRUSTED_PROXY_CIDRS.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    TRUSTED_PROXY_CIDRS = _list("TRUSTED_PROXY_CIDRS", "127.0.0.1/32,::1/128")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
    # A database that does not answer costs a request this long, then it gets a 503 to retry.
    DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "15000"))
    RETRY_AFTER_SECONDS = int(os.environ.get("RETRY_AFTER_SECONDS", "5"))
    # A writer queued behind another (a long import) waits this long for the write lock, then gets 503.
    WRITE_LOCK_TIMEOUT_MS = int(os.environ.get("WRITE_LOCK_TIMEOUT_MS", "2000"))
    # Shared state for many workers and instances (rate-limit counters, cached responses); unset
    # keeps both in each process.
    REDIS_URL = os.environ.get("REDIS_URL", "").strip()
    # Keys in Redis start with this, so deployments sharing one Redis never share counters or bodies.
    REDIS_KEY_PREFIX = os.environ.get("REDIS_KEY_PREFIX", "salary-bands")
    # Finished JSON reads, kept per dataset version (in Redis when REDIS_URL is set).
    RESPONSE_CACHE = _flag("RESPONSE_CACHE", "true")
    RESPONSE_CACHE_MB = int(os.environ.get("RESPONSE_CACHE_MB", "32"))  # in each process, Redis or not
    RESPONSE_CACHE_MAX_ENTRY_BYTES = 1024 * 1024
    # Redis keeps a body this many seconds, and stores at most RESPONSE_CACHE_REDIS_MB of bodies in
    # each such window, so the shared cache never holds more than twice that (docs/edge.md).
    RESPONSE_CACHE_TTL = int(os.environ.get("RESPONSE_CACHE_TTL", "300"))
    RESPONSE_CACHE_REDIS_MB = float(os.environ.get("RESPONSE_CACHE_REDIS_MB", "64"))
    RATELIMIT_ENABLED = _flag("RATE_LIMIT_ENABLED", "true")
    # Per client address, in the `limits` notation ("1200 per minute", "20/second;1000/hour").
    RATE_LIMIT_READS = os.environ.get("RATE_LIMIT_READS", "1200 per minute")
    RATE_LIMIT_WRITES = os.environ.get("RATE_LIMIT_WRITES", "120 per minute")
    RATE_LIMIT_IMPORTS = os.environ.get("RATE_LIMIT_IMPORTS", "10 per minute")
