"""The edge: the WSGI layers in front of Flask, in the one order they run, and what they pass each other.

Outermost first:
1. `proxies.TrustedProxies`: X-Forwarded-* believed from TRUSTED_PROXY_CIDRS only (when TRUSTED_PROXIES).
2. `headers.Stamped`: security headers, the request id and the access log line on every response.
3. `proxies.HostCheck`: a Host outside ALLOWED_HOSTS is refused (when ALLOWED_HOSTS).
4. `bounds.RequestBounds`: a URL past URL_MAX, a malformed or overlong If-Match/If-None-Match is refused.
5. `ratelimit.RateLimits`: every /v1 request counted; a breached budget is refused (when RATELIMIT_ENABLED).
6. `cache.CachedReads`: a public JSON read answered without entering Flask (when RESPONSE_CACHE).

A layer never answers a refusal itself: it leaves the error under `keys.REFUSED` and Flask raises it,
so every refusal is the one problem+json with CORS. The cache sits inside the rate limits and skips a
refused request, so nothing limited or refused is served from it; it leaves the dataset version it
read under `keys.VERSION` for the app. Redis, when REDIS_URL is set, is one client shared by the layers.
"""

import redis
from flask import Flask, request

from api.edge import bounds, cache, headers, proxies, ratelimit
from api.edge.keys import REFUSED

REDIS_TIMEOUT_SECONDS = 0.25  # a slow Redis is a cache miss or local counting, never a slow answer


def install(app: Flask, version_reader) -> None:
    """Wrap the app in the edge's layers; `version_reader` reads the dataset version for the cache."""
    url = app.config["REDIS_URL"]
    client = (
        redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
        if url
        else None
    )
    wsgi_app = app.wsgi_app
    if app.config["RESPONSE_CACHE"]:
        wsgi_app = cache.CachedReads(app, wsgi_app, version_reader, client)
    if app.config["RATELIMIT_ENABLED"]:
        wsgi_app = ratelimit.RateLimits(app, wsgi_app, client)
    wsgi_app = bounds.RequestBounds(wsgi_app)
    if app.config["ALLOWED_HOSTS"]:
        wsgi_app = proxies.HostCheck(wsgi_app, app.config["ALLOWED_HOSTS"])
    wsgi_app = headers.Stamped(wsgi_app)
    if app.config["TRUSTED_PROXIES"]:
        wsgi_app = proxies.TrustedProxies(wsgi_app, app.config["TRUSTED_PROXIES"], app.config["TRUSTED_PROXY_CIDRS"])
    app.wsgi_app = wsgi_app
    app.before_request(_raise_refusal)
    headers.init_app(app)
    cache.init_app(app)


def _raise_refusal():
    refused = request.environ.get(REFUSED)
    if refused is not None:
        raise refused
