"""Schemas every resource shares: pagination, references, query-argument bases."""

from decimal import Decimal

import marshmallow as ma
from marshmallow import fields, validate

MAX_INT32 = 2**31 - 1
# Larger than any salary in any currency the API will hold, small enough for a 32-bit column.
MAX_AMOUNT = 1_000_000_000
MONEY_META = {"type": "number", "description": "Rounded half-up to cents."}
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG = validate.Regexp(SLUG_PATTERN, error="Must be a slug: lowercase letters, digits and single hyphens.")


class ExactNumber(fields.Field):
    """A Decimal written as a JSON integer when whole, else as a JSON number (e.g. 40875.5)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)


def slug_field(**kwargs):
    return fields.String(
        validate=[validate.Length(max=80), SLUG],
        metadata={"pattern": SLUG_PATTERN, **kwargs.pop("metadata", {})},
        **kwargs,
    )


class PageArgsSchema(ma.Schema):
    """Pagination arguments every list takes; unknown query parameters are rejected."""

    limit = fields.Integer(
        load_default=20,
        validate=validate.Range(min=1, max=100),
        metadata={"description": "Items per page (1 to 100)."},
    )
    offset = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0, max=MAX_INT32),
        metadata={"description": "Items to skip before the page starts."},
    )


def geography_field(**kwargs):
    return fields.String(
        validate=validate.Regexp(r"^[A-Za-z]{2}$", error="Must be a two-letter country code."),
        metadata={"description": "Country code, e.g. `US` (case-insensitive)."},
        **kwargs,
    )


def currency_field(**kwargs):
    return fields.String(
        validate=validate.Regexp(r"^[A-Za-z]{3}$", error="Must be a three-letter ISO 4217 code."),
        metadata={"description": "ISO 4217 code, e.g. `USD` (case-insensitive)."},
        **kwargs,
    )


def sort_field(keys):
    """A `sort` argument over `keys`, each also allowed descending with a leading `-`."""
    choices = [choice for key in keys for choice in (key, f"-{key}")]
    return fields.String(
        validate=validate.OneOf(choices),
        metadata={"description": "Sort key; a leading `-` sorts descending. Unsorted, and on ties: guide order."},
    )


def query_text_field():
    return fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Case-insensitive keyword; matches anywhere in the text fields named above."},
    )


class PaginationSchema(ma.Schema):
    total = fields.Integer(required=True, metadata={"description": "Items matching the filters, all pages."})
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    next = fields.String(
        required=True, allow_none=True, metadata={"description": "URL of the next page, or null on the last."}
    )
    prev = fields.String(
        required=True, allow_none=True, metadata={"description": "URL of the previous page, or null on the first."}
    )


def list_schema(item_schema, name: str) -> type[ma.Schema]:
    """The list envelope `{data: [item...], pagination}` for one item schema."""
    return ma.Schema.from_dict(
        {
            "data": fields.List(fields.Nested(item_schema), required=True),
            "pagination": fields.Nested(PaginationSchema, required=True),
        },
        name=name,
    )


class SourceRefSchema(ma.Schema):
    id = fields.Integer(required=True, metadata={"example": 1})
    title = fields.String(required=True, metadata={"example": "2026 Salary Guide From Robert Half"})


class RoleRefSchema(ma.Schema):
    slug = fields.String(required=True, metadata={"example": "customer-service-specialist"})
    title = fields.String(required=True, metadata={"example": "Customer service specialist"})


class IndustryRefSchema(ma.Schema):
    slug = fields.String(required=True, metadata={"example": "healthcare"})
    name = fields.String(required=True, metadata={"example": "Healthcare"})
