"""A whole roster placed in the bands in one call: personal data in, nothing kept."""

from flask.views import MethodView

from api.domain import roster
from api.formats import exports
from api.resources.blueprint import Blueprint
from api.schemas.roster import RosterArgsSchema, RosterResultSchema

blp = Blueprint(
    "roster",
    __name__,
    url_prefix="/v1/roster",
    description="Place every employee of a roster in their role's band in one call: per-row position and a "
    "summary per role. Salaries are never stored or logged; answers are `no-store`.",
)
CSV_OUT = {
    "schema": {
        "type": "string",
        "description": "The placed rows as RFC 4180 CSV, one column per row field "
        "(no summary); text a spreadsheet would run as a formula "
        "starts with `'`.",
    }
}
ROW_FIELDS = (
    "An employee: `reference` (yours, 1 to 100 characters, echoed back), `role` (a slug), `salary` "
    "(a number, or text in the amount grammar), and optionally `period`, `year` and `area`."
)
BODY = {
    exports.CSV: {
        "schema": {
            "type": "string",
            "description": "A header row naming reference, role, salary and "
            "optionally period, year and area (other columns are "
            "ignored), then one row per employee.",
        }
    },
    # Documented without a type: an item or line that is not a row object gets an error of its own in
    # the answer (200), and a JSON body that is not an array a 422, so no shape makes the request invalid.
    exports.JSON: {"schema": {"description": f"An array, one object an employee. {ROW_FIELDS}"}},
    exports.NDJSON: {"schema": {"description": f"One JSON object a line, one line an employee. {ROW_FIELDS}"}},
}


@blp.route("")
class Roster(MethodView):
    @blp.arguments(RosterArgsSchema, location="query")
    @blp.response(200, RosterResultSchema)
    @blp.doc(requestBody={"required": True, "content": BODY}, responses={200: {"content": {exports.CSV: CSV_OUT}}})
    @blp.alt_response(400, response="BAD_REQUEST")
    @blp.alt_response(406, response="NOT_ACCEPTABLE")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, args):
        """Place a whole roster in the bands

        A roster as CSV, JSON (an array) or NDJSON, one row per employee: `reference` (yours),
        `role`, `salary`, and optionally `period`, `year` and `area`. Each row gets its position
        in its role's band (compa-ratio, range penetration, placement, distances; against the
        band adjusted to `area` when given and market data is loaded), or an error of its own;
        then a summary per role. CSV comes back when `Accept: text/csv` asks for it, streamed,
        any number of rows; the JSON answer holds a bounded number (`rows`, 413 past it).
        Salaries are never stored or logged; rate-limited like imports.
        """
        return roster.respond(args)
