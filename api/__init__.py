"""Customer Service Salary Bands API: the application factory."""

import os

from flask import Flask

from api import models  # noqa: F401  (registers every table before migrations look)
from api import auth, changes, docs, explorer, imports, oews, resources, seed
from api.config import Config, database_url
from api.extensions import api, db, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides settings (tests pass their database URL here)."""
    app = Flask(__name__)
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    app.config.update(config or {})
    os.makedirs(app.instance_path, exist_ok=True)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    register_extensions(app)
    resources.register(api)
    app.register_blueprint(docs.blp)
    app.register_blueprint(explorer.blp)
    auth.init_app(app, api)
    changes.init_app(app)
    seed.init_app(app)
    imports.init_app(app)
    oews.init_app(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    api.init_app(app)
