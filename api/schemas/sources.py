"""Source representations: the guide, and the notes quoted from it."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import NOTE_TOPICS
from api.schemas.common import PageArgsSchema, list_schema


class SourceNoteSchema(ma.Schema):
    slug = fields.String(required=True, metadata={"example": "front-line-starting-salaries"})
    topic = fields.String(required=True, metadata={"enum": list(NOTE_TOPICS), "example": "market"})
    label = fields.String(required=True)
    provenance = fields.String(required=True)


class SourceSchema(ma.Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True, metadata={"example": "robert-half-2026-salary-guide"})
    title = fields.String(required=True, metadata={"example": "2026 Salary Guide From Robert Half"})
    publisher = fields.String(required=True, metadata={"example": "Robert Half"})
    document = fields.String(required=True, metadata={"description": "The excerpt the data was read from."})
    edition_year = fields.Integer(required=True, metadata={"example": 2026})
    geography = fields.String(required=True, metadata={"example": "US"})
    geography_scope = fields.String(required=True, metadata={"example": "national"})
    salary_basis = fields.String(required=True, metadata={"example": "starting salaries"})
    provenance = fields.String(required=True)


class SourceDetailSchema(SourceSchema):
    notes = fields.List(
        fields.Nested(SourceNoteSchema), required=True,
        metadata={"description": "Statements of the source that are text, not figures: market notes, demand, "
                                 "channels, metrics, the work, trends, career advice, outlook."},
    )


class SourceQueryArgsSchema(PageArgsSchema):
    pass


class SourceNoteQueryArgsSchema(PageArgsSchema):
    topic = fields.String(validate=validate.OneOf(NOTE_TOPICS))


SourceListSchema = list_schema(SourceSchema, "SourceListSchema")
SourceNoteListSchema = list_schema(SourceNoteSchema, "SourceNoteListSchema")
