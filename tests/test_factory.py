"""Configuration comes from the environment, with defaults that need nothing installed."""

import gc
import weakref

import pytest
from flask import after_this_request

from api import create_app
from api.config import database_url


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/salary_bands.sqlite3"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_from_the_environment_means_psycopg_3(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert database_url("/instance") == expected


def test_overrides_win(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.testing and app.config["SQLALCHEMY_DATABASE_URI"].endswith("/x.db")


def test_a_hook_made_per_request_runs_and_is_not_kept(more_apps):
    """The app remembers which functions are plain (api.App.ensure_sync): one made per request runs,
    and is forgotten with its request rather than held for the life of the worker."""
    app = more_apps()
    made = []

    @app.get("/probe-per-request")
    def probe():
        def hook(response):
            response.headers["X-Probe"] = str(len(made))
            return response

        made.append(weakref.ref(hook))
        after_this_request(hook)
        return {"ok": True}

    client = app.test_client()
    assert [client.get("/probe-per-request").headers["X-Probe"] for _ in range(3)] == ["1", "2", "3"]
    gc.collect()
    assert [ref() for ref in made] == [None, None, None]
