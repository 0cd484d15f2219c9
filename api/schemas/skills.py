"""Skill representations and list filters."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import CATEGORIES, PAY_DRIVER_KINDS, Skill
from api.schemas.common import (
    InputSchema,
    PageArgsSchema, RoleRefSchema, SourceRefSchema, column_length, list_schema, provenance_field, query_text_field,
    skill_scope_field, slug_field, sort_field, source_id_field, text_field,
)


class SkillSchema(ma.Schema):
    class Meta:
        model = Skill  # output strings take their maxLength from its columns (api/spec.py)

    slug = fields.String(required=True, metadata={"example": "empathy-and-emotional-intelligence"})
    name = fields.String(required=True, metadata={"example": "Empathy and emotional intelligence"})
    category = fields.String(required=True, metadata={"enum": list(CATEGORIES), "example": "soft"})
    description = fields.String(
        required=True, allow_none=True,
        metadata={"description": "The guide's description; null where it names the skill without one.",
                  "example": "Read context, meet people where they are and de-escalate with calm confidence."},
    )
    scope = skill_scope_field()
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


class SkillWriteSchema(InputSchema):
    """A skill as a client sends it; a pay driver always comes with the sentence behind it."""

    name = text_field(column_length(Skill.name), required=True, metadata={"example": "Data literacy"})
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES), metadata={"example": "technical"})
    description = text_field(2000, multiline=True, load_default=None, allow_none=True)
    provenance = provenance_field()
    pay_driver = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(PAY_DRIVER_KINDS))
    pay_driver_provenance = text_field(2000, multiline=True, load_default=None, allow_none=True)
    source_id = source_id_field()

    @ma.validates_schema
    def _pay_driver_with_its_sentence(self, data, partial=None, **kwargs):
        if partial or "pay_driver" not in data:
            return  # a PATCH is checked once merged with the stored skill
        if (data["pay_driver"] is None) != (data.get("pay_driver_provenance") is None):
            raise ma.ValidationError("pay_driver and pay_driver_provenance are set together or not at all.",
                                     "pay_driver_provenance")


class SkillCreateSchema(SkillWriteSchema):
    slug = slug_field(required=True, metadata={"example": "conflict-resolution"})
