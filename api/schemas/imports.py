"""Bulk import: its options and its result."""

import marshmallow as ma
from marshmallow import fields, validate

from api.errors import MAX_REPORTED_ERRORS
from api.ingest.outcome import Outcome
from api.schemas.common import MAX_INT32, InputSchema
from api.spec_bounds import INT32


class ImportArgsSchema(InputSchema):
    dry_run = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Run every check and write, then roll back: report each row's change and "
            "conflicts; nothing is kept."
        },
    )
    based_on = fields.Integer(
        validate=validate.Range(min=0, max=MAX_INT32),
        metadata={
            "description": "The dataset version the file was exported at (the export's `X-Dataset-Version`). "
            "A row that would change a band changed after it is a conflict.",
            "example": 5,
        },
    )
    on_conflict = fields.String(
        load_default="refuse",
        validate=validate.OneOf(["refuse", "overwrite"]),
        metadata={"description": "`refuse`: conflicts answer 409 and nothing is written; `overwrite`: the file wins."},
    )


class RowChangeSchema(ma.Schema):
    row = fields.Integer(
        required=True, metadata={"description": "The data row (1 = the first after the header).", "example": 1}
    )
    id = fields.Integer(
        required=True, metadata={"description": "The band's id (what it would be, for a create).", "example": 1}
    )
    action = fields.String(required=True, metadata={"enum": ["create", "update"], "example": "update"})
    before = fields.Dict(
        required=True,
        allow_none=True,
        metadata={
            "description": "The changed fields' current values; null for a create.",
            "example": {"salary_max": 48500},
        },
    )
    after = fields.Dict(
        required=True,
        metadata={
            "description": "The changed fields' values from the file (every field, for a create).",
            "example": {"salary_max": 49000},
        },
    )


def _longest_conflict_message() -> int:
    """A conflict's message as the import writes it, with the widest 32-bit numbers it can name."""
    outcome, widest = Outcome(), INT32[0]
    outcome.conflict(row=1, band_id=widest, version=widest, based_on=widest)
    return len(outcome.conflicts[0]["message"])


class RowConflictSchema(ma.Schema):
    location = fields.String(required=True, metadata={"enum": ["body"], "example": "body"})
    row = fields.Integer(required=True, metadata={"example": 2})
    field = fields.String(
        required=True, metadata={"description": "`(row)`: the row as a whole.", "enum": ["(row)"], "example": "(row)"}
    )
    band_id = fields.Integer(required=True, metadata={"example": 2})
    changed_in_version = fields.Integer(required=True, metadata={"example": 6})
    message = fields.String(required=True, metadata={"maxLength": _longest_conflict_message()})


class ImportResultSchema(ma.Schema):
    dry_run = fields.Boolean(required=True, metadata={"example": False})
    rows = fields.Integer(required=True, metadata={"example": 3})
    created = fields.Integer(required=True, metadata={"example": 1})
    updated = fields.Integer(required=True, metadata={"example": 1})
    unchanged = fields.Integer(required=True, metadata={"example": 1})
    dataset_version = fields.Integer(
        required=True,
        allow_none=True,
        metadata={
            "description": "The dataset's version after the import (unchanged when no row changed); null on a dry run.",
            "example": 7,
        },
    )
    changes = fields.List(
        fields.Nested(RowChangeSchema),
        metadata={
            "description": "Dry run only: each row that would change a band, before → after (the first 1,000).",
            "maxItems": MAX_REPORTED_ERRORS,
        },
    )
    conflicts = fields.List(
        fields.Nested(RowConflictSchema),
        metadata={
            "description": "Dry run only: rows that would undo a change made after `based_on` (the first 1,000); "
            "the import would answer 409.",
            "maxItems": MAX_REPORTED_ERRORS,
        },
    )
