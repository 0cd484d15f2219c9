"""Source representations: the guide, and the notes quoted from it."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import NOTE_TOPICS
from api.schemas.common import PageArgsSchema, list_schema

FRONT_LINE_SENTENCE = (
    "If you’re early in a customer service job, national starting salaries typically land around the mid-$30Ks "
    "to low-$40Ks for front-line roles, according to the 2026 Salary Guide From Robert Half, with higher ranges "
    "as you gain experience or step into leadership."
)


class SourceNoteSchema(ma.Schema):
    slug = fields.String(required=True, metadata={"example": "front-line-starting-salaries"})
    topic = fields.String(required=True, metadata={"enum": list(NOTE_TOPICS), "example": "market"})
    label = fields.String(
        required=True,
        metadata={"example": "Front-line roles: national starting salaries typically land around the mid-$30Ks to low-$40Ks, higher with experience or leadership"},
    )
    provenance = fields.String(required=True, metadata={"example": FRONT_LINE_SENTENCE})


class SourceSchema(ma.Schema):
    id = fields.Integer(required=True, metadata={"example": 1})
    slug = fields.String(required=True, metadata={"example": "robert-half-2026-salary-guide"})
    title = fields.String(required=True, metadata={"example": "2026 Salary Guide From Robert Half"})
    publisher = fields.String(required=True, metadata={"example": "Robert Half"})
    document = fields.String(
        required=True,
        metadata={"description": "The excerpt the data was read from.", "example": "2026 Customer Service Jobs: Skills, Roles & Salaries"},
    )
    edition_year = fields.Integer(required=True, metadata={"example": 2026})
    geography = fields.String(required=True, metadata={"example": "US"})
    geography_scope = fields.String(required=True, metadata={"example": "national"})
    salary_basis = fields.String(required=True, metadata={"example": "starting salaries"})
    provenance = fields.String(required=True, metadata={"example": FRONT_LINE_SENTENCE})


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
