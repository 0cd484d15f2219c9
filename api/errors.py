"""One error format for the whole API: RFC 9457 problem details (`application/problem+json`)."""

import http
import logging

import marshmallow as ma
from flask import current_app, jsonify, request
from flask_smorest import Api
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from werkzeug.exceptions import Conflict, HTTPException, ServiceUnavailable

from api.problems import PROBLEM_TYPE_URIS, PROBLEM_TYPES, problem_type, problems_page

PROBLEM_MIMETYPE = "application/problem+json"
# An import reports at most this many bad rows; any other request has fewer fields than this.
MAX_REPORTED_ERRORS = 1000
UNKNOWN_FIELD = "Unknown field."
# A problem echoes a request's own words (a body's keys are bounded only by the body cap, a message may quote
# a value or list ids): each field name, message and detail is cut to its length here, an ellipsis marking the cut.
FIELD_LENGTH, MESSAGE_LENGTH, DETAIL_LENGTH = 200, 1000, 2000
# Headers the error response builds itself; any other header an exception carries is kept.
_OWN_HEADERS = {"content-type", "content-length"}

log = logging.getLogger(__name__)


def _seconds(description: str) -> dict:
    return {"description": description, "schema": {"type": "integer", "minimum": 0}}


RESPONSE_HEADERS = {
    429: {
        "Retry-After": _seconds("Seconds until the client's budget refills."),
        "RateLimit-Limit": _seconds("Requests allowed in the window (reads, writes or imports)."),
        "RateLimit-Remaining": _seconds("Requests left in the window."),
        "RateLimit-Reset": _seconds("Seconds until the window resets."),
    },
    503: {"Retry-After": _seconds("Seconds to wait before retrying.")},
}


class FieldErrorSchema(ma.Schema):
    location = ma.fields.String(
        required=True,
        metadata={
            "description": "Where the field was sent.",
            "enum": ["query", "path", "json", "body", "headers"],
            "example": "query",
        },
    )
    field = ma.fields.String(
        required=True,
        metadata={
            "description": f"The field's name; nested fields are dotted. Past {FIELD_LENGTH} characters, cut to them "
            "with `…` last.",
            "example": "limit",
            "maxLength": FIELD_LENGTH,
        },
    )
    row = ma.fields.Integer(metadata={"description": "For imports: the data row (1 = the first after the header)."})
    message = ma.fields.String(
        required=True,
        metadata={
            "description": f"What is wrong with it (at most {MESSAGE_LENGTH} characters, `…` last when cut).",
            "example": "Must be greater than or equal to 1 and less than or equal to 100.",
            "maxLength": MESSAGE_LENGTH,
        },
    )


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = ma.fields.String(
        required=True,
        metadata={
            "description": "A relative URI reference naming the kind of problem, stable inside v1: branch on it. "
            "It resolves to a page describing the kind (`/problems` lists them all); "
            "`about:blank` for a plain HTTP status without a kind of its own.",
            "example": "/problems/not-found",
            "enum": PROBLEM_TYPE_URIS,
        },
    )
    title = ma.fields.String(
        required=True,
        metadata={
            "description": "The HTTP status phrase.",
            "example": "Not Found",
            "maxLength": max(len(status.phrase) for status in http.HTTPStatus),
        },
    )
    status = ma.fields.Integer(required=True, metadata={"description": "The HTTP status code.", "example": 404})
    detail = ma.fields.String(
        required=True,
        metadata={
            "description": f"What went wrong, in a sentence fit to show a person (at most {DETAIL_LENGTH} characters, "
            "`…` last when cut).",
            "example": "No role 'chief-happiness-officer'.",
            "maxLength": DETAIL_LENGTH,
        },
    )
    instance = ma.fields.String(
        required=True,
        metadata={"description": "The request path and query.", "example": "/v1/roles/chief-happiness-officer"},
    )
    errors = ma.fields.List(
        ma.fields.Nested(FieldErrorSchema),
        metadata={"description": "Each invalid field, for validation failures.", "maxItems": MAX_REPORTED_ERRORS},
    )


def clip(text: str, length: int) -> str:
    """`text` when at most `length` characters long, else its first `length - 1` and `…`."""
    return text if len(text) <= length else text[: length - 1] + "…"


def _clipped(error: dict) -> dict:
    return {**error, "field": clip(error["field"], FIELD_LENGTH), "message": clip(error["message"], MESSAGE_LENGTH)}


def flatten_messages(messages, location="", prefix=""):
    """Turn webargs' nested `{location: {field: [message]}}` into a flat list of field errors."""
    flat = []
    for key, value in messages.items():
        if not location:
            if isinstance(value, dict):
                flat.extend(flatten_messages(value, location=str(key)))
            else:  # a message about the whole body, e.g. "Invalid JSON body."
                flat.extend({"location": str(key), "field": "(body)", "message": str(m)} for m in value)
            continue
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.extend(flatten_messages(value, location, name))
        else:
            for message in value if isinstance(value, list) else [value]:
                flat.append({"location": location, "field": name, "message": str(message)})
    return flat


