"""The change log: who changed what, when, before and after."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import ACTIONS, Change
from api.schemas.common import MAX_INT32, PageArgsSchema, list_schema
from api.schemas.numbers import UtcDateTime, WholeNumber


class ChangeSchema(ma.Schema):
    class Meta:
        model = Change  # output strings take their maxLength from its columns (api/spec.py)

    id = fields.Integer(required=True, metadata={"example": 1})
    dataset_version = fields.Integer(
        required=True, metadata={"description": "The dataset version this change made.", "example": 2}
    )
    resource = fields.String(required=True, metadata={"example": "salary band"})
    resource_key = fields.String(
        required=True, metadata={"description": "The slug, id, or `role/target` of a link.", "example": "1"}
    )
    action = fields.String(required=True, metadata={"enum": list(ACTIONS), "example": "update"})
    actor = fields.String(
        required=True,
        metadata={"description": "The name of the API key, or the command that made it.", "example": "hr-tool"},
    )
    before = fields.Dict(
        required=True, allow_none=True, metadata={"description": "The resource before; null on create."}
    )
    after = fields.Dict(required=True, allow_none=True, metadata={"description": "The resource after; null on delete."})
    created_at = UtcDateTime(
        required=True, metadata={"description": "RFC 3339.", "example": "2026-11-24T12:00:00+00:00"}
    )


class ChangeQueryArgsSchema(PageArgsSchema):
    resource = fields.String(
        validate=validate.OneOf(["role", "salary band", "industry", "skill", "role industry", "role skill", "dataset"])
    )
    action = fields.String(validate=validate.OneOf(ACTIONS))
    since = UtcDateTime(metadata={"description": "Changes at or after this time (RFC 3339; UTC when no offset)."})
    until = UtcDateTime(metadata={"description": "Changes before this time."})
    after_version = WholeNumber(
        0,
        MAX_INT32,
        metadata={"description": "Changes made after this dataset version: what a client that saw it has missed."},
    )


ChangeListSchema = list_schema(ChangeSchema, "ChangeListSchema")
