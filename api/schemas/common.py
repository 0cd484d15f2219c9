"""Schemas every resource shares: pagination, references, query-argument bases."""

import re

import marshmallow as ma
import pycountry
from marshmallow import fields, validate

from api import grammar
from api.domain import geography
from api.models import Industry, Role, Source
from api.schemas.numbers import WholeNumber
from api.spec_bounds import LONG_TEXT
from api.store.queries import COUNT_CAP

MAX_INT32 = 2**31 - 1
# The largest page any list returns: its `limit` maximum and the `data` array's `maxItems`.
PAGE_MAX = 100
# Larger than any salary in any currency the API will hold, small enough for a 32-bit column.
MONEY_META = {"type": "number", "description": "Rounded half-up to cents."}
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Text patterns for the spec: what `InputSchema` and `text_field` enforce.
ONE_LINE_PATTERN = r"^[^\x00-\x1F\x7F-\x9F]*$"
MULTILINE_PATTERN = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F]*$"


def column_length(column) -> int:
    """The length of a model's String column, e.g. `column_length(Role.title)`: a field's maximum."""
    return column.property.columns[0].type.length


# Every slug column is this long.
SLUG_LENGTH = column_length(Role.slug)


class FullMatch(validate.Regexp):
    """`validate.Regexp` against the whole value (it uses `re.match`, and `$` also matches before a
    final newline). The pattern, written `^...$`, is what the spec shows."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


SLUG = FullMatch(SLUG_PATTERN, error="Must be a slug: lowercase letters, digits and single hyphens.")
CURRENCY = FullMatch(r"^[A-Za-z]{3}$", error="Must be a three-letter ISO 4217 code.")
# re.ASCII: in Python `\d` also matches other scripts' digits; in the spec's (ECMA) pattern it does not.
SOC_CODE = FullMatch(r"^\d{2}-\d{4}$", re.ASCII, error="Must be a SOC code such as 43-4051.")


def soc_code_field(**kwargs):
    """A US SOC 2018 occupation code, e.g. `43-4051`."""
    return fields.String(validate=SOC_CODE, **kwargs)


def skill_scope_field():
    return fields.String(
        required=True,
        metadata={
            "enum": ["roles", "field-wide"],
            "example": "field-wide",
            "description": "`field-wide`: the guide ties the skill to no particular role, so it applies to all.",
        },
    )


def slug_field(**kwargs):
    return fields.String(
        validate=[validate.Length(max=SLUG_LENGTH), SLUG],
        metadata={"pattern": SLUG_PATTERN, **kwargs.pop("metadata", {})},
        **kwargs,
    )


class InputSchema(ma.Schema):
    """Base of every schema that reads client input: no text anywhere in it may hold a control
    character but tab and newline (`text_field` refuses those too, outside multi-line text). NUL
    cannot be stored by PostgreSQL; the others break the XML and terminals the data is shown in."""

    @ma.pre_load
    def _no_control_characters(self, data, **kwargs):
        def dirty_fields(value, path):
            if isinstance(value, str):
                return [] if grammar.is_clean_text(value, multiline=True) else [path]
            if isinstance(value, dict):
                return [
                    p for key, item in value.items() for p in dirty_fields(item, f"{path}.{key}" if path else str(key))
                ]
            if isinstance(value, (list, tuple)):
                return [p for i, item in enumerate(value) for p in dirty_fields(item, f"{path}.{i}")]
            return []

        found = dirty_fields(dict(data) if hasattr(data, "keys") else data, "")
        if found:
            message = "Must not contain control characters (U+0000 to U+001F but tab and newline, U+007F to U+009F)."
            raise ma.ValidationError({path or "_schema": [message] for path in found})
        return data


class PageArgsSchema(InputSchema):
    """Pagination arguments every list takes; unknown query parameters are rejected."""

    limit = WholeNumber(1, PAGE_MAX, load_default=20, metadata={"description": f"Items per page (1 to {PAGE_MAX})."})
    offset = WholeNumber(
        0, MAX_INT32, load_default=0, metadata={"description": "Items to skip before the page starts."}
    )


def _geography(known: bool):
    def check(value):
        if geography.scope_of(value, known) is None:
            raise ma.ValidationError(geography.MESSAGE)

    return check


class Code(fields.String):
    """A code of a standard (ISO 3166, ISO 4217), sent in any case and held upper-case from here on:
    stored, compared and echoed so."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).upper()


