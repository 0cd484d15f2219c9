"""One blueprint per resource, named after its module (the spec's tag); `register` attaches them all.

Where each path is served (several modules share /v1/salary-bands):
- `meta`: `/`, `/healthz`, `/readyz`
- `roles`: `/v1/roles`, `/v1/roles/{slug}`, a role's industries and skills
- `salary_bands`: `/v1/salary-bands`, `/v1/salary-bands/{id}`, `/v1/salary-bands/import`
- `pay`: `/v1/salary-bands/position`, `/v1/salary-bands/compare`, a band's `position` and `posting`
- `charts`: `/v1/salary-bands/chart.svg`
- `localized_pay`: `/v1/areas`, `/v1/market-wages`, a band's `localized`, `market-position` and `places`,
  a role's `market-pay`
- `career_ladder`, `industries`, `skills`, `sources`, `changes`, `roster`: `/v1/<the name, with hyphens>`
"""

from api.resources import (
    career_ladder,
    changes,
    charts,
    industries,
    localized_pay,
    meta,
    pay,
    roles,
    roster,
    salary_bands,
    skills,
    sources,
)

BLUEPRINTS = (
    meta.blp,
    roles.blp,
    salary_bands.blp,
    pay.blp,
    career_ladder.blp,
    industries.blp,
    skills.blp,
    sources.blp,
    localized_pay.blp,
    changes.blp,
    charts.blp,
    roster.blp,
)


def register(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
