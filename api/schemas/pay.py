"""Schemas for the pay math: periods, position in band, comparisons, the ladder, posting ranges."""

from decimal import Decimal

import marshmallow as ma
from marshmallow import fields, validate
from webargs.fields import DelimitedList

from api.domain.paymath import MAX_HOURS_PER_YEAR, PERIOD_UNITS, POSTING_FORMAT, ROUNDING_RULE, posting_text
from api.models import LEVELS, PERIODS, CareerLadderStep
from api.schemas.common import MAX_INT32, MONEY_META, RoleRefSchema, currency_field, geography_field, slug_field
from api.schemas.localized_pay import AREA_DESCRIPTION, LocationSchema, area_field
from api.schemas.numbers import ExactNumber, WholeNumber, year_field
from api.schemas.salary_bands import BandFilterArgsSchema, PeriodArgsSchema, SalaryBandSchema, salary_field
from api.spec_bounds import LONG_TEXT

# A comparison takes at most this many roles and years, and `data` holds one band for each role and year
# asked: more match without `years` (a role's every year) or from several sources (422: narrow).
COMPARED_ROLES = COMPARED_YEARS = 20
MAX_COMPARED = COMPARED_ROLES * COMPARED_YEARS
# The ladder has at most this many steps (`flask seed` refuses a longer one).
LADDER_STEPS = 10
# The widest amount a posting can state: a 32-bit band maximum, times the widest area factor (a 32-bit median
# over a median of 1), paid hourly and posted per year; with cents, and the longest currency and period words.
POSTED_MAX = MAX_INT32 * MAX_INT32 * MAX_HOURS_PER_YEAR
LONGEST_PERIOD = max(PERIOD_UNITS, key=lambda period: len(PERIOD_UNITS[period]))
POSTING_TEXT_LENGTH = len(posting_text(POSTED_MAX + Decimal("0.5"), POSTED_MAX, "XXX", LONGEST_PERIOD))

RATIO_META = {"type": "number", "description": f"Rounded half-up to 4 decimal places. {ROUNDING_RULE}"}
LOCATION_META = {
    "description": "The band adjusted to `area` (an estimate from BLS OEWS medians, see `method`) that "
    "the figures are taken against; null without `area`."
}


class SalaryArgsSchema(PeriodArgsSchema):
    salary = salary_field(required=True)
    period = fields.String(
        validate=validate.OneOf(PERIODS),
        metadata={"description": "The period `salary` is paid per; the band's own period when omitted."},
    )
    area = area_field(
        metadata={
            "description": "Place the salary in the band adjusted to this area (compa-ratio to "
            f"the local midpoint). {AREA_DESCRIPTION}"
        }
    )


class RoleMarketPayArgsSchema(PeriodArgsSchema):
    area = area_field(load_default="99", metadata={"example": "CA"})
    survey = WholeNumber(
        1, MAX_INT32, metadata={"description": "Source id of an OEWS survey; the latest when omitted."}
    )
    salary = salary_field(metadata={"description": "A salary to place among the market percentiles, per `period`."})
    period = fields.String(
        validate=validate.OneOf(PERIODS),
        metadata={"description": "The period `salary` is paid per; `annual` when omitted."},
    )


class PositionByRoleArgsSchema(SalaryArgsSchema, BandFilterArgsSchema):
    role = slug_field(required=True, metadata={"description": "Role slug.", "example": "customer-service-specialist"})
    year = year_field(required=True, metadata={"example": 2026})
    geography = geography_field(load_default="US")
    currency = currency_field(load_default="USD")


class PositionSchema(ma.Schema):
    band = fields.Nested(SalaryBandSchema, required=True)
    location = fields.Nested(LocationSchema, required=True, allow_none=True, metadata=LOCATION_META)
    salary = ExactNumber(required=True, metadata={"type": "number", "example": 45000})
    salary_period = fields.String(required=True, metadata={"enum": list(PERIODS), "example": "annual"})
    salary_in_band_period = ExactNumber(
        required=True,
        metadata={
            **MONEY_META,
            "example": 45000,
            "description": "The salary converted to the band's period, rounded half-up to cents.",
        },
    )
    compa_ratio = ExactNumber(
        required=True,
        metadata={**RATIO_META, "example": 1.0345, "description": "salary / midpoint. " + RATIO_META["description"]},
    )
    range_penetration = ExactNumber(
        required=True,
        allow_none=True,
        metadata={
            **RATIO_META,
            "example": 0.65,
            "description": "(salary - min) / (max - min); below 0 under the band, above 1 over it; null when "
            "min = max. " + RATIO_META["description"],
        },
    )
    midpoint = ExactNumber(required=True, metadata={**MONEY_META, "example": 43500})
    spread = ExactNumber(
        required=True,
        metadata={**RATIO_META, "example": 0.2597, "description": "(max - min) / min. " + RATIO_META["description"]},
    )
    placement = fields.String(required=True, metadata={"enum": ["below", "within", "above"], "example": "within"})
    distance_from_min = ExactNumber(
        required=True, metadata={**MONEY_META, "example": 6500, "description": "salary - min; negative below the band."}
    )
    distance_to_max = ExactNumber(
        required=True, metadata={**MONEY_META, "example": 3500, "description": "max - salary; negative above the band."}
    )
    rounding = fields.String(required=True, metadata={"enum": [ROUNDING_RULE], "example": ROUNDING_RULE})


