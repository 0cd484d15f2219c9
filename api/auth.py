"""API-key authentication: `Authorization: Bearer <key>`, scopes `read`, `write` and `admin`."""

import click
from flask import Flask
from flask.cli import AppGroup
from flask_httpauth import HTTPTokenAuth
from sqlalchemy import select
from werkzeug.exceptions import Forbidden, Unauthorized

from api.errors import problem_response
from api.extensions import db
from api.models import SCOPES, ApiKey
from api.models.api_key import utcnow

REALM = "salary-bands"
SECURITY_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "An API key from `flask --app api keys create --name NAME --scope read|write|admin`, sent as "
    "`Authorization: Bearer <key>`. Reads need none, except the change log, which needs `read` (a "
    "partner following changes without write rights); writes need `write`, which can also read "
    "the change log; `admin` can do all `write` can, plus cascading deletes.",
}

auth = HTTPTokenAuth(scheme="Bearer", realm=REALM)


@auth.verify_token
def verify_token(token: str):
    return ApiKey.verify(token)


@auth.get_user_roles
def get_scopes(key: ApiKey):
    return key.scopes


@auth.error_handler
def auth_error(status: int):
    if status == 401:
        error = Unauthorized("A valid API key is required: send `Authorization: Bearer <key>`.")
        challenge = f'Bearer realm="{REALM}"'
    else:
        error = Forbidden("This API key's scope does not allow this operation.")
        challenge = f'Bearer realm="{REALM}", error="insufficient_scope"'
    response = problem_response(error)
    response.headers["WWW-Authenticate"] = challenge
    return response


def actor() -> str:
    """The name of the key making this request, for the change log."""
    return auth.current_user().name


keys_cli = AppGroup("keys", help="Create, list and revoke API keys.")


@keys_cli.command("create")
@click.option("--name", required=True, help="Who the key is for; shown in the change log.")
@click.option("--scope", type=click.Choice(SCOPES), default="write", show_default=True)
def create_key(name: str, scope: str) -> None:
    """Create a key and print it once; only its hash is stored."""
    if db.session.scalars(select(ApiKey).where(ApiKey.name == name)).first():
        raise click.ClickException(f"A key named '{name}' exists already.")
    key, secret = ApiKey.issue(name, scope)
    db.session.add(key)
    db.session.commit()
    click.echo(secret)
    click.echo(f"Created key '{name}' (scope {scope}). Store it now: it cannot be shown again.", err=True)


@keys_cli.command("list")
def list_keys() -> None:
    """List keys: name, scope, public prefix, created, revoked (never the key itself)."""
    for key in db.session.scalars(select(ApiKey).order_by(ApiKey.id)):
        revoked = key.revoked_at.isoformat() if key.revoked_at else "active"
        click.echo(f"{key.name}\t{key.scope}\t{key.prefix}\t{key.created_at.isoformat()}\t{revoked}")


@keys_cli.command("revoke")
@click.argument("name")
def revoke_key(name: str) -> None:
    """Revoke the key named NAME; it stops working at once."""
    key = db.session.scalars(select(ApiKey).where(ApiKey.name == name)).one_or_none()
    if key is None:
        raise click.ClickException(f"No key named '{name}'.")
    key.revoked_at = key.revoked_at or utcnow()
    db.session.commit()
    click.echo(f"Revoked key '{name}'.")


def init_app(app: Flask, api) -> None:
    app.cli.add_command(keys_cli)
    api.spec.components.security_scheme("bearerAuth", SECURITY_SCHEME)
