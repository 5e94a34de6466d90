"""Bidragen med den riktiga motorn (``forbered_underlag`` + ``fordela``): det minimala
datasetet med en liten modell, och den medföljande Göteborgstypen på datasetet sverige.

Invarianter (docs/regler/fordelning-och-bidrag.md#bidrag, steg 1–4): enhetens kostnadsslag × elever summerar till
enhetens belopp i fördelningen ur potterna på samma grunder (utom lokalkostnader); potter med
``samma_grunder = false`` och enhetens egen lokalpott ingår inte; lokalkostnaden är de
kommunala enheternas lokalpott per elev; administration, avdrag och moms följer satserna."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning import Fordelningsmodell, forbered_underlag, fordela, las_modell
from skolpeng.fordelning.lika_villkor.per_enhet import (
    DELAR,
    KOSTNADSSLAG_ENHET,
    berakna_bidrag_per_enhet,
)
from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.beslut_om_bidrag.beslut import bidragsbeslut_html
from skolpeng.rapporter.beslut_om_bidrag.excel import skriv_bidragsbeslut_excel
from tests.data.hjalp import skriv_minimalt_underlag

ROT = Path(__file__).resolve().parents[3]
TECKEN = np.array([-1 if d == "avdrag_utbudsansvar" else 1 for d in DELAR])


def _liten_modell(ar: int) -> Fordelningsmodell:
    return Fordelningsmodell.model_validate(
        {
            "namn": "Liten modell",
            "kommunkod": "0114",
            "ar": ar,
            "ram_kr": 60_000_000,
            "index": {"typ": "given", "ar": 2026, "standard_saknas": "medel_alla"},
            "potter": [
                {"namn": "grund", "belopp": {"per_elev_kr": 70_000}, "nyckel": {"typ": "elever"}},
                {"namn": "socio", "belopp": {"summa_kr": 5_000_000}, "nyckel": {"typ": "index"}},
                {
                    "namn": "maltider",
                    "kostnadsslag": "maltider",
                    "belopp": {"per_elev_kr": 6_000},
                    "nyckel": {"typ": "elever"},
                },
                {
                    "namn": "lokaler",
                    "kostnadsslag": "lokalkostnader",
                    "belopp": {"summa_kr": 3_000_000},
                    "omfattning": {"huvudmannatyp": "kommunal"},
                    "nyckel": {"typ": "elever"},
                },
                {
                    "namn": "lokaler_alla",
                    "kostnadsslag": "lokalkostnader",
                    "belopp": {"per_elev_kr": 1_000},
                    "nyckel": {"typ": "elever"},
                },
                {
                    "namn": "statsbidrag",
                    "belopp": {"summa_kr": 1_000_000},
                    "nyckel": {"typ": "elever"},
                    "samma_grunder": False,
                },
            ],
        }
    )


@pytest.mark.parametrize(("ar", "sats"), [(2027, 0.0), (2028, 0.03)])
def test_liten_modell_med_motorn(tmp_path: Path, ar: int, sats: float) -> None:
    underlag = las_underlag(skriv_minimalt_underlag(tmp_path / "data"))
    modell = _liten_modell(ar)
    f = fordela(modell, forbered_underlag(modell, underlag))
    b = berakna_bidrag_per_enhet(f, load_parameters(dt.date(ar, 1, 1)))
    enskilda = f.underlag.enheter.filter(pl.col("huvudmannatyp") == "enskild")
    assert sorted(b["skolenhetskod"].unique()) == sorted(enskilda["skolenhetskod"])
    # steg 1: kostnadsslagen ur potterna på samma grunder, utan lokalpotterna och statsbidraget
    egna = (
        f.rader.filter(pl.col("pott").is_in(["grund", "socio", "maltider"]))
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    bidragets = b.group_by("skolenhetskod").agg(
        (pl.sum_horizontal(KOSTNADSSLAG_ENHET) * pl.col("elever")).sum().alias("belopp_kr")
    )
    jfr = egna.join(bidragets, on="skolenhetskod", suffix="_bidrag")
    assert jfr.height == enskilda.height
    np.testing.assert_allclose(jfr["belopp_kr"], jfr["belopp_kr_bidrag"], rtol=1e-12)
    assert b["maltider"].to_list() == pytest.approx([6_000.0] * b.height)
    # lokalkostnaden: de kommunala enheternas lokalpotter (3 mnkr + 1 000 kr per elev) per elev
    kommunala = f.underlag.enheter.filter(pl.col("huvudmannatyp") == "kommunal")["skolenhetskod"]
    n_kommunal = f.underlag.elever.filter(pl.col("skolenhetskod").is_in(kommunala.implode()))[
        "antal"
    ].sum()
    assert b["lokalkostnad"].to_list() == pytest.approx([3_000_000 / n_kommunal + 1_000] * b.height)
    # steg 2–4
    g0 = b.select(*DELAR[:5]).sum_horizontal().to_numpy()
    np.testing.assert_allclose(b["administration"], 0.03 * g0, rtol=1e-12)
    np.testing.assert_allclose(b["avdrag_utbudsansvar"], sats * 1.03 * g0, rtol=1e-12)
    np.testing.assert_allclose(b["bidrag"], 1.06 * (1 - sats) * 1.03 * g0, rtol=1e-12)
    np.testing.assert_allclose((b.select(*DELAR).to_numpy() * TECKEN).sum(axis=1), b["bidrag"])


def test_goteborgstypen_pa_datasetet_sverige(tmp_path: Path) -> None:
    """Den medföljande Göteborgstypen (modeller/goteborg_typ.yaml): lokalkostnaden 31 700 kr
    per elev ur modellen; alla potter är undervisning på samma grunder, så enhetens
    undervisning × elever = enhetens belopp i fördelningen; 2026: inget avdrag, bidraget =
    1,06 × 1,03 × G0. Beslut och Excel skrivs för alla huvudmän."""
    modell = las_modell(ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml")
    underlag = las_underlag(hitta_underlag("sverige"))
    f = fordela(modell, forbered_underlag(modell, underlag, ROT / "src" / "skolpeng" / "modeller"))
    b = berakna_bidrag_per_enhet(f, load_parameters(dt.date(modell.ar, 1, 1)))
    enskilda = f.enheter.filter(pl.col("huvudmannatyp") == "enskild")
    assert b["skolenhetskod"].n_unique() == enskilda.height > 20
    assert b["lokalkostnad"].to_list() == [31_700.0] * b.height
    per_enhet = b.group_by("skolenhetskod").agg(
        (pl.col("undervisning") * pl.col("elever")).sum(), pl.col("elever").sum()
    )
    jfr = per_enhet.join(
        enskilda.select("skolenhetskod", "belopp_kr", pl.col("elever").alias("n")),
        on="skolenhetskod",
    )
    np.testing.assert_allclose(jfr["undervisning"], jfr["belopp_kr"], rtol=1e-10)
    np.testing.assert_allclose(jfr["elever"], jfr["n"])
    g0 = b.select(*DELAR[:5]).sum_horizontal().to_numpy()
    np.testing.assert_allclose(b["bidrag"], 1.06 * 1.03 * g0, rtol=1e-12)
    assert (b["avdrag_utbudsansvar"] == 0).all()
    huvudman = b["huvudman_id"][0]
    html = bidragsbeslut_html(b, f, huvudman, load_parameters(dt.date(modell.ar, 1, 1)))
    assert "kalenderåret 2026" in html and "31\u00a0700\u00a0kr" in html
    xlsx = skriv_bidragsbeslut_excel(
        b, f, tmp_path / "bidragsbeslut.xlsx", load_parameters(dt.date(modell.ar, 1, 1))
    )
    assert xlsx.stat().st_size > 10_000
