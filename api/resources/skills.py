"""Skills: what sets people apart, and what the guide says raises pay."""

from flask.views import MethodView

from api import queries
from api.models import Skill
from api.resources.blueprint import Blueprint
from api.schemas.skills import SkillDetailSchema, SkillListSchema, SkillQueryArgsSchema, SkillSchema

blp = Blueprint("skills", __name__, url_prefix="/v1/skills", description="Skills, and the ones that drive pay.")


@blp.route("")
class Skills(MethodView):
    @blp.list_view(SkillQueryArgsSchema, SkillListSchema, SkillSchema)
    def get(self, args):
        """List skills

        Filter by category, pay-driver flag or a role they apply to; search name and
        description with `q`; sort by name or slug.
        """
        return queries.skills(args)


@blp.route("/<string(maxlength=80):slug>")
class SkillBySlug(MethodView):
    @blp.detail_view(SkillDetailSchema)
    def get(self, slug):
        """Get a skill

        The skill with the roles the guide ties it to (none for a field-wide skill).
        """
        return queries.get_or_404(Skill, "skill", slug=slug)
