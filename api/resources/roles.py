"""Roles: the customer-service titles the guide names, and the ones HR teams add."""

from flask import url_for
from flask.views import MethodView
from flask_smorest import abort

from api.auth import auth
from api.models import Industry, Role, Skill
from api.resources.blueprint import Blueprint
from api.schemas.roles import (
    RoleCreateSchema,
    RoleDeleteArgsSchema,
    RoleDetailSchema,
    RoleListSchema,
    RoleQueryArgsSchema,
    RoleSchema,
    RoleWriteSchema,
)
from api.store import queries, writes

blp = Blueprint("roles", __name__, url_prefix="/v1/roles", description="Customer-service roles the guide names.")


@blp.route("")
class Roles(MethodView):
    @blp.list_view(RoleQueryArgsSchema, RoleListSchema, RoleSchema)
    def get(self, args):
        """List roles

        Filter by industry, skill, level, SOC code and whether a band is published; search title
        and description with `q`; sort by title or slug.
        """
        return queries.roles(args)

    @blp.write_view(RoleCreateSchema, RoleDetailSchema, status=201, etag=True)
    def post(self, data):
        """Create a role

        Needs a `write` key. The slug must be new (409 otherwise); `source_id` and `soc_code` must
        exist (422). Answers with the role and its `Location`.
        """
        role = writes.create(Role, data)
        return role, {"Location": url_for("roles.RoleBySlug", slug=role.slug)}


@blp.route("/<string(maxlength=80):slug>")
class RoleBySlug(MethodView):
    @blp.detail_view(RoleDetailSchema)
    def get(self, slug):
        """Get a role

        The role with its published salary bands (none when the guide publishes none), the
        industries it is found in and the skills that apply to it.
        """
        return queries.role_detail(slug)

    @blp.write_view(RoleWriteSchema, RoleDetailSchema, conditional=True, not_found=True)
    def put(self, data, slug):
        """Replace a role

        Every field but the slug. Needs a `write` key and the role's current ETag in `If-Match`.
        """
        return writes.update(blp.load_unchanged(Role, RoleDetailSchema, slug=slug), data)

    @blp.write_view(RoleWriteSchema(partial=True), RoleDetailSchema, conditional=True, not_found=True)
    def patch(self, data, slug):
        """Change some of a role's fields

        Any subset of the PUT fields. Needs a `write` key and `If-Match`.
        """
        return writes.update(blp.load_unchanged(Role, RoleDetailSchema, slug=slug), data)

    @blp.write_view(args_schema=RoleDeleteArgsSchema, conditional=True, not_found=True)
    def delete(self, args, slug):
        """Delete a role

        409 while the role has salary bands, unless `cascade=true` (an `admin` key), which deletes
        them too. Needs `If-Match`.
        """
        if args["cascade"] and "admin" not in auth.current_user().scopes:
            abort(403, message="Deleting a role with its bands (cascade=true) needs an admin key.")
        writes.delete(blp.load_unchanged(Role, RoleDetailSchema, slug=slug), cascade=args["cascade"])


@blp.route("/<string(maxlength=80):slug>/industries/<string(maxlength=80):industry>")
class RoleIndustry(MethodView):
    @blp.write_view(not_found=True)
    def put(self, slug, industry):
        """Link a role to an industry

        Idempotent: linking twice changes nothing. Needs a `write` key.
        """
        writes.link(writes.load_for_write(Role, slug=slug), queries.one_or_404(Industry, "industry", slug=industry))

    @blp.write_view(not_found=True)
    def delete(self, slug, industry):
        """Unlink a role from an industry

        404 when they are not linked. Needs a `write` key.
        """
        writes.unlink(writes.load_for_write(Role, slug=slug), queries.one_or_404(Industry, "industry", slug=industry))


@blp.route("/<string(maxlength=80):slug>/skills/<string(maxlength=80):skill>")
class RoleSkill(MethodView):
    @blp.write_view(not_found=True)
    def put(self, slug, skill):
        """Tie a skill to a role

        A skill tied to a role no longer applies field-wide. Idempotent. Needs a `write` key.
        """
        writes.link(writes.load_for_write(Role, slug=slug), queries.one_or_404(Skill, "skill", slug=skill))

    @blp.write_view(not_found=True)
    def delete(self, slug, skill):
        """Untie a skill from a role

        404 when they are not tied. Needs a `write` key.
        """
        writes.unlink(writes.load_for_write(Role, slug=slug), queries.one_or_404(Skill, "skill", slug=skill))
