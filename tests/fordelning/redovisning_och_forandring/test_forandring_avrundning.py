"""``forandring.csv`` i hela kronor har samma tal som redovisningen: årets belopp är enhetens
publicerade belopp (Σ avrundade pottrader) och delarna avrundas med samma regel som
vattenfallet och Excelboken (``rapporter.redovisning.vattenfall.avrunda_steg``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
import yaml

from skolpeng.fordelning.korning import berakna_korning
from skolpeng.fordelning.redovisning_och_forandring.forandring import DELAR, FORANDRING_KOLUMNER
from skolpeng.fordelning.redovisning_och_forandring.forandring_avrundning import avrunda_forandring
from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
from skolpeng.fordelning.stabilitetsregler.forra_aret import skriv_forra_aret_underlag
from skolpeng.rapporter.fordelning.utdata import fordelningstabell
from skolpeng.rapporter.redovisning.html import publicerat_belopp
from skolpeng.rapporter.redovisning.vattenfall import per_elev, vattenfall
from tests.cli.test_fordela_cli import MODELL_2026, _modell_2027
from tests.data.hjalp import skriv_minimalt_underlag


def _ram(**v: float) -> pl.DataFrame:
    rad = {k: None for k in FORANDRING_KOLUMNER} | {
        "skolenhetskod": "10000001",
        "namn": "A",
        "huvudmannatyp": "kommunal",
        "enhetens_status": "kvar",
        "elever_forra": 10.0,
        "elever": 10.0,
    }
    rad |= {f"varav_{d}_kr": 0.0 for d in DELAR} | {f"varav_{d}_kr_per_elev": 0.0 for d in DELAR}
    return pl.DataFrame([rad | v])


def test_arets_belopp_ar_det_publicerade():
    """Exakt 200,6 kr men publicerat 200 kr (största rest över potterna): raden slutar på 200
    och delarna (50,3 + 50,1 av 100,4) summerar till 100; utan fördelning 201."""
    f = _ram(
        belopp_forra_kr=100.2,
        belopp_kr=200.6,
        andring_kr=100.4,
        varav_elever_kr=50.3,
        varav_index_kr=50.1,
        kr_per_elev_forra=10.02,
        kr_per_elev=20.06,
        andring_kr_per_elev=10.04,
        varav_elever_kr_per_elev=5.03,
        varav_index_kr_per_elev=5.01,
    )
    rader = pl.DataFrame(
        {
            "skolenhetskod": ["10000001", "10000001"],
            "belopp_kr": [100.3, 100.3],
            "belopp_kr_avrundat": [100, 100],
        }
    )
    ut = avrunda_forandring(f, SimpleNamespace(rader=rader)).row(0, named=True)
    assert (ut["belopp_forra_kr"], ut["belopp_kr"], ut["andring_kr"]) == (100, 200, 100)
    assert [ut[f"varav_{d}_kr"] for d in DELAR] == [50, 50, 0, 0]
    assert avrunda_forandring(f).row(0, named=True)["belopp_kr"] == 201


def test_resten_pa_den_storsta_delen():
    """Delarna 0,4 + 0,4 + 0,4 (summa 1,2 -> 1) men förändringen 3 kr (beloppen avrundade
    var för sig): de 2 kronorna som återstår läggs på den till beloppet största delen."""
    f = _ram(
        belopp_forra_kr=0.4,
        belopp_kr=2.6,
        varav_elever_kr=0.4,
        varav_index_kr=0.5,
        varav_parametrar_kr=0.4,
        kr_per_elev_forra=0.0,
        kr_per_elev=0.0,
    )
    ut = avrunda_forandring(f).row(0, named=True)
    assert ut["andring_kr"] == 3
    assert [ut[f"varav_{d}_kr"] for d in DELAR] == [0, 3, 0, 0]


@pytest.fixture(scope="module")
def korning(tmp_path_factory):
    k: Path = tmp_path_factory.mktemp("avrundning")
    skriv_minimalt_underlag(k / "data")
    for namn, m in (("m2026.yaml", MODELL_2026), ("m2027.yaml", _modell_2027())):
        (k / namn).write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    forra = berakna_korning(k / "m2026.yaml", str(k / "data"), 2026)
    (k / "forra").mkdir()
    skriv_forra_aret_underlag(forra.fordelning, k / "forra")
    fordelningstabell(forra).write_csv(k / "forra" / "fordelning.csv")
    return berakna_korning(k / "m2027.yaml", str(k / "data"), 2027, k / "forra")


def test_samma_tal_som_redovisningen_och_fordelningen(korning):
    """Varje enhet: årets belopp = Σ avrundade rader i fordelning.csv, och förra året, delarna
    och per elev är desamma som i redovisningens vattenfall (HTML, PDF och Excel)."""
    assert korning.forandring is not None
    ut = avrunda_forandring(korning.forandring.enheter, korning.fordelning)
    rader = {r["skolenhetskod"]: r for r in ut.iter_rows(named=True)}
    summa = dict(
        korning.fordelning.rader.group_by("skolenhetskod")
        .agg(pl.col("belopp_kr_avrundat").sum())
        .iter_rows()
    )
    reds = redovisning(korning.fordelning, korning.forandring.enheter)
    assert reds and len(rader) == len(reds)
    for red in reds:
        r = rader[red.skolenhetskod]
        assert r["belopp_kr"] == summa[red.skolenhetskod] == red.belopp_kr_avrundat
        v = vattenfall(red.forandring, publicerat_belopp(red))
        assert (r["belopp_forra_kr"], r["belopp_kr"]) == (v.forra, v.iar)
        assert all(r[k] == d for k, d in v.delar)
        pe = per_elev(red.forandring)
        if pe is not None:
            assert (r["kr_per_elev_forra"], r["kr_per_elev"]) == (pe.forra, pe.iar)
            assert all(r[f"{k}_per_elev"] == d for k, d in pe.delar)
