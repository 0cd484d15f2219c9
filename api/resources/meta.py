"""The service itself: an index of where to go, and liveness."""

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app, url_for
from flask.views import MethodView
from flask_smorest import abort

from api.extensions import db
from api.resources.blueprint import Blueprint
from api.schemas.meta import HealthSchema, IndexSchema, ReadySchema
from api.store import dataset

blp = Blueprint("meta", __name__, description="The service: where to start, and whether it is up.")


COLLECTIONS = {
    "roles": "roles.Roles",
    "salary_bands": "salary-bands.SalaryBands",
    "industries": "industries.Industries",
    "skills": "skills.Skills",
    "sources": "sources.Sources",
    "career_ladder": "career-ladder.CareerLadder",
    "areas": "localized-pay.Areas",
    "market_wages": "localized-pay.MarketWages",
}


@blp.route("/")
class Index(MethodView):
    @blp.response(200, IndexSchema)
    def get(self):
        """Where to start

        Links to the documentation, the OpenAPI document and every collection, as paths on this
        service (relative references: never the Host a request names).
        """
        return {
            "name": "Customer Service Salary Bands API",
            "docs": url_for("docs.page"),
            "explorer": url_for("explorer.page"),
            "openapi": url_for("api-docs.openapi_json"),
            "openapi_yaml": url_for("docs.openapi_yaml"),
            "resources": {name: url_for(endpoint) for name, endpoint in COLLECTIONS.items()},
        }


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """Liveness

        Answers while the process serves requests; it does not touch the database.
        """
        return {"status": "ok"}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.response(200, ReadySchema)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self):
        """Readiness

        Ready when the database answers and its schema is at the newest migration; 503 with
        `Retry-After` otherwise (a load balancer stops sending traffic until then).
        """
        return readiness()


def readiness() -> dict:
    connection = db.session.connection()
    current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory(current_app.extensions["migrate"].directory).get_current_head()
    if current != head:
        abort(
            503,
            message=f"The database schema is at {current or 'nothing'}, not {head}: run `flask db upgrade`.",
            headers={"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])},
        )
    return {"status": "ready", "migration": head, "dataset_version": dataset.current_version()}
