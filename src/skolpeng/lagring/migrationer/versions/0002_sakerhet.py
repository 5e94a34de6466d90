"""Beslut kan återkallas (status, tid, vem och orsak)

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("beslut") as t:
        t.add_column(sa.Column("status", sa.String(length=20), nullable=False,
                               server_default="gallande"))  # fmt: skip
        t.add_column(sa.Column("aterkallat", sa.DateTime(), nullable=True))
        t.add_column(sa.Column("aterkallat_av", sa.String(length=100), nullable=True))
        t.add_column(sa.Column("aterkallat_orsak", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("beslut") as t:
        t.drop_column("aterkallat_orsak")
        t.drop_column("aterkallat_av")
        t.drop_column("aterkallat")
        t.drop_column("status")
