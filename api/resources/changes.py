"""The change log: every write, in the order it was made."""

from flask.views import MethodView

from api.resources.blueprint import Blueprint
from api.schemas.changes import ChangeListSchema, ChangeQueryArgsSchema, ChangeSchema
from api.store import queries

blp = Blueprint(
    "changes", __name__, url_prefix="/v1/changes", description="Who changed what, when: one ordered history."
)


@blp.route("")
class Changes(MethodView):
    @blp.list_view(ChangeQueryArgsSchema, ChangeListSchema, ChangeSchema, scope="read")
    def get(self, args):
        """List changes

        Oldest first, each with its dataset version, the key that made it and the resource
        before and after. Filter by resource, action, time or `after_version`. Needs a key of
        any scope: `read` (for partners following changes), `write` or `admin`.
        """
        return queries.changes(args)
