"""Role representations and list filters."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import CATEGORIES, LEVELS, Occupation, Role, Skill
from api.schemas.common import (
    IndustryRefSchema,
    InputSchema,
    PageArgsSchema,
    SourceRefSchema,
    column_length,
    list_schema,
    provenance_field,
    query_text_field,
    skill_scope_field,
    slug_field,
    soc_code_field,
    sort_field,
    source_id_field,
    text_field,
)
from api.schemas.embedded import QueriedList, count_field, embedded_list, list_url_field
from api.schemas.salary_bands import SalaryBandSchema
from api.store import queries

# A role lists at most this many responsibilities, each at most this long (writes check both).
MAX_RESPONSIBILITIES, RESPONSIBILITY_LENGTH = 30, 300


class OccupationSchema(ma.Schema):
    class Meta:
        model = Occupation  # output strings take their maxLength from its columns (api/spec.py)

    system = fields.String(required=True, metadata={"example": "SOC 2018"})
    code = fields.String(required=True, metadata={"example": "43-4051"})
    title = fields.String(required=True, metadata={"example": "Customer Service Representatives"})
    attribution = fields.String(
        required=True,
        metadata={"example": "U.S. Bureau of Labor Statistics, 2018 Standard Occupational Classification (SOC)"},
    )


class RoleSchema(ma.Schema):
    class Meta:
        model = Role  # output strings take their maxLength from its columns (api/spec.py)

    slug = fields.String(required=True, metadata={"example": "customer-service-specialist"})
    title = fields.String(required=True, metadata={"example": "Customer service specialist"})
    level = fields.String(required=True, metadata={"enum": list(LEVELS), "example": "front-line"})
    summary = fields.String(
        required=True,
        metadata={
            "description": "The guide's description of the work.",
            "example": "Solve customer questions by phone, chat or email, explain next steps and follow through "
            "to resolution.",
        },
    )
    responsibilities = fields.List(
        fields.String(metadata={"maxLength": RESPONSIBILITY_LENGTH}),
        required=True,
        metadata={
            "maxItems": MAX_RESPONSIBILITIES,
            "example": [
                "Solve customer questions by phone, chat or email",
                "Explain next steps",
                "Follow through to resolution",
            ],
        },
    )
    has_published_band = fields.Boolean(
        required=True,
        metadata={"description": "False when the guide publishes no salary band for the role.", "example": True},
    )
    occupation = fields.Nested(
        OccupationSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The standard occupation the role maps to without doubt; null when none does."},
    )
    provenance = fields.String(
        required=True,
        metadata={
            "description": "The guide's sentence describing the role.",
            "example": "Customer service specialist—Solve customer questions by phone, chat or email, explain "
            "next steps and follow through to resolution.",
        },
    )
    source = fields.Nested(SourceRefSchema, required=True)


class RoleSkillSchema(ma.Schema):
    class Meta:
        model = Skill  # output strings take their maxLength from its columns (api/spec.py)

    slug = fields.String(required=True, metadata={"example": "empathy-and-emotional-intelligence"})
    name = fields.String(required=True, metadata={"example": "Empathy and emotional intelligence"})
    category = fields.String(required=True, metadata={"enum": list(CATEGORIES), "example": "soft"})
    scope = skill_scope_field()


class RoleDetailSchema(RoleSchema):
    salary_bands = QueriedList(
        fields.Nested(SalaryBandSchema),
        queries.embedded_bands,
        required=True,
        validate=validate.Length(max=queries.EMBEDDED_BANDS),
        metadata={
            "description": f"The role's latest {queries.EMBEDDED_BANDS} published bands, newest year "
            "first (then by geography, currency and source); `salary_bands_url` pages through "
            "all of them. Empty when the guide publishes none (no band, no guess)."
        },
    )
    salary_band_count = count_field(queries.role_bands, "bands the role has", 1)
    salary_bands_url = list_url_field(
        "salary-bands.SalaryBands",
        lambda role: {"role": role.slug, "sort": "-year"},
        "/v1/salary-bands?role=customer-service-specialist&sort=-year",
        "of the role's bands, newest year first",
    )
    industries = embedded_list(IndustryRefSchema, queries.role_industries, "Industries the role is found in.")
    industry_count = count_field(queries.role_industries, "industries the role is found in", 4)
    industries_url = list_url_field(
        "industries.Industries",
        lambda role: {"role": role.slug},
        "/v1/industries?role=customer-service-specialist",
        "the industries the role is found in",
    )
    skills = embedded_list(RoleSkillSchema, queries.role_skills, "Skills tied to this role, then the field-wide ones.")
    skill_count = count_field(queries.role_skills, "skills apply to the role (tied to it or field-wide)", 17)
    skills_url = list_url_field(
        "skills.Skills",
        lambda role: {"role": role.slug},
        "/v1/skills?role=customer-service-specialist",
        "the skills that apply to the role, by id",
    )


class RoleQueryArgsSchema(PageArgsSchema):
    industry = slug_field(metadata={"description": "Only roles found in this industry (slug)."})
    skill = slug_field(
        metadata={"description": "Only roles this skill applies to (slug); a field-wide skill applies to all."}
    )
    level = fields.String(validate=validate.OneOf(LEVELS))
    has_published_band = fields.Boolean(
        metadata={"description": "true: only roles with a published band; false: only roles without."}
    )
    soc_code = soc_code_field(
        metadata={"description": "Only roles mapped to this US SOC 2018 code.", "example": "43-4051"},
    )
    q = query_text_field()
    sort = sort_field(["title", "slug"])


RoleListSchema = list_schema(RoleSchema, "RoleListSchema")


class RoleWriteSchema(InputSchema):
    """A role as a client sends it: PUT replaces every field, PATCH any of them. The slug never changes."""

    title = text_field(column_length(Role.title), required=True, metadata={"example": "Customer service specialist"})
    level = fields.String(required=True, validate=validate.OneOf(LEVELS), metadata={"example": "front-line"})
    summary = text_field(2000, multiline=True, required=True)
    responsibilities = fields.List(
        text_field(RESPONSIBILITY_LENGTH),
        required=True,
        validate=validate.Length(max=MAX_RESPONSIBILITIES),
        metadata={"maxItems": MAX_RESPONSIBILITIES},
    )
    provenance = provenance_field()
    source_id = source_id_field()
    soc_code = soc_code_field(
        load_default=None,
        allow_none=True,
        metadata={"description": "A US SOC 2018 code the API knows (see roles' `occupation`), or null."},
    )


class RoleCreateSchema(RoleWriteSchema):
    slug = slug_field(required=True, metadata={"example": "escalations-specialist"})


class RoleDeleteArgsSchema(InputSchema):
    cascade = fields.Boolean(
        load_default=False,
        metadata={"description": "Also delete the role's salary bands (needs an `admin` key)."},
    )
