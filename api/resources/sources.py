"""Sources: the publications behind the data, the notes quoted from them, and a team's own sources."""

from flask import url_for
from flask.views import MethodView

from api.models import Source
from api.resources.blueprint import Blueprint
from api.schemas.sources import (
    SourceDetailSchema,
    SourceListSchema,
    SourceNoteListSchema,
    SourceNoteQueryArgsSchema,
    SourceNoteSchema,
    SourceQueryArgsSchema,
    SourceSchema,
    SourceWriteSchema,
)
from api.store import queries, writes

blp = Blueprint("sources", __name__, url_prefix="/v1/sources", description="Where every figure comes from.")


@blp.route("")
class Sources(MethodView):
    @blp.list_view(SourceQueryArgsSchema, SourceListSchema, SourceSchema)
    def get(self, args):
        """List sources

        The publications the data is quoted from, and the sources teams made of their own
        (`editable`); each source's notes are in its detail view.
        """
        return queries.sources(args)

    @blp.write_view(SourceWriteSchema, SourceDetailSchema, status=201, etag=True)
    def post(self, data):
        """Create a source of your own

        Needs a `write` key. A source to keep your own bands under, beside the guide's (whose
        bands are read-only): same role, year, geography and currency, different source, a
        different band. The slug must be new (409 otherwise).
        """
        source = writes.create(Source, {**data, "editable": True})
        return source, {"Location": url_for("sources.SourceById", source_id=source.id, _external=True)}


@blp.route("/<int(max=2147483647):source_id>")
class SourceById(MethodView):
    @blp.detail_view(SourceDetailSchema)
    def get(self, source_id):
        """Get a source

        The source with its notes: market statements, demand, channels, metrics and the rest of
        the guide's text that is not a figure.
        """
        return queries.one_or_404(Source, "source", id=source_id)

    @blp.write_view(SourceWriteSchema, SourceDetailSchema, conditional=True, not_found=True)
    def put(self, data, source_id):
        """Replace a source of your own

        Every field. Needs a `write` key and `If-Match`; a publication (`editable` false) is
        read-only (422 naming the fields).
        """
        return writes.update(blp.load_unchanged(Source, SourceDetailSchema, id=source_id), data)

    @blp.write_view(SourceWriteSchema(partial=True), SourceDetailSchema, conditional=True, not_found=True)
    def patch(self, data, source_id):
        """Change some of a source's fields

        Any subset of the PUT fields. Needs `If-Match`; a publication is read-only.
        """
        return writes.update(blp.load_unchanged(Source, SourceDetailSchema, id=source_id), data)

    @blp.write_view(conditional=True, not_found=True)
    def delete(self, source_id):
        """Delete a source of your own

        Needs a `write` key and `If-Match`; 409 for a publication, or while bands are kept
        under the source.
        """
        writes.delete(blp.load_unchanged(Source, SourceDetailSchema, id=source_id))


@blp.route("/<int(max=2147483647):source_id>/notes")
class SourceNotes(MethodView):
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.list_view(SourceNoteQueryArgsSchema, SourceNoteListSchema, SourceNoteSchema)
    def get(self, args, source_id):
        """List a source's notes

        Filter by `topic` (market, demand, channel, metric, work, trend, career, outlook).
        """
        source = queries.one_or_404(Source, "source", id=source_id)
        return queries.source_notes(source, args)
