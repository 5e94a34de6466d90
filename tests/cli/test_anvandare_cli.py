"""``skolpeng anvandare skapa/lista``: den första administratören från kommandoraden."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.lagring.anvandare import losenord_stammer
from skolpeng.lagring.databas import sessionsfabrik, skapa_motor
from skolpeng.lagring.tabeller import Anvandare, Logghandelse


def test_skapa_administrator_och_lista(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    r = CliRunner().invoke(
        app,
        ["anvandare", "skapa", "--anvandarnamn", "admin", "--roll", "administrator",
         "--namn", "Ada Admin", "--databas", url],
        env={"SKOLPENG_LOSENORD": "ett-langt-losenord"},
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "Användaren admin (administrator) är skapad." in r.output
    with sessionsfabrik(skapa_motor(url))() as db:
        anv = db.scalar(select(Anvandare))
        assert anv is not None and anv.roll == "administrator" and anv.namn == "Ada Admin"
        assert losenord_stammer(anv.losenord_hash, "ett-langt-losenord")
        assert not losenord_stammer(anv.losenord_hash, "fel")
        logg = list(db.scalars(select(Logghandelse)))
        assert [(h.anvandare, h.handling, h.objekt) for h in logg] == [
            ("kommandoraden", "skapade användare", "admin")
        ]
    r = CliRunner().invoke(app, ["anvandare", "lista", "--databas", url])
    assert r.exit_code == 0
    rader = [rad for rad in r.output.splitlines() if " admin " in rad]
    assert len(rader) == 1 and "Administratör" in rader[0] and "Ada Admin" in rader[0]


def test_alla_fel_pa_en_gang_exitkod_2_och_inget_sparat(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    r = CliRunner().invoke(
        app,
        ["anvandare", "skapa", "--anvandarnamn", "r", "--roll", "rektor", "--databas", url],
        env={"SKOLPENG_LOSENORD": "kort"},
    )
    assert r.exit_code == 2
    for text in ("minst 12 tecken", "kommunkod med fyra siffror", "minst en skolenhetskod"):
        assert text in r.output
    with sessionsfabrik(skapa_motor(url))() as db:
        assert db.scalar(select(Anvandare)) is None


def test_samma_anvandarnamn_tva_ganger_nekas(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    argv = ["anvandare", "skapa", "--anvandarnamn", "gbg", "--roll", "handlaggare",
            "--kommun", "1480", "--databas", url]  # fmt: skip
    env = {"SKOLPENG_LOSENORD": "ett-langt-losenord"}
    assert CliRunner().invoke(app, argv, env=env).exit_code == 0
    r = CliRunner().invoke(app, argv, env=env)
    assert r.exit_code == 2 and "finns redan" in r.output
