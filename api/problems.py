"""The kinds of problem a client may branch on: each one's type URI, status and meaning, and the page the
URIs resolve to (`/problems`, `/problems/<kind>`)."""

import http

from flask import Blueprint, render_template_string
from werkzeug.exceptions import NotFound

# Each kind of error a client may branch on: its status, its type URI's last segment, and what it means (the
# detail when the error carries none of its own). The URIs are relative references to /problems/<slug>, the
# page describing them: fixed paths, never built from the request's Host, as error bodies are cached too.
PROBLEM_TYPES = {
    400: (
        "malformed-request",
        "The request cannot be read: a query parameter the operation does not define, or a "
        "body that is not valid JSON. `errors` names each; fix the request, do not retry it.",
    ),
    401: ("unauthenticated", "The operation needs an API key: send `Authorization: Bearer <key>`."),
    403: ("forbidden", "The API key is valid but its scope does not allow this operation."),
    404: ("not-found", "Nothing is at this path, or the resource it names does not exist (the detail says which)."),
    405: ("method-not-allowed", "The path does not take this method; the `Allow` header lists those it does."),
    406: (
        "not-acceptable",
        "None of the media types in `Accept` is offered here (JSON; lists also CSV, NDJSON, xlsx).",
    ),
    408: ("request-timeout", "The body did not arrive in time; nothing was written. Retry."),
    409: ("conflict", "The change conflicts with the data as it is; nothing was written. Read the resource again."),
    412: (
        "precondition-failed",
        "The resource changed since it was read: `If-Match` does not name its current "
        "ETag, so nothing was written. GET it again for the current version and its ETag, "
        "reapply the change, and retry with that ETag.",
    ),
    413: ("payload-too-large", "The body is larger than this operation accepts; nothing was written."),
    415: ("unsupported-media-type", "The body's `Content-Type` is not one this operation reads."),
    422: (
        "validation",
        "The request is well-formed but a value is invalid; `errors` names each field and what is "
        "wrong with it. Fix the values, do not retry as is.",
    ),
    428: (
        "precondition-required",
        "The write must be conditional: send `If-Match` with the ETag last read (GET the "
        "resource for it), so that a change made since is not overwritten.",
    ),
    429: (
        "rate-limited",
        "The client's request budget is spent; retry after `Retry-After` seconds "
        "(`RateLimit-*` headers show the budget).",
    ),
    500: ("internal-error", "The server could not complete the request; it has been logged."),
    503: (
        "unavailable",
        "The service cannot answer now (the database is not answering, or a write waits behind an "
        "import); nothing was written. Retry after `Retry-After` seconds.",
    ),
}
PROBLEMS_PATH = "/problems"
# Statuses without a kind of their own (rare: 414, 431, 501, ...) keep RFC 9457's default.
BLANK_TYPE = "about:blank"


def problem_type(status: int) -> str:
    """The type URI of a problem with this status (a relative reference), `about:blank` for a plain status."""
    return f"{PROBLEMS_PATH}/{PROBLEM_TYPES[status][0]}" if status in PROBLEM_TYPES else BLANK_TYPE


PROBLEM_TYPE_URIS = [problem_type(status) for status in PROBLEM_TYPES] + [BLANK_TYPE]


problems_page = Blueprint("problems", __name__)

PROBLEMS_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Problem types</title>
</head>
<body>
<main>
  <h1>Problem types</h1>
  <p>Every error is <code>application/problem+json</code> (RFC 9457). Its <code>type</code> names the kind of
  problem, stable inside v1, so a client can branch on it; <code>detail</code> says what went wrong this time, and
  <code>errors</code> names each bad field. A status without a kind of its own has type <code>about:blank</code>.</p>
  <dl>
  {%- for status, (slug, meaning) in types %}
    <dt id="{{ slug }}"><code>{{ prefix }}/{{ slug }}</code>: {{ status }} {{ phrases[status] }}</dt>
    <dd>{{ meaning }}</dd>
  {%- endfor %}
  </dl>
</main>
</body>
</html>
"""


@problems_page.get(PROBLEMS_PATH)
@problems_page.get(f"{PROBLEMS_PATH}/<string(maxlength=40):slug>")
def problem_types(slug=None):
    """The page the problem type URIs resolve to: every kind, its status and its meaning (one kind by its slug)."""
    types = [(status, kind) for status, kind in PROBLEM_TYPES.items() if slug in (None, kind[0])]
    if not types:
        raise NotFound(f"No problem type '{slug}' (see {PROBLEMS_PATH}).")
    phrases = {status: http.HTTPStatus(status).phrase for status in PROBLEM_TYPES}
    return render_template_string(PROBLEMS_HTML, types=types, prefix=PROBLEMS_PATH, phrases=phrases)
