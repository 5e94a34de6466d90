"""Administratören återaktiverar användare och sätter nya lösenord; de gamla sessionerna och
det gamla lösenordet slutar gälla."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from skolpeng.lagring.tabeller import Anvandare, Logghandelse
from tests.webb.hjalp import LOSENORD, Klient, logga_in, skapa_testapp


def _id(app, namn: str) -> int:  # type: ignore[no-untyped-def]
    with app.state.sessionsfabrik() as db:
        return db.scalar(select(Anvandare.id).where(Anvandare.anvandarnamn == namn))


def _kan_logga_in(app, namn: str, losenord: str) -> bool:  # type: ignore[no-untyped-def]
    k = Klient(app)
    sida = k.get("/logga-in").text
    token = sida.split('name="csrf_token" value="')[1].split('"')[0]
    svar = k.post("/logga-in", data={"anvandarnamn": namn, "losenord": losenord,
                                      "csrf_token": token}, follow_redirects=False)  # fmt: skip
    return svar.status_code == 303


@pytest.mark.slow
def test_nytt_losenord_och_ateraktivering(tmp_path: Path) -> None:
    app = skapa_testapp(f"sqlite:///{tmp_path / 'a.db'}")
    admin = logga_in(app, "admin")
    malmo = logga_in(app, "malmo")
    mid = _id(app, "malmo")
    # för kort lösenord: svenskt fel, inget ändrat
    svar = admin.post_form(f"/anvandare/{mid}/losenord", {"losenord": "kort"})
    assert svar.status_code == 400 and "minst 12 tecken" in svar.text
    assert malmo.get("/", follow_redirects=False).status_code == 200
    # nytt lösenord: den gamla sessionen och det gamla lösenordet slutar gälla
    assert admin.post_form(f"/anvandare/{mid}/losenord", {"losenord": "ett-helt-nytt-losenord"},
                           follow_redirects=False).status_code == 303  # fmt: skip
    assert malmo.get("/", follow_redirects=False).status_code == 303
    assert not _kan_logga_in(app, "malmo", LOSENORD)
    assert _kan_logga_in(app, "malmo", "ett-helt-nytt-losenord")
    # inaktivera och återaktivera
    admin.post_form(f"/anvandare/{mid}/inaktivera")
    assert not _kan_logga_in(app, "malmo", "ett-helt-nytt-losenord")
    admin.post_form(f"/anvandare/{mid}/aktivera")
    assert _kan_logga_in(app, "malmo", "ett-helt-nytt-losenord")
    with app.state.sessionsfabrik() as db:
        handlingar = set(db.scalars(select(Logghandelse.handling)))
    assert {
        "satte nytt lösenord",
        "inaktiverade användare",
        "återaktiverade användare",
    } <= handlingar


def test_bara_administratoren_far_andra_anvandare(webbapp) -> None:  # type: ignore[no-untyped-def]
    gbg = logga_in(webbapp, "gbg")
    aid = _id(webbapp, "admin")
    assert gbg.post_form(f"/anvandare/{aid}/losenord", {"losenord": "x" * 20}).status_code == 403
    assert gbg.post_form(f"/anvandare/{aid}/aktivera").status_code == 403
