"""Salary bands: the published 2026 pay ranges."""

from flask.views import MethodView

from api import queries
from api.models import SalaryBand
from api.resources.blueprint import Blueprint
from api.schemas.salary_bands import SalaryBandListSchema, SalaryBandQueryArgsSchema, SalaryBandSchema

blp = Blueprint(
    "salary-bands", __name__, url_prefix="/v1/salary-bands",
    description="Published salary bands, with the guide's words behind each figure.",
)


@blp.route("")
class SalaryBands(MethodView):
    @blp.list_view(SalaryBandQueryArgsSchema, SalaryBandListSchema)
    def get(self, args):
        """List salary bands

        Filter by role, year, geography, currency, a salary inside the band, or bounds on its
        minimum and maximum; sort by `salary_min`, `salary_max`, `midpoint` or `year`.
        """
        return queries.paginate(queries.salary_bands(args), args)


@blp.route("/<int(max=2147483647):band_id>")
class SalaryBandById(MethodView):
    @blp.detail_view(SalaryBandSchema)
    def get(self, band_id):
        """Get a salary band

        One band by its id, with the role, the source and the guide's words behind the figures.
        """
        return queries.get_or_404(SalaryBand, "salary band", id=band_id)
