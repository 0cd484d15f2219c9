"""Per-client rate limits on /v1: a read budget, a tighter write budget, a tighter still import budget.

Counters live in Redis when REDIS_URL is set, so every worker and instance shares one budget per
client; otherwise in process memory (one budget per worker). A client is its address (the real
one behind a proxy once TRUSTED_PROXIES is set). CORS preflights (OPTIONS) are never counted.

This is a WSGI layer using the `limits` library's notation (flask-limiter's), so a cached read is counted
without entering Flask. Windows are fixed and aligned to the clock, so one counter increment per limit
answers both "allowed?" and the headers.
"""

import logging
import threading
import time

import redis
from flask import Flask
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from api.edge.keys import REFUSED

READ_METHODS = {"GET", "HEAD"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
IMPORT_PATHS = ("/v1/salary-bands/import", "/v1/roster")  # a roster costs like an import
BUDGETS = {"reads": "RATE_LIMIT_READS", "writes": "RATE_LIMIT_WRITES", "imports": "RATE_LIMIT_IMPORTS"}
FALLBACK_SECONDS = 10  # after a Redis error, count in this process for a while before trying again
log = logging.getLogger(__name__)


def _tightness(state):
    """Sort key for (limit, remaining, reset, breached) states: a breached limit, then the fewest left."""
    return state[3], -state[1]


def scopes(method: str, path: str) -> tuple[str, ...]:
    """The budgets a request counts against (none outside /v1, none for OPTIONS)."""
    if not path.startswith("/v1/"):
        return ()
    if method in READ_METHODS:
        return ("reads",)
    if method in WRITE_METHODS:
        return ("writes", "imports") if method == "POST" and path in IMPORT_PATHS else ("writes",)
    return ()


class LocalCounters:
    """Counters in this process, each dropped once its window is over. Swept by the counting thread: the
    `limits` MemoryStorage starts a timer thread every 10 ms while counting, and each start stalls the
    request thread on the GIL."""

    def __init__(self):
        self.counts: dict[str, list] = {}  # key: [count, expires at]
        self.lock = threading.Lock()
        self.next_sweep = 0.0

    def incr(self, key: str, expiry: int) -> int:
        now = time.monotonic()
        with self.lock:
            if now >= self.next_sweep:
                self.counts = {k: entry for k, entry in self.counts.items() if entry[1] > now}
                self.next_sweep = now + 1
            entry = self.counts.get(key)
            if entry is None or entry[1] <= now:
                entry = self.counts[key] = [0, now + expiry]
            entry[0] += 1
            return entry[0]


class RateLimits:
    def __init__(self, app: Flask, wsgi_app, client: redis.Redis | None):
        self.wsgi_app = wsgi_app
        self.budgets = {}
        for scope, key in BUDGETS.items():
            try:  # a typo in a limit fails at start-up, not as a 500 on every request
                self.budgets[scope] = (app.config[key], parse_many(app.config[key]))
            except ValueError as error:
                raise ValueError(f"{key}={app.config[key]!r} is not a rate limit: {error}") from None
        self.redis = client
        self.memory = LocalCounters()  # the counters without Redis, and while Redis is away
        self.prefix = app.config["REDIS_KEY_PREFIX"]
        self.down_until = 0.0

    def _incr(self, key: str, expiry: int) -> int:
        if self.redis is not None and time.monotonic() >= self.down_until:
            try:
                # One round trip, cheaper than `limits`' Redis storage (figures: docs/scaling.md).
                count, _ = self.redis.pipeline(transaction=False).incr(key).expire(key, expiry, nx=True).execute()
                return count
            except redis.RedisError as error:  # limits keep working when Redis does not
                log.warning("Rate-limit storage unavailable, counting in this process: %s", error)
                self.down_until = time.monotonic() + FALLBACK_SECONDS
        return self.memory.incr(key, expiry)

    def count(self, scope: str, client: str):
        """Count this request; (limit, remaining, seconds to reset, breached) of the tightest limit."""
        now, states = time.time(), []
        for item in self.budgets[scope][1]:
            period = item.get_expiry()
            window = int(now // period)
            used = self._incr(f"{self.prefix}:rate:{scope}:{item.key_for()}:{client}:{window}", period)
            states.append(
                (item.amount, max(0, item.amount - used), int((window + 1) * period - now), used > item.amount)
            )
        return max(states, key=_tightness)

    def __call__(self, environ, start_response):
        counted = scopes(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""))
        if not counted:
            return self.wsgi_app(environ, start_response)
        client = environ.get("REMOTE_ADDR", "")
        states = [(scope, self.count(scope, client)) for scope in counted]
        scope, (limit, remaining, reset, breached) = max(states, key=lambda state: _tightness(state[1]))
        headers = [
            ("RateLimit-Limit", str(limit)),
            ("RateLimit-Remaining", str(remaining)),
            ("RateLimit-Reset", str(reset)),
        ]
        if breached:
            # Answered by Flask, so the 429 is the same problem+json, with CORS, as every other error.
            environ[REFUSED] = TooManyRequests(
                f"Too many {scope} from this client (the limit is "
                f"{self.budgets[scope][0]}). Wait the seconds Retry-After gives, then retry."
            )
            headers.append(("Retry-After", str(max(1, reset))))

        def start(status, response_headers, exc_info=None):
            return start_response(status, [*response_headers, *headers], exc_info)

        return self.wsgi_app(environ, start)
