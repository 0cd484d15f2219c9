"""Salary bands: the published 2026 pay ranges."""

from flask.views import MethodView

from api import pay, queries
from api.models import SalaryBand
from api.resources.blueprint import Blueprint
from api.schemas.salary_bands import (
    ConvertedSalaryBandSchema, PeriodArgsSchema, SalaryBandListSchema, SalaryBandQueryArgsSchema,
)

blp = Blueprint(
    "salary-bands", __name__, url_prefix="/v1/salary-bands",
    description="Published salary bands, with the guide's words behind each figure.",
)


@blp.route("")
class SalaryBands(MethodView):
    @blp.list_view(SalaryBandQueryArgsSchema, SalaryBandListSchema, ConvertedSalaryBandSchema, prepare=pay.apply_conversion)
    def get(self, args):
        """List salary bands

        Filter by role, year, geography, currency, a salary inside the band, or bounds on its
        minimum and maximum; sort by `salary_min`, `salary_max`, `midpoint` or `year`. With
        `period`, each band is also expressed per that period in `converted`.
        """
        return queries.salary_bands(args)


@blp.route("/<int(max=2147483647):band_id>")
class SalaryBandById(MethodView):
    @blp.detail_view(ConvertedSalaryBandSchema, PeriodArgsSchema)
    def get(self, args, band_id):
        """Get a salary band

        One band by its id, with the role, the source and the guide's words behind the figures;
        with `period`, also expressed per that period in `converted`.
        """
        band = queries.get_or_404(SalaryBand, "salary band", id=band_id)
        return pay.apply_conversion([band], args)[0]
