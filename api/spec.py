"""The last step of the OpenAPI document: what is uniform across operations, added in one place.

Every operation has an operationId from its view's name; every /v1 operation may answer 429 and
carries the rate-limit and CORS headers the edge adds; every operation may answer 400 (a refused
Host) and 500; public operations say so with `security: []`. The bounds a schema already implies are
spelled out: an anchored pattern's longest match is its `maxLength`, an integer's range its
`format`. Output-only integers take the 32-bit column range.
"""

import copy
from http import HTTPStatus

from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin

from api.config import Config
from api.edge.bounds import ETAG_LIST_MAX, ETAG_LIST_PATTERN, URL_MAX
from api.spec_bounds import (
    INT32,
    column_bounds,
    implied_bounds,
    is_type,
    known_forms,
    output_bounds,
    walk,
)

METHODS = {"get", "put", "post", "patch", "delete", "head", "options"}
SERVERS = [
    {
        "url": "/",
        "description": "This deployment (production, staging or a test server): the host that served this document.",
        "x-internal": False,
    }
]
CONTACT = {"name": "Salary Bands API maintainers"}
RATE_LIMITED_PREFIX = "/v1/"


# A page link (`Pagination.next`/`prev`, each URL in `Link`) is the request's path and query re-encoded
# (api/store/queries.py `_page_url`) with `limit`, `offset` or `after` set. The URL is at most URL_MAX
# characters as received (api/edge/bounds.py); re-encoding turns one received character into at most 9
# (a byte that is not UTF-8 becomes U+FFFD, `%EF%BF%BD`); the three set values add at most 64.
PAGE_URL_MAX = 9 * URL_MAX + 64
PAGE_URL = {"maxLength": PAGE_URL_MAX, "pattern": r"^/\S*$"}
# `Link`: `<next>; rel="next", <prev>; rel="prev"`.
LINK_MAX = 2 * (PAGE_URL_MAX + len('<>; rel="next"')) + len(", ")
LINK = {"maxLength": LINK_MAX, "pattern": r'^<[^<>\s]+>; rel="(next|prev)"(, <[^<>\s]+>; rel="(next|prev)")?$'}
# What the server sends as an ETag: flask-smorest's SHA-1 (40 hex digits) or an export's 32, quoted.
ETAG = {"maxLength": 42, "pattern": r'^"[0-9a-f]{32}([0-9a-f]{8})?"$'}
# If-Match and If-None-Match: what api/edge/bounds.py lets through.
ETAG_LIST = {"maxLength": ETAG_LIST_MAX, "pattern": ETAG_LIST_PATTERN}


def _header(description: str, maximum: int) -> dict:
    return {
        "description": description,
        "schema": {"type": "integer", "format": "int32", "minimum": 0, "maximum": maximum},
    }


CORS_HEADER = {
    "description": "CORS: `*`, or the request's `Origin` when it is one of `CORS_ORIGINS`.",
    "schema": {"type": "string", "maxLength": 2048, "pattern": r"^(\*|https?://[^\s/]+)$"},
}
CORS_REF = {"$ref": "#/components/headers/Access-Control-Allow-Origin"}
RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": _header("Requests allowed in the window (reads, writes or imports).", INT32[1]),
    "RateLimit-Remaining": _header("Requests left in the window.", INT32[1]),
    "RateLimit-Reset": _header("Seconds until the window resets.", INT32[1]),
}


def _input_schemas(spec: dict) -> set[str]:
    """Component schemas a request can carry (parameters and bodies, and what they refer to)."""
    found, todo = set(), []

    def collect(node):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            todo.append(ref.rsplit("/", 1)[1])

    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method in METHODS:
                walk([operation.get("parameters", []), operation.get("requestBody", {})], collect)
        walk(item.get("parameters", []), collect)
    schemas = spec.get("components", {}).get("schemas", {})
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            walk(schemas.get(name, {}), collect)
    return found


def _operation_responses(path: str, operation: dict) -> None:
    # Names, not references: flask-smorest registers a component response once something names it.
    responses = operation.setdefault("responses", {})
    responses.setdefault(500, "INTERNAL_SERVER_ERROR")
    # Any request may be refused as malformed: a Host outside ALLOWED_HOSTS, an unknown parameter, a URL or
    # If-Match/If-None-Match past its bound (api/edge/bounds.py).
    if not any(str(code) == "400" for code in responses):
        responses[400] = "BAD_REQUEST"
    operation.setdefault("security", [])
    if operation["security"]:
        responses.setdefault(401, "UNAUTHORIZED")
    if path.startswith(RATE_LIMITED_PREFIX):
        responses.setdefault(429, "TOO_MANY_REQUESTS")
        for code, response in responses.items():
            if str(code).startswith("2") and isinstance(response, dict) and "$ref" not in response:
                response.setdefault("headers", {}).update(
                    {**RATE_LIMIT_HEADERS, "Access-Control-Allow-Origin": CORS_REF}
                )


def _file_bodies(spec: dict) -> None:
    # A file (CSV, xlsx, SVG) is bytes, not a JSON string: OpenAPI 3.1 describes it by its media type.
    # A request's is bounded by the body cap.
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            bodies = [(operation.get("requestBody", {}).get("content", {}), True)] + [
                (response.get("content", {}), False) for response in operation.get("responses", {}).values()
            ]
            for content, is_request in bodies:
                for media, entry in content.items():
                    schema = entry.get("schema", {})
                    if "json" in media or schema.get("type") != "string" or "maxLength" in schema:
                        continue
                    if is_request:
                        schema["maxLength"] = Config.MAX_CONTENT_LENGTH
                    else:
                        del schema["type"]
                        schema.pop("format", None)
                        schema["contentMediaType"] = media


