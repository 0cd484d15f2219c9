"""Allow API keys of scope `read` (the change log, without write rights).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 11:40:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_api_keys_scope"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_api_keys_scope"), "scope IN ('read', 'write', 'admin')")


def downgrade():
    op.execute("DELETE FROM api_keys WHERE scope = 'read'")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_api_keys_scope"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_api_keys_scope"), "scope IN ('write', 'admin')")
