"""Areas, OEWS market wages, and the guide's bands read against them."""

import marshmallow as ma
from marshmallow import fields, validate

from api.domain.localized_pay import AREA_PATTERN, METHOD, POSITION_METHOD, parse_area
from api.models import AREA_TYPES, PERIODS, Area, Occupation
from api.schemas.common import (
    MAX_INT32,
    MONEY_META,
    FullMatch,
    InputSchema,
    PageArgsSchema,
    RoleRefSchema,
    SourceRefSchema,
    column_length,
    list_schema,
    query_text_field,
    slug_field,
    soc_code_field,
    sort_field,
)
from api.schemas.numbers import ExactNumber, WholeNumber
from api.schemas.roles import OccupationSchema
from api.schemas.salary_bands import ConversionSchema, PeriodArgsSchema, SalaryBandSchema

RATIO = {"type": "number", "description": "Rounded half-up to 4 decimal places."}
AREA_DESCRIPTION = (
    "An area as people type it, case-insensitive: an OEWS area code (`99` the nation, a state's FIPS "
    "code `06` or `6`, a metro code), a USPS code (`CA`; `US` the nation) or an ISO 3166-2 code "
    "(`US-CA`)."
)


class AreaField(fields.String):
    """An area in any of the forms people type, loaded as OEWS digits or an upper-case USPS code."""

    default_error_messages = {
        "area": "Must be an area: an OEWS code such as 99 or 06, a USPS code such as CA, "
        "or an ISO 3166-2 code such as US-CA."
    }

    def _deserialize(self, value, attr, data, **kwargs):
        area = parse_area(super()._deserialize(value, attr, data, **kwargs))
        if area is None:
            raise self.make_error("area")
        return area


def area_field(**kwargs):
    metadata = {"pattern": AREA_PATTERN, "description": AREA_DESCRIPTION, **kwargs.pop("metadata", {})}
    return AreaField(validate=validate.Length(max=10), metadata=metadata, **kwargs)


class AreaSchema(ma.Schema):
    class Meta:
        model = Area  # output strings take their maxLength from its columns (api/spec.py)

    code = fields.String(
        required=True, metadata={"description": "OEWS area code (99: the nation; states: FIPS).", "example": "06"}
    )
    name = fields.String(required=True, metadata={"example": "California"})
    type = fields.String(required=True, metadata={"enum": list(AREA_TYPES), "example": "state"})
    usps = fields.String(required=True, allow_none=True, metadata={"description": "USPS code(s).", "example": "CA"})


class AreaQueryArgsSchema(PageArgsSchema):
    type = fields.String(validate=validate.OneOf(AREA_TYPES))
    usps = fields.String(validate=FullMatch(r"^[A-Za-z]{2}$", error="Must be a two-letter USPS code."))
    q = query_text_field()


def _wages(prefix: str, money: bool):
    kind = ExactNumber if money else fields.Integer
    meta = MONEY_META if money else {}
    return {
        name: kind(required=True, allow_none=True, metadata=dict(meta))
        for name in (
            f"{prefix}_mean",
            f"{prefix}_pct10",
            f"{prefix}_pct25",
            f"{prefix}_median",
            f"{prefix}_pct75",
            f"{prefix}_pct90",
        )
    }


# The wage fields, each named at most once in `top_coded` (api/ingest/oews.py names only these).
WAGE_FIELDS = [*_wages("hourly", money=True), *_wages("annual", money=False)]

MarketWageSchema = ma.Schema.from_dict(
    {
        "area": fields.Nested(AreaSchema, required=True),
        "occupation": fields.Nested(OccupationSchema, required=True),
        "survey": fields.Nested(SourceRefSchema, required=True, attribute="source"),
        "employment": fields.Integer(required=True, allow_none=True, metadata={"example": 2725930}),
        **_wages("hourly", money=True),
        **_wages("annual", money=False),
        "top_coded": fields.List(
            fields.String(metadata={"enum": WAGE_FIELDS}),
            required=True,
            metadata={
                "description": "Fields BLS marked `#` (at or above its top-coding threshold): null, never a "
                "made-up figure.",
                "maxItems": len(WAGE_FIELDS),
            },
        ),
    },
    name="MarketWageSchema",
)


class MarketWageQueryArgsSchema(PageArgsSchema):
    soc_code = soc_code_field()
    role = slug_field(metadata={"description": "Role slug: its SOC code's wages."})
    area = area_field()
    area_type = fields.String(validate=validate.OneOf(AREA_TYPES))
    survey = WholeNumber(
        1, MAX_INT32, metadata={"description": "Source id of an OEWS survey; the latest when omitted."}
    )


class LocalizedArgsSchema(PeriodArgsSchema):
    area = area_field(required=True, metadata={"example": "CA"})
    survey = WholeNumber(1, MAX_INT32)
    period = fields.String(
        validate=validate.OneOf(PERIODS),
        metadata={"description": "Also express the adjusted band per this period, in `converted` (same yearly total)."},
    )


class MarketPositionArgsSchema(InputSchema):
    area = area_field(load_default="99", metadata={"description": f"The nation (99) when omitted. {AREA_DESCRIPTION}"})
    survey = WholeNumber(1, MAX_INT32)


