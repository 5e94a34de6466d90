"""Beslutens beständighet under SQLite och PostgreSQL (docs/webb.md).

- En server som dödas (SIGKILL) mitt i frysningen, efter att alla rader skickats till databasen
  men före commit, lämnar inget av beslutet; utan avbrott blir det exakt ett helt beslut vars
  filer ger innehållshashen. Processen är en riktig underprocess med testkroken
  ``SKOLPENG_TEST_PAUS_FORE_COMMIT`` (``web.beslut_frysning``).
- Ett beslut skrivet under SQLite och kopierat till PostgreSQL med samma lagringsfunktion
  (``spara_beslut``) läses tillbaka byte för byte likadant, med samma hash.
- Samma modell fryst under båda databaserna med samma tidpunkt ger byte för byte samma filer och
  samma innehållshash (Excelböckernas skapelsetid och besluten om bidrags beslutsdatum är
  beslutets tidpunkt; normjämförelsen summerar i fast ordning).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from skolpeng.lagring.beslut import spara_beslut
from skolpeng.lagring.databas import sessionsfabrik, skapa_motor
from skolpeng.lagring.dataset import innehallshash
from skolpeng.lagring.tabeller import Beslut, Beslutsfil, Dataset, Logghandelse
from skolpeng.web.beslut_frysning import PAUS_FORE_COMMIT, frys_beslut
from tests.webb.hjalp import skapa_testapp

MODELLFIL = Path(__file__).parents[2] / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
TID = dt.datetime(2026, 1, 15, 10, 0, 0)

#: Underprocessen: fryser Göteborgsmodellen på datasetet sverige i databasen argv[1].
FRYS = """
import sys, types
from pathlib import Path
from skolpeng.lagring.databas import sessionsfabrik, skapa_motor
from skolpeng.web.beslut_frysning import frys_beslut
from skolpeng.lagring.tabeller import Dataset
from skolpeng.web.cache import Berakningsminne
tillstand = types.SimpleNamespace(minne=Berakningsminne())
with sessionsfabrik(skapa_motor(sys.argv[1]))() as db:
    ds = db.query(Dataset).filter(Dataset.namn == "sverige").one()
    b = frys_beslut(db, tillstand, Path(sys.argv[2]).read_text(encoding="utf-8"), ds,
                    "Budget 2026", "gbg")
    print("KLAR", b.id, flush=True)
"""


def _url(request: pytest.FixtureRequest, databas: str, tmp_path: Path) -> str:
    if databas == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'persistens.db'}"


def _starta(url: str, paus: str | None) -> subprocess.Popen[str]:
    miljo = {k: v for k, v in os.environ.items() if k != PAUS_FORE_COMMIT}
    if paus is not None:
        miljo[PAUS_FORE_COMMIT] = paus
    return subprocess.Popen([sys.executable, "-c", FRYS, url, str(MODELLFIL)], env=miljo,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def _vanta_pa_rad(proc: subprocess.Popen[str], borjan: str, tak_s: float = 180) -> str:
    """Läser underprocessens rader tills en börjar med ``borjan`` (taket bara mot hängning)."""
    fangat: list[str] = []
    klar = threading.Event()

    def las() -> None:
        assert proc.stdout is not None
        for rad in proc.stdout:
            fangat.append(rad)
            if rad.startswith(borjan):
                klar.set()
                return
        klar.set()

    threading.Thread(target=las, daemon=True).start()
    klar.wait(tak_s)
    traffar = [r for r in fangat if r.startswith(borjan)]
    if not traffar:
        proc.kill()
        _ut, fel = proc.communicate()
        pytest.fail(f"underprocessen skrev aldrig {borjan}: {''.join(fangat)} {fel}")
    return traffar[0]


def _rakna(fabrik) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with fabrik() as db:
        return (
            db.scalar(select(func.count()).select_from(Beslut)) or 0,
            db.scalar(select(func.count()).select_from(Beslutsfil)) or 0,
            db.scalar(select(func.count()).where(Logghandelse.handling == "fastställde beslut"))
            or 0,
        )


@pytest.mark.slow
@pytest.mark.parametrize("databas", ["sqlite", "postgresql"])
def test_dodad_mitt_i_frysningen_lamnar_inget(
    request: pytest.FixtureRequest, databas: str, tmp_path: Path
) -> None:
    url = _url(request, databas, tmp_path)
    app = skapa_testapp(url)
    fabrik = app.state.sessionsfabrik
    proc = _starta(url, "120")
    _vanta_pa_rad(proc, "FLUSHAD")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _rakna(fabrik) == (0, 0, 0)
    # utan avbrott: exakt ett helt beslut vars filer ger innehållshashen
    proc = _starta(url, None)
    rad = _vanta_pa_rad(proc, "KLAR")
    assert proc.wait() == 0
    beslut, filer, logg = _rakna(fabrik)
    assert (beslut, logg) == (1, 1) and filer > 100
    with fabrik() as db:
        b = db.scalars(select(Beslut)).one()
        assert rad.split()[1] == str(b.id)
        innehall = {f.filnamn: f.innehall for f in b.filer}
        assert len(innehall) == filer and innehallshash(innehall) == b.innehall_sha256
        assert {"fordelning.csv", "bidrag.csv", "manifest.json", "modell.yaml"} <= set(innehall)
    app.state.motor.dispose()


def _las(fabrik, beslut_id: int) -> tuple[dict[str, bytes], str, str, str]:  # type: ignore[no-untyped-def]
    """Beslutets filer, modelltext, manifest och hash lästa i en ny session."""
    with fabrik() as db:
        b = db.get(Beslut, beslut_id)
        assert b is not None
        return ({f.filnamn: f.innehall for f in b.filer}, b.modelltext, b.manifest,
                b.innehall_sha256)  # fmt: skip


def _frys(app) -> int:  # type: ignore[no-untyped-def]
    with app.state.sessionsfabrik() as db:
        ds = db.query(Dataset).filter(Dataset.namn == "sverige").one()
        text = MODELLFIL.read_text(encoding="utf-8")
        return frys_beslut(db, app.state, text, ds, "Budget 2026", "gbg", tid=TID).id


@pytest.fixture(scope="module")
def sqlite_beslut(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Ett beslut fryst under SQLite med tidpunkten ``TID``: (appen, beslutets id)."""
    lite = skapa_testapp(f"sqlite:///{tmp_path_factory.mktemp('lite') / 'lite.db'}")
    return lite, _frys(lite)


