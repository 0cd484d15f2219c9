"""Pay math over HTTP: position in band, pay-transparency postings, comparisons."""

from flask.views import MethodView

from api.domain import pay
from api.models import SalaryBand
from api.resources.blueprint import Blueprint
from api.schemas.pay import (
    MAX_COMPARED,
    CompareArgsSchema,
    ComparisonSchema,
    PositionByRoleArgsSchema,
    PositionSchema,
    PostingArgsSchema,
    PostingSchema,
    SalaryArgsSchema,
)
from api.store import queries, snapshot

blp = Blueprint(
    "pay",
    __name__,
    url_prefix="/v1/salary-bands",
    description="Pay math on the bands: compa-ratio, range penetration, periods, comparisons, job-post ranges. "
    "Exact arithmetic; money rounded half-up to cents, ratios half-up to 4 places.",
)


@blp.route("/<int(max=2147483647):band_id>/position")
class BandPosition(MethodView):
    @blp.detail_view(PositionSchema, SalaryArgsSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args, band_id):
        """Place a salary in a band

        Compa-ratio (salary / midpoint), range penetration ((salary - min) / (max - min)), the
        band's midpoint and spread ((max - min) / min), below/within/above, and the distance to
        each edge. A salary paid per another `period` is converted to the band's first.
        """
        return pay.position(snapshot.band(band_id, args), args)


@blp.route("/position")
class RoleBandPosition(MethodView):
    @blp.detail_view(PositionSchema, PositionByRoleArgsSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args):
        """Place a salary in a role's band

        The same figures as by band id, for the band of `role` in `year` (geography `US` and
        currency `USD` unless given). 404 when the guide publishes no such band.
        """
        return pay.position(snapshot.band_of_role(args, pay.band_for_role), args)


@blp.route("/<int(max=2147483647):band_id>/posting")
class BandPosting(MethodView):
    @blp.detail_view(PostingSchema, PostingArgsSchema)
    def get(self, args, band_id):
        """Pay-transparency range for a job post

        A ready-to-paste range such as "$38,500 - $48,500 per year" and its structured fields,
        in the band's period or the `period` asked for, following the documented `format`.
        """
        return pay.posting(queries.one_or_404(SalaryBand, "salary band", id=band_id), args)


@blp.route("/compare")
class CompareBands(MethodView):
    @blp.detail_view(ComparisonSchema, CompareArgsSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, args):
        """Compare bands across roles and years

        The bands of each role in `roles` (and `years`), in the order given, each against the
        first band found: midpoint, minimum and maximum differences. Roles without a published
        band are listed with `band: null`; an unknown role is a 404 naming it. 422 when more
        bands match than `data` holds (every year, or several sources): narrow with `years` or `source`.
        """
        return pay.comparison(args, most=MAX_COMPARED)
