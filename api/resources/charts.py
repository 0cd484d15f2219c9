"""The band chart as an SVG image, for documents and tools that cannot run JavaScript."""

from flask import Response
from flask.views import MethodView

from api.domain import chart
from api.formats import exports
from api.resources.blueprint import Blueprint
from api.schemas.salary_bands import ChartArgsSchema

SVG = "image/svg+xml"

blp = Blueprint("charts", __name__, url_prefix="/v1/salary-bands", description="The bands drawn as a picture.")


@blp.route("/chart.svg")
class BandChart(MethodView):
    @blp.arguments(ChartArgsSchema, location="query")
    @blp.response(200, {"type": "string", "description": "An SVG document."}, content_type=SVG)
    @blp.alt_response(406, response="NOT_ACCEPTABLE")
    def get(self, args):
        """Salary band chart (SVG)

        One row per role (filtered by `industry` and `level`), each published band a bar from
        minimum to maximum with the midpoint marked and the figures labelled, per `period`;
        roles without a band say so; the source is named under the chart.
        """
        exports.negotiate([SVG])
        return Response(chart.render(args), mimetype=SVG)
