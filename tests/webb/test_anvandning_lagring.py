"""Lagringen av redovisningarna (``lagring.anvandning``) under SQLite och PostgreSQL:
versionerna, att en inskickad version inte kan ändras, återlämning och ny version, importen
som ersätter ett utkast, kommunens kategorilista och en loggrad per steg."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from skolpeng.lagring import anvandning as la
from skolpeng.lagring.databas import migrera, sessionsfabrik, skapa_motor
from skolpeng.lagring.tabeller import Logghandelse
from skolpeng.uppfoljning.anvandning import Kategori, Rad


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'a.db'}"
    return request.getfixturevalue("postgres_url")


def test_versioner_och_oforanderlighet(url: str) -> None:
    motor = skapa_motor(url)
    migrera(motor)
    arg = {"kommunkod": "1480", "kod": "10245367", "ar": 2026, "riktat_kr": 1000,
           "underlag": [{"pott": "socio", "belopp_kr": 1000}], "anvandare": "rektor"}  # fmt: skip
    with sessionsfabrik(motor)() as db:
        r = la.spara_utkast(db, rader=[Rad("Annat", 10.0, None, "a")], forklaring="", **arg)
        r2 = la.spara_utkast(db, rader=[Rad("Annat", 20.0, 0.5, "b")], forklaring="", **arg)
        assert r2.id == r.id and r2.version == 1 and [x.belopp_kr for x in r2.rader] == [20.0]
        la.skicka_in(db, r2, "rektor")
        db.commit()
        with pytest.raises(la.RedovisningLast):
            la.spara_utkast(db, rader=[Rad("Annat", 1.0, None)], forklaring="", **arg)
        with pytest.raises(la.RedovisningLast):
            la.skicka_in(db, r2, "rektor")
        # skyddet i databaslagret: ingen kod kan ändra en inskickad version
        r2.rader[0].belopp_kr = 99.0
        with pytest.raises(la.RedovisningLast):
            db.flush()
        db.rollback()
        r2 = la.aktuell(db, "1480", "10245367", 2026)
        assert r2 is not None and r2.rader[0].belopp_kr == 20.0 and r2.status == "inskickad"
        r2.riktat_kr = 5
        with pytest.raises(la.RedovisningLast):
            db.flush()
        db.rollback()
        r2 = la.aktuell(db, "1480", "10245367", 2026)
        assert r2 is not None
        la.aterlamna(db, r2, "Komplettera", "gbg")
        r3 = la.spara_utkast(db, rader=[Rad("Annat", 30.0, None)], forklaring="", **arg)
        assert (r3.version, r3.status) == (2, "utkast")
        assert [x.belopp_kr for x in la.versioner(db, "1480", "10245367", 2026)[1].rader] == [20.0]
        imp = la.importera_inskickad(db, rader=[Rad("Annat", 40.0, None)], forklaring="",
                                     filnamn="f.csv", **arg)  # fmt: skip
        assert (imp.version, imp.status, imp.kalla) == (2, "inskickad", "fil")
        rader = la.inskickade_rader(la.senaste_per_enhet(db, "1480", 2026))
        assert rader["belopp_kr"].to_list() == [40.0]
        assert la.kategorier_for(db, "1480")[0].namn == "Ledning och administration"
        la.spara_kategorier(db, "1480", [Kategori("Lovskola", False)], "gbg")
        assert la.kategorier_for(db, "1480") == [Kategori("Lovskola", False)]
        db.commit()
        assert db.scalar(select(func.count()).select_from(Logghandelse)) == 7
    motor.dispose()