def test_beslut_fran_sqlite_laser_tillbaka_bytelikt_i_postgresql(
    postgres_url: str, sqlite_beslut
) -> None:  # type: ignore[no-untyped-def]
    lite, lite_id = sqlite_beslut
    filer, modelltext, manifest, sha = _las(lite.state.sessionsfabrik, lite_id)
    pg = skapa_testapp(postgres_url)
    with lite.state.sessionsfabrik() as db:
        kalla = db.get(Beslut, lite_id)
        assert kalla is not None
        meta = {k: getattr(kalla, k) for k in ("kommunkod", "ar", "verksamhet", "namn",
                                               "lopnummer", "modelltext", "skapad_av")}  # fmt: skip
    with pg.state.sessionsfabrik() as db:
        ds = db.query(Dataset).filter(Dataset.namn == "sverige").one()
        b = spara_beslut(db, dict(filer), dataset_id=ds.id, anvandare=meta.pop("skapad_av"),
                         tid=TID, **meta)  # fmt: skip
        db.commit()
        pg_id = b.id
    pg.state.motor.dispose()
    motor = skapa_motor(postgres_url)
    pg_filer, pg_text, pg_manifest, pg_sha = _las(sessionsfabrik(motor), pg_id)
    motor.dispose()
    assert set(pg_filer) == set(filer)
    for namn in filer:
        assert pg_filer[namn] == filer[namn], namn
    assert (pg_text, pg_manifest, pg_sha) == (modelltext, manifest, sha)
    assert innehallshash(pg_filer) == sha == innehallshash(filer)


def test_samma_frysning_under_sqlite_och_postgresql(postgres_url: str, sqlite_beslut) -> None:  # type: ignore[no-untyped-def]
    lite, lite_id = sqlite_beslut
    pg = skapa_testapp(postgres_url)
    a, a_text, a_man, a_hash = _las(lite.state.sessionsfabrik, lite_id)
    b, b_text, b_man, b_hash = _las(pg.state.sessionsfabrik, _frys(pg))
    pg.state.motor.dispose()
    assert set(a) == set(b) and a_text == b_text
    olika = sorted(n for n in a if a[n] != b[n])
    assert olika == [], olika
    assert len(a) > 100 and {"fordelning.csv", "bidrag.csv", "normjamforelse.csv",
                             "bidragsbeslut.xlsx", "redovisning.xlsx"} <= set(a)  # fmt: skip
    assert a_hash == b_hash and a_man == b_man
    ma = json.loads(a_man)
    assert ma["tidpunkt"] == "2026-01-15T10:00:00+00:00"
    beslut_html = [n for n in a if n.startswith("beslut/") and n.endswith(".html")]
    assert beslut_html and all(b"Beslutsdatum: 2026-01-15" in a[n] for n in beslut_html)
    assert ma["dataset"]["namn"] == "sverige" and len(ma["dataset"]["sha256"]) == 64
    assert ma["indata_sha256"]["modell/modell.yaml"] and ma["parametrar_sha256"]