def _component_responses(spec: dict) -> None:
    # Shared responses: /v1 sends these headers on its errors too (the probes outside /v1 do not).
    components = spec.setdefault("components", {})
    components.setdefault("headers", {})["Access-Control-Allow-Origin"] = CORS_HEADER
    for name, response in components.get("responses", {}).items():
        headers = response.setdefault("headers", {})
        if name in HTTPStatus.__members__ and 400 <= HTTPStatus[name] < 500:
            for header, schema in RATE_LIMIT_HEADERS.items():
                headers.setdefault(header, schema)
        headers["Access-Control-Allow-Origin"] = CORS_REF


def _echo_bounds(spec: dict) -> None:
    # Values that echo the request or the server's own hashes, bounded by what the edge lets in
    # (keyed on flask-smorest's component names and the shared `Link` header, which renames leave alone).
    components = spec.get("components", {})
    for name in ("IF_MATCH", "IF_NONE_MATCH"):
        if name in components.get("parameters", {}):
            components["parameters"][name]["schema"] = {"type": "string", **ETAG_LIST}
    if "ETAG" in components.get("headers", {}):
        components["headers"]["ETAG"]["schema"] = {"type": "string", **ETAG}
    pagination = components.get("schemas", {}).get("Pagination", {}).get("properties", {})
    for name in ("next", "prev"):
        if name in pagination:
            pagination[name].update(PAGE_URL)
    # The index's links: `url_for` of a route (each path under 64 characters) after SCRIPT_NAME, which the
    # edge bounds with the URL.
    index = components.get("schemas", {}).get("Index", {}).get("properties", {})
    for prop in index.values():
        target = prop.get("additionalProperties", prop)
        if is_type(target, "string") and "enum" not in target:
            target.setdefault("maxLength", PAGE_URL_MAX)
    problem = components.get("schemas", {}).get("Problem", {}).get("properties", {})
    if "instance" in problem:  # the request's path and query (`request.full_path`), decoded: no longer than received
        problem["instance"]["maxLength"] = URL_MAX
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method in METHODS:
                for response in operation.get("responses", {}).values():
                    link = response.get("headers", {}).get("Link") if isinstance(response, dict) else None
                    if link is not None and "$ref" not in link:
                        link["schema"] = {"type": "string", **LINK}


def _request_arrays(spec: dict) -> None:
    # A JSON or NDJSON body that is an array of objects (the import's rows) is bounded by the body cap
    # (MAX_CONTENT_LENGTH, refused with 413 past it): each object takes at least 3 bytes (`{}` and a
    # comma or newline).
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for entry in operation.get("requestBody", {}).get("content", {}).values():
                schema = entry.get("schema", {})
                if is_type(schema, "array") and "maxItems" not in schema:
                    schema["maxItems"] = (Config.MAX_CONTENT_LENGTH + 1) // 3


def finish(spec: dict) -> dict:
    """The generated document with the uniform parts added (a copy)."""
    spec = copy.deepcopy(spec)
    spec["servers"] = SERVERS
    spec["info"].setdefault("contact", CONTACT)
    schemas = spec.get("components", {}).get("schemas", {})
    # flask-smorest's own pagination schema; lists here use one envelope of their own.
    if "PaginationMetadata" in schemas and "schemas/PaginationMetadata'" not in repr(spec["paths"]):
        del schemas["PaginationMetadata"]
    _component_responses(spec)
    _file_bodies(spec)
    _echo_bounds(spec)
    _request_arrays(spec)
    walk(spec, implied_bounds)
    inputs = _input_schemas(spec)
    components = spec.get("components", {})
    for name, schema in components.get("schemas", {}).items():
        if name not in inputs:
            walk(schema, output_bounds)
            known_forms(schema)
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method in METHODS:
                walk(operation.get("responses", {}), output_bounds)
    walk(components.get("responses", {}), output_bounds)
    walk(components.get("headers", {}), output_bounds)
    return spec


def operation_id(method: str, endpoint: str) -> str:
    """A stable operationId per operation (`getRoleBySlug`: the method and the view's name), so
    generated clients get good names."""
    return f"{method}{endpoint.rpartition('.')[2]}"


class FinishingPlugin(BasePlugin):
    """Adds the uniform responses to each operation, and runs `finish` on every document the spec
    writes (`/openapi.json`, `flask openapi write`)."""

    def operation_helper(self, path=None, operations=None, rule=None, **kwargs):
        for method, operation in (operations or {}).items():
            if method in METHODS:
                if rule is not None:  # flask-smorest passes the Flask rule, whose endpoint ends with the view's name
                    operation.setdefault("operationId", operation_id(method, rule.endpoint))
                _operation_responses(path or "", operation)

    def init_spec(self, spec):
        super().init_spec(spec)
        for plugin in spec.plugins:
            if isinstance(plugin, MarshmallowPlugin):
                plugin.converter.add_attribute_function(column_bounds)
        to_dict = spec.to_dict
        spec.to_dict = lambda: finish(to_dict())
