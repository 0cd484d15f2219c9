"""Salary band representations and list filters."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import PERIODS
from api.schemas.common import (
    MAX_AMOUNT, ExactNumber, PageArgsSchema, RoleRefSchema, SourceRefSchema, list_schema, slug_field,
    sort_field,
)

AMOUNT = validate.Range(min=0, max=MAX_AMOUNT)


class SalaryBandSchema(ma.Schema):
    id = fields.Integer(required=True, metadata={"example": 1})
    role = fields.Nested(RoleRefSchema, required=True)
    year = fields.Integer(required=True, metadata={"example": 2026})
    geography = fields.String(required=True, metadata={"description": "ISO 3166-1 alpha-2 country code.", "example": "US"})
    geography_scope = fields.String(required=True, metadata={"description": "`national` for a country-wide band.", "example": "national"})
    currency = fields.String(required=True, metadata={"description": "ISO 4217 code.", "example": "USD"})
    period = fields.String(required=True, metadata={"enum": list(PERIODS), "example": "annual"})
    salary_min = fields.Integer(required=True, metadata={"description": "Whole currency units.", "example": 38500})
    salary_max = fields.Integer(required=True, metadata={"description": "Whole currency units.", "example": 48500})
    midpoint = ExactNumber(
        required=True,
        metadata={"type": "number", "multipleOf": 0.5, "description": "(salary_min + salary_max) / 2, exact.", "example": 43500},
    )
    provenance = fields.String(
        required=True,
        metadata={"description": "The guide's words the figures come from.", "example": "Customer service specialist: $38,500 – $48,500"},
    )
    source = fields.Nested(SourceRefSchema, required=True)


class SalaryBandQueryArgsSchema(PageArgsSchema):
    role = slug_field(metadata={"description": "Role slug."})
    year = fields.Integer(validate=validate.Range(min=1900, max=2100))
    geography = fields.String(
        validate=validate.Regexp(r"^[A-Za-z]{2}$", error="Must be a two-letter country code."),
        metadata={"description": "Country code, e.g. `US` (case-insensitive)."},
    )
    currency = fields.String(
        validate=validate.Regexp(r"^[A-Za-z]{3}$", error="Must be a three-letter ISO 4217 code."),
        metadata={"description": "ISO 4217 code, e.g. `USD` (case-insensitive)."},
    )
    salary = fields.Integer(validate=AMOUNT, metadata={"description": "Only bands this salary falls inside (min <= salary <= max)."})
    salary_min_gte = fields.Integer(validate=AMOUNT, metadata={"description": "Only bands whose salary_min is at least this."})
    salary_max_lte = fields.Integer(validate=AMOUNT, metadata={"description": "Only bands whose salary_max is at most this."})
    sort = sort_field(["salary_min", "salary_max", "midpoint", "year"])


SalaryBandListSchema = list_schema(SalaryBandSchema, "SalaryBandListSchema")
