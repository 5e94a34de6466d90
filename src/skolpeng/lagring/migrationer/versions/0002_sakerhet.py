"""Beslut kan återkallas (status, tid, vem och orsak); datasetnamn unika per kommun

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


#: Datasettabellen som den ser ut efter 0002 (SQLite byggs om efter den, eftersom den gamla
#: unika begränsningen saknar namn och inte kan tas bort för sig).
def _dataset(unik: tuple[str, ...], namn: str | None) -> sa.Table:
    return sa.Table(
        "dataset",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("namn", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kommunkod", sa.String(length=4), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("beskrivning", sa.Text(), nullable=False),
        sa.Column("skapad", sa.DateTime(), nullable=False),
        sa.Column("skapad_av", sa.String(length=100), nullable=False),
        sa.UniqueConstraint(*unik, name=namn),
    )


def _byt_unik(gammal: tuple[str, ...], ny: tuple[str, ...], nytt_namn: str | None) -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("dataset", copy_from=_dataset(ny, nytt_namn), recreate="always"):
            pass
        return
    insp = sa.inspect(op.get_bind())
    for u in insp.get_unique_constraints("dataset"):
        if tuple(u["column_names"]) == gammal and u["name"]:
            op.drop_constraint(u["name"], "dataset", type_="unique")
    op.create_unique_constraint(nytt_namn or "dataset_namn_version_key", "dataset", list(ny))


def upgrade() -> None:
    _byt_unik(("namn", "version"), ("kommunkod", "namn", "version"),
              "uq_dataset_kommun_namn_version")  # fmt: skip
    with op.batch_alter_table("beslut") as t:
        t.add_column(sa.Column("status", sa.String(length=20), nullable=False,
                               server_default="gallande"))  # fmt: skip
        t.add_column(sa.Column("aterkallat", sa.DateTime(), nullable=True))
        t.add_column(sa.Column("aterkallat_av", sa.String(length=100), nullable=True))
        t.add_column(sa.Column("aterkallat_orsak", sa.Text(), nullable=True))


def downgrade() -> None:
    _byt_unik(("kommunkod", "namn", "version"), ("namn", "version"), None)
    with op.batch_alter_table("beslut") as t:
        t.drop_column("aterkallat_orsak")
        t.drop_column("aterkallat_av")
        t.drop_column("aterkallat")
        t.drop_column("status")
