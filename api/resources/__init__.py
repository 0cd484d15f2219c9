"""One blueprint per resource; `register` attaches them all to the Api."""

from api.resources import industries, meta, roles, salary_bands, skills, sources

BLUEPRINTS = (meta.blp, roles.blp, salary_bands.blp, industries.blp, skills.blp, sources.blp)


def register(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
