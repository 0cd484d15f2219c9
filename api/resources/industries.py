"""Industries: where the guide says the roles are found."""

from flask import url_for
from flask.views import MethodView

from api.models import Industry
from api.resources.blueprint import Blueprint
from api.schemas.industries import (
    IndustryCreateSchema,
    IndustryDetailSchema,
    IndustryListSchema,
    IndustryQueryArgsSchema,
    IndustrySchema,
    IndustryWriteSchema,
)
from api.store import queries, writes

blp = Blueprint("industries", __name__, url_prefix="/v1/industries", description="Industries that hire the roles.")


@blp.route("")
class Industries(MethodView):
    @blp.list_view(IndustryQueryArgsSchema, IndustryListSchema, IndustrySchema)
    def get(self, args):
        """List industries

        Filter by a role found in them; search names with `q`; sort by name or slug.
        """
        return queries.industries(args)

    @blp.write_view(IndustryCreateSchema, IndustryDetailSchema, status=201, etag=True)
    def post(self, data):
        """Create an industry

        Needs a `write` key; the slug must be new (409 otherwise).
        """
        industry = writes.create(Industry, data)
        return industry, {"Location": url_for("industries.IndustryBySlug", slug=industry.slug)}


@blp.route("/<string(maxlength=80):slug>")
class IndustryBySlug(MethodView):
    @blp.detail_view(IndustryDetailSchema)
    def get(self, slug):
        """Get an industry

        The industry with the roles found in it.
        """
        return queries.one_or_404(Industry, "industry", slug=slug)

    @blp.write_view(IndustryWriteSchema, IndustryDetailSchema, conditional=True, not_found=True)
    def put(self, data, slug):
        """Replace an industry

        Every field but the slug. Needs a `write` key and `If-Match`.
        """
        return writes.update(blp.load_unchanged(Industry, IndustryDetailSchema, slug=slug), data)

    @blp.write_view(IndustryWriteSchema(partial=True), IndustryDetailSchema, conditional=True, not_found=True)
    def patch(self, data, slug):
        """Change some of an industry's fields

        Needs a `write` key and `If-Match`.
        """
        return writes.update(blp.load_unchanged(Industry, IndustryDetailSchema, slug=slug), data)

    @blp.write_view(conditional=True, not_found=True)
    def delete(self, slug):
        """Delete an industry

        Its links to roles go with it. Needs a `write` key and `If-Match`.
        """
        writes.delete(blp.load_unchanged(Industry, IndustryDetailSchema, slug=slug))
