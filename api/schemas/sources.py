"""Source representations: the guide, and the notes quoted from it."""

import marshmallow as ma
from marshmallow import fields, validate

from api.domain.geography import scope_of
from api.models import NOTE_TOPICS, Source, SourceNote
from api.schemas.common import (
    InputSchema,
    PageArgsSchema,
    geography_field,
    list_schema,
    one_line,
    slug_field,
    text_field,
)
from api.schemas.dates import IsoDate
from api.schemas.embedded import count_field, embedded_list, list_url_field
from api.schemas.numbers import year_field
from api.spec_bounds import LONG_TEXT
from api.store import queries

FRONT_LINE_SENTENCE = (
    "If you’re early in a customer service job, national starting salaries typically land around the mid-$30Ks "
    "to low-$40Ks for front-line roles, according to the 2026 Salary Guide From Robert Half, with higher ranges "
    "as you gain experience or step into leadership."
)


class SourceNoteSchema(ma.Schema):
    class Meta:
        model = SourceNote  # output strings take their maxLength from its columns (api/spec.py)

    slug = fields.String(required=True, metadata={"example": "front-line-starting-salaries"})
    topic = fields.String(required=True, metadata={"enum": list(NOTE_TOPICS), "example": "market"})
    label = fields.String(
        required=True,
        metadata={
            "example": "Front-line roles: national starting salaries typically land around the mid-$30Ks to "
            "low-$40Ks, higher with experience or leadership"
        },
    )
    provenance = fields.String(required=True, metadata={"example": FRONT_LINE_SENTENCE})


class SourceSchema(ma.Schema):
    class Meta:
        model = Source  # output strings take their maxLength from its columns (api/spec.py)

    id = fields.Integer(required=True, metadata={"example": 1})
    slug = fields.String(required=True, metadata={"example": "robert-half-2026-salary-guide"})
    title = fields.String(required=True, metadata={"example": "2026 Salary Guide From Robert Half"})
    publisher = fields.String(required=True, metadata={"example": "Robert Half"})
    document = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The excerpt the data was read from.",
            "example": "2026 Customer Service Jobs: Skills, Roles & Salaries",
        },
    )
    edition_year = fields.Integer(required=True, allow_none=True, metadata={"example": 2026})
    geography = fields.String(required=True, allow_none=True, metadata={"example": "US"})
    geography_scope = fields.String(required=True, allow_none=True, metadata={"example": "national"})
    salary_basis = fields.String(required=True, allow_none=True, metadata={"example": "starting salaries"})
    provenance = fields.String(required=True, metadata={"example": FRONT_LINE_SENTENCE})
    url = fields.String(required=True, allow_none=True, metadata={"example": None})
    published_on = fields.Date(required=True, allow_none=True, metadata={"example": None})
    licence = fields.String(required=True, allow_none=True, metadata={"example": None})
    editable = fields.Boolean(
        required=True,
        metadata={
            "example": False,
            "description": "False for a publication loaded from a reviewed file (the guide, BLS OEWS): its bands "
            "are read-only, as published. True for a source made with POST /v1/sources: bands "
            "under it are created, changed and imported through the API.",
        },
    )


class SourceDetailSchema(SourceSchema):
    notes = embedded_list(
        SourceNoteSchema,
        lambda source: queries.source_notes(source, {}),
        "Statements of the source that are text, not figures: market notes, demand, channels, metrics, the work, "
        "trends, career advice, outlook.",
    )
    note_count = count_field(lambda source: queries.source_notes(source, {}), "notes the source has", 22)
    notes_url = list_url_field(
        "sources.SourceNotes", lambda source: {"source_id": source.id}, "/v1/sources/1/notes", "the source's notes"
    )


class SourceQueryArgsSchema(PageArgsSchema):
    editable = fields.Boolean(
        metadata={"description": "Only a team's own sources (true) or only publications (false)."}
    )


class SourceWriteSchema(InputSchema):
    """A source of a team's own, as a client sends it (POST, PUT; PATCH any subset)."""

    slug = slug_field(required=True, metadata={"example": "acme-2026-salary-structure"})
    title = text_field(
        200, required=True, metadata={"description": "Its name.", "example": "Acme salary structure 2026"}
    )
    publisher = text_field(120, required=True, metadata={"example": "Acme Corp. HR"})
    provenance = text_field(
        LONG_TEXT,
        multiline=True,
        required=True,
        metadata={
            "description": "What the source is and how its figures were set.",
            "example": "Approved by Acme's compensation committee on 2026-11-20.",
        },
    )
    url = fields.String(
        allow_none=True,
        load_default=None,
        validate=[validate.Length(max=LONG_TEXT), one_line, validate.URL(schemes={"http", "https"}, require_tld=True)],
        metadata={
            "description": "Where it is published (http or https).",
            "example": "https://hr.example.com/pay/2026",
            "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$",
        },
    )  # what validate.URL takes is of this form
    published_on = IsoDate(
        allow_none=True, load_default=None, metadata={"description": "Publication date.", "example": "2026-11-20"}
    )
    licence = text_field(200, allow_none=True, load_default=None, metadata={"example": "Internal use only"})
    document = text_field(
        200, allow_none=True, load_default=None, metadata={"description": "The document the figures are in."}
    )
    edition_year = year_field(strict=True, allow_none=True, load_default=None)
    geography = geography_field(known=True, allow_none=True, load_default=None, metadata={"example": "US"})
    salary_basis = text_field(80, allow_none=True, load_default=None, metadata={"example": "salary structure"})

    @ma.post_load
    def _scope_follows_geography(self, data, **kwargs):
        if "geography" in data:
            data["geography_scope"] = data["geography"] and scope_of(data["geography"])
        return data


class SourceNoteQueryArgsSchema(PageArgsSchema):
    topic = fields.String(validate=validate.OneOf(NOTE_TOPICS))


SourceListSchema = list_schema(SourceSchema, "SourceListSchema")
SourceNoteListSchema = list_schema(SourceNoteSchema, "SourceNoteListSchema")
