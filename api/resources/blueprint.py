"""The Blueprint every resource uses: strict query parsing and the decorators reads share."""

import json
from functools import wraps

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import abort
from marshmallow import fields
from webargs.core import missing
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.routing import IntegerConverter

from api import grammar
from api.auth import auth
from api.formats import exports
from api.store import writes
from api.store.queries import Listing, paginate

LINK_HEADER = {
    "description": "RFC 8288 links to the `next` and `prev` pages, when there are any.",
    "schema": {"type": "string"},
}
VERSION_HEADER = {
    "description": "The dataset version this response reflects; every write bumps it (see /v1/changes).",
    "schema": {"type": "integer", "minimum": 0},
}
EXPORT_DOC = {
    exports.CSV: {
        "schema": {
            "type": "string",
            "description": "RFC 4180 CSV of every matching item (all pages): "
            "a header row, nested fields as `parent_child` columns, "
            "lists joined with `; `, booleans `true`/`false`, money "
            "with cents unless whole; text a spreadsheet would run "
            "as a formula starts with `'`. `bom=true` adds a "
            "UTF-8 byte-order mark.",
        }
    },
    exports.XLSX: {
        "schema": {
            "type": "string",
            "format": "binary",
            "description": "An xlsx workbook of every matching item: typed cells, money formats, a frozen header row.",
        }
    },
}


class StrictQueryParser(FlaskParser):
    # webargs ignores unknown query parameters by default; a typo'd filter must not silently match all.
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }

    def load_json(self, req, schema):
        """The JSON body, parsed by the shared grammar: nesting is capped before parsing (400)."""
        if not is_json_request(req):
            return missing
        body = req.get_data(cache=True)
        try:
            return grammar.load_json(body)
        except grammar.TooDeep as error:
            abort(400, errors={"json": [f"{error}."]})
        except json.JSONDecodeError as error:
            if not body:
                return missing
            abort(400, errors={"json": [f"Not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}."]})
        except UnicodeDecodeError as error:
            abort(400, errors={"json": [f"Not UTF-8 at byte {error.start}: the body must be UTF-8 JSON."]})


class WholeNumberConverter(IntegerConverter):
    """`<int:...>` in routes, in the shared grammar: ASCII digits only (werkzeug's `\\d+` also takes
    `١`, an alias of `/1`), at most 10 of them (grammar.WHOLE_DIGITS)."""

    regex = rf"[0-9]{{1,{grammar.WHOLE_DIGITS}}}"


