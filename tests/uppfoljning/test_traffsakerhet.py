"""Modellens träffsäkerhet (SKL 2014 steg 7): den planterade underkompenserade enheten hittas,
förklaringsgraden mot en oberoende beräkning, omfördelningen på ett handräknat exempel.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy.stats import rankdata

from skolpeng.uppfoljning.belopp import per_enhet
from skolpeng.uppfoljning.traffsakerhet import UNDER, omfordelning, traffsakerhet
from tests.uppfoljning.uppfoljning_hjalp import med_ar_slut, syntetisk


def _kor(underkompenserad: bool, bakgrund: bool = False):
    d = syntetisk(gap=3.0, underkompenserad=underkompenserad)
    return d, traffsakerhet(
        med_ar_slut(d.resultat),
        d.index,
        per_enhet(d.belopp),
        ["meritvarde", "andel_behoriga"],
        15,
        0.25,
        med_ar_slut(d.bakgrund) if bakgrund else None,
        ["andel_eftergymnasial", "andel_nyanlanda"] if bakgrund else (),
    )


def test_planterad_underkompenserad_enhet_hittas_varje_ar() -> None:
    d, t = _kor(underkompenserad=True)
    kod = d.sanning.underkompenserad
    k = t.kompensation.filter(pl.col("utfall") == "meritvarde")
    for ar, del_ in k.group_by("ar"):
        flaggad = del_.filter(pl.col("bedomning") == UNDER).sort("styrka", descending=True)
        assert flaggad["skolenhetskod"][0] == kod, ar  # hittad och starkast flaggad
        rad = del_.filter(pl.col("skolenhetskod") == kod).row(0, named=True)
        assert rad["resultatavvikelse"] < 0 and rad["finansieringsavvikelse"] < 0


def test_utan_plantering_sticker_ingen_enhet_ut() -> None:
    """Negativ kontroll: samma data utan plantering. Då flaggas samma enhet inte varje år
    och ingen flaggning är i närheten av den planterade enhetens styrka."""
    _, med = _kor(underkompenserad=True)
    d, utan = _kor(underkompenserad=False)
    planterad = syntetisk(gap=3.0, underkompenserad=True).sanning.underkompenserad

    def under(t):
        return t.kompensation.filter(
            (pl.col("utfall") == "meritvarde") & (pl.col("bedomning") == UNDER)
        )

    assert under(utan).filter(pl.col("skolenhetskod") == planterad).height < 6
    planterad_styrka = under(med).filter(pl.col("skolenhetskod") == planterad)["styrka"].min()
    assert planterad_styrka > 2 * under(utan)["styrka"].max()


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Oberoende Spearman: Pearson-korrelationen mellan medelrangerna (lika värden, t.ex.
    andelar k/n, får samma medelrang)."""
    rx, ry = rankdata(x), rankdata(y)
    return float(np.corrcoef(rx, ry)[0, 1])


def test_forklaringsgrad_mot_oberoende_berakning() -> None:
    d, t = _kor(underkompenserad=True)
    r = (
        med_ar_slut(d.resultat)
        .join(d.index, on=["skolenhetskod", "ar"])
        .filter(pl.col("antal_elever") >= 15)
    )
    for rad in t.forklaringsgrad.iter_rows(named=True):
        del_ = r.filter(pl.col("ar") == rad["ar"])
        x, y = del_["index"].to_numpy(), del_[rad["utfall"]].to_numpy()
        w = del_["antal_elever"].to_numpy()
        # Viktad R² för en linje = kvadraten på den viktade korrelationen.
        xm, ym = np.average(x, weights=w), np.average(y, weights=w)
        cov = np.average((x - xm) * (y - ym), weights=w)
        r2 = cov**2 / (np.average((x - xm) ** 2, weights=w) * np.average((y - ym) ** 2, weights=w))
        assert rad["r2"] == pytest.approx(r2, rel=1e-9)
        assert rad["rangkorrelation"] == pytest.approx(_spearman(x, y), rel=1e-9)
        assert rad["antal_enheter"] == del_.height


def test_grupper_kvot_ar_andel_i_flaggade_genom_andel_i_alla() -> None:
    d, t = _kor(underkompenserad=True, bakgrund=True)
    assert t.grupper is not None
    g = t.grupper.filter(
        (pl.col("utfall") == "meritvarde") & (pl.col("ar") == 2024) & (pl.col("bedomning") == UNDER)
    )
    k = t.kompensation.filter((pl.col("utfall") == "meritvarde") & (pl.col("ar") == 2024))
    b = med_ar_slut(d.bakgrund).filter(pl.col("ar") == 2024)
    k = k.join(b, on=["skolenhetskod", "ar"], suffix="_b")
    for rad in g.iter_rows(named=True):
        f = rad["faktor"]
        alla = np.average(k[f].to_numpy(), weights=k["antal_elever"].to_numpy())
        fl = k.filter(pl.col("bedomning") == UNDER)
        flaggade = np.average(fl[f].to_numpy(), weights=fl["antal_elever"].to_numpy())
        assert rad["andel_alla"] == pytest.approx(alla)
        assert rad["andel_flaggade"] == pytest.approx(flaggade)
        assert rad["kvot"] == pytest.approx(flaggade / alla)


def test_omfordelning_handraknad() -> None:
    """Två enheter, 100 och 300 elever. Grund 50 000 kr per elev till båda; socioekonomiskt
    tillägg 20 000 kr per elev till A och 0 till B. Budget = 100·70 000 + 300·50 000 =
    22 mnkr; potten 2 mnkr (andel 2/22); lika per elev hade gett A 2·100/400 = 0,5 mnkr, så
    1,5 mnkr flyttas (andel 1,5/22)."""
    belopp = pl.DataFrame(
        {
            "skolenhetskod": ["A", "A", "B", "B"],
            "ar": [2024] * 4,
            "pott": ["grund", "socio", "grund", "socio"],
            "kr_per_elev": [50_000.0, 20_000.0, 50_000.0, 0.0],
            "elever": [100.0, 100.0, 300.0, 300.0],
            "riktad": [0, 1, 0, 1],
            "socioekonomisk": [0, 1, 0, 1],
        }
    )
    o = omfordelning(per_enhet(belopp)).row(0, named=True)
    assert o["budget_kr"] == pytest.approx(22_000_000)
    assert o["socioekonomisk_andel"] == pytest.approx(2 / 22)
    assert o["omfordelat_kr"] == pytest.approx(1_500_000)
    assert o["omfordelad_andel"] == pytest.approx(1.5 / 22)
    assert (o["min"], o["max"], o["median"]) == (50_000, 70_000, 60_000)
    assert o["cv"] == pytest.approx(np.std([50_000, 70_000], ddof=1) / 60_000)


def test_omfordelning_syntetisk_budget_lika_med_indata() -> None:
    d = syntetisk()
    o = omfordelning(per_enhet(d.belopp))
    summa = d.belopp.group_by("ar").agg((pl.col("kr_per_elev") * pl.col("elever")).sum().alias("s"))
    jamfor = o.join(summa, on="ar")
    np.testing.assert_allclose(jamfor["budget_kr"].to_numpy(), jamfor["s"].to_numpy(), rtol=1e-12)
    assert ((o["omfordelad_andel"] > 0) & (o["omfordelad_andel"] < o["socioekonomisk_andel"])).all()
