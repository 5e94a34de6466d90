"""Huddinge som KPMG (2020) granskade den (avsnitt 3.4.1 och 3.8.1), räknad med
``modeller/huddinge_2019.yaml`` på Huddinges skolenheter i ``sverige`` 2025/26.

Källans tal (``tests/exempel/fordelning/huddinge_kpmg_2020.yaml``) som prövas: vikterna
70,7 / 25,1 / 4,2 %, vilka huvudmän varje pott når, fördelningsnycklarna för statsbidragen
(71,4 % = 40 % socioekonomiskt + 60 % per elev, 28,6 % = 50 % fokusskolor + 50 % per elev
F–3; Lågstadiesatsning 50 / 50). Genomsnitten per elev 2019 är modellens indata, inte
resultat, och prövas inte som återgivna. Skolornas belopp 2019 går inte
att räkna om (elevunderlaget 2019 är inte offentligt); med 2025/26 års elever prövas i stället
källans ordning mellan skolorna i tabellen i 3.8.1.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from skolpeng.fordelning.lika_villkor.per_enhet import berakna_bidrag_per_enhet
from skolpeng.parametrar import load_parameters
from tests.fordelning.exempelmodeller_hjalp import (
    exempel,
    huddinges_malgrupper,
    kor,
    modell,
    sverige,
    sverige_med_huddinges_malgrupper,
)

KPMG = exempel("huddinge_kpmg_2020.yaml")
SOCIO = "socioekonomisk_tillaggsersattning"
FOKUS = {"79012683", "66383692", "14440920", "75387026", "64949601", "39229061"}
RIKTADE = (SOCIO, "tillaggsersattning_nyanlanda", "likvardig_skola", "lagstadiesatsning")


@pytest.fixture(scope="module")
def huddinge():
    return kor(modell("huddinge_2019.yaml"), sverige_med_huddinges_malgrupper())


def _delpotter(f, pott: str) -> dict[str, float]:
    r = f.rader.filter(pl.col("pott") == pott).group_by("delpott").agg(pl.col("belopp_kr").sum())
    return dict(r.iter_rows())


def _pottbelopp(f, pott: str) -> float:
    return float(f.potter.filter(pl.col("pott") == pott)["belopp_kr"][0])


def _per_elev(f, potter: tuple[str, ...]) -> dict[str, float]:
    r = (
        f.rader.filter(pl.col("pott").is_in(potter))
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    e = f.enheter.select("namn", "skolenhetskod", "elever").join(r, on="skolenhetskod", how="left")
    return {n: (b or 0.0) / el for n, _, el, b in e.iter_rows()}


def test_socioekonomiska_tillagget_70_7_25_1_4_2(huddinge):
    """3.4.1.1: 70,7 % efter föräldrarnas utbildning, 25,1 % efter invandrade < 4 år, 4,2 %
    efter kön; varje delpott fördelad per elev i sin målgrupp (docs/regler/fordelning-och-bidrag.md#beslut-huddinge-delpotter)."""
    pott = _pottbelopp(huddinge, SOCIO)
    delar = _delpotter(huddinge, SOCIO)
    for namn, andel in KPMG["socioekonomisk_tillaggsersattning"]["andelar"].items():
        assert delar[namn] == pytest.approx(andel * pott, rel=1e-12)
    mg = huddinges_malgrupper()
    for namn in delar:
        antal = dict(
            mg.filter(pl.col("malgrupp") == namn).select("skolenhetskod", "antal").iter_rows()
        )
        rader = huddinge.rader.filter((pl.col("pott") == SOCIO) & (pl.col("delpott") == namn))
        per_enhet = rader.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum())
        per_malgruppselev = [b / antal[k] for k, b in per_enhet.iter_rows()]
        assert max(per_malgruppselev) == pytest.approx(min(per_malgruppselev), rel=1e-9), namn