def geography_field(known: bool = False, **kwargs):
    """A geography code; `known` (for writes): the country or subdivision must exist in ISO 3166."""
    return Code(
        validate=_geography(known),
        metadata={
            "description": "A country (`US`), an ISO 3166-2 subdivision (`US-CA`) or a metro area as `US-MSA-` "
            "and its OEWS area code (`US-MSA-31080`); case-insensitive.",
            "pattern": geography.PATTERN,
            "maxLength": geography.MAX_LENGTH,
            **kwargs.pop("metadata", {}),
        },
        **kwargs,
    )


def currency_field(**kwargs):
    return Code(
        validate=CURRENCY,
        metadata={"description": "ISO 4217 code, e.g. `USD` (case-insensitive).", **kwargs.pop("metadata", {})},
        **kwargs,
    )


def one_line(value: str) -> None:
    if not grammar.is_clean_text(value):
        raise ma.ValidationError("Must be one line: no tab, newline or other control character.")


def text_field(max_length: int, multiline: bool = False, **kwargs):
    """Text for writes: 1 to `max_length` characters (a String column's own length: take it with
    `column_length`), one line unless `multiline` (tabs and newlines allowed)."""
    checks = [validate.Length(min=1, max=max_length)] + ([] if multiline else [one_line])
    pattern = MULTILINE_PATTERN if multiline else ONE_LINE_PATTERN
    return fields.String(validate=checks, metadata={"pattern": pattern, **kwargs.pop("metadata", {})}, **kwargs)


def source_id_field():
    return WholeNumber(
        1,
        MAX_INT32,
        required=True,
        strict=True,
        metadata={"description": "The source this fact comes from (see /v1/sources).", "example": 1},
    )


def provenance_field():
    return text_field(
        LONG_TEXT,
        multiline=True,
        required=True,
        metadata={"description": "Where it came from: the source's own words, or a note saying how it was derived."},
    )


# pycountry carries the ISO 4217 list (from Debian's iso-codes).
CURRENCIES = frozenset(currency.alpha_3 for currency in pycountry.currencies)


def iso_4217(value: str) -> None:
    """For a `currency_field` (so upper-case already): the code must exist in ISO 4217."""
    if value not in CURRENCIES:
        raise ma.ValidationError("Must be an ISO 4217 currency code, e.g. USD.")


def sort_field(keys):
    """A `sort` argument over `keys`, each also allowed descending with a leading `-`."""
    choices = [choice for key in keys for choice in (key, f"-{key}")]
    return fields.String(
        validate=validate.OneOf(choices),
        metadata={
            "description": "Sort key; a leading `-` reverses the order, ties included. Unsorted, and on ties of "
            "an ascending sort: guide order."
        },
    )


def query_text_field():
    return text_field(
        100, metadata={"description": "Case-insensitive keyword; matches anywhere in the text fields named above."}
    )


class PaginationSchema(ma.Schema):
    total = fields.Integer(
        required=True,
        allow_none=True,
        metadata={
            "maximum": COUNT_CAP,
            "description": f"Items matching the filters, all pages, counted up to {COUNT_CAP:,}: null when more match "
            "(`next` still says whether a next page exists), and on a keyset page (`after`), which skips "
            "the count.",
        },
    )
    limit = fields.Integer(required=True)
    offset = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Null on a keyset page (`after`)."}
    )
    next = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The next page's path and query (a relative reference), or null on the last."},
    )
    prev = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The previous page's path and query (a relative reference), or null on the first."},
    )


def list_schema(item_schema, name: str) -> type[ma.Schema]:
    """The list envelope `{data: [item...], pagination}` for one item schema."""
    return ma.Schema.from_dict(
        {
            "data": fields.List(fields.Nested(item_schema), required=True, metadata={"maxItems": PAGE_MAX}),
            "pagination": fields.Nested(PaginationSchema, required=True),
        },
        name=name,
    )


class SourceRefSchema(ma.Schema):
    class Meta:
        model = Source  # output strings take their maxLength from its columns (api/spec.py)

    id = fields.Integer(required=True, metadata={"example": 1})
    title = fields.String(required=True, metadata={"example": "2026 Salary Guide From Robert Half"})


class RoleRefSchema(ma.Schema):
    class Meta:
        model = Role  # output strings take their maxLength from its columns (api/spec.py)

    slug = fields.String(required=True, metadata={"example": "customer-service-specialist"})
    title = fields.String(required=True, metadata={"example": "Customer service specialist"})


class IndustryRefSchema(ma.Schema):
    class Meta:
        model = Industry  # output strings take their maxLength from its columns (api/spec.py)

    slug = fields.String(required=True, metadata={"example": "healthcare"})
    name = fields.String(required=True, metadata={"example": "Healthcare"})
