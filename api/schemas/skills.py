"""Skill representations and list filters."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import CATEGORIES, PAY_DRIVER_KINDS
from api.schemas.common import (
    PageArgsSchema, RoleRefSchema, SourceRefSchema, list_schema, query_text_field, slug_field, sort_field,
)


class SkillSchema(ma.Schema):
    slug = fields.String(required=True, metadata={"example": "empathy-and-emotional-intelligence"})
    name = fields.String(required=True, metadata={"example": "Empathy and emotional intelligence"})
    category = fields.String(required=True, metadata={"enum": list(CATEGORIES), "example": "soft"})
    description = fields.String(
        required=True, allow_none=True,
        metadata={"description": "The guide's description; null where it names the skill without one.",
                  "example": "Read context, meet people where they are and de-escalate with calm confidence."},
    )
    scope = fields.String(
        required=True,
        metadata={"enum": ["roles", "field-wide"], "example": "field-wide",
                  "description": "`field-wide`: the guide ties the skill to no particular role, so it applies to all."},
    )
    pay_driver = fields.String(
        required=True, allow_none=True,
        metadata={"enum": [*PAY_DRIVER_KINDS, None], "example": "competitive-pay",
                  "description": "Set when the guide names the skill as raising starting salaries or earning competitive pay."},
    )
    pay_driver_provenance = fields.String(
        required=True, allow_none=True,
        metadata={"description": "The guide's sentence naming the skill as a pay driver.",
                  "example": "Salaries vary by role, experience and location, with competitive pay for professionals who bring customer loyalty experience, bilingual skills, empathy and business acumen."},
    )
    provenance = fields.String(
        required=True,
        metadata={"example": "Empathy and emotional intelligence—Read context, meet people where they are and de-escalate with calm confidence."},
    )
    source = fields.Nested(SourceRefSchema, required=True)


class SkillDetailSchema(SkillSchema):
    roles = fields.List(
        fields.Nested(RoleRefSchema), required=True,
        metadata={"description": "Roles the guide ties the skill to; empty for a field-wide skill."},
    )


class SkillQueryArgsSchema(PageArgsSchema):
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    pay_driver = fields.Boolean(metadata={"description": "true: only pay drivers; false: only the others."})
    role = slug_field(metadata={"description": "Only skills that apply to this role (slug), field-wide ones included."})
    q = query_text_field()
    sort = sort_field(["name", "slug"])


SkillListSchema = list_schema(SkillSchema, "SkillListSchema")
