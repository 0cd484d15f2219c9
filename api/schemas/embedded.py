"""Lists a detail embeds: the first few, read by a bounded query, with their count and a link to them all."""

import marshmallow as ma
from flask import url_for
from marshmallow import fields, validate

from api.schemas.common import SLUG_LENGTH
from api.spec import PAGE_URL_MAX
from api.store import queries


class QueriedList(fields.List):
    """A list read by `query(obj)`, a bounded query, instead of from an attribute (which would load it all)."""

    def __init__(self, inner, query, **kwargs):
        super().__init__(inner, **kwargs)
        self.query = query

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return self.query(obj)


def embedded_list(schema, query, description: str) -> QueriedList:
    """The first `queries.EMBEDDED` rows `query(obj)` selects."""
    return QueriedList(
        fields.Nested(schema),
        lambda obj: queries.embedded(query(obj)),
        required=True,
        validate=validate.Length(max=queries.EMBEDDED),
        metadata={"description": f"{description} The first {queries.EMBEDDED}; the `_url` beside it lists them all."},
    )


def count_field(query, what: str, example: int) -> fields.Function:
    """How many rows `query(obj)` selects, counted up to `queries.COUNT_CAP`."""
    return fields.Function(
        lambda obj: queries.bounded_count(query(obj)),
        required=True,
        allow_none=True,
        metadata={
            "type": "integer",
            "minimum": 0,
            "maximum": queries.COUNT_CAP,
            "example": example,
            "description": f"How many {what}; null when more than {queries.COUNT_CAP:,} (they are counted no further).",
        },
    )


def list_url_field(endpoint: str, params, example: str, what: str) -> fields.Function:
    """The list `endpoint` serves, narrowed by `params(obj)`: a path on this service."""
    return fields.Function(
        lambda obj: url_for(endpoint, **params(obj)),
        required=True,
        metadata={
            "type": "string",
            "format": "uri-reference",
            "example": example,
            # After SCRIPT_NAME (bounded with the URL by the edge): the path, a parameter and a slug or id.
            "maxLength": PAGE_URL_MAX + SLUG_LENGTH,
            "description": f"All {what}, paged (`limit`, `offset`); a path on this service, as cached bodies carry "
            "nothing taken from the request's Host.",
        },
    )
