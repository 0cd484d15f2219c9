"""Customer Service Salary Bands API: the application factory."""

import os

from flask import Flask
from sqlalchemy import event

from api import models  # noqa: F401  (registers every table before migrations look)
from api import auth, cache, changes, docs, explorer, hardening, imports, oews, ratelimit, resources, seed
from api.config import Config, database_url
from api.extensions import api, db, migrate
from api.paths import instance_path, shipped


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides settings (tests pass their database URL here)."""
    app = Flask(__name__, instance_path=instance_path())
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    app.config.update(config or {})
    os.makedirs(app.instance_path, exist_ok=True)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    register_extensions(app)
    hardening.init_app(app)
    ratelimit.init_app(app)
    cache.init_app(app)
    resources.register(api)
    app.register_blueprint(docs.blp)
    app.register_blueprint(explorer.blp)
    auth.init_app(app, api)
    changes.init_app(app)
    seed.init_app(app)
    imports.init_app(app)
    oews.init_app(app)
    register_middleware(app)
    return app


def register_extensions(app: Flask) -> None:
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        with app.app_context():
            # A statement that runs away is cut off, so a stuck database answers 503, not never.
            event.listen(db.engine, "connect", _statement_timeout(app.config["DB_STATEMENT_TIMEOUT_MS"]))
    migrate.init_app(app, db, directory=str(shipped("migrations")))
    api.init_app(app)


def engine_options(config) -> dict:
    """Engine options from the settings as they are when the engines are built (tests override them)."""
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options.update(connect_args={"connect_timeout": config["DB_CONNECT_TIMEOUT"]},
                       pool_size=config["DB_POOL_SIZE"], max_overflow=config["DB_MAX_OVERFLOW"])
    return options


def register_middleware(app: Flask) -> None:
    """WSGI layers in front of Flask, outermost first: proxy headers, security headers and access log,
    rate limits, cached reads. A cached read is answered without entering Flask at all."""
    wsgi_app = app.wsgi_app
    if app.config["RESPONSE_CACHE"]:
        wsgi_app = cache.CachedReads(app, wsgi_app)
    if app.config["RATELIMIT_ENABLED"]:
        wsgi_app = ratelimit.RateLimits(app, wsgi_app)
    app.wsgi_app = hardening.behind_proxies(app, hardening.Edge(app, wsgi_app))


def _statement_timeout(milliseconds: int):
    def set_timeout(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(milliseconds)}")
        dbapi_connection.commit()

    return set_timeout
