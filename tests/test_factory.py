"""Configuration comes from the environment, with defaults that need nothing installed."""

import pytest

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
