"""One blueprint per resource; `register` attaches them all to the Api."""

from api.resources import (
    career_ladder, changes, chart, industries, localized_pay, meta, pay, roles, roster, salary_bands, skills,
    sources,
)

BLUEPRINTS = (
    meta.blp, roles.blp, salary_bands.blp, pay.blp, career_ladder.blp, industries.blp, skills.blp, sources.blp,
    localized_pay.blp, changes.blp, chart.blp, roster.blp,
)


def register(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
