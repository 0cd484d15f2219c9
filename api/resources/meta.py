"""The service itself: an index of where to go, and liveness."""

import marshmallow as ma
from flask import url_for
from flask.views import MethodView

from api.resources.blueprint import Blueprint

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


class IndexSchema(ma.Schema):
    name = ma.fields.String(required=True)
    docs = ma.fields.String(required=True, metadata={"description": "Interactive documentation (Swagger UI)."})
    explorer = ma.fields.String(required=True, metadata={"description": "The band explorer: the bands drawn, in a browser."})
    openapi = ma.fields.String(required=True, metadata={"description": "The OpenAPI 3.1 document (JSON)."})
    openapi_yaml = ma.fields.String(required=True, metadata={"description": "The same document as YAML."})
    resources = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.String(), required=True,
        metadata={"description": "Each collection's URL, by name."},
    )


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"enum": ["ok"]})


@blp.route("/")
class Index(MethodView):
    @blp.response(200, IndexSchema)
    def get(self):
        """Where to start

        Links to the documentation, the OpenAPI document and every collection.
        """
        return {
            "name": "Customer Service Salary Bands API",
            "docs": url_for("docs.page", _external=True),
            "explorer": url_for("explorer.page", _external=True),
            "openapi": url_for("api-docs.openapi_json", _external=True),
            "openapi_yaml": url_for("docs.openapi_yaml", _external=True),
            "resources": {name: url_for(endpoint, _external=True) for name, endpoint in COLLECTIONS.items()},
        }


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """Liveness

        Answers while the process serves requests; it does not touch the database.
        """
        return {"status": "ok"}
