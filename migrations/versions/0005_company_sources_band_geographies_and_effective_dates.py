"""Company sources beside the guide; bands by subdivision and metro area, with effective dates.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 11:32:11.949123

Expand only: new nullable columns, a read-only flag defaulting to false (every source so far was
loaded from a reviewed file), wider geography codes, and the band key gaining `effective_from`.
Every existing band has a two-letter country code, so its scope is `national`.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE salary_bands SET geography_scope = 'national' WHERE geography_scope <> 'national'")
    with op.batch_alter_table("salary_bands", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effective_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("effective_to", sa.Date(), nullable=True))
        batch_op.alter_column(
            "geography", existing_type=sa.VARCHAR(length=8), type_=sa.String(length=12), existing_nullable=False
        )
        batch_op.drop_constraint("uq_salary_bands_role_id_year_geography_currency_source_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_salary_bands_band_key", ["role_id", "year", "geography", "currency", "source_id", "effective_from"]
        )
        batch_op.create_check_constraint(
            op.f("ck_salary_bands_geography_scope"), "geography_scope IN ('national', 'subdivision', 'metro')"
        )
        batch_op.create_check_constraint(op.f("ck_salary_bands_effective_from_le_to"), "effective_from <= effective_to")

    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("url", sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column("published_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("licence", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("editable", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.alter_column("document", existing_type=sa.VARCHAR(length=200), nullable=True)
        batch_op.alter_column("edition_year", existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column(
            "geography", existing_type=sa.VARCHAR(length=8), type_=sa.String(length=12), nullable=True
        )
        batch_op.alter_column("geography_scope", existing_type=sa.VARCHAR(length=20), nullable=True)
        batch_op.alter_column("salary_basis", existing_type=sa.VARCHAR(length=80), nullable=True)


def downgrade():
    # The old schema cannot hold a team's own sources, dated bands or codes longer than a country's:
    # refuse rather than drop them silently.
    found = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT (SELECT count(*) FROM sources WHERE editable"
                " OR document IS NULL OR edition_year IS NULL OR geography IS NULL OR geography_scope IS NULL"
                " OR salary_basis IS NULL OR length(geography) > 8),"
                " (SELECT count(*) FROM salary_bands WHERE length(geography) > 8"
                " OR effective_from IS NOT NULL OR effective_to IS NOT NULL)"
            )
        )
        .one()
    )
    if any(found):
        raise RuntimeError(
            f"Downgrading below 0005 would lose {found[0]} source(s) made through the API and "
            f"{found[1]} band(s) with effective dates or long geography codes; delete them first."
        )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.alter_column("salary_basis", existing_type=sa.VARCHAR(length=80), nullable=False)
        batch_op.alter_column("geography_scope", existing_type=sa.VARCHAR(length=20), nullable=False)
        batch_op.alter_column(
            "geography", existing_type=sa.String(length=12), type_=sa.VARCHAR(length=8), nullable=False
        )
        batch_op.alter_column("edition_year", existing_type=sa.INTEGER(), nullable=False)
        batch_op.alter_column("document", existing_type=sa.VARCHAR(length=200), nullable=False)
        batch_op.drop_column("editable")
        batch_op.drop_column("licence")
        batch_op.drop_column("published_on")
        batch_op.drop_column("url")

    with op.batch_alter_table("salary_bands", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_salary_bands_effective_from_le_to"), type_="check")
        batch_op.drop_constraint(op.f("ck_salary_bands_geography_scope"), type_="check")
        batch_op.drop_constraint("uq_salary_bands_band_key", type_="unique")
        batch_op.create_unique_constraint(
            "uq_salary_bands_role_id_year_geography_currency_source_id",
            ["role_id", "year", "geography", "currency", "source_id"],
        )
        batch_op.alter_column(
            "geography", existing_type=sa.String(length=12), type_=sa.VARCHAR(length=8), existing_nullable=False
        )
        batch_op.drop_column("effective_to")
        batch_op.drop_column("effective_from")
