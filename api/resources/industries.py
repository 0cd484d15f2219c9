"""Industries: where the guide says the roles are found."""

from flask.views import MethodView

from api import queries
from api.models import Industry
from api.resources.blueprint import Blueprint
from api.schemas.industries import IndustryDetailSchema, IndustryListSchema, IndustryQueryArgsSchema, IndustrySchema

blp = Blueprint("industries", __name__, url_prefix="/v1/industries", description="Industries that hire the roles.")


@blp.route("")
class Industries(MethodView):
    @blp.list_view(IndustryQueryArgsSchema, IndustryListSchema, IndustrySchema)
    def get(self, args):
        """List industries

        Filter by a role found in them; search names with `q`; sort by name or slug.
        """
        return queries.industries(args)


@blp.route("/<string(maxlength=80):slug>")
class IndustryBySlug(MethodView):
    @blp.detail_view(IndustryDetailSchema)
    def get(self, slug):
        """Get an industry

        The industry with the roles found in it.
        """
        return queries.get_or_404(Industry, "industry", slug=slug)
