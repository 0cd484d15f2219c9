"""Indexes for the band list's sorts (salary_min, salary_max, midpoint), over all bands and within a role,
so a sorted page is read in index order however many bands there are.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# `midpoint` orders by this sum (SalaryBand.midpoint's SQL expression). SQLite cannot reflect an index on an
# expression, so a later batch operation that rebuilds salary_bands there drops the two midpoint indexes
# silently: such a migration must create them again.
MIDPOINT = sa.text("(salary_min + salary_max)")


def upgrade():
    with op.batch_alter_table("salary_bands", schema=None) as batch_op:
        batch_op.create_index("ix_salary_bands_salary_min_id", ["salary_min", "id"], unique=False)
        batch_op.create_index("ix_salary_bands_salary_max_id", ["salary_max", "id"], unique=False)
        batch_op.create_index("ix_salary_bands_midpoint_id", [MIDPOINT, "id"], unique=False)
        batch_op.create_index(
            "ix_salary_bands_role_id_salary_min_id",
            ["role_id", "salary_min", "id"],
            unique=False,
            postgresql_include=["salary_max"],
        )
        batch_op.create_index("ix_salary_bands_role_id_salary_max_id", ["role_id", "salary_max", "id"], unique=False)
        batch_op.create_index("ix_salary_bands_role_id_midpoint_id", ["role_id", MIDPOINT, "id"], unique=False)


def downgrade():
    with op.batch_alter_table("salary_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_salary_bands_role_id_midpoint_id")
        batch_op.drop_index("ix_salary_bands_role_id_salary_max_id")
        batch_op.drop_index("ix_salary_bands_role_id_salary_min_id")
        batch_op.drop_index("ix_salary_bands_midpoint_id")
        batch_op.drop_index("ix_salary_bands_salary_max_id")
        batch_op.drop_index("ix_salary_bands_salary_min_id")
