"""Rektorernas redovisning av de riktade medlens användning

Revision ID: 0004
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anvandning_kategorier",
        sa.Column("kommunkod", sa.String(length=4), nullable=False),
        sa.Column("kategorier", sa.JSON(), nullable=False),
        sa.Column("andrad", sa.DateTime(), nullable=False),
        sa.Column("andrad_av", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("kommunkod"),
    )
    op.create_table(
        "anvandningsrapport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kommunkod", sa.String(length=4), nullable=False),
        sa.Column("skolenhetskod", sa.String(length=8), nullable=False),
        sa.Column("ar", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("kalla", sa.String(length=10), nullable=False),
        sa.Column("riktat_kr", sa.BigInteger(), nullable=False),
        sa.Column("underlag", sa.JSON(), nullable=False),
        sa.Column("forklaring", sa.Text(), nullable=False),
        sa.Column("skapad", sa.DateTime(), nullable=False),
        sa.Column("skapad_av", sa.String(length=100), nullable=False),
        sa.Column("inskickad", sa.DateTime(), nullable=True),
        sa.Column("inskickad_av", sa.String(length=100), nullable=True),
        sa.Column("aterlamnad", sa.DateTime(), nullable=True),
        sa.Column("aterlamnad_av", sa.String(length=100), nullable=True),
        sa.Column("kommentar", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kommunkod", "skolenhetskod", "ar", "version"),
    )
    with op.batch_alter_table("anvandningsrapport", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_anvandningsrapport_kommunkod"), ["kommunkod"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_anvandningsrapport_skolenhetskod"), ["skolenhetskod"], unique=False
        )
    op.create_table(
        "anvandningsrad",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rapport_id", sa.Integer(), nullable=False),
        sa.Column("ordning", sa.Integer(), nullable=False),
        sa.Column("kategori", sa.String(length=200), nullable=False),
        sa.Column("belopp_kr", sa.Float(), nullable=True),
        sa.Column("arsarbetare", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["rapport_id"], ["anvandningsrapport.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("anvandningsrad", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_anvandningsrad_rapport_id"), ["rapport_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("anvandningsrad")
    op.drop_table("anvandningsrapport")
    op.drop_table("anvandning_kategorier")