def test_socioekonomiska_och_nyanlanda_nar_alla_huvudman(huddinge):
    """Tilläggen utgår till alla skolor oavsett huvudman och ingår i bidragets grund."""
    for pott in (SOCIO, "tillaggsersattning_nyanlanda"):
        p = next(p for p in huddinge.modell.potter if p.namn == pott)
        assert (
            p.omfattning.huvudmannatyp == KPMG["socioekonomisk_tillaggsersattning"]["huvudmannatyp"]
        )
        assert p.samma_grunder
        koder = set(huddinge.rader.filter(pl.col("pott") == pott)["skolenhetskod"])
        assert koder == set(huddinge.enheter["skolenhetskod"])
    nyanlanda = next(p for p in huddinge.modell.potter if p.namn == "tillaggsersattning_nyanlanda")
    assert nyanlanda.nyckel.malgrupp == KPMG["tillaggsersattning_nyanlanda"]["malgrupp"]


def test_likvardig_skola_71_4_och_28_6_procent(huddinge):
    """3.4.1.2: 71,4 % fördelas 40 % socioekonomiskt och 60 % per elev; 28,6 % fördelas 50 %
    till fokusskolor och 50 % per elev i F–3. Den socioekonomiska delen följer kommunens egen
    nyckel (70,7 / 25,1 / 4,2 %)."""
    pott = _pottbelopp(huddinge, "likvardig_skola")
    delar = _delpotter(huddinge, "likvardig_skola")
    k = KPMG["likvardig_skola"]["delar"]
    assert k["socioekonomiskt"] == pytest.approx(0.714 * 0.40)
    assert k["per_elev"] == pytest.approx(0.714 * 0.60)
    assert k["fokusskolor"] == k["per_elev_f_3"] == pytest.approx(0.286 * 0.5)
    socio = sum(v for n, v in delar.items() if n.startswith("socioekonomiskt_"))
    assert socio == pytest.approx(k["socioekonomiskt"] * pott, rel=1e-12)
    for namn, andel in KPMG["socioekonomisk_tillaggsersattning"]["andelar"].items():
        assert delar[f"socioekonomiskt_{namn}"] == pytest.approx(andel * socio, rel=1e-9)
    for namn in ("per_elev", "fokusskolor", "per_elev_f_3"):
        assert delar[namn] == pytest.approx(k[namn] * pott, rel=1e-12)
    assert (delar["per_elev"] + socio) / pott == pytest.approx(0.714)


def test_lagstadiesatsning_50_50(huddinge):
    pott = _pottbelopp(huddinge, "lagstadiesatsning")
    delar = _delpotter(huddinge, "lagstadiesatsning")
    for namn, andel in KPMG["lagstadiesatsning"]["delar"].items():
        assert delar[namn] == pytest.approx(andel * pott, rel=1e-12)


def test_statsbidragen_nar_bara_kommunens_skolor_och_ingar_inte_i_bidraget(huddinge):
    kommunala = set(huddinge.enheter.filter(pl.col("huvudmannatyp") == "kommunal")["skolenhetskod"])
    for pott in ("likvardig_skola", "lagstadiesatsning"):
        rader = huddinge.rader.filter(pl.col("pott") == pott)
        assert set(rader["skolenhetskod"]) <= kommunala
        assert not rader["samma_grunder"].any()
        fokus = rader.filter(pl.col("delpott") == "fokusskolor")
        assert set(fokus["skolenhetskod"]) == FOKUS
        f_3 = rader.filter(pl.col("delpott") == "per_elev_f_3")
        assert set(f_3["stadium"]) == {"F", "1-3"}
    # bidraget per elev till en enskild enhet = dess belopp ur potterna på samma grunder
    # (utom lokaler) + kommunens lokalkostnad 18 700 kr, + 3 % administration, + 6 % moms
    bidrag = berakna_bidrag_per_enhet(huddinge, load_parameters(dt.date(2020, 1, 1)))
    egna = huddinge.rader.filter(
        pl.col("samma_grunder") & (pl.col("kostnadsslag") != "lokalkostnader")
    )
    per_stadium = egna.group_by("skolenhetskod", "stadium").agg(
        pl.col("belopp_kr").sum(), pl.col("elever").first()
    )
    g = {
        (r["skolenhetskod"], r["stadium"]): r["belopp_kr"] / r["elever"]
        for r in per_stadium.iter_rows(named=True)
    }
    assert bidrag.height > 0
    for r in bidrag.iter_rows(named=True):
        g0 = g[(r["skolenhetskod"], r["stadium"])] + 18_700
        assert r["lokalkostnad"] == pytest.approx(18_700)
        assert r["bidrag"] == pytest.approx(g0 * 1.03 * 1.06, rel=1e-12)


