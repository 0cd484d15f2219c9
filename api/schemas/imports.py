"""Bulk import: its options and its result."""

import marshmallow as ma
from marshmallow import fields

from api.schemas.common import InputSchema


class ImportArgsSchema(InputSchema):
    dry_run = fields.Boolean(
        load_default=False, metadata={"description": "Validate and report what would change; write nothing."}
    )


class ImportResultSchema(ma.Schema):
    dry_run = fields.Boolean(required=True, metadata={"example": False})
    rows = fields.Integer(required=True, metadata={"example": 3})
    created = fields.Integer(required=True, metadata={"example": 1})
    updated = fields.Integer(required=True, metadata={"example": 1})
    unchanged = fields.Integer(required=True, metadata={"example": 1})
    dataset_version = fields.Integer(
        required=True, allow_none=True, metadata={"description": "The version the import made; null on a dry run.", "example": 7}
    )
