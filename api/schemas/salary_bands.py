"""Salary band representations and list filters."""

import marshmallow as ma
from marshmallow import fields, validate

from api.domain.geography import SCOPES, scope_of
from api.domain.paymath import DEFAULT_HOURS_PER_YEAR, MAX_HOURS_PER_YEAR, MIN_HOURS_PER_YEAR, conversion_rule
from api.models import PERIODS, SalaryBand
from api.models.salary_band import broken_rule
from api.schemas.common import (
    MAX_INT32,
    MONEY_META,
    InputSchema,
    PageArgsSchema,
    RoleRefSchema,
    SourceRefSchema,
    currency_field,
    geography_field,
    iso_4217,
    list_schema,
    provenance_field,
    slug_field,
    sort_field,
    source_id_field,
)
from api.schemas.dates import IsoDate
from api.schemas.numbers import MAX_AMOUNT, Amount, ExactNumber, WholeNumber, year_field


def salary_field(**kwargs):
    """A salary as a client types it, in the shared grammar for amounts (`Amount`), per a `period`."""
    metadata = kwargs.pop("metadata", {})
    return Amount(
        MAX_AMOUNT,
        metadata={
            "example": "45000",
            "description": f"The salary to place, in the band's currency, per `period`; used exactly as given. "
            f"Plain digits with up to 4 decimals, above 0 and at most {MAX_AMOUNT}.",
            **metadata,
        },
        **kwargs,
    )


def amount_filter(description: str):
    return WholeNumber(0, MAX_AMOUNT, metadata={"description": description})


class PeriodArgsSchema(InputSchema):
    period = fields.String(
        validate=validate.OneOf(PERIODS),
        metadata={"description": "Also express each band per this period, in `converted` (same yearly total)."},
    )
    hours_per_year = WholeNumber(
        MIN_HOURS_PER_YEAR,
        MAX_HOURS_PER_YEAR,
        load_default=DEFAULT_HOURS_PER_YEAR,
        metadata={
            "description": f"Hours worked a year, for `hourly` ({MIN_HOURS_PER_YEAR} to {MAX_HOURS_PER_YEAR}; "
            f"2080 = 40 h × 52 weeks)."
        },
    )


# The longest rule any pair of periods gives (hours a year are at most 4 digits).
CONVERSION_RULE_MAX = max(len(conversion_rule(a, b, MAX_HOURS_PER_YEAR)) for a in PERIODS for b in PERIODS)


class ConversionSchema(ma.Schema):
    period = fields.String(required=True, metadata={"enum": list(PERIODS), "example": "hourly"})
    salary_min = ExactNumber(required=True, metadata={**MONEY_META, "example": 18.51})
    salary_max = ExactNumber(required=True, metadata={**MONEY_META, "example": 23.32})
    midpoint = ExactNumber(required=True, metadata={**MONEY_META, "example": 20.91})
    hours_per_year = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Set when either period is hourly.", "example": 2080}
    )
    rule = fields.String(
        required=True,
        metadata={
            "example": "amount per hour = amount per year ÷ 2080 hours a year, rounded half-up to cents.",
            "maxLength": CONVERSION_RULE_MAX,
        },
    )


class SalaryBandSchema(ma.Schema):
    class Meta:
        model = SalaryBand  # output strings take their maxLength from its columns (api/spec.py)

    id = fields.Integer(required=True, metadata={"example": 1})
    role = fields.Nested(RoleRefSchema, required=True)
    year = fields.Integer(required=True, metadata={"example": 2026})
    geography = fields.String(
        required=True,
        metadata={
            "description": "ISO 3166-1 country (`US`), ISO 3166-2 subdivision (`US-CA`) or metro area "
            "(`US-MSA-31080`: OEWS area code).",
            "example": "US",
        },
    )
    geography_scope = fields.String(
        required=True,
        metadata={
            "enum": list(SCOPES),
            "example": "national",
            "description": "`national` (a country), `subdivision` (ISO 3166-2) or `metro` (an OEWS metro area).",
        },
    )
    currency = fields.String(required=True, metadata={"description": "ISO 4217 code.", "example": "USD"})
    period = fields.String(required=True, metadata={"enum": list(PERIODS), "example": "annual"})
    salary_min = fields.Integer(required=True, metadata={"description": "Whole currency units.", "example": 38500})
    salary_max = fields.Integer(required=True, metadata={"description": "Whole currency units.", "example": 48500})
    midpoint = ExactNumber(
        required=True,
        metadata={
            "type": "number",
            "multipleOf": 0.5,
            "description": "(salary_min + salary_max) / 2, exact.",
            "example": 43500,
        },
    )
    provenance = fields.String(
        required=True,
        metadata={
            "description": "The guide's words the figures come from.",
            "example": "Customer service specialist: $38,500 – $48,500",
        },
    )
    source = fields.Nested(SourceRefSchema, required=True)
    effective_from = fields.Date(
        required=True,
        allow_none=True,
        metadata={"description": "First day the band is in effect; null: since always.", "example": None},
    )
    effective_to = fields.Date(
        required=True,
        allow_none=True,
        metadata={"description": "Last day the band is in effect; null: until further notice.", "example": None},
    )
    # Every answer that carries a band carries it whole, `converted` included (null unless a `period` was asked).
    converted = fields.Nested(
        ConversionSchema,
        required=True,
        allow_none=True,
        attribute="conversion",
        dump_default=None,
        metadata={
            "description": "The band per the requested `period`; null when none was asked for. "
            "The published figures are never changed."
        },
    )


