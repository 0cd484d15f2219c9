"""What every response gets: security headers, CORS, a request id, a JSON access log line."""

import json
import logging
import re
import time
import uuid

from flask import Flask, g, request
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # Everything the pages load is served from here; Swagger UI sets inline styles.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
}
EXPOSED_HEADERS = ["ETag", "Link", "Location", "X-Dataset-Version", "X-Request-ID", "Retry-After",
                   "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

access_log = logging.getLogger("api.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: the message, and any `fields` passed in `extra`."""

    def format(self, record):
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                "logger": record.name, "message": record.getMessage(), **getattr(record, "fields", {})}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def _start():
    g.started = time.perf_counter()
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex


def _finish(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["X-Request-ID"] = g.get("request_id", "")
    elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    # Path only, never the query or headers: no keys or personal data in logs.
    access_log.info("request", extra={"fields": {
        "request_id": g.get("request_id"), "method": request.method, "path": request.path,
        "status": response.status_code, "duration_ms": round(elapsed, 1)}})
    return response


def init_app(app: Flask) -> None:
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"],
                                x_proto=app.config["TRUSTED_PROXIES"], x_host=app.config["TRUSTED_PROXIES"])
    CORS(app, resources={r"/v1/*": {}, r"/openapi.*": {}}, origins=app.config["CORS_ORIGINS"],
         expose_headers=EXPOSED_HEADERS, allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match",
                                                         "X-Request-ID"], max_age=600)
    app.before_request(_start)
    app.after_request(_finish)
    if not app.testing and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(app.config["LOG_LEVEL"])
