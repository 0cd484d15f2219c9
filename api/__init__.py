"""Customer Service Salary Bands API: the application factory."""

import os
from contextlib import suppress
from functools import cached_property
from weakref import WeakSet

from flask import Flask
from sqlalchemy.engine import make_url

from api import (
    auth,
    docs,
    edge,
    explorer,
    ingest,
    models,  # noqa: F401  (registers every table before migrations look)
    resources,
)
from api.config import Config, database_url
from api.extensions import api, db, migrate
from api.paths import instance_path, shipped
from api.store import dataset, snapshot


class App(Flask):
    def ensure_sync(self, func):
        """Flask's, remembering the functions it found plain (not coroutine functions): Flask asks it of
        every hook, view and view decorator on every request, and the answer never changes. Weakly
        held, so a function made per request (`after_this_request`) is forgotten with its request."""
        if func in self.plain:
            return func
        synced = super().ensure_sync(func)
        if synced is func:
            with suppress(TypeError):  # not weakly referenceable (a builtin): asked again next time
                self.plain.add(func)
        return synced

    @cached_property
    def plain(self) -> WeakSet:
        return WeakSet()


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides settings (tests pass their database URL here)."""
    app = App(__name__, instance_path=instance_path())
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    app.config.update(config or {})
    os.makedirs(app.instance_path, exist_ok=True)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    register_extensions(app)
    dataset.init_app(app)
    snapshot.init_app(app)
    resources.register(api)
    app.register_blueprint(docs.blp)
    app.register_blueprint(explorer.blp)
    auth.init_app(app, api)
    ingest.init_app(app)
    # Last: a setting the edge refuses fails here, after the shared Api has every blueprint again.
    edge.install(app, app.extensions["version_reader"])
    return app


def register_extensions(app: Flask) -> None:
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(shipped("migrations")))
    api.init_app(app)


def engine_options(config) -> dict:
    """Engine options from the settings as they are when the engines are built (tests override them)."""
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        # A statement that runs away is cut off, so a stuck database answers 503, not never. libpq sets it on
        # every connection, the version reader's included; `options` given in the URL are kept.
        server_options = " ".join(
            [*url.normalized_query.get("options", ()), f"-c statement_timeout={int(config['DB_STATEMENT_TIMEOUT_MS'])}"]
        )
        options.update(
            connect_args={"connect_timeout": config["DB_CONNECT_TIMEOUT"], "options": server_options},
            pool_size=config["DB_POOL_SIZE"],
            max_overflow=config["DB_MAX_OVERFLOW"],
        )
    return options
