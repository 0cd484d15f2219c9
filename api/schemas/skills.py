"""Skill representations and list filters."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import CATEGORIES, PAY_DRIVER_KINDS, Skill
from api.schemas.common import (
    InputSchema,
    PageArgsSchema,
    RoleRefSchema,
    SourceRefSchema,
    column_length,
    list_schema,
    provenance_field,
    query_text_field,
    skill_scope_field,
    slug_field,
    sort_field,
    source_id_field,
    text_field,
)
from api.schemas.embedded import count_field, embedded_list, list_url_field
from api.store import queries


class SkillSchema(ma.Schema):
    class Meta:
        model = Skill  # output strings take their maxLength from its columns (api/spec.py)

    slug = fields.String(required=True, metadata={"example": "empathy-and-emotional-intelligence"})
    name = fields.String(required=True, metadata={"example": "Empathy and emotional intelligence"})
    category = fields.String(required=True, metadata={"enum": list(CATEGORIES), "example": "soft"})
    description = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The guide's description; null where it names the skill without one.",
            "example": "Read context, meet people where they are and de-escalate with calm confidence.",
        },
    )
    scope = skill_scope_field()
    pay_driver = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "enum": [*PAY_DRIVER_KINDS, None],
            "example": "competitive-pay",
            "description": "Set when the guide names the skill as raising starting salaries or earning "
            "competitive pay.",
        },
    )
    pay_driver_provenance = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The guide's sentence naming the skill as a pay driver.",
            "example": "Salaries vary by role, experience and location, with competitive pay for professionals "
            "who bring customer loyalty experience, bilingual skills, empathy and business acumen.",
        },
    )
    provenance = fields.String(
        required=True,
        metadata={
            "example": "Empathy and emotional intelligence—Read context, meet people where they are and "
            "de-escalate with calm confidence."
        },
    )
    source = fields.Nested(SourceRefSchema, required=True)


class SkillDetailSchema(SkillSchema):
    roles = embedded_list(
        RoleRefSchema,
        queries.skill_roles,
        "Roles the skill is tied to; empty for a field-wide skill (it applies to all).",
    )
    role_count = count_field(queries.skill_roles, "roles the skill is tied to (0 for a field-wide skill)", 0)
    roles_url = list_url_field(
        "roles.Roles",
        lambda skill: {"skill": skill.slug},
        "/v1/roles?skill=empathy-and-emotional-intelligence",
        "roles the skill applies to (every role for a field-wide skill)",
    )


class SkillQueryArgsSchema(PageArgsSchema):
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    pay_driver = fields.Boolean(metadata={"description": "true: only pay drivers; false: only the others."})
    role = slug_field(metadata={"description": "Only skills that apply to this role (slug), field-wide ones included."})
    q = query_text_field()
    sort = sort_field(["name", "slug"])


SkillListSchema = list_schema(SkillSchema, "SkillListSchema")


class SkillWriteSchema(InputSchema):
    """A skill as a client sends it; a pay driver always comes with the sentence behind it (checked on
    the merged skill, api.store.writes, as a PATCH may send either alone)."""

    name = text_field(column_length(Skill.name), required=True, metadata={"example": "Data literacy"})
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES), metadata={"example": "technical"})
    description = text_field(2000, multiline=True, load_default=None, allow_none=True)
    provenance = provenance_field()
    pay_driver = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(PAY_DRIVER_KINDS))
    pay_driver_provenance = text_field(2000, multiline=True, load_default=None, allow_none=True)
    source_id = source_id_field()


class SkillCreateSchema(SkillWriteSchema):
    slug = slug_field(required=True, metadata={"example": "conflict-resolution"})