def _status_for(code, errors):
    # A parameter the operation does not define is a malformed request (400);
    # a defined parameter with a bad value is well-formed but invalid (422).
    if code == 422 and errors and all(e["message"] == UNKNOWN_FIELD and e["location"] == "query" for e in errors):
        return 400
    return code


# The detail names at most this many fields; `errors` lists them all.
DETAIL_FIELDS = 5


def _field_phrase(error: dict) -> str:
    where = f"{error['location']} field '{error['field']}'"
    if error["message"] == UNKNOWN_FIELD:
        return f"unknown {where}"
    if "row" in error:
        where = f"row {error['row']}, {where}"
    return f"invalid {where}: {error['message'].rstrip('.')}"


def _detail(error, errors, message):
    if message:
        return message
    if errors:
        # One phrase per field, each with its own message; unknown fields are named as unknown.
        phrases = [_field_phrase(e) for e in errors[:DETAIL_FIELDS]]
        more = f" (and {len(errors) - DETAIL_FIELDS} more)" if len(errors) > DETAIL_FIELDS else ""
        text = "; ".join(phrases) + more + "."
        return text[0].upper() + text[1:]
    if error.code in PROBLEM_TYPES and error.description == type(error).description:
        return PROBLEM_TYPES[error.code][1]  # werkzeug's stock sentence says less than ours
    return error.description or http.HTTPStatus(error.code).phrase


def problem_response(error: HTTPException):
    """Build the problem+json response for an HTTP error, keeping headers HTTP requires (Allow, ...)."""
    data = getattr(error, "data", None) or {}
    messages = data.get("errors") or data.get("messages") or {}
    errors = [_clipped(e) for e in (flatten_messages(messages) if isinstance(messages, dict) else messages)]
    status = _status_for(error.code, errors)
    body = {
        "type": problem_type(status),
        "title": http.HTTPStatus(status).phrase,
        "status": status,
        "detail": clip(_detail(error, errors, data.get("message")), DETAIL_LENGTH),
        "instance": request.full_path.rstrip("?"),
    }
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_MIMETYPE
    for name, value in error.get_headers():
        if name.lower() not in _OWN_HEADERS:
            response.headers[name] = value
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response


class ProblemApi(Api):
    """flask-smorest's Api, answering and documenting every error as problem+json. Through its public
    surface: `ERROR_SCHEMA`, `handle_http_exception` and `init_app`, after which the database's errors
    get handlers and the error responses are documented."""

    ERROR_SCHEMA = ProblemSchema

    def init_app(self, app, *, spec_kwargs=None):
        super().init_app(app, spec_kwargs=spec_kwargs)
        app.register_error_handler(IntegrityError, self.handle_integrity_error)
        app.register_error_handler(OperationalError, self.handle_database_unavailable)
        app.register_error_handler(InterfaceError, self.handle_database_unavailable)
        self.document_error_responses()
        app.register_blueprint(problems_page)

    def document_error_responses(self):
        """The shared responses, one per status, as problem+json (flask-smorest documents its own as
        application/json). They replace flask-smorest's lazily registered ones of the same name, before
        any operation refers to them; were those registered for good, apispec would refuse a second
        registration at start-up rather than keep the wrong ones."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["content"] = {PROBLEM_MIMETYPE: {"schema": self.ERROR_SCHEMA}}
            if status in PROBLEM_TYPES:
                slug, meaning = PROBLEM_TYPES[status]
                response["description"] = f"{status.phrase}: problem type `{problem_type(status)}`. {meaning}"
                response["content"][PROBLEM_MIMETYPE]["example"] = {
                    "type": problem_type(status),
                    "title": status.phrase,
                    "status": int(status),
                    "detail": meaning,
                    "instance": "/v1/salary-bands/1",
                }
            if status in RESPONSE_HEADERS:
                response["headers"] = RESPONSE_HEADERS[status]
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Error", "content": {PROBLEM_MIMETYPE: {"schema": self.ERROR_SCHEMA}}}
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)

    def handle_database_unavailable(self, error):
        # The pool pings before reuse, so once the database is back the next request reconnects.
        log.error("Database unavailable on %s %s: %s", request.method, request.path, error.orig)
        try:
            current_app.extensions["sqlalchemy"].session.remove()
        except Exception:  # the connection is gone already; nothing more to release
            pass
        response = problem_response(
            ServiceUnavailable("The database is not answering; nothing was written. Retry shortly.")
        )
        response.headers["Retry-After"] = str(current_app.config["RETRY_AFTER_SECONDS"])
        return response

    def handle_integrity_error(self, error):
        # The checks before each write catch conflicts; this is the backstop when two race.
        current_app.extensions["sqlalchemy"].session.rollback()
        log.warning("Integrity error on %s %s: %s", request.method, request.path, error.orig)
        return problem_response(
            Conflict(
                "The change conflicts with data written at the same time; nothing was "
                "written. Read the resource again and retry."
            )
        )

    def handle_http_exception(self, error):
        if error.code >= 500:
            original = getattr(error, "original_exception", None)
            log.error("Unhandled error on %s %s", request.method, request.path, exc_info=original)
            error.description = "The server could not complete the request. It has been logged."
        return problem_response(error)
