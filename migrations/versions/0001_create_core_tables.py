"""Create the core tables: sources and notes, roles, industries, skills, salary bands.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 11:37:03.667261

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("publisher", sa.String(length=120), nullable=False),
        sa.Column("document", sa.String(length=200), nullable=False),
        sa.Column("edition_year", sa.Integer(), nullable=False),
        sa.Column("geography", sa.String(length=8), nullable=False),
        sa.Column("geography_scope", sa.String(length=20), nullable=False),
        sa.Column("salary_basis", sa.String(length=80), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("slug", name=op.f("uq_sources_slug")),
    )
    op.create_table(
        "industries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_industries_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_industries")),
        sa.UniqueConstraint("slug", name=op.f("uq_industries_slug")),
    )
    with op.batch_alter_table("industries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_industries_source_id"), ["source_id"], unique=False)

    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("responsibilities", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("level IN ('front-line', 'senior', 'management', 'account')", name=op.f("ck_roles_level")),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_roles_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("slug", name=op.f("uq_roles_slug")),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roles_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_roles_source_id"), ["source_id"], unique=False)

    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("pay_driver", sa.String(length=30), nullable=True),
        sa.Column("pay_driver_provenance", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "category IN ('soft', 'technical', 'expertise-area', 'qualification')", name=op.f("ck_skills_category")
        ),
        sa.CheckConstraint(
            "pay_driver IS NULL OR pay_driver IN ('raised-starting-salary', 'competitive-pay')",
            name=op.f("ck_skills_pay_driver"),
        ),
        sa.CheckConstraint(
            "(pay_driver IS NULL) = (pay_driver_provenance IS NULL)", name=op.f("ck_skills_pay_driver_provenance")
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_skills_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
        sa.UniqueConstraint("slug", name=op.f("uq_skills_slug")),
    )
    with op.batch_alter_table("skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skills_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_skills_source_id"), ["source_id"], unique=False)

    op.create_table(
        "source_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "topic IN ('market', 'demand', 'channel', 'metric', 'work', 'trend', 'career', 'outlook')",
            name=op.f("ck_source_notes_topic"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_source_notes_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_notes")),
        sa.UniqueConstraint("source_id", "slug", name=op.f("uq_source_notes_source_id_slug")),
    )
    with op.batch_alter_table("source_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_notes_source_id"), ["source_id"], unique=False)

    op.create_table(
        "role_industries",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("industry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["industry_id"],
            ["industries.id"],
            name=op.f("fk_role_industries_industry_id_industries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_role_industries_role_id_roles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("role_id", "industry_id", name=op.f("pk_role_industries")),
    )
    with op.batch_alter_table("role_industries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_industries_industry_id"), ["industry_id"], unique=False)

    op.create_table(
        "role_skills",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_role_skills_role_id_roles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_role_skills_skill_id_skills"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("role_id", "skill_id", name=op.f("pk_role_skills")),
    )
    with op.batch_alter_table("role_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_skills_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "salary_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("geography", sa.String(length=8), nullable=False),
        sa.Column("geography_scope", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("salary_min", sa.Integer(), nullable=False),
        sa.Column("salary_max", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "period IN ('annual', 'monthly', 'biweekly', 'weekly', 'hourly')", name=op.f("ck_salary_bands_period")
        ),
        sa.CheckConstraint("length(currency) = 3", name=op.f("ck_salary_bands_currency_code")),
        sa.CheckConstraint("salary_min <= salary_max", name=op.f("ck_salary_bands_salary_min_le_max")),
        sa.CheckConstraint("salary_min > 0", name=op.f("ck_salary_bands_salary_min_positive")),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_salary_bands_year_range")),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_salary_bands_role_id_roles"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_salary_bands_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salary_bands")),
        sa.UniqueConstraint(
            "role_id",
            "year",
            "geography",
            "currency",
            "source_id",
            name=op.f("uq_salary_bands_role_id_year_geography_currency_source_id"),
        ),
    )
    with op.batch_alter_table("salary_bands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salary_bands_role_id"), ["role_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_salary_bands_source_id"), ["source_id"], unique=False)


def downgrade():
    with op.batch_alter_table("salary_bands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salary_bands_source_id"))
        batch_op.drop_index(batch_op.f("ix_salary_bands_role_id"))

    op.drop_table("salary_bands")
    with op.batch_alter_table("role_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_skills_skill_id"))

    op.drop_table("role_skills")
    with op.batch_alter_table("role_industries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_industries_industry_id"))

    op.drop_table("role_industries")
    with op.batch_alter_table("source_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_notes_source_id"))

    op.drop_table("source_notes")
    with op.batch_alter_table("skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skills_source_id"))
        batch_op.drop_index(batch_op.f("ix_skills_category"))

    op.drop_table("skills")
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roles_source_id"))
        batch_op.drop_index(batch_op.f("ix_roles_level"))

    op.drop_table("roles")
    with op.batch_alter_table("industries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_industries_source_id"))

    op.drop_table("industries")
    op.drop_table("sources")