class AdjustmentSchema(ma.Schema):
    factor = ExactNumber(
        required=True,
        metadata={
            **RATIO,
            "description": "Area median ÷ national median, 4 places (shown; the amounts use it exactly).",
            "example": 1.1158,
        },
    )
    area_median = fields.Integer(required=True, metadata={"example": 47790})
    national_median = fields.Integer(required=True, metadata={"example": 42830})
    salary_min = fields.Integer(required=True, metadata={"example": 42959})
    salary_max = fields.Integer(required=True, metadata={"example": 54117})
    midpoint = fields.Integer(required=True, metadata={"example": 48538})


class LocationSchema(AdjustmentSchema):
    area = fields.Nested(AreaSchema, required=True)
    occupation = fields.Nested(OccupationSchema, required=True)
    survey = fields.Nested(SourceRefSchema, required=True)
    estimate = fields.Boolean(
        required=True, metadata={"description": "Always true: derived, never published by the guide."}
    )
    method = fields.String(required=True, metadata={"enum": [METHOD]})


class LocalizedBandSchema(LocationSchema):
    band = fields.Nested(SalaryBandSchema, required=True, metadata={"description": "The guide's national band."})
    currency = fields.String(required=True, metadata={"example": "USD", "maxLength": 3})
    period = fields.String(required=True, metadata={"enum": list(PERIODS), "example": "annual"})
    converted = fields.Nested(
        ConversionSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The adjusted band per the requested `period`; null when none was asked for."},
    )


class BandPointSchema(ma.Schema):
    amount = ExactNumber(required=True, metadata={"type": "number", "example": 38500})
    percentile = ExactNumber(required=True, allow_none=True, metadata={**RATIO, "example": 34.2201})
    placement = fields.String(
        required=True, metadata={"enum": ["below", "within", "above", "unknown"], "example": "within"}
    )


class MarketPositionSchema(ma.Schema):
    band = fields.Nested(SalaryBandSchema, required=True)
    area = fields.Nested(AreaSchema, required=True)
    occupation = fields.Nested(OccupationSchema, required=True)
    survey = fields.Nested(SourceRefSchema, required=True)
    market = fields.Nested(MarketWageSchema, required=True)
    # `_position`: where each of the band's figures falls (an object), apart from the band's own amounts.
    salary_min_position = fields.Nested(
        BandPointSchema, required=True, metadata={"description": "Where the band's minimum falls."}
    )
    midpoint_position = fields.Nested(
        BandPointSchema, required=True, metadata={"description": "Where the band's midpoint falls."}
    )
    salary_max_position = fields.Nested(
        BandPointSchema, required=True, metadata={"description": "Where the band's maximum falls."}
    )
    method = fields.String(required=True, metadata={"enum": [POSITION_METHOD]})


class PlaceSchema(ma.Schema):
    area = fields.Nested(AreaSchema, required=True)
    employment = fields.Integer(required=True, allow_none=True)
    adjusted = fields.Nested(
        AdjustmentSchema, required=True, metadata={"description": "The band in this area (an estimate)."}
    )


class PlacesArgsSchema(PageArgsSchema):
    area_type = fields.String(validate=validate.OneOf(AREA_TYPES))
    survey = WholeNumber(1, MAX_INT32)
    sort = sort_field(["area", "midpoint"])


class SalaryPlacementSchema(ma.Schema):
    amount = ExactNumber(required=True, metadata={"type": "number", "example": 22.5})
    period = fields.String(required=True, metadata={"enum": list(PERIODS), "example": "hourly"})
    annual = ExactNumber(
        required=True,
        metadata={**MONEY_META, "example": 46800, "description": "The salary a year, rounded half-up to cents."},
    )
    percentile = ExactNumber(required=True, allow_none=True, metadata={**RATIO, "example": 57.0862})
    placement = fields.String(
        required=True, metadata={"enum": ["below", "within", "above", "unknown"], "example": "within"}
    )


# The note (api/domain/localized_pay.market_pay) is fixed words around the survey's four-digit year, the
# occupation's code and title and the area's name: at most these fixed words and those columns' lengths.
NOTE_WORDS = 200
NOTE_LENGTH = NOTE_WORDS + column_length(Occupation.code) + column_length(Occupation.title) + column_length(Area.name)


class RoleMarketPaySchema(ma.Schema):
    role = fields.Nested(RoleRefSchema, required=True)
    has_published_band = fields.Boolean(required=True, metadata={"example": False})
    basis = fields.String(
        required=True, metadata={"enum": ["market"], "description": "Always `market`: survey wages, not a salary band."}
    )
    note = fields.String(required=True, metadata={"maxLength": NOTE_LENGTH})
    market = fields.Nested(MarketWageSchema, required=True)
    salary = fields.Nested(
        SalaryPlacementSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Where `salary` falls among the annual percentiles; null when none was given."},
    )


AreaListSchema = list_schema(AreaSchema, "AreaListSchema")
MarketWageListSchema = list_schema(MarketWageSchema, "MarketWageListSchema")
PlaceListSchema = list_schema(PlaceSchema, "PlaceListSchema")
