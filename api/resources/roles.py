"""Roles: the customer-service titles the guide names."""

from flask.views import MethodView

from api import queries
from api.models import Role
from api.resources.blueprint import Blueprint
from api.schemas.roles import RoleDetailSchema, RoleListSchema, RoleQueryArgsSchema, RoleSchema

blp = Blueprint("roles", __name__, url_prefix="/v1/roles", description="Customer-service roles the guide names.")


@blp.route("")
class Roles(MethodView):
    @blp.list_view(RoleQueryArgsSchema, RoleListSchema, RoleSchema)
    def get(self, args):
        """List roles

        Filter by industry, skill, level and whether a band is published; search title and
        description with `q`; sort by title or slug.
        """
        return queries.roles(args)


@blp.route("/<string(maxlength=80):slug>")
class RoleBySlug(MethodView):
    @blp.detail_view(RoleDetailSchema)
    def get(self, slug):
        """Get a role

        The role with its published salary bands (none when the guide publishes none), the
        industries it is found in and the skills that apply to it.
        """
        return queries.get_or_404(Role, "role", slug=slug)
