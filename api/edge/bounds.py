"""Bounds on what a request carries outside its declared parameters and body, refused (400) before
any layer reads them: the URL's length, so every page link and problem `instance` echoing it is
bounded (api/spec.py documents those from URL_MAX), and the conditional headers' form and length
(the spec's `If-Match`/`If-None-Match` schema is built from ETAG_LIST_PATTERN and ETAG_LIST_MAX)."""

import re

from werkzeug.exceptions import BadRequest

from api.edge.keys import REFUSED

# SCRIPT_NAME, PATH_INFO, `?` and QUERY_STRING as received: far above the longest query the documented
# parameters allow, far below what a server's request line takes.
URL_MAX = 4096
# A list of entity tags (RFC 9110 §8.8.3: `*`, or `"tag"`/`W/"tag"` separated by commas): ETags here are
# 34 or 42 characters, so this holds a couple of dozen.
ETAG_LIST_MAX = 1024
ETAG_LIST_PATTERN = r'^(|\*|(W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*)$'
_ETAG_LIST = re.compile(ETAG_LIST_PATTERN)
CONDITIONAL_HEADERS = {"HTTP_IF_MATCH": "If-Match", "HTTP_IF_NONE_MATCH": "If-None-Match"}


def _refusal(location: str, field: str, message: str) -> BadRequest:
    error = BadRequest(f"'{field}': {message}")
    error.data = {"messages": {location: {field: [message]}}}  # api/errors.py lists it under `errors`
    return error


def refusal(environ) -> BadRequest | None:
    """Why the request is refused, or None."""
    url = (
        len(environ.get("SCRIPT_NAME", ""))
        + len(environ.get("PATH_INFO", ""))
        + 1
        + len(environ.get("QUERY_STRING", ""))
    )
    if url > URL_MAX:
        # The problem's `instance` echoes the path and query: drop the query and cut the path, so it stays
        # within the URL_MAX the spec documents (the request is refused before anything routes it).
        environ["QUERY_STRING"] = ""
        environ["PATH_INFO"] = environ.get("PATH_INFO", "")[:URL_MAX]
        return _refusal("path", "url", f"The URL (path and query) is longer than {URL_MAX} characters.")
    for key, name in CONDITIONAL_HEADERS.items():
        value = environ.get(key)
        if value is None:
            continue
        if len(value) > ETAG_LIST_MAX:
            return _refusal("headers", name, f"Longer than {ETAG_LIST_MAX} characters.")
        if _ETAG_LIST.fullmatch(value) is None:
            return _refusal(
                "headers", name, 'Must be `*` or entity tags such as "abc" or W/"abc", separated by commas.'
            )
    return None


class RequestBounds:
    """A request past a bound is refused (400, naming what); one refused before (Host) stays so."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if REFUSED not in environ:
            error = refusal(environ)
            if error is not None:
                environ[REFUSED] = error
        return self.wsgi_app(environ, start_response)
