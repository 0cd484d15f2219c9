"""Indexes for band reads that must not grow with the table: a role's bands in id order, the latest band per
role, geography and currency (compare, the chart), and bands by year (the explorer's sort).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:10:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("salary_bands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salary_bands_role_id"))
        batch_op.create_index("ix_salary_bands_role_id_id", ["role_id", "id"], unique=False)
        batch_op.create_index(
            "ix_salary_bands_role_geography_currency_year", ["role_id", "geography", "currency", "year"], unique=False
        )
        batch_op.create_index("ix_salary_bands_year_id", ["year", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("salary_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_salary_bands_year_id")
        batch_op.drop_index("ix_salary_bands_role_geography_currency_year")
        batch_op.drop_index("ix_salary_bands_role_id_id")
        batch_op.create_index(batch_op.f("ix_salary_bands_role_id"), ["role_id"], unique=False)
