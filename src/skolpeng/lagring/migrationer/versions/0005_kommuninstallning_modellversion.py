"""Kommunens inställningar för besluten och modellernas versionshistorik

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kommuninstallning",
        sa.Column("kommunkod", sa.String(length=4), nullable=False),
        sa.Column("namnd", sa.String(length=200), nullable=False),
        sa.Column("postadress", sa.Text(), nullable=False),
        sa.Column("overklagande", sa.Text(), nullable=False),
        sa.Column("andrad", sa.DateTime(), nullable=False),
        sa.Column("andrad_av", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("kommunkod"),
    )
    op.create_table(
        "modellversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("modell_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("andrad", sa.DateTime(), nullable=False),
        sa.Column("andrad_av", sa.String(length=100), nullable=False),
        sa.Column("kalla", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["modell_id"], ["modell.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("modell_id", "version"),
    )
    with op.batch_alter_table("modellversion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_modellversion_modell_id"), ["modell_id"], unique=False)


def downgrade() -> None:
    op.drop_table("modellversion")
    op.drop_table("kommuninstallning")
