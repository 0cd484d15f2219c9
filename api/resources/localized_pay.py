"""Localized pay: areas, BLS OEWS market wages, and the guide's bands read against them."""

from flask.views import MethodView
from flask_smorest import abort

from api.domain import localized_pay, pay
from api.models import Role, SalaryBand
from api.resources.blueprint import Blueprint
from api.schemas.localized_pay import (
    AreaListSchema,
    AreaQueryArgsSchema,
    AreaSchema,
    LocalizedArgsSchema,
    LocalizedBandSchema,
    MarketPositionArgsSchema,
    MarketPositionSchema,
    MarketWageListSchema,
    MarketWageQueryArgsSchema,
    MarketWageSchema,
    PlaceListSchema,
    PlacesArgsSchema,
    PlaceSchema,
    RoleMarketPaySchema,
)
from api.schemas.pay import RoleMarketPayArgsSchema
from api.store import queries, snapshot

blp = Blueprint(
    "localized-pay",
    __name__,
    url_prefix="/v1",
    description="Market wages by area from the U.S. Bureau of Labor Statistics' OEWS survey (public domain), "
    "and the guide's national bands adjusted to them: estimates, labelled as such.",
)


@blp.route("/areas")
class Areas(MethodView):
    @blp.list_view(AreaQueryArgsSchema, AreaListSchema, AreaSchema)
    def get(self, args):
        """List areas

        The nation, states, DC, territories (and metros when loaded) that market wages cover.
        Filter by `type`, `usps` or a name (`q`).
        """
        return localized_pay.areas(args)


@blp.route("/areas/<string(maxlength=10):code>")
class AreaByCode(MethodView):
    @blp.detail_view(AreaSchema)
    def get(self, code):
        """Get an area

        One area by its OEWS code (99 for the nation, a state's FIPS code), its USPS code (`CA`)
        or its ISO 3166-2 code (`US-CA`).
        """
        area = localized_pay.parse_area(code)
        if area is None:
            abort(404, message=f"No area '{code}' (see /v1/areas).")
        return localized_pay.area_by_code(area)


@blp.route("/market-wages")
class MarketWages(MethodView):
    @blp.list_view(MarketWageQueryArgsSchema, MarketWageListSchema, MarketWageSchema)
    def get(self, args):
        """List market wages

        OEWS employment, mean and 10th/25th/50th/75th/90th percentile wages, hourly and annual,
        by SOC code, role (through its SOC code), area or area type, from the latest survey
        unless `survey` names one. Null where BLS released no estimate; `top_coded` names values
        at or above BLS's top-coding threshold.
        """
        return localized_pay.market_wages(args)


@blp.route("/salary-bands/<int(max=2147483647):band_id>/localized")
class LocalizedBand(MethodView):
    @blp.detail_view(LocalizedBandSchema, LocalizedArgsSchema)
    def get(self, args, band_id):
        """Location-adjusted band

        The guide's national band × (area median ÷ national median) for the role's SOC code: an
        estimate derived from the guide and OEWS, never shown as a published figure. 404, saying
        which, for a role without a SOC code or an area without data. With `period`, also per that
        period in `converted`.
        """
        located = snapshot.band_read(band_id, args, localized_pay.localized_band)
        period = args.get("period")
        low, high, published = located["salary_min"], located["salary_max"], located["period"]
        converted = pay.range_conversion(low, high, published, period, args["hours_per_year"]) if period else None
        return {**located, "converted": converted}


@blp.route("/salary-bands/<int(max=2147483647):band_id>/market-position")
class BandMarketPosition(MethodView):
    @blp.detail_view(MarketPositionSchema, MarketPositionArgsSchema)
    def get(self, args, band_id):
        """Band versus market

        Where the band's minimum, midpoint and maximum fall among the OEWS annual percentiles for
        its SOC code in an area (the nation by default), by linear interpolation between them.
        """
        return snapshot.band_read(band_id, args, localized_pay.market_position)


@blp.route("/salary-bands/<int(max=2147483647):band_id>/places")
class BandPlaces(MethodView):
    @blp.list_view(PlacesArgsSchema, PlaceListSchema, PlaceSchema)
    def get(self, args, band_id):
        """Compare places

        The band adjusted to every area with OEWS data for its SOC code, in one call; filter by
        `area_type`, sort by `midpoint` or `area`; CSV and NDJSON like every list.
        """
        return localized_pay.places(queries.one_or_404(SalaryBand, "salary band", id=band_id), args)


@blp.route("/roles/<string(maxlength=80):slug>/market-pay")
class RoleMarketPay(MethodView):
    @blp.detail_view(RoleMarketPaySchema, RoleMarketPayArgsSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args, slug):
        """Market pay for a role

        The OEWS wage percentiles for the role's SOC code in an area (the nation by default),
        labelled as market data and not a band, with where `salary` falls among them: the answer
        for roles the guide publishes no band for. 404 for a role without a SOC code.
        """
        return localized_pay.market_pay(queries.one_or_404(Role, "role", slug=slug), args)