def test_kpmgs_genomsnitt_ar_indata_och_nar_ratt_elever(huddinge):
    """KPMG:s genomsnitt 2019 per elev (3.8.1: 3 996, 1 488, 1 757, 1 845 kr) är modellens
    *indata* (potternas belopp per elev), inte något som modellen återger – revisionen ger
    varken 2019 års elevantal eller potternas summor. Det som prövas är motorn: en pott med
    belopp per elev blir beloppet × eleverna som potten når – alla elever för tilläggen som
    når alla huvudmän, bara de kommunala eleverna för statsbidragen. Eleverna räknas här ur
    underlaget, inte ur fördelningens egna summor."""
    g = KPMG["genomsnitt_per_elev_2019"]
    satt = {p.namn: p.belopp.per_elev_kr for p in huddinge.modell.potter}
    assert satt[SOCIO] == g["socioekonomiskt"]  # proveniens: talet är KPMG:s, satt som indata
    assert satt["likvardig_skola"] == g["likvardig_skola"]
    el = huddinge.underlag.elever.group_by("skolenhetskod").agg(pl.col("antal").sum())
    typ = huddinge.underlag.enheter.select("skolenhetskod", "huvudmannatyp")
    el = el.join(typ, on="skolenhetskod")
    alla = float(el["antal"].sum())
    kommunala = float(el.filter(pl.col("huvudmannatyp") == "kommunal")["antal"].sum())
    assert 0 < kommunala < alla
    for pott, elever in (
        (SOCIO, alla),
        ("tillaggsersattning_nyanlanda", alla),
        ("likvardig_skola", kommunala),
        ("lagstadiesatsning", kommunala),
    ):
        assert _pottbelopp(huddinge, pott) == pytest.approx(satt[pott] * elever, rel=1e-12), pott


def test_kallans_ordning_mellan_skolorna(huddinge):
    """KPMG 3.8.1: socioekonomiskt per elev Annerstaskolan > Visättraskolan > Trångsundsskolan;
    Annersta och Visättra får mer riktade medel per elev än kommunens genomsnitt och
    Snättringeskolan (minst 2019) mindre. Med 2025/26 års elever och målgrupper."""
    socio = _per_elev(huddinge, (SOCIO,))
    skolor = list(KPMG["skolor_2019"])
    assert [socio[s] for s in skolor] == sorted((socio[s] for s in skolor), reverse=True)
    riktade = _per_elev(huddinge, RIKTADE)
    kommunala = huddinge.enheter.filter(pl.col("huvudmannatyp") == "kommunal")["namn"]
    medel = sum(riktade[n] for n in kommunala) / len(kommunala)
    assert riktade["Annerstaskolan"] > medel and riktade["Visättraskolan"] > medel
    assert riktade[KPMG["minst_riktade_per_elev"]] < medel


def test_malgruppstabellen_hor_till_huddinges_enheter():
    """``modeller/data/huddinge_malgrupper.csv``: tre målgrupper för varje enhet i Huddinge,
    inget antal över enhetens elever i årskurs 1–9 läsåret 2025/26."""
    mg = huddinges_malgrupper()
    u = sverige()
    enheter = u.skolenheter.filter(pl.col("kommunkod") == "0126")
    assert set(mg["skolenhetskod"]) == set(enheter["skolenhetskod"])
    assert set(mg["malgrupp"]) == {"lag_utbildning", "invandrade_4ar", "pojkar"}
    assert mg.group_by("skolenhetskod").len()["len"].to_list() == [3] * enheter.height
    e19 = u.elever.filter(
        (pl.col("verksamhet") == "fk_gr") & (pl.col("lasar") == "2025/26") & (pl.col("arskurs") != "F")
    ).group_by("skolenhetskod").agg(pl.col("antal").sum())  # fmt: skip
    n = dict(e19.iter_rows())
    for kod, _, _, antal in mg.iter_rows():
        assert 0 <= antal <= n[kod]
