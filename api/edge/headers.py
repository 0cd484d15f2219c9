"""What every response gets: security headers, CORS, a request id and a JSON access log line."""

import json
import logging
import re
import time
import uuid
from urllib.parse import unquote

from flask import Flask, Response, request
from flask_cors.core import get_cors_headers, get_cors_options

SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    # Everything the pages load is served from here; Swagger UI sets inline styles.
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
]
EXPOSED_HEADERS = [
    "ETag",
    "Link",
    "Location",
    "X-Dataset-Version",
    "X-Request-ID",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
]
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
CORS_PATHS = ("/v1", "/openapi")  # flask-cors' resources r"/v1/*" and r"/openapi.*": prefixes of the path
# The request headers flask-cors' answer depends on, besides whether the request is a preflight.
CORS_INPUTS = (
    "Origin",
    "Access-Control-Request-Method",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Private-Network",
)
CORS_ANSWERS_KEPT = 1024  # distinct inputs remembered; past this the memory starts over (bounded)
# Inputs longer than this together are answered without being remembered: the memory holds no request's
# long headers, so it stays small however large a client makes them.
CORS_KEY_CHARS = 512

access_log = logging.getLogger("api.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: the message, and any `fields` passed in `extra`."""

    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class Stamped:
    """Every response, a cached one too, gets the security headers and a request id, and one access
    log line. Plain WSGI, as Flask hooks cost more than the work."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        offered = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        status = []

        def start(status_line, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            # A new list: the one given may be what an inner layer keeps (a cached read's headers).
            headers = [
                *headers,
                ("X-Request-ID", request_id),
                *(header for header in SECURITY_HEADERS if header[0].lower() not in present),
            ]
            status.append(status_line)
            return start_response(status_line, headers, exc_info)

        body = self.wsgi_app(environ, start)
        if access_log.isEnabledFor(logging.INFO):
            # Path only, never the query or headers: no keys or personal data in logs.
            path = (
                (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
                .encode("latin-1")
                .decode("utf-8", "replace")
            )
            access_log.info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id,
                        "method": environ.get("REQUEST_METHOD"),
                        "path": path,
                        "status": int(status[0][:3]) if status else None,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                },
            )
        return body


class CorsAnswers:
    """The CORS headers of a /v1 or /openapi response, as flask-cors computes them for these options,
    remembered per distinct request inputs: its after_request re-derived the same answer on every
    response, at a cost near the whole view's. flask-cors' own functions compute each answer, so the
    headers are its headers; an answer set already (none is today) is left alone, as flask-cors does."""

    def __init__(self, options):
        self.options = options
        self.known: dict[tuple, list] = {}

    def __call__(self, response: Response) -> Response:
        if "Access-Control-Allow-Origin" in response.headers or not unquote(request.path).startswith(CORS_PATHS):
            return response
        key = (request.method == "OPTIONS", *(request.headers.get(name) for name in CORS_INPUTS))
        answer = self.known.get(key)
        if answer is None:
            answer = list(get_cors_headers(self.options, request.headers, request.method).items(multi=True))
            if sum(len(value) for value in key[1:] if value) <= CORS_KEY_CHARS:
                if len(self.known) >= CORS_ANSWERS_KEPT:
                    self.known.clear()
                self.known[key] = answer
        for name, value in answer:
            response.headers.add(name, value)
        return response


def init_app(app: Flask) -> None:
    # `*` answers `*` to every origin rather than echoing each one, so cached reads stay one body.
    # flask-cors' option resolution and header rules (flask_cors.core, pinned below 7 in pyproject.toml)
    # without its per-response after_request; the answers are remembered by CorsAnswers.
    options = get_cors_options(
        app,
        {
            "origins": app.config["CORS_ORIGINS"],
            "send_wildcard": "*" in app.config["CORS_ORIGINS"],
            "expose_headers": EXPOSED_HEADERS,
            "allow_headers": ["Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-ID"],
            "max_age": 600,
        },
    )
    app.after_request(CorsAnswers(options))
    if not app.testing and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(app.config["LOG_LEVEL"])