def _use_whole_number_converter(state) -> None:
    state.app.url_map.converters["int"] = WholeNumberConverter


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictQueryParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_once(_use_whole_number_converter)  # recorded first: before any route is added

    def list_view(self, args_schema, list_schema, item_schema, scope=None):
        """A list read. The view returns its query (or a `Listing`: the query and what each row becomes);
        this pages it into the JSON envelope (with ETag), or streams every matching item as CSV, NDJSON
        or xlsx, by the Accept header; else 406. The view gets the parsed query string as its argument."""
        dump_schema = item_schema()
        offered = [exports.JSON, exports.CSV, exports.NDJSON, exports.XLSX]

        def decorator(view):
            @self.etag
            @self.response(200, list_schema, headers={"Link": LINK_HEADER, "X-Dataset-Version": VERSION_HEADER})
            @wraps(view)
            def as_json(listing: Listing, query: dict):
                return paginate(listing, query)

            @wraps(as_json)
            def dispatch(*args, query, **kwargs):
                media_type = exports.negotiate(offered)
                bom = query.pop("bom", False)
                listing = Listing.of(view(*args, query, **kwargs))
                if media_type == exports.JSON:
                    return as_json(listing, query)
                return exports.export(listing, dump_schema, media_type, self.name, query, bom=bom)

            # An instance, not the class: webargs would build one (deep-copying every field) per request.
            dispatch = self.arguments(_with_export_args(args_schema)(), location="query", arg_name="query")(dispatch)
            for status in (400, 406):
                dispatch = self.alt_response(status, response=_component(status))(dispatch)
            if scope is not None:
                dispatch = auth.login_required(role=scope)(dispatch)
                for status in (401, 403):
                    dispatch = self.alt_response(status, response=_component(status))(dispatch)
                dispatch = self.doc(security=[{"bearerAuth": []}])(dispatch)
            extra = {**EXPORT_DOC, exports.NDJSON: {"schema": item_schema}}
            return self.doc(responses={200: {"content": extra}})(dispatch)

        return decorator

    def detail_view(self, schema, args_schema=None):
        """A single read: JSON only (406 otherwise), ETag, 404 problem."""

        def decorator(view):
            @wraps(view)
            def negotiated(*args, **kwargs):
                exports.negotiate([exports.JSON])
                return view(*args, **kwargs)

            func = self.response(200, schema, headers={"X-Dataset-Version": VERSION_HEADER})(negotiated)
            if args_schema is not None:
                func = self.arguments(args_schema(), location="query")(func)  # one instance: as above
            for status in (404, 406):
                func = self.alt_response(status, response=_component(status))(func)
            return self.etag(func)

        return decorator

    def write_view(
        self,
        body_schema=None,
        response_schema=None,
        *,
        status=200,
        scope="write",
        conditional=False,
        etag=False,
        not_found=False,
        args_schema=None,
        body_types=None,
    ):
        """A write. In order: an API key with `scope` (401/403); for `conditional` writes a current
        If-Match (428/412, the view calls `check_etag`; the response carries the new ETag); a JSON
        body (415) that validates (400/422); conflicts are 409. Responds `status` with
        `response_schema`, or 204 without one. `etag`: the response carries the written resource's
        ETag (a create). `not_found`: the path names a resource that may not exist (404)."""

        def decorator(view):
            headers = {"X-Dataset-Version": VERSION_HEADER}
            func = (
                self.response(status, response_schema, headers=headers)(view)
                if response_schema
                else self.response(204, headers=headers)(view)
            )
            if body_schema is not None:
                func = self.arguments(body_schema)(func)
                func = _body_of_type(func, {exports.JSON})
                statuses = [400, 409, 413, 415, 422]
            elif body_types is not None:  # a raw body: {media type: its documented schema}
                func = _body_of_type(func, set(body_types))
                content = {media_type: {"schema": schema} for media_type, schema in body_types.items()}
                func = self.doc(requestBody={"required": True, "content": content})(func)
                statuses = [400, 409, 413, 415, 422]
            else:
                statuses = [409]
            if args_schema is not None:
                func = self.arguments(args_schema, location="query")(func)
                statuses.append(422)
            if conditional or etag:
                func = self.etag(func)  # flask-smorest's: checks If-Match when the view asks, sends the ETag
            func = auth.login_required(role=scope)(func)
            if not_found:
                statuses.append(404)
            for code in sorted({*statuses, 401, 403, 503}):  # 503: the write lock stayed busy (an import)
                func = self.alt_response(code, response=_component(code))(func)
            return self.doc(security=[{"bearerAuth": []}])(func)

        return decorator

    def load_unchanged(self, model, etag_schema, **key):
        """For a conditional write: the row as `writes.load_for_write` loads it (write lock, or 404), and
        unchanged since the client read it: If-Match names its current ETag (412 otherwise)."""
        row = writes.load_for_write(model, **key)
        self.check_etag(row, etag_schema)
        return row

    def check_etag(self, etag_data, etag_schema=None):
        """flask-smorest's check (412 unless If-Match names the current ETag), refusing `*` (428):
        it matches every version, so it cannot stop a lost update."""
        if request.if_match.star_tag:
            abort(
                428,
                message="If-Match: * matches any version of the resource, so it cannot prevent a lost "
                "update; send the ETag you last read (GET the resource for it).",
            )
        super().check_etag(etag_data, etag_schema)


def _with_export_args(args_schema):
    return type(
        args_schema.__name__,
        (args_schema,),
        {
            "bom": fields.Boolean(
                load_default=False,
                metadata={
                    "description": "CSV only: start the file with a UTF-8 byte-order mark, so spreadsheets read "
                    "it as UTF-8."
                },
            )
        },
    )


def _body_of_type(view, media_types: set[str]):
    @wraps(view)
    def checked(*args, **kwargs):
        if request.mimetype not in media_types:
            abort(
                415,
                message=f"Send the body as {' or '.join(sorted(media_types))} (the Content-Type header says "
                f"{request.mimetype or 'nothing'}).",
            )
        return view(*args, **kwargs)

    return checked


def _component(status: int) -> str:
    return {
        400: "BAD_REQUEST",
        401: "UNAUTHORIZED",
        403: "FORBIDDEN",
        404: "NOT_FOUND",
        406: "NOT_ACCEPTABLE",
        409: "CONFLICT",
        413: "REQUEST_ENTITY_TOO_LARGE",
        415: "UNSUPPORTED_MEDIA_TYPE",
        422: "UNPROCESSABLE_ENTITY",
        503: "SERVICE_UNAVAILABLE",
    }[status]
