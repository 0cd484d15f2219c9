"""A roster placed in the bands: its options, each row placed, and the summary per role."""

import marshmallow as ma
from marshmallow import fields

from api.domain.paymath import (
    DEFAULT_HOURS_PER_YEAR,
    MAX_HOURS_PER_YEAR,
    MIN_HOURS_PER_YEAR,
    ROUNDING_RULE,
)
from api.domain.roster import MAX_JSON_ROWS, MAX_LOOKUPS, MAX_REFERENCE
from api.errors import MESSAGE_LENGTH
from api.formats.roster import COLUMNS
from api.models import PERIODS
from api.schemas.common import MONEY_META, SLUG_LENGTH, SLUG_PATTERN, currency_field, geography_field
from api.schemas.numbers import ExactNumber, WholeNumber, year_field
from api.schemas.pay import RATIO_META
from api.schemas.salary_bands import BandFilterArgsSchema


class RosterArgsSchema(BandFilterArgsSchema):
    year = year_field(metadata={"description": "Band year for rows without a `year` of their own.", "example": 2026})
    geography = geography_field(load_default="US")
    currency = currency_field(load_default="USD")
    hours_per_year = WholeNumber(
        MIN_HOURS_PER_YEAR,
        MAX_HOURS_PER_YEAR,
        load_default=DEFAULT_HOURS_PER_YEAR,
        metadata={
            "description": f"Hours worked a year, for `hourly` salaries ({MIN_HOURS_PER_YEAR} to {MAX_HOURS_PER_YEAR})."
        },
    )


# A placed row's role is the slug it was placed by (api/domain/roster.py checks it before placing).
PLACED_ROLE = {"pattern": SLUG_PATTERN, "maxLength": SLUG_LENGTH}


class PlacedRowSchema(ma.Schema):
    row = fields.Integer(required=True, metadata={"description": "1 for the first row after any header.", "example": 1})
    reference = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": f"The row's reference as sent; past {MAX_REFERENCE} characters (an error), cut to them "
            "with `…` last.",
            "example": "E-1042",
            "maxLength": MAX_REFERENCE,
        },
    )
    role = fields.String(allow_none=True, metadata={**PLACED_ROLE, "example": "customer-service-specialist"})
    year = fields.Integer(allow_none=True, metadata={"example": 2026})
    band_id = fields.Integer(allow_none=True, metadata={"example": 1})
    salary = ExactNumber(allow_none=True, metadata={"type": "number", "example": 45000})
    salary_period = fields.String(allow_none=True, metadata={"enum": list(PERIODS), "example": "annual"})
    salary_in_band_period = ExactNumber(allow_none=True, metadata={**MONEY_META, "example": 45000})
    area = fields.String(
        allow_none=True,
        metadata={
            "description": "The area as understood (`CA`, `06`); null without one.",
            "pattern": r"^([0-9]{2,7}|[A-Z]{2})$",
        },
    )  # localized_pay.parse_area's forms
    area_factor = ExactNumber(
        allow_none=True, metadata={**RATIO_META, "description": "Area median / national median; null without `area`."}
    )
    salary_min = ExactNumber(
        allow_none=True,
        metadata={**MONEY_META, "description": "The band's minimum (adjusted to `area` when given).", "example": 38500},
    )
    salary_max = ExactNumber(allow_none=True, metadata={**MONEY_META, "example": 48500})
    midpoint = ExactNumber(allow_none=True, metadata={**MONEY_META, "example": 43500})
    compa_ratio = ExactNumber(allow_none=True, metadata={**RATIO_META, "example": 1.0345})
    range_penetration = ExactNumber(allow_none=True, metadata={**RATIO_META, "example": 0.65})
    placement = fields.String(allow_none=True, metadata={"enum": ["below", "within", "above"], "example": "within"})
    distance_from_min = ExactNumber(allow_none=True, metadata={**MONEY_META, "example": 6500})
    distance_to_max = ExactNumber(allow_none=True, metadata={**MONEY_META, "example": 3500})
    error_field = fields.String(
        allow_none=True,
        metadata={
            "description": "The column at fault (`row`: the row as a whole); null when placed.",
            "enum": ["row", *COLUMNS, None],
        },
    )
    error = fields.String(
        allow_none=True,
        metadata={"description": "Why the row could not be placed; null when placed.", "maxLength": MESSAGE_LENGTH},
    )


class RoleSummarySchema(ma.Schema):
    role = fields.String(required=True, metadata={**PLACED_ROLE, "example": "customer-service-specialist"})
    count = fields.Integer(required=True, metadata={"example": 2})
    below_minimum = fields.Integer(required=True, metadata={"example": 0})
    above_maximum = fields.Integer(required=True, metadata={"example": 1})
    mean_compa_ratio = ExactNumber(required=True, metadata={**RATIO_META, "example": 1.0862})
    median_compa_ratio = ExactNumber(required=True, metadata={**RATIO_META, "example": 1.0862})


class RosterSummarySchema(ma.Schema):
    placed = fields.Integer(required=True, metadata={"example": 2})
    errors = fields.Integer(required=True, metadata={"example": 1})
    # A role is summed once placed, and placing looks its band up: at most MAX_LOOKUPS of those a roster.
    roles = fields.List(fields.Nested(RoleSummarySchema), required=True, metadata={"maxItems": MAX_LOOKUPS})


class RosterResultSchema(ma.Schema):
    rows = fields.List(
        fields.Nested(PlacedRowSchema),
        required=True,
        metadata={
            "description": f"Each row placed, in the roster's order: at most {MAX_JSON_ROWS:,} (413 past them; the CSV "
            "answer, `Accept: text/csv`, streams any number).",
            "maxItems": MAX_JSON_ROWS,
        },
    )
    summary = fields.Nested(RosterSummarySchema, required=True)
    rounding = fields.String(required=True, metadata={"enum": [ROUNDING_RULE], "example": ROUNDING_RULE})
