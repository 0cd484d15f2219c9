"""The Blueprint every resource uses: strict query parsing and the decorators reads share."""

from functools import wraps

import marshmallow as ma
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

from api import exports
from api.queries import paginate

LINK_HEADER = {
    "description": "RFC 8288 links to the `next` and `prev` pages, when there are any.",
    "schema": {"type": "string"},
}
EXPORT_DOC = {
    exports.CSV: {"schema": {"type": "string", "description": "RFC 4180 CSV of every matching item (all pages): "
                                                            "a header row, nested fields as `parent_child` columns, "
                                                            "lists joined with `; `."}},
}


class StrictQueryParser(FlaskParser):
    # webargs ignores unknown query parameters by default; a typo'd filter must not silently match all.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": ma.RAISE, "querystring": ma.RAISE}


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictQueryParser()

    def _store_endpoint_docs(self, endpoint, obj, parameters, tags, **options):
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        # A stable operationId per operation (`getRoleBySlug`), so generated clients get good names.
        for method, doc in self._docs[endpoint].items():
            if method != "parameters":
                doc.setdefault("manual_doc", {}).setdefault("operationId", f"{method}{obj.__name__}")

    def list_view(self, args_schema, list_schema, item_schema, prepare=None):
        """A list read. The view returns its query; this pages it into the JSON envelope (with ETag),
        or streams every matching item as CSV or NDJSON, by the Accept header; else 406."""
        dump_schema = item_schema()
        offered = [exports.JSON, exports.CSV, exports.NDJSON]

        def decorator(view):
            @self.etag
            @self.response(200, list_schema, headers={"Link": LINK_HEADER})
            @wraps(view)
            def as_json(*args, **kwargs):
                page, headers = paginate(view(*args, **kwargs), args[-1])
                if prepare:
                    prepare(page["data"], args[-1])
                return page, headers

            @wraps(as_json)
            def dispatch(*args, **kwargs):
                media_type = exports.negotiate(offered)
                if media_type == exports.JSON:
                    return as_json(*args, **kwargs)
                return exports.export(view(*args, **kwargs), dump_schema, media_type, self.name, prepare, args[-1])

            dispatch = self.arguments(args_schema, location="query")(dispatch)
            for status in (400, 406):
                dispatch = self.alt_response(status, response=_component(status))(dispatch)
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

            func = self.response(200, schema)(negotiated)
            if args_schema is not None:
                func = self.arguments(args_schema, location="query")(func)
            for status in (404, 406):
                func = self.alt_response(status, response=_component(status))(func)
            return self.etag(func)

        return decorator


def _component(status: int) -> str:
    return {400: "BAD_REQUEST", 404: "NOT_FOUND", 406: "NOT_ACCEPTABLE", 422: "UNPROCESSABLE_ENTITY"}[status]