class BandFilterArgsSchema(InputSchema):
    """Filters every band list takes: whose bands, and in effect when."""

    source = WholeNumber(
        1,
        MAX_INT32,
        metadata={"description": "Only bands from this source (id; see /v1/sources): the guide's, or a team's own."},
    )
    as_of = IsoDate(
        bounded=False,
        metadata={"description": "Only bands in effect on this date (YYYY-MM-DD); undated bands always are."},
    )


class SalaryBandQueryArgsSchema(PageArgsSchema, PeriodArgsSchema, BandFilterArgsSchema):
    role = slug_field(metadata={"description": "Role slug."})
    year = year_field()
    geography = geography_field()
    geography_scope = fields.String(
        validate=validate.OneOf(SCOPES), metadata={"description": "Only bands of this scope."}
    )
    currency = currency_field()
    salary = salary_field(
        metadata={
            "description": "Only bands this salary falls inside (min <= salary <= max), "
            "both taken a year: the salary paid per `period` (`annual` when "
            "omitted; `hourly` × `hours_per_year`), each band per its own."
        }
    )
    period = fields.String(
        validate=validate.OneOf(PERIODS),
        metadata={
            "description": "The period `salary` is paid per (`annual` when omitted); each band is also expressed "
            "per it in `converted` (same yearly total)."
        },
    )
    salary_min_gte = amount_filter("Only bands whose salary_min is at least this.")
    salary_max_lte = amount_filter("Only bands whose salary_max is at most this.")
    sort = sort_field(["salary_min", "salary_max", "midpoint", "year"])
    after = WholeNumber(
        0,
        MAX_INT32,
        metadata={
            "description": "Keyset paging for large sets: the bands after this id, in id order, without a "
            "total count; `next` carries on from the last id. Not with `offset` or `sort`."
        },
    )

    @ma.validates_schema
    def _keyset_follows_id_order(self, data, **kwargs):
        if "after" in data and data.get("offset"):
            raise ma.ValidationError("Page with `after` or with `offset`, not both.", "after")
        if "after" in data and "sort" in data:
            raise ma.ValidationError("`after` pages in id order; it cannot be combined with `sort`.", "after")


SalaryBandListSchema = list_schema(SalaryBandSchema, "SalaryBandListSchema")


class SalaryBandWriteSchema(InputSchema):
    """A band as a client sends it (POST, PUT; PATCH any subset)."""

    role = slug_field(required=True, metadata={"description": "Role slug.", "example": "customer-service-specialist"})
    source_id = source_id_field()
    year = year_field(required=True, strict=True, metadata={"example": 2026})
    geography = geography_field(known=True, required=True, metadata={"example": "US"})
    geography_scope = fields.String(
        validate=validate.OneOf(SCOPES),
        metadata={
            "example": "national",
            "description": "Optional: follows from `geography`; when sent, it must agree.",
        },
    )
    currency = currency_field(required=True, metadata={"example": "USD"})
    period = fields.String(required=True, validate=validate.OneOf(PERIODS), metadata={"example": "annual"})
    salary_min = WholeNumber(1, MAX_AMOUNT, required=True, strict=True, metadata={"example": 38500})
    salary_max = WholeNumber(1, MAX_AMOUNT, required=True, strict=True, metadata={"example": 48500})
    provenance = provenance_field()
    effective_from = IsoDate(
        allow_none=True,
        load_default=None,
        metadata={"description": "First day in effect (YYYY-MM-DD); null or omitted: since always."},
    )
    effective_to = IsoDate(
        allow_none=True,
        load_default=None,
        metadata={
            "description": "Last day in effect; null or omitted: until further notice. Bands of one role, "
            "year, geography, currency and source must not overlap in time (409)."
        },
    )

    @ma.validates("currency")
    def _currency_is_iso_4217(self, value, **kwargs):
        iso_4217(value)

    @ma.validates_schema
    def _rules_across_fields(self, data, **kwargs):
        broken = broken_rule(data.get)
        if broken is not None:
            field_name, message = broken
            raise ma.ValidationError(message, field_name)

    @ma.post_load
    def _scope_follows_geography(self, data, **kwargs):
        if "geography" in data:
            data["geography_scope"] = scope_of(data["geography"])
        return data


class ChartArgsSchema(PeriodArgsSchema, BandFilterArgsSchema):
    industry = slug_field(metadata={"description": "Only roles found in this industry (slug)."})
    level = fields.String(validate=validate.OneOf(["front-line", "senior", "management", "account"]))
    year = year_field(metadata={"description": "Band year; the latest when omitted."})
    geography = geography_field(load_default="US")
    currency = currency_field(load_default="USD")
