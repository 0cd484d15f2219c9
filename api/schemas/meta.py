"""The service's own answers: the index of where to go, liveness and readiness."""

import marshmallow as ma


class IndexSchema(ma.Schema):
    name = ma.fields.String(required=True, metadata={"enum": ["Customer Service Salary Bands API"]})
    docs = ma.fields.String(required=True, metadata={"description": "Interactive documentation (Swagger UI)."})
    explorer = ma.fields.String(
        required=True, metadata={"description": "The band explorer: the bands drawn, in a browser."}
    )
    openapi = ma.fields.String(required=True, metadata={"description": "The OpenAPI 3.1 document (JSON)."})
    openapi_yaml = ma.fields.String(required=True, metadata={"description": "The same document as YAML."})
    resources = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        required=True,
        metadata={"description": "Each collection's path, by name."},
    )


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"enum": ["ok"]})


class ReadySchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"enum": ["ready"]})
    migration = ma.fields.String(
        required=True,
        metadata={"description": "The schema revision, which is the newest.", "example": "0004", "maxLength": 32},
    )  # alembic_version.version_num is VARCHAR(32)
    dataset_version = ma.fields.Integer(required=True, metadata={"example": 1})
