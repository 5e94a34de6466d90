"""Webbens små fel (fynd 8): formulärgränserna svarar på svenska, datasetnamn är
unika per kommun (en annan kommuns namn avslöjas inte), och namn sparas utan styrtecken."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from skolpeng.lagring.tabeller import Dataset, Modell
from tests.webb.hjalp import logga_in, skapa_testapp

SVERIGE = Path(__file__).parents[2] / "src" / "skolpeng" / "dataset" / "sverige"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return skapa_testapp(f"sqlite:///{tmp_path_factory.mktemp('fel') / 'f.db'}")


def test_for_manga_filer_svarar_pa_svenska(app) -> None:  # type: ignore[no-untyped-def]
    k = logga_in(app, "gbg")
    filer = [("filer", (f"f{i}.csv", b"a\n")) for i in range(40)]
    svar = k.post_form("/dataset", {"namn": "manga"}, files=filer)
    assert svar.status_code == 400
    assert "För många filer" in svar.text and "Too many" not in svar.text


def test_datasetnamn_ar_unika_per_kommun(app) -> None:  # type: ignore[no-untyped-def]
    filer = [("filer", (p.name, p.read_bytes())) for p in sorted(SVERIGE.glob("*.csv"))]
    malmo, gbg = logga_in(app, "malmo"), logga_in(app, "gbg")
    assert malmo.post_form("/dataset", {"namn": "budget"}, files=filer,
                           follow_redirects=False).status_code == 303  # fmt: skip
    svar = gbg.post_form("/dataset", {"namn": "budget"}, files=filer, follow_redirects=False)
    assert svar.status_code == 303, svar.text
    assert "används redan" not in svar.text
    with app.state.sessionsfabrik() as db:
        rader = db.execute(select(Dataset.kommunkod, Dataset.version)
                           .where(Dataset.namn == "budget").order_by(Dataset.kommunkod)).all()  # fmt: skip
    assert [tuple(r) for r in rader] == [("1280", 1), ("1480", 1)]
    assert gbg.post_form("/dataset", {"namn": "budget"}, files=filer,
                         follow_redirects=False).status_code == 303  # fmt: skip
    with app.state.sessionsfabrik() as db:
        assert db.scalar(select(Dataset.version).where(Dataset.namn == "budget",
                                                      Dataset.kommunkod == "1480")
                         .order_by(Dataset.version.desc()).limit(1)) == 2  # fmt: skip


def test_namn_sparas_utan_styrtecken() -> None:
    m = Modell(namn="Modell\x1b[31m\u202e 2026\x00", kommunkod="1480", text="")  # type: ignore[call-arg]
    assert m.namn == "Modell[31m 2026"


MODELL = Path(__file__).resolve().parents[2] / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"


@pytest.mark.parametrize(
    ("fran", "till"),
    [
        ("ram_kr: 6467827953", "ram_kr: " + "9" * 5000),
        ("ram_kr: 6467827953", "ram_kr: 1.0e308"),
        ("ram_kr: 6467827953", "ram_kr: .inf"),
        ("varden: {F: 1.00,", "varden: {F: .nan,"),
        ("\nar: 2026", "\nar: 99999"),
        ("\nar: 2026", "\nar: -5"),
    ],
)
def test_orimliga_tal_i_api_et_ger_400_pa_svenska(app, fran: str, till: str) -> None:  # type: ignore[no-untyped-def]
    k = logga_in(app, "gbg")
    with app.state.sessionsfabrik() as db:
        dataset_id = db.scalar(select(Dataset.id).where(Dataset.namn == "sverige"))
    text = MODELL.read_text(encoding="utf-8").replace(fran, till)
    svar = k.post("/api/fordelning", json={"modelltext": text, "dataset_id": dataset_id},
                  headers={"X-CSRF-Token": k.csrf})  # fmt: skip
    assert svar.status_code == 400, svar.text[:300]
    assert svar.json()["fel"].startswith("Modellen kan inte räknas")
    # modelltexten heter "Modelltexten" på sidorna och i API:ts svar (inget filnamn)
    assert all(p.startswith("Modelltexten") for p in svar.json()["problem"])
    assert not any("Input should" in p for p in svar.json()["problem"])  # aldrig pydantics engelska
