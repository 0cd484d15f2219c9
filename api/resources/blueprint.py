"""The Blueprint every resource uses: strict query parsing and the decorators reads share."""

import marshmallow as ma
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

LINK_HEADER = {
    "description": "RFC 8288 links to the `next` and `prev` pages, when there are any.",
    "schema": {"type": "string"},
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

    def list_view(self, args_schema, list_schema):
        """A paginated, filterable list read: query arguments, envelope, ETag, 400/422 problems."""

        def decorator(func):
            func = self.response(200, list_schema, headers={"Link": LINK_HEADER})(func)
            func = self.arguments(args_schema, location="query")(func)
            func = self.alt_response(400, response="BAD_REQUEST")(func)
            return self.etag(func)

        return decorator

    def detail_view(self, schema):
        """A single-resource read: ETag, 404 problem."""

        def decorator(func):
            func = self.response(200, schema)(func)
            func = self.alt_response(404, response="NOT_FOUND")(func)
            return self.etag(func)

        return decorator
