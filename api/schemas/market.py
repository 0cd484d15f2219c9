"""Areas, OEWS market wages, and the guide's bands read against them."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import AREA_TYPES
from api.schemas.common import (
    MAX_INT32, MONEY_META, ExactNumber, FullMatch, InputSchema, PageArgsSchema, SourceRefSchema, WholeNumber,
    list_schema, query_text_field, slug_field, sort_field,
)
from api.schemas.roles import OccupationSchema
from api.schemas.salary_bands import SalaryBandSchema

AREA_CODE = FullMatch(r"^\d{2,7}$", error="Must be an OEWS area code: 99 for the nation, a state FIPS code, a metro code.")
RATIO = {"type": "number", "description": "Rounded half-up to 4 decimal places."}


class AreaSchema(ma.Schema):
    code = fields.String(required=True, metadata={"description": "OEWS area code (99: the nation; states: FIPS).", "example": "06"})
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
    return {name: kind(required=True, allow_none=True, metadata=dict(meta))
            for name in (f"{prefix}_mean", f"{prefix}_pct10", f"{prefix}_pct25", f"{prefix}_median",
                         f"{prefix}_pct75", f"{prefix}_pct90")}


MarketWageSchema = ma.Schema.from_dict({
    "area": fields.Nested(AreaSchema, required=True),
    "occupation": fields.Nested(OccupationSchema, required=True),
    "survey": fields.Nested(SourceRefSchema, required=True, attribute="source"),
    "employment": fields.Integer(required=True, allow_none=True, metadata={"example": 2725930}),
    **_wages("hourly", money=True),
    **_wages("annual", money=False),
    "top_coded": fields.List(fields.String(), required=True, metadata={
        "description": "Fields BLS marked `#` (at or above its top-coding threshold): null, never a made-up figure."}),
}, name="MarketWageSchema")


class MarketWageQueryArgsSchema(PageArgsSchema):
    soc_code = fields.String(validate=FullMatch(r"^\d{2}-\d{4}$", error="Must be a SOC code such as 43-4051."))
    role = slug_field(metadata={"description": "Role slug: its SOC code's wages."})
    area = fields.String(validate=AREA_CODE)
    area_type = fields.String(validate=validate.OneOf(AREA_TYPES))
    survey = WholeNumber(1, MAX_INT32, metadata={"description": "Source id of an OEWS survey; the latest when omitted."})


class LocalizedArgsSchema(InputSchema):
    area = fields.String(required=True, validate=AREA_CODE, metadata={"example": "06"})
    survey = WholeNumber(1, MAX_INT32)


class MarketPositionArgsSchema(InputSchema):
    area = fields.String(load_default="99", validate=AREA_CODE, metadata={"description": "The nation (99) when omitted."})
    survey = WholeNumber(1, MAX_INT32)


class AdjustmentSchema(ma.Schema):
    factor = ExactNumber(required=True, metadata={**RATIO, "description": "Area median ÷ national median, 4 places (shown; the amounts use it exactly).", "example": 1.1158})
    area_median = fields.Integer(required=True, metadata={"example": 47790})
    national_median = fields.Integer(required=True, metadata={"example": 42830})
    salary_min = fields.Integer(required=True, metadata={"example": 42959})
    salary_max = fields.Integer(required=True, metadata={"example": 54117})
    midpoint = fields.Integer(required=True, metadata={"example": 48538})


class LocalizedBandSchema(AdjustmentSchema):
    band = fields.Nested(SalaryBandSchema, required=True, metadata={"description": "The guide's national band."})
    area = fields.Nested(AreaSchema, required=True)
    occupation = fields.Nested(OccupationSchema, required=True)
    survey = fields.Nested(SourceRefSchema, required=True)
    currency = fields.String(required=True, metadata={"example": "USD"})
    period = fields.String(required=True, metadata={"example": "annual"})
    estimate = fields.Boolean(required=True, metadata={"description": "Always true: derived, never published by the guide."})
    method = fields.String(required=True)


class BandPointSchema(ma.Schema):
    amount = ExactNumber(required=True, metadata={"type": "number", "example": 38500})
    percentile = ExactNumber(required=True, allow_none=True, metadata={**RATIO, "example": 34.2201})
    placement = fields.String(required=True, metadata={"enum": ["below", "within", "above", "unknown"], "example": "within"})


class MarketPositionSchema(ma.Schema):
    band = fields.Nested(SalaryBandSchema, required=True)
    area = fields.Nested(AreaSchema, required=True)
    occupation = fields.Nested(OccupationSchema, required=True)
    survey = fields.Nested(SourceRefSchema, required=True)
    market = fields.Nested(MarketWageSchema, required=True)
    salary_min = fields.Nested(BandPointSchema, required=True)
    midpoint = fields.Nested(BandPointSchema, required=True)
    salary_max = fields.Nested(BandPointSchema, required=True)
    method = fields.String(required=True)


class PlaceSchema(ma.Schema):
    area = fields.Nested(AreaSchema, required=True)
    employment = fields.Integer(required=True, allow_none=True)
    adjusted = fields.Nested(AdjustmentSchema, required=True, metadata={"description": "The band in this area (an estimate)."})


class PlacesArgsSchema(PageArgsSchema):
    area_type = fields.String(validate=validate.OneOf(AREA_TYPES))
    survey = WholeNumber(1, MAX_INT32)
    sort = sort_field(["area", "midpoint"])


AreaListSchema = list_schema(AreaSchema, "AreaListSchema")
MarketWageListSchema = list_schema(MarketWageSchema, "MarketWageListSchema")
PlaceListSchema = list_schema(PlaceSchema, "PlaceListSchema")
