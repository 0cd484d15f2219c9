"""The career ladder the guide describes: front-line to senior to manager."""

from flask.views import MethodView

from api.domain import pay
from api.resources.blueprint import Blueprint
from api.schemas.pay import LadderArgsSchema, LadderSchema

blp = Blueprint(
    "career-ladder",
    __name__,
    url_prefix="/v1/career-ladder",
    description="The guide's path up: the roles in order, their bands and the pay step between them.",
)


@blp.route("")
class CareerLadder(MethodView):
    @blp.detail_view(LadderSchema, LadderArgsSchema)
    def get(self, args):
        """The career ladder

        Customer service specialist, senior customer service specialist, customer service
        manager, each with its published band (or none) and the pay step from the nearest lower
        published band.
        """
        return pay.career_ladder(args)
