"""Add API keys, the dataset version (one row, version 0) and the change log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 11:59:43.843449

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("scope IN ('write', 'admin')", name=op.f("ck_api_keys_scope")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("name", name=op.f("uq_api_keys_name")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_version", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(length=40), nullable=False),
        sa.Column("resource_key", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'delete', 'link', 'unlink', 'import', 'seed')",
            name=op.f("ck_changes_action"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_changes_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_changes_dataset_version"), ["dataset_version"], unique=False)
        batch_op.create_index(batch_op.f("ix_changes_resource"), ["resource"], unique=False)

    op.create_table(
        "dataset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_dataset_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset")),
    )
    dataset = sa.table(
        "dataset",
        sa.column("id", sa.Integer),
        sa.column("version", sa.Integer),
        sa.column("changed_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(dataset, [{"id": 1, "version": 0, "changed_at": datetime.now(UTC)}])


def downgrade():
    op.drop_table("dataset")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_changes_resource"))
        batch_op.drop_index(batch_op.f("ix_changes_dataset_version"))
        batch_op.drop_index(batch_op.f("ix_changes_created_at"))

    op.drop_table("changes")
    op.drop_table("api_keys")
