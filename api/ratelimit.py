"""Per-client rate limits on /v1: a read budget, a tighter write budget, a tighter still import budget.

Counters live in Redis when REDIS_URL is set, so every worker and instance shares one budget per
client; otherwise in process memory (one budget per worker). A client is its address (the real
one behind a proxy once TRUSTED_PROXIES is set). CORS preflights (OPTIONS) are never counted.
"""

import time

from flask import Flask, current_app, request
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many

READ_METHODS = ["GET", "HEAD"]
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
IMPORT_PATH = "/v1/salary-bands/import"


def _outside_api() -> bool:
    return not request.path.startswith("/v1/")


def _not_import() -> bool:
    return request.path != IMPORT_PATH


def _limit(config_key: str, scope: str, methods, exempt_when=_outside_api) -> ApplicationLimit:
    # Read from the app config when the request is checked, so each app keeps its own settings.
    def message() -> str:
        return (f"Too many {scope} from this client (the limit is {current_app.config[config_key]}). "
                "Wait the seconds Retry-After gives, then retry.")

    return ApplicationLimit(lambda: current_app.config[config_key], scope=scope, methods=methods,
                            exempt_when=exempt_when, error_message=message)


class _Headers:
    """Adds RateLimit-Limit/-Remaining/-Reset (seconds) to a counted request, and Retry-After to a 429."""

    def __init__(self, limiter: Limiter):
        self.limiter = limiter

    def __call__(self, response):
        current = self.limiter.current_limit
        if current is None:
            return response
        reset = max(0, int(current.reset_at - time.time()))
        response.headers["RateLimit-Limit"] = str(current.limit.amount)
        response.headers["RateLimit-Remaining"] = str(current.remaining)
        response.headers["RateLimit-Reset"] = str(reset)
        if response.status_code == 429:
            response.headers["Retry-After"] = str(max(1, reset))
        return response


def init_app(app: Flask) -> Limiter:
    """A Limiter of this app's own (one shared instance would keep whichever app came last)."""
    for key in ("RATE_LIMIT_READS", "RATE_LIMIT_WRITES", "RATE_LIMIT_IMPORTS"):
        try:  # a typo in a limit fails at start-up, not as a 500 on every request
            parse_many(app.config[key])
        except ValueError as error:
            raise ValueError(f"{key}={app.config[key]!r} is not a rate limit: {error}") from None
    limiter = Limiter(
        get_remote_address,
        app=None,
        application_limits=[
            _limit("RATE_LIMIT_READS", "reads", READ_METHODS),
            _limit("RATE_LIMIT_WRITES", "writes", WRITE_METHODS),
            _limit("RATE_LIMIT_IMPORTS", "imports", ["POST"], exempt_when=_not_import),
        ],
        storage_uri=app.config["REDIS_URL"] or "memory://",
        strategy="fixed-window",
        headers_enabled=False,
        # If Redis goes away, limits keep working per process instead of failing every request.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        key_prefix="salary-bands",
    )
    limiter.init_app(app)
    app.after_request(_Headers(limiter))
    app.extensions["rate_limiter"] = limiter
    return limiter
