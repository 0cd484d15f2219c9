"""What every response gets: security headers, CORS, a request id, a JSON access log line; and what
the edge believes of a request: its Host (ALLOWED_HOSTS) and forwarded headers (trusted proxies only)."""

import ipaddress
import json
import logging
import re
import time
import uuid

from flask import Flask, request
from flask_cors import CORS
from werkzeug.exceptions import BadRequest

SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    # Everything the pages load is served from here; Swagger UI sets inline styles.
    ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
]
EXPOSED_HEADERS = ["ETag", "Link", "Location", "X-Dataset-Version", "X-Request-ID", "Retry-After",
                   "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
# A host name or bracketed IPv6 literal, and an optional port: one value, nothing else (RFC 9110 §7.2).
HOST = re.compile(r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")
SCHEMES = {"http", "https"}
PROBES = ("/healthz", "/readyz")  # load balancers probe by address, and these answers carry no link
REFUSED = "api.refused"  # set by a WSGI layer; Flask raises it, so the error is the one problem+json

access_log = logging.getLogger("api.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: the message, and any `fields` passed in `extra`."""

    def format(self, record):
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                "logger": record.name, "message": record.getMessage(), **getattr(record, "fields", {})}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class Edge:
    """The outermost WSGI layer: every response, a cached one too, gets the security headers and a
    request id, and one access log line. Plain WSGI, as Flask hooks cost more than the work."""

    def __init__(self, app: Flask, wsgi_app):
        self.wsgi_app = wsgi_app
        self.allowed_hosts = {host.lower() for host in app.config["ALLOWED_HOSTS"]}

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        offered = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        if (self.allowed_hosts and not host_allowed(environ.get("HTTP_HOST", ""), self.allowed_hosts)
                and environ.get("PATH_INFO") not in PROBES):
            environ[REFUSED] = BadRequest("The Host header is missing, repeated or names a host this service does "
                                          "not answer to (ALLOWED_HOSTS).")
        status = []

        def start(status_line, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            # A new list: the one given may be what an inner layer keeps (a cached read's headers).
            headers = [*headers, ("X-Request-ID", request_id),
                       *(header for header in SECURITY_HEADERS if header[0].lower() not in present)]
            status.append(status_line)
            return start_response(status_line, headers, exc_info)

        body = self.wsgi_app(environ, start)
        if access_log.isEnabledFor(logging.INFO):
            # Path only, never the query or headers: no keys or personal data in logs.
            path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1").decode(
                "utf-8", "replace")
            access_log.info("request", extra={"fields": {
                "request_id": request_id, "method": environ.get("REQUEST_METHOD"), "path": path,
                "status": int(status[0][:3]) if status else None,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1)}})
        return body


def host_allowed(value: str, allowed: set[str]) -> bool:
    """One well-formed Host naming a listed host, or a subdomain of a listed `.domain`; `*` takes any."""
    match = HOST.fullmatch(value)
    if match is None:
        return False
    name = match["name"].lower()
    return "*" in allowed or name in allowed or any(
        entry.startswith(".") and (name.endswith(entry) or name == entry[1:]) for entry in allowed)


class TrustedProxies:
    """X-Forwarded-For, -Proto and -Host as the TRUSTED_PROXIES proxies in front set them, believed only
    when the request comes from TRUSTED_PROXY_CIDRS: anyone reaching the app directly could claim any
    address (a fresh rate budget per request) or any host. A scheme other than http(s), a host that
    is not one, or an address that is not one is ignored."""

    def __init__(self, wsgi_app, hops: int, cidrs: list[str]):
        self.wsgi_app, self.hops, self.networks = wsgi_app, hops, []
        for cidr in cidrs:
            try:
                self.networks.append(ipaddress.ip_network(cidr, strict=False))
            except ValueError:
                raise ValueError(f"TRUSTED_PROXY_CIDRS: {cidr!r} is not an address or range") from None

    def trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def chain(self, environ, name: str) -> list[str] | None:
        """The header's last `hops` values, the first being what the outermost trusted proxy saw."""
        values = [value.strip() for value in environ.get(name, "").split(",")]
        return values[-self.hops:] if len(values) >= self.hops and all(values[-self.hops:]) else None

    def __call__(self, environ, start_response):
        if self.trusted(environ.get("REMOTE_ADDR", "")):
            addresses = self.chain(environ, "HTTP_X_FORWARDED_FOR")
            if addresses and all(self.trusted(hop) for hop in addresses[1:]):
                try:
                    environ["REMOTE_ADDR"] = str(ipaddress.ip_address(addresses[0]))
                except ValueError:
                    pass
            scheme = self.chain(environ, "HTTP_X_FORWARDED_PROTO")
            if scheme and scheme[0].lower() in SCHEMES:
                environ["wsgi.url_scheme"] = scheme[0].lower()
            host = self.chain(environ, "HTTP_X_FORWARDED_HOST")
            if host and HOST.fullmatch(host[0]):
                environ["HTTP_HOST"] = host[0]
        return self.wsgi_app(environ, start_response)


def behind_proxies(app: Flask, wsgi_app):
    """Forwarded headers from TRUSTED_PROXIES proxies at TRUSTED_PROXY_CIDRS (none by default)."""
    hops = app.config["TRUSTED_PROXIES"]
    return TrustedProxies(wsgi_app, hops, app.config["TRUSTED_PROXY_CIDRS"]) if hops else wsgi_app


def _refuse_if_refused():
    refused = request.environ.get(REFUSED)
    if refused is not None:
        raise refused


def init_app(app: Flask) -> None:
    app.before_request(_refuse_if_refused)
    # `*` answers `*` to every origin rather than echoing each one, so cached reads stay one body.
    CORS(app, resources={r"/v1/*": {}, r"/openapi.*": {}}, origins=app.config["CORS_ORIGINS"],
         send_wildcard="*" in app.config["CORS_ORIGINS"],
         expose_headers=EXPOSED_HEADERS, allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match",
                                                         "X-Request-ID"], max_age=600)
    if not app.testing and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(app.config["LOG_LEVEL"])
