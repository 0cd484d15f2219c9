"""Industry representations and list filters."""

import marshmallow as ma
from marshmallow import fields

from api.models import Industry
from api.schemas.common import (
    InputSchema,
    PageArgsSchema,
    RoleRefSchema,
    SourceRefSchema,
    column_length,
    list_schema,
    provenance_field,
    query_text_field,
    slug_field,
    sort_field,
    source_id_field,
    text_field,
)
from api.schemas.embedded import count_field, embedded_list, list_url_field
from api.store import queries


class IndustrySchema(ma.Schema):
    class Meta:
        model = Industry  # output strings take their maxLength from its columns (api/spec.py)

    slug = fields.String(required=True, metadata={"example": "healthcare"})
    name = fields.String(required=True, metadata={"example": "Healthcare"})
    provenance = fields.String(
        required=True,
        metadata={
            "example": "Here’s a quick look at those titles, and a few related roles, you’ll find across "
            "healthcare, hospitality, tech and retail"
        },
    )
    source = fields.Nested(SourceRefSchema, required=True)


class IndustryDetailSchema(IndustrySchema):
    roles = embedded_list(RoleRefSchema, queries.industry_roles, "Roles found in it.")
    role_count = count_field(queries.industry_roles, "roles are found in it", 6)
    roles_url = list_url_field(
        "roles.Roles",
        lambda industry: {"industry": industry.slug},
        "/v1/roles?industry=healthcare",
        "roles found in it",
    )


class IndustryQueryArgsSchema(PageArgsSchema):
    role = slug_field(metadata={"description": "Only industries this role is found in (slug)."})
    q = query_text_field()
    sort = sort_field(["name", "slug"])


IndustryListSchema = list_schema(IndustrySchema, "IndustryListSchema")


class IndustryWriteSchema(InputSchema):
    """An industry as a client sends it; the slug never changes."""

    name = text_field(column_length(Industry.name), required=True, metadata={"example": "Healthcare"})
    provenance = provenance_field()
    source_id = source_id_field()


class IndustryCreateSchema(IndustryWriteSchema):
    slug = slug_field(required=True, metadata={"example": "finance"})
