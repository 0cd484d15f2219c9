"""Add occupation codes (US SOC 2018) for roles, and the career ladder.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 11:49:54.362687

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "occupations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupations")),
        sa.UniqueConstraint("system", "code", name=op.f("uq_occupations_system_code")),
    )
    op.create_table(
        "career_ladder_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_career_ladder_steps_role_id_roles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_career_ladder_steps")),
        sa.UniqueConstraint("position", name=op.f("uq_career_ladder_steps_position")),
        sa.UniqueConstraint("role_id", name=op.f("uq_career_ladder_steps_role_id")),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occupation_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_roles_occupation_id"), ["occupation_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_roles_occupation_id_occupations"), "occupations", ["occupation_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_roles_occupation_id_occupations"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_roles_occupation_id"))
        batch_op.drop_column("occupation_id")

    op.drop_table("career_ladder_steps")
    op.drop_table("occupations")
