"""Publiceringens relationer i SOU 2025:72 tabell 9.2: i källans tabell och i normens utdata.

Inom en kommunal huvudman är "varav lokalkostnad" och "varav platsgaranti" lika för alla
enheter (tabell 9.2: 19 238 / 5 694 och 14 331 / 5 694), platsgarantin är lika för alla
kommuner, och gleshetstillägget är en fast andel av grundersättning + socioekonomiskt
tillägg inom kommunen. Huvudmannens rad är ett elevviktat medelvärde av enheternas.
"""

from __future__ import annotations

import copy

import polars as pl
import pytest

from skolpeng.norm import berakna_norm
from tests.norm.hjalp import las_exempel, parametrar, underlag_fran_exempel

T92 = las_exempel("tabell_9_2.yaml")
P13 = T92["prislapp_1_3_fore_upprakning"]
KVOT = T92["gleshet_kvot_Y"]


@pytest.mark.parametrize("huvudman", ["X", "Y"])
def test_kallans_tabell_lokal_och_platsgaranti_lika_inom_huvudman(huvudman: str) -> None:
    hm = T92["huvudman"][huvudman]
    for kolumn in ("lokalkostnad", "platsgaranti"):
        assert {e[kolumn] for e in hm["enheter"]} == {hm["summa"][kolumn]}
    # Huvudmannens socioekonomi är ett (elevviktat) medelvärde: mellan enheternas värden.
    varden = [e["socioekonomi"] for e in hm["enheter"]]
    assert min(varden) < hm["summa"]["socioekonomi"] < max(varden)


def test_kallans_tabell_platsgaranti_lika_for_alla_kommuner() -> None:
    assert {e["platsgaranti"] for hm in T92["huvudman"].values() for e in hm["enheter"]} == {5694}


def test_kallans_tabell_gleshet_ar_fast_andel_av_p_plus_s_i_kostnadsarets_niva() -> None:
    """GL/(P + S) är lika för Y:s enheter (inom avrundningen) med P = 79 014 före uppräkning,
    men inte med P·1,103: tabellens "varav"-kolumner står i kostnadsårets prisnivå (NORM.md,
    Decision (publication))."""
    enheter = T92["huvudman"]["Y"]["enheter"]
    kvoter = [e["gleshet"] / (P13 + e["socioekonomi"]) for e in enheter]
    avrundning = 1.0 / (
        P13 + min(e["socioekonomi"] for e in enheter)
    )  # ±0,5 kr i täljare och nämnare
    assert max(kvoter) - min(kvoter) < avrundning
    assert sum(kvoter) / 3 == pytest.approx(KVOT, abs=1e-5)
    upprakade = [
        e["gleshet"] / (P13 * T92["upprakningsfaktor"] + e["socioekonomi"]) for e in enheter
    ]
    assert max(upprakade) - min(upprakade) > 50 * avrundning  # ~80 gånger avrundningen


def _nation_som_y() -> dict:
    """Den lilla nationen med Glesby (0003) på tabell 9.2:s gleshetsindex för Y."""
    data = copy.deepcopy(las_exempel("liten_nation.yaml"))
    for k in data["kommuner"]:
        if k["kommunkod"] == "0003":
            k["gleshetsindex"] = 100 * (1 + KVOT)
    return data


@pytest.mark.parametrize("variant", ["vagledande", "bindande", "fritidshem"])
def test_utdata_har_tabell_9_2_s_relationer(variant: str) -> None:
    data = _nation_som_y()
    r = berakna_norm(underlag_fran_exempel(data), parametrar(), data["normar"], variant)
    kommunala = r.enheter.filter(pl.col("huvudmannatyp") == "kommunal")
    for kolumn in ("varav_lokalkostnad", "platsgaranti"):
        per_hm = kommunala.group_by("huvudman_id").agg(
            (pl.col(kolumn).max() - pl.col(kolumn).min()).alias("d"), pl.col(kolumn).first()
        )
        assert per_hm.get_column("d").max() == pytest.approx(0.0, abs=1e-8)
        if kolumn == "platsgaranti":
            assert per_hm.get_column(kolumn).n_unique() == 1  # lika för alla kommuner
        else:
            assert per_hm.get_column(kolumn).n_unique() == per_hm.height  # olika kommuner
    glesby = kommunala.filter(pl.col("kommunkod") == "0003")
    assert glesby.height >= 2
    kvot = glesby.get_column("gleshet") / (
        glesby.get_column("grundersattning") + glesby.get_column("socioekonomiskt_tillagg")
    )
    assert (kvot - KVOT).abs().max() < 1e-12
    # Huvudmannaraden: elevviktat medelvärde, mellan enheternas värden (som i tabell 9.2).
    hm = r.huvudman.filter((pl.col("huvudman_id") == "0003") & (pl.col("stadium") == "1-3"))
    enh = glesby.filter(pl.col("stadium") == "1-3")
    for kolumn in ("socioekonomiskt_tillagg", "gleshet", "norm"):
        assert enh[kolumn].min() <= hm[kolumn][0] <= enh[kolumn].max()
        medel = (enh[kolumn] * enh["elever"]).sum() / enh["elever"].sum()
        assert hm[kolumn][0] == pytest.approx(medel, rel=1e-12)
    assert hm["varav_lokalkostnad"][0] == pytest.approx(enh["varav_lokalkostnad"][0], rel=1e-12)
    # varav_lokalkostnad = f·(L_R + L_u) (tabell 9.2 fotnot 5).
    s = r.sammanfattning
    forvantat = s["upprakningsfaktor"] * s["lokalkostnad_per_elev_riket"] + enh["lokaljustering"][0]
    assert enh["varav_lokalkostnad"][0] == pytest.approx(forvantat, rel=1e-12)
