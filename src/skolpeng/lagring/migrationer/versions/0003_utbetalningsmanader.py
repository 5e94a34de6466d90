"""Frysta utbetalningsmånader

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-04 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "utbetalningsmanad",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kommunkod", sa.String(length=4), nullable=False),
        sa.Column("ar", sa.Integer(), nullable=False),
        sa.Column("manad", sa.Integer(), nullable=False),
        sa.Column("beslut_id", sa.Integer(), nullable=False),
        sa.Column("utbetalningar", sa.LargeBinary(), nullable=False),
        sa.Column("fordringar", sa.LargeBinary(), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.Column("innehall_sha256", sa.String(length=64), nullable=False),
        sa.Column("skapad", sa.DateTime(), nullable=False),
        sa.Column("skapad_av", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["beslut_id"], ["beslut.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kommunkod", "ar", "manad"),
    )
    with op.batch_alter_table("utbetalningsmanad", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_utbetalningsmanad_kommunkod"), ["kommunkod"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("utbetalningsmanad", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_utbetalningsmanad_kommunkod"))
    op.drop_table("utbetalningsmanad")