class CompareArgsSchema(BandFilterArgsSchema):
    roles = DelimitedList(
        slug_field(),
        required=True,
        validate=validate.Length(min=1, max=COMPARED_ROLES),
        metadata={
            "description": f"Comma-separated role slugs (1 to {COMPARED_ROLES}); the first with a band is the base.",
            "example": ["customer-service-specialist", "customer-service-manager"],
        },
    )
    years = DelimitedList(
        year_field(),
        validate=validate.Length(min=1, max=COMPARED_YEARS),
        metadata={"description": f"Comma-separated years (1 to {COMPARED_YEARS}); all years when omitted."},
    )
    geography = geography_field(load_default="US")
    currency = currency_field(load_default="USD")


class DifferenceSchema(ma.Schema):
    midpoint_difference = ExactNumber(required=True, metadata={**MONEY_META, "example": 25625})
    midpoint_difference_ratio = ExactNumber(
        required=True,
        metadata={
            **RATIO_META,
            "example": 0.5891,
            "description": "difference / base midpoint. " + RATIO_META["description"],
        },
    )
    salary_min_difference = fields.Integer(required=True, metadata={"example": 18500})
    salary_max_difference = fields.Integer(required=True, metadata={"example": 32750})


class ComparedBandSchema(ma.Schema):
    role = fields.Nested(RoleRefSchema, required=True)
    band = fields.Nested(
        SalaryBandSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Null when the guide publishes no band."},
    )
    versus_base = fields.Nested(
        DifferenceSchema,
        required=True,
        allow_none=True,
        metadata={"description": "This band minus the base band; null without a band."},
    )


class ComparisonSchema(ma.Schema):
    base_band_id = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Null when no role has a band.", "example": 1}
    )
    data = fields.List(
        fields.Nested(ComparedBandSchema),
        required=True,
        metadata={
            "description": f"Each role (and year) in the order asked: at most {MAX_COMPARED} (422 when more bands "
            "match: narrow with `years` or `source`).",
            "maxItems": MAX_COMPARED,
        },
    )


class LadderStepSchema(ma.Schema):
    position = fields.Integer(required=True, metadata={"example": 1})
    role = fields.Nested(RoleRefSchema, required=True)
    level = fields.String(required=True, metadata={"enum": list(LEVELS), "example": "front-line"})
    has_published_band = fields.Boolean(required=True, metadata={"example": True})
    band = fields.Nested(SalaryBandSchema, required=True, allow_none=True)
    step_from_previous_band = fields.Nested(
        DifferenceSchema,
        required=True,
        allow_none=True,
        metadata={
            "description": "This band minus the nearest lower step's published band; null when either is missing."
        },
    )


class LadderArgsSchema(BandFilterArgsSchema):
    year = year_field(metadata={"description": "Band year; the latest published when omitted."})
    geography = geography_field(load_default="US")
    currency = currency_field(load_default="USD")


class LadderSchema(ma.Schema):
    class Meta:
        model = CareerLadderStep  # output strings take their maxLength from its columns (api/spec.py)

    provenance = fields.String(required=True)
    year = fields.Integer(required=True, allow_none=True, metadata={"example": 2026})
    data = fields.List(
        fields.Nested(LadderStepSchema),
        required=True,
        metadata={"description": "The steps, lowest first.", "maxItems": LADDER_STEPS},
    )


class PostingArgsSchema(PeriodArgsSchema):
    period = fields.String(
        validate=validate.OneOf(PERIODS),
        metadata={"description": "Pay period of the post; the band's own when omitted."},
    )
    area = area_field(
        metadata={"description": f"Post the band adjusted to this area (an estimate). {AREA_DESCRIPTION}"}
    )


class PostingSchema(ma.Schema):
    text = fields.String(
        required=True, metadata={"example": "$38,500 - $48,500 per year", "maxLength": POSTING_TEXT_LENGTH}
    )
    salary_min = ExactNumber(required=True, metadata={**MONEY_META, "example": 38500})
    salary_max = ExactNumber(required=True, metadata={**MONEY_META, "example": 48500})
    currency = fields.String(required=True, metadata={"example": "USD", "maxLength": 3})
    period = fields.String(required=True, metadata={"enum": list(PERIODS), "example": "annual"})
    format = fields.String(required=True, metadata={"enum": [POSTING_FORMAT]})
    band = fields.Nested(SalaryBandSchema, required=True, metadata={"description": "The band the range is taken from."})
    location = fields.Nested(LocationSchema, required=True, allow_none=True, metadata=LOCATION_META)
    provenance = fields.String(
        required=True,
        metadata={
            "description": "The band's provenance.",
            "example": "Customer service specialist: $38,500 – $48,500",
            "maxLength": LONG_TEXT,
        },
    )
