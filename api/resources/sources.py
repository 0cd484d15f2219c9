"""Sources: the publications behind the data, and the notes quoted from them."""

from flask.views import MethodView

from api import queries
from api.models import Source
from api.resources.blueprint import Blueprint
from api.schemas.sources import (
    SourceDetailSchema, SourceListSchema, SourceNoteListSchema, SourceNoteQueryArgsSchema, SourceNoteSchema,
    SourceQueryArgsSchema, SourceSchema,
)

blp = Blueprint("sources", __name__, url_prefix="/v1/sources", description="Where every figure comes from.")


@blp.route("")
class Sources(MethodView):
    @blp.list_view(SourceQueryArgsSchema, SourceListSchema, SourceSchema)
    def get(self, args):
        """List sources

        The publications the data is quoted from; each source's notes are in its detail view.
        """
        return queries.sources(args)


@blp.route("/<int(max=2147483647):source_id>")
class SourceById(MethodView):
    @blp.detail_view(SourceDetailSchema)
    def get(self, source_id):
        """Get a source

        The source with its notes: market statements, demand, channels, metrics and the rest of
        the guide's text that is not a figure.
        """
        return queries.get_or_404(Source, "source", id=source_id)


@blp.route("/<int(max=2147483647):source_id>/notes")
class SourceNotes(MethodView):
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.list_view(SourceNoteQueryArgsSchema, SourceNoteListSchema, SourceNoteSchema)
    def get(self, args, source_id):
        """List a source's notes

        Filter by `topic` (market, demand, channel, metric, work, trend, career, outlook).
        """
        source = queries.get_or_404(Source, "source", id=source_id)
        return queries.source_notes(source, args)
