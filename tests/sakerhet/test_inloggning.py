"""Inloggningen (fynd 6): ett okänt användarnamn prövas mot en slumpad hash (lika
lång tid som ett befintligt), och misslyckade försök ger ökande väntetider per användarnamn
och adress, per adress och per användarnamn i stället för en spärr som en angripare kan
utlösa för kontots ägare eller för andra användare på samma adress."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from skolpeng.lagring import anvandare as anvandarmodul
from skolpeng.lagring.tabeller import Inloggningsforsok
from skolpeng.web.sidor_inloggning import forsok_logga_in
from tests.webb.hjalp import LOSENORD, skapa_testapp

FEL = "fel-losenord-xyz"


@pytest.fixture
def app(tmp_path: Path):  # type: ignore[no-untyped-def]
    return skapa_testapp(f"sqlite:///{tmp_path / 'i.db'}")


@pytest.fixture
def langsam_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Väntetiden börjar på 60 s (så att testet inte beror på maskinens hastighet), och
    kontot saktas ned efter 10 försök från olika adresser."""
    from skolpeng.lagring.inloggningsforsok import Begransning

    regel = Begransning(bas_s=60.0, fria_per_konto=10)
    return skapa_testapp(f"sqlite:///{tmp_path / 'l.db'}", begransning=regel)


def _forsok(app, namn: str, losenord: str, adress: str) -> tuple[int, str | None]:  # type: ignore[no-untyped-def]
    with app.state.sessionsfabrik() as db:
        anv, fel, status = forsok_logga_in(db, namn, losenord, adress, app.state.installningar)
        db.commit()
        return status, fel


def test_okant_anvandarnamn_provas_mot_en_hash(app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Lika många argon2-verifieringar för ett okänt namn som för ett befintligt."""
    anrop: list[str] = []
    riktig = anvandarmodul._HASHARE

    class Raknande:
        def hash(self, losenord: str) -> str:
            return riktig.hash(losenord)

        def verify(self, h: str, losenord: str) -> bool:
            anrop.append(h[:9])
            return riktig.verify(h, losenord)

    monkeypatch.setattr(anvandarmodul, "_HASHARE", Raknande())
    assert _forsok(app, "gbg", FEL, "10.0.0.1")[0] == 401
    assert _forsok(app, "finns-inte", FEL, "10.0.0.1")[0] == 401
    assert anrop == ["$argon2id", "$argon2id"]


def test_agaren_kan_logga_in_fran_en_annan_adress(app) -> None:  # type: ignore[no-untyped-def]
    for _ in range(7):
        _forsok(app, "gbg", FEL, "10.0.0.1")
    assert _forsok(app, "gbg", LOSENORD, "10.0.0.2")[0] == 200


def test_gissningar_pa_ett_konto_stoppar_inte_andra_fran_samma_adress(app) -> None:  # type: ignore[no-untyped-def]
    for _ in range(7):
        _forsok(app, "malmo", FEL, "10.0.0.3")
    assert _forsok(app, "gbg", LOSENORD, "10.0.0.3")[0] == 200


def _sekunder(fel: str | None) -> int:
    m = re.search(r"Vänta (\d+) s", fel or "")
    assert m, fel
    return int(m.group(1))


def test_vantetiden_fordubblas_och_forlangs_inte_av_forsok_under_vantan(langsam_app) -> None:  # type: ignore[no-untyped-def]
    app = langsam_app
    statusar = [_forsok(app, "gbg", FEL, "10.0.0.4")[0] for _ in range(5)]
    assert statusar == [401] * 5
    status, fel = _forsok(app, "gbg", LOSENORD, "10.0.0.4")
    assert status == 429 and 0 < _sekunder(fel) <= 60
    with app.state.sessionsfabrik() as db:
        antal = db.scalar(select(func.count()).select_from(Inloggningsforsok))
        assert antal == 5  # försöket under väntan sparades inte
        for forsok in db.scalars(select(Inloggningsforsok)):
            forsok.tid -= dt.timedelta(seconds=61)
        db.commit()
    assert _forsok(app, "gbg", FEL, "10.0.0.4")[0] == 401  # väntan var slut: prövades
    status, fel = _forsok(app, "gbg", FEL, "10.0.0.4")
    assert status == 429 and 60 < _sekunder(fel) <= 120  # 60 s · 2^1


def test_manga_adresser_mot_ett_konto_ger_bara_en_kort_vantan(langsam_app) -> None:  # type: ignore[no-untyped-def]
    """Gissningar från tolv adresser saktar ned kontot, men med högst ``tak_konto_s`` (30 s)
    fast väntetiden annars börjar på 60 s: ägaren stängs aldrig ute."""
    app = langsam_app
    for i in range(12):
        _forsok(app, "gbg", FEL, f"10.1.0.{i}")
    status, fel = _forsok(app, "gbg", LOSENORD, "10.2.0.1")
    regel = app.state.installningar.begransning
    assert status == 429 and 0 < _sekunder(fel) <= regel.tak_konto_s
