"""`salary-bands`: the operator's command, installed with the package.

    salary-bands migrate                 # the database to the newest migration (once per release)
    salary-bands seed                    # the guide's data (idempotent)
    salary-bands serve                   # the production server; every setting from the environment
    salary-bands keys create --name hr-tool --scope write
    salary-bands bands import bands.csv --dry-run
    salary-bands oews import oesm24st.zip

Besides `migrate` and `serve`, every command is the app's own `flask --app api` command (`seed`,
`keys`, `bands`, `oews`, `db`, `openapi`), listed from the app rather than copied here.
"""

import click
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from api import create_app, server


@click.group(
    cls=FlaskGroup, create_app=create_app, add_default_commands=False, add_version_option=False, load_dotenv=False
)
@click.version_option(package_name="salary-bands-api")
def cli() -> None:
    """Run and look after the Customer Service Salary Bands API. Settings come from the environment
    (DATABASE_URL, REDIS_URL, HOST, PORT, ...; see the README)."""


# The app is this package's, and its settings come from the environment only: flask's --app,
# --env-file and --debug options do not apply.
cli.params = [param for param in cli.params if param.name not in {"app", "env_file", "debug"}]


@cli.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Upgrade the database to the newest migration (the same as `db upgrade`)."""
    upgrade()


@cli.command("serve")
def serve_command() -> None:
    """Run the production server (granian) with the settings from the environment."""
    server.main()
