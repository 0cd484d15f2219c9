"""Skills: what sets people apart, and what the guide says raises pay."""

from flask import url_for
from flask.views import MethodView

from api.models import Skill
from api.resources.blueprint import Blueprint
from api.schemas.skills import (
    SkillCreateSchema,
    SkillDetailSchema,
    SkillListSchema,
    SkillQueryArgsSchema,
    SkillSchema,
    SkillWriteSchema,
)
from api.store import queries, writes

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

    @blp.write_view(SkillCreateSchema, SkillDetailSchema, status=201, etag=True)
    def post(self, data):
        """Create a skill

        Needs a `write` key; the slug must be new (409 otherwise); a pay driver comes with its
        `pay_driver_provenance`.
        """
        skill = writes.create(Skill, data)
        return skill, {"Location": url_for("skills.SkillBySlug", slug=skill.slug)}


@blp.route("/<string(maxlength=80):slug>")
class SkillBySlug(MethodView):
    @blp.detail_view(SkillDetailSchema)
    def get(self, slug):
        """Get a skill

        The skill with the roles the guide ties it to (none for a field-wide skill).
        """
        return queries.one_or_404(Skill, "skill", slug=slug)

    @blp.write_view(SkillWriteSchema, SkillDetailSchema, conditional=True, not_found=True)
    def put(self, data, slug):
        """Replace a skill

        Every field but the slug. Needs a `write` key and `If-Match`.
        """
        return writes.update(blp.load_unchanged(Skill, SkillDetailSchema, slug=slug), data)

    @blp.write_view(SkillWriteSchema(partial=True), SkillDetailSchema, conditional=True, not_found=True)
    def patch(self, data, slug):
        """Change some of a skill's fields

        Needs a `write` key and `If-Match`.
        """
        return writes.update(blp.load_unchanged(Skill, SkillDetailSchema, slug=slug), data)

    @blp.write_view(conditional=True, not_found=True)
    def delete(self, slug):
        """Delete a skill

        Its ties to roles go with it. Needs a `write` key and `If-Match`.
        """
        writes.delete(blp.load_unchanged(Skill, SkillDetailSchema, slug=slug))
