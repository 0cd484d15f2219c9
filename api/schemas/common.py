"""Schemas every resource shares: pagination, references, query-argument bases."""

from datetime import timezone
from decimal import Decimal

import marshmallow as ma
import pycountry
from marshmallow import fields, validate

from api import geography

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


class UtcDateTime(fields.AwareDateTime):
    """RFC 3339 with an offset, always; a naive value (SQLite keeps no zone) is UTC."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", default_timezone=timezone.utc, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


def skill_scope_field():
    return fields.String(
        required=True,
        metadata={"enum": ["roles", "field-wide"], "example": "field-wide",
                  "description": "`field-wide`: the guide ties the skill to no particular role, so it applies to all."},
    )


def slug_field(**kwargs):
    return fields.String(
        validate=[validate.Length(max=80), SLUG],
        metadata={"pattern": SLUG_PATTERN, **kwargs.pop("metadata", {})},
        **kwargs,
    )


class InputSchema(ma.Schema):
    """Base of every schema that reads client input: text may not contain NUL characters, which
    PostgreSQL cannot store or compare (it would be a 500, not an answer)."""

    @ma.pre_load
    def _no_nul_characters(self, data, **kwargs):
        def nul_fields(value, path):
            if isinstance(value, str):
                return [path] if "\x00" in value else []
            if isinstance(value, dict):
                return [p for key, item in value.items() for p in nul_fields(item, f"{path}.{key}" if path else str(key))]
            if isinstance(value, (list, tuple)):
                return [p for i, item in enumerate(value) for p in nul_fields(item, f"{path}.{i}")]
            return []

        found = nul_fields(dict(data) if hasattr(data, "keys") else data, "")
        if found:
            raise ma.ValidationError({path or "_schema": ["Must not contain NUL (\\x00) characters."] for path in found})
        return data


class PageArgsSchema(InputSchema):
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


def _geography(known: bool):
    def check(value):
        if geography.scope_of(value, known) is None:
            raise ma.ValidationError(geography.MESSAGE)
    return check


def geography_field(known: bool = False, **kwargs):
    """A geography code; `known` (for writes): the country or subdivision must exist in ISO 3166."""
    return fields.String(
        validate=_geography(known),
        metadata={"description": "A country (`US`), an ISO 3166-2 subdivision (`US-CA`) or a metro area as `US-MSA-` "
                                 "and its OEWS area code (`US-MSA-31080`); case-insensitive.",
                  "pattern": geography.PATTERN, "maxLength": geography.MAX_LENGTH, **kwargs.pop("metadata", {})},
        **kwargs,
    )


def currency_field(**kwargs):
    return fields.String(
        validate=validate.Regexp(r"^[A-Za-z]{3}$", error="Must be a three-letter ISO 4217 code."),
        metadata={"description": "ISO 4217 code, e.g. `USD` (case-insensitive).", **kwargs.pop("metadata", {})},
        **kwargs,
    )


def text_field(max_length: int, **kwargs):
    """A required-length text field for writes: 1 to `max_length` characters."""
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)


def source_id_field():
    return fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_INT32),
        metadata={"description": "The source this fact comes from (see /v1/sources).", "example": 1},
    )


def provenance_field():
    return text_field(
        2000, required=True,
        metadata={"description": "Where it came from: the source's own words, or a note saying how it was derived."},
    )


def iso_4217(value: str) -> None:
    # pycountry carries the ISO 4217 list (from Debian's iso-codes).
    if pycountry.currencies.get(alpha_3=value.upper()) is None:
        raise ma.ValidationError("Must be an ISO 4217 currency code, e.g. USD.")


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
        metadata={"description": "Case-insensitive keyword; matches anywhere in the text fields named above.",
                  "pattern": r"^[^\x00]*$"},
    )


class PaginationSchema(ma.Schema):
    total = fields.Integer(required=True, allow_none=True, metadata={
        "description": "Items matching the filters, all pages; null on a keyset page (`after`), which skips the count."})
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True, allow_none=True, metadata={"description": "Null on a keyset page (`after`)."})
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
