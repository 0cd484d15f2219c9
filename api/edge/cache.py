"""Cached reads: a finished JSON response, kept under the dataset version it was built from.

A public GET on /v1 looks up (dataset version, what was negotiated, path and query). Every write
bumps the version in its own transaction, so a cached body can never outlive the data behind it:
the next read after a write looks under the new version and misses. Each process keeps bodies in
memory, bounded in bytes; with REDIS_URL they are shared by every worker and instance as well,
bounded in time and bytes. The version is read from the database on every request: one
primary-key read, the one truth.

Nothing a client sends goes into a key or a kept header raw: the key carries the representation
chosen (JSON, the only one kept) and the CORS answer (the one configured origin allowed, or none),
so varying Accept q-values or Origin values makes no new entries.
"""

import hashlib
import json
import logging
import threading
import time

import redis
from cachetools import LRUCache
from flask import Flask, Response, request
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_etags, unquote_etag

from api.edge.keys import REFUSED, VERSION

# Every media type a /v1 read can answer. The cache answers only when JSON beats all of them for the
# client's Accept, as the app's negotiation would choose it then too (a superset changes no winner).
REPRESENTATIONS = (
    "application/json",
    "text/csv",
    "application/x-ndjson",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
DECISIONS_KEPT = 1024  # Accept values whose decision is remembered, so the hot path parses none
# Stores in a budget window only when the bytes stored in it stay within the budget; the window is one
# TTL long, so what Redis holds is at most two windows' budgets.
STORE_WITHIN_BUDGET = """
local used = redis.call('INCRBY', KEYS[2], string.len(ARGV[1]))
if used == string.len(ARGV[1]) then redis.call('EXPIRE', KEYS[2], 2 * tonumber(ARGV[2])) end
if used > tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
"""
log = logging.getLogger(__name__)


class LocalStore:
    """This process's cache: least recently used entries go first past `max_bytes` of bodies."""

    def __init__(self, max_bytes: int):
        self.entries = LRUCache(maxsize=max_bytes, getsizeof=lambda entry: len(entry[0]))
        self.lock = threading.Lock()  # with THREADS > 1: LRUCache is not thread-safe

    @property
    def size(self) -> int:
        """The bytes of the bodies kept."""
        return self.entries.currsize

    def get(self, key: str):
        with self.lock:
            return self.entries.get(key)

    def set(self, key: str, entry) -> None:
        with self.lock:
            try:
                self.entries[key] = entry
            except ValueError:  # a body larger than the whole cache is not kept
                pass


class RedisStore:
    """Shared by every worker and instance. A Redis fault is a miss, never a failed request."""

    def __init__(self, client: redis.Redis, prefix: str, ttl: int, budget_bytes: int):
        self.client = client
        self.prefix, self.ttl, self.budget = prefix, ttl, budget_bytes
        self.store = self.client.register_script(STORE_WITHIN_BUDGET)

    def get(self, key: str):
        try:
            value = self.client.get(key)
        except redis.RedisError as error:
            log.warning("Response cache unavailable: %s", error)
            return None
        if value is None:
            return None
        head, _, body = value.partition(b"\n")
        return body, [tuple(header) for header in json.loads(head)]  # WSGI servers want (name, value) tuples

    def set(self, key: str, entry) -> None:
        body, headers = entry
        window = f"{self.prefix}:response-bytes:{int(time.time() // self.ttl)}"
        try:
            self.store(keys=[key, window], args=[json.dumps(headers).encode() + b"\n" + body, self.ttl, self.budget])
        except redis.RedisError as error:
            log.warning("Response cache unavailable: %s", error)


class LayeredStore:
    """This process's memory first, then Redis when there is one. An entry's key carries the dataset
    version, checked against the database on every request, so a local copy is as valid as the
    shared one; a local hit saves a Redis round trip."""

    def __init__(self, local: LocalStore, shared: RedisStore | None):
        self.local, self.shared = local, shared

    def get(self, key: str):
        entry = self.local.get(key)
        if entry is None and self.shared is not None:
            entry = self.shared.get(key)
            if entry is not None:
                self.local.set(key, entry)
        return entry

    def set(self, key: str, entry) -> None:
        self.local.set(key, entry)
        if self.shared is not None:
            self.shared.set(key, entry)


def wants_json(accept: str) -> bool:
    """Whether the app's negotiation answers JSON to this Accept header (absent: the first offered, JSON)."""
    return not accept or parse_accept_header(accept, MIMEAccept).best_match(REPRESENTATIONS) == REPRESENTATIONS[0]


class CorsAnswer:
    """The Access-Control-Allow-Origin a /v1 read gets, as flask-cors answers for CORS_ORIGINS: `*`
    for any origin, or the request's origin when listed (one key per listed origin, one for the rest).
    None: not keyable (a case variant of a listed origin, which flask-cors echoes as sent)."""

    def __init__(self, origins: list[str]):
        self.wildcard = "*" in origins
        self.exact = set(origins)
        self.folded = {origin.lower() for origin in origins}

    def __call__(self, origin: str | None) -> str | None:
        if self.wildcard or not origin:
            return "*" if self.wildcard else ""
        if origin in self.exact:
            return origin
        return None if origin.lower() in self.folded else "-"

    @staticmethod
    def answered(expected: str, headers: list) -> bool:
        """Whether the response's Allow-Origin is the one its key stands for (a guard against drift)."""
        sent = [value for name, value in headers if name.lower() == "access-control-allow-origin"]
        return expected == "" or sent == ([] if expected == "-" else [expected])


class CachedReads:
    """WSGI layer: a public GET on /v1 is answered from the cache when it can be, without entering
    Flask; otherwise Flask answers and a 200 JSON body is kept. The key is the dataset version and
    when it changed, the CORS answer (CORS headers are kept with the body) and the path with its
    query; only reads the app would answer as JSON are looked up."""

    def __init__(self, app: Flask, wsgi_app, reader, client: redis.Redis | None):
        self.wsgi_app = wsgi_app
        self.reader = reader
        self.max_entry = app.config["RESPONSE_CACHE_MAX_ENTRY_BYTES"]
        self.prefix = app.config["REDIS_KEY_PREFIX"]
        self.cors = CorsAnswer(app.config["CORS_ORIGINS"])
        self.json_wanted: dict[str, bool] = {}
        shared = None
        if client is not None:
            shared = RedisStore(
                client,
                self.prefix,
                app.config["RESPONSE_CACHE_TTL"],
                int(app.config["RESPONSE_CACHE_REDIS_MB"] * 1024 * 1024),
            )
        self.store = LayeredStore(LocalStore(app.config["RESPONSE_CACHE_MB"] * 1024 * 1024), shared)

    def negotiated(self, environ) -> str | None:
        """The key part a client's headers decide, or None when this read is not served from the cache."""
        accept = environ.get("HTTP_ACCEPT", "")
        wanted = self.json_wanted.get(accept)
        if wanted is None:
            wanted = wants_json(accept)
            if len(self.json_wanted) >= DECISIONS_KEPT:
                self.json_wanted.clear()
            self.json_wanted[accept] = wanted
        if not wanted or "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK" in environ:
            return None
        return self.cors(environ.get("HTTP_ORIGIN"))

    def __call__(self, environ, start_response):
        if (
            environ["REQUEST_METHOD"] != "GET"
            or not environ.get("PATH_INFO", "").startswith("/v1/")
            or "HTTP_AUTHORIZATION" in environ
            or REFUSED in environ
        ):
            return self.wsgi_app(environ, start_response)
        allowed_origin = self.negotiated(environ)
        if allowed_origin is None:
            return self.wsgi_app(environ, start_response)
        try:
            row = self.reader.read()
        except OperationalError as error:  # Flask answers the 503, without waiting for the database again
            environ[REFUSED] = error
            return self.wsgi_app(environ, start_response)
        version = environ[VERSION] = (row[0], str(row[1])) if row else (0, "")
        what = "\n".join((allowed_origin, environ["PATH_INFO"], environ.get("QUERY_STRING", ""))).encode(
            "latin-1", "replace"
        )
        key = f"{self.prefix}:response:{version[0]}:{version[1]}:{hashlib.sha256(what).hexdigest()}"
        entry = self.store.get(key)
        if entry is not None:
            return self.replay(environ, start_response, *entry)
        captured = []

        def start(status, headers, exc_info=None):
            captured[:] = [status, list(headers)]  # before an outer layer adds this request's own headers
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, start)
        if not captured or not captured[0].startswith("200"):
            return body
        headers = dict(captured[1])
        length = int(headers.get("Content-Length", self.max_entry + 1))  # none: a streamed export
        if (
            headers.get("Content-Type") != "application/json"
            or length > self.max_entry
            or not self.cors.answered(allowed_origin, captured[1])
        ):
            return body
        try:
            chunks = list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        kept = [(name, value) for name, value in captured[1] if name.lower() != "content-length"]
        self.store.set(key, (b"".join(chunks), kept))
        return chunks

    @staticmethod
    def replay(environ, start_response, body: bytes, headers: list):
        etag = next((value for name, value in headers if name == "ETag"), None)
        if etag and parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(unquote_etag(etag)[0]):
            start_response("304 NOT MODIFIED", [h for h in headers if h[0] != "Content-Type"])
            return []
        start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
        return [body]


def cache_control(response: Response) -> Response:
    """Reads may be stored but must be revalidated (ETag), so no cache anywhere serves stale data."""
    if request.path.startswith("/v1/") and "Cache-Control" not in response.headers:
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            private = "Authorization" in request.headers
            response.headers["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
            # A plain header write: werkzeug's `vary` property re-parses the header on every call.
            vary = response.headers.get("Vary")
            response.headers["Vary"] = f"{vary}, Accept" if vary else "Accept"
        else:
            response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(cache_control)
