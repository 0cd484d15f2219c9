"""Add areas and market wages from the BLS OEWS survey.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 12:33:05.268052

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("usps", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "type IN ('national', 'state', 'territory', 'metro', 'nonmetro')", name=op.f("ck_areas_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
        sa.UniqueConstraint("code", name=op.f("uq_areas_code")),
    )
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_areas_type"), ["type"], unique=False)
        batch_op.create_index(batch_op.f("ix_areas_usps"), ["usps"], unique=False)

    op.create_table(
        "market_wages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("occupation_id", sa.Integer(), nullable=False),
        sa.Column("employment", sa.Integer(), nullable=True),
        sa.Column("hourly_mean", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("hourly_pct10", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("hourly_pct25", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("hourly_median", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("hourly_pct75", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("hourly_pct90", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("annual_mean", sa.Integer(), nullable=True),
        sa.Column("annual_pct10", sa.Integer(), nullable=True),
        sa.Column("annual_pct25", sa.Integer(), nullable=True),
        sa.Column("annual_median", sa.Integer(), nullable=True),
        sa.Column("annual_pct75", sa.Integer(), nullable=True),
        sa.Column("annual_pct90", sa.Integer(), nullable=True),
        sa.Column("top_coded", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_market_wages_area_id_areas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["occupation_id"],
            ["occupations.id"],
            name=op.f("fk_market_wages_occupation_id_occupations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_market_wages_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_wages")),
        sa.UniqueConstraint(
            "source_id", "area_id", "occupation_id", name=op.f("uq_market_wages_source_id_area_id_occupation_id")
        ),
    )
    with op.batch_alter_table("market_wages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_market_wages_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_market_wages_occupation_id"), ["occupation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_market_wages_source_id"), ["source_id"], unique=False)


def downgrade():
    with op.batch_alter_table("market_wages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_market_wages_source_id"))
        batch_op.drop_index(batch_op.f("ix_market_wages_occupation_id"))
        batch_op.drop_index(batch_op.f("ix_market_wages_area_id"))

    op.drop_table("market_wages")
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_areas_usps"))
        batch_op.drop_index(batch_op.f("ix_areas_type"))

    op.drop_table("areas")
