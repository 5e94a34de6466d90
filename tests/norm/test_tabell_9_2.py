"""SOU 2025:72 avsnitt 9.2.2, tabell 9.2 "Exempel på publicering av normen" (norm åk 1–3),
räknad om genom projektets stegfunktioner.

Tabellen ger för två kommunala huvudmän (X, Y) och deras tre skolenheter normen (uppräknad)
och varav socioekonomi, lokalkostnad, platsgaranti och gleshet (kostnadsårets prisnivå, docs/regler/norm.md#beslut-publicering). Ur tabellen härleds, som docs/regler/norm.md#steg-6 beskriver:

- f = 1,10283 (Y:s rader; KPIF 2,4 % och 7,7 % sammansatta ger 1,102848) och
  P_{1–3} = 79 014 kr före uppräkning (avsnitt 6.2.3, tabell 6.4);
- g_Y = GL/(P + S) = 0,12403, alltså GI_Y = 112,403, och LI_Y ≤ 100 (Y:s rader saknar
  lönetillägg: de följer norm/f = P + S + lokal + PG + GL − (L_R + d_w) med en och samma
  L_R + d_w ≈ 16 958 kr);
- L_R ≈ 15 864 kr (tabellen skiljer inte L_R från d_w; värdet i docs/regler/norm.md#tabell-9-2), alltså
  d_w ≈ 1 094 kr, och LI_X ≈ 106,90 ur X:s rader med hela ersättningen som bas;
- PG = 5 694 kr och "varav"-kolumnerna som indata i kostnadsårets prisnivå.

Med de indata ska ``med_grundersattning``, ``med_gleshet``, ``med_platsgaranti``,
``med_lonetillagg``, ``med_norm`` och ``per_huvudman`` ge alla åtta rader (sex enheter, två
huvudmän, elevviktade) inom 2 kr. Med basen P + S (den tidigare läsningen) går det inte: X:s
och Y:s rader kräver då olika L_R + d_w, 483 kr isär.
"""

from __future__ import annotations

import copy
from typing import Any

import polars as pl
import pytest

from skolpeng.norm import berakna_norm
from skolpeng.norm.huvudman import per_huvudman
from skolpeng.norm.justeringar import med_lonetillagg
from skolpeng.norm.parametrar import NormParametrar
from skolpeng.norm.prislappar import med_grundersattning
from skolpeng.norm.summering import med_norm
from skolpeng.norm.tillagg import med_gleshet, med_platsgaranti
from tests.norm.hjalp import las_exempel, parametrar, underlag_fran_exempel

T92 = las_exempel("tabell_9_2.yaml")
P13 = float(T92["prislapp_1_3_fore_upprakning"])  # 79 014 kr
KVOT = T92["gleshet_kvot_Y"]
F = 1.10283  # docs/regler/norm.md#steg-6: ur Y:s rader
L_R = 15864.0  # docs/regler/norm.md#steg-6: L_R ≈ 15 864 kr (kostnadsårets prisnivå)
ANDEL = NormParametrar.fran_lage(parametrar(), "vagledande").lonekostnadsandel  # 0,771
TOLERANS_KR = (
    2.0  # tabellen är avrundad till hela kronor; docs/regler/norm.md#beslut-lonebas: inom 1,5 kr
)

ENHETER = {h: T92["huvudman"][h]["enheter"] for h in ("X", "Y")}
SUMMA = {h: T92["huvudman"][h]["summa"] for h in ("X", "Y")}


def _ovrigt(e: dict[str, Any]) -> float:
    """P + S + varav lokalkostnad + PG + GL för en rad (kostnadsårets prisnivå)."""
    return P13 + e["socioekonomi"] + e["lokalkostnad"] + e["platsgaranti"] + e["gleshet"]


def _kravt_lr_plus_dw_y() -> list[float]:
    """L_R + d_w som varje rad för Y kräver när Y saknar lönetillägg (LI_Y ≤ 100):
    norm/f = P + S + (lokal − L_R) + PG + GL − d_w."""
    return [_ovrigt(e) - e["norm"] / F for e in ENHETER["Y"]]


def _harledda() -> dict[str, float]:
    """Indata härledda ur tabellen enligt docs/regler/norm.md#steg-6 (se modulens docstring)."""
    k = sum(_kravt_lr_plus_dw_y()) / 3
    d_w = k - L_R
    gx = [
        ((e["norm"] / F + d_w) / (_ovrigt(e) - L_R) - 1.0) / ANDEL for e in ENHETER["X"]
    ]  # norm/f = (P + S + L + PG)·(1 + 0,771·g) − d_w, L = lokal − L_R
    kvoter = [e["gleshet"] / (P13 + e["socioekonomi"]) for e in ENHETER["Y"]]
    return {
        "lr_plus_dw": k,
        "d_w": d_w,
        "li_x": 100.0 * (1.0 + sum(gx) / 3),
        "gi_y": 100.0 * (1.0 + sum(kvoter) / 3),
    }


def test_harledda_indata_ar_norm_md_s() -> None:
    """Härledningen ger talen i docs/regler/norm.md#tabell-9-2, och raderna för var huvudman är samstämmiga."""
    h = _harledda()
    assert abs(F - 1.024 * 1.077) < 3e-5  # KPIF 2021 och 2022 sammansatta
    assert max(_kravt_lr_plus_dw_y()) - min(_kravt_lr_plus_dw_y()) < 1.0
    assert h["lr_plus_dw"] == pytest.approx(16958, abs=1.0)
    assert h["d_w"] == pytest.approx(1094, abs=1.0)
    assert h["li_x"] == pytest.approx(106.90, abs=0.005)
    assert h["gi_y"] == pytest.approx(112.403, abs=0.001)
    assert h["gi_y"] == pytest.approx(100 * (1 + KVOT), abs=0.001)


def _elever(huvudman: str, n1: float, n2: float) -> list[float]:
    """Elever per enhet som ger huvudmannens tryckta socioekonomi som elevviktat medel
    (tabellen anger inga elevtal; n3 löses ur Σ n·(S − S_hm) = 0)."""
    s = [e["socioekonomi"] for e in ENHETER[huvudman]]
    s_hm = SUMMA[huvudman]["socioekonomi"]
    n3 = (n1 * (s[0] - s_hm) + n2 * (s[1] - s_hm)) / (s_hm - s[2])
    assert n3 > 0
    return [n1, n2, n3]


def _tabell_9_2_med_projektets_steg(elever: dict[str, list[float]]) -> pl.DataFrame:
    """De sex enheterna genom projektets stegfunktioner; ut: enhetsraderna efter steg 11."""
    h = _harledda()
    index = {"X": (h["li_x"], 100.0), "Y": (100.0, h["gi_y"])}  # (LI, GI)
    rader = [
        {
            "skolenhetskod": f"{hm}{i + 1}",
            "stadium": "1-3",
            "elever": elever[hm][i],
            "huvudman_id": hm,
            "huvudman_namn": f"Kommunal huvudman {hm}",
            "huvudmannatyp": "kommunal",
            "ar_kommunal": True,
            "kommunkod": hm,
            "loneindex": index[hm][0],
            "gleshetsindex": index[hm][1],
            "socioekonomiskt_tillagg": float(e["socioekonomi"]),
            "lokaljustering": e["lokalkostnad"] - L_R,  # varav lokalkostnad = L_R + L_u
        }
        for hm in ("X", "Y")
        for i, e in enumerate(ENHETER[hm])
    ]
    df = med_grundersattning(pl.DataFrame(rader), {"1-3": P13})
    df = med_gleshet(df)
    pg = float(SUMMA["X"]["platsgaranti"])
    df, pg_per_elev = med_platsgaranti(df, pg * df.get_column("elever").sum())
    assert pg_per_elev == pytest.approx(pg, rel=1e-12)
    df = med_lonetillagg(df, ANDEL).with_columns(lonejustering=pl.col("lonetillagg") - h["d_w"])
    return med_norm(df, F, L_R, NormParametrar.fran_lage(parametrar(), "vagledande"))


ELEVTAL = [
    {"X": _elever("X", 50.0, 100.0), "Y": _elever("Y", 100.0, 100.0)},
    {"X": _elever("X", 200.0, 30.0), "Y": _elever("Y", 40.0, 300.0)},
]


@pytest.mark.parametrize("elever", ELEVTAL, ids=["elevtal_1", "elevtal_2"])
def test_alla_atta_rader_inom_2_kr(elever: dict[str, list[float]]) -> None:
    """Enheternas och huvudmännens norm (normårets nivå) och varav-kolumner (kostnadsårets
    nivå = projektets komponenter / f) mot tabell 9.2, oberoende av elevtalen."""
    df = _tabell_9_2_med_projektets_steg(elever)
    hm = per_huvudman(df, ("1-3",))
    rakna: dict[str, list[dict[str, float]]] = {"X": [], "Y": []}
    for rad in df.iter_rows(named=True):
        rakna[rad["huvudman_id"]].append(rad)
    for rad in hm.iter_rows(named=True):
        rakna[rad["huvudman_id"]].insert(0, rad)
    for h in ("X", "Y"):
        tryckta = [SUMMA[h], *ENHETER[h]]
        for tryckt, rad in zip(tryckta, rakna[h], strict=True):
            assert rad["norm"] == pytest.approx(tryckt["norm"], abs=TOLERANS_KR)
            for kolumn, komponent in (
                ("socioekonomi", "socioekonomiskt_tillagg"),
                ("lokalkostnad", "varav_lokalkostnad"),
                ("platsgaranti", "platsgaranti"),
                ("gleshet", "gleshet"),
            ):
                assert rad[komponent] / F == pytest.approx(tryckt[kolumn], abs=TOLERANS_KR)
    # Lönetillägget finns bara hos X och ökar med enhetens övriga ersättningar.
    w = df.filter(pl.col("huvudman_id") == "X").sort("socioekonomiskt_tillagg")["lonetillagg"]
    assert w.is_sorted() and w.min() > 0
    assert (df.filter(pl.col("huvudman_id") == "Y")["lonetillagg"] == 0).all()


def test_basen_p_plus_s_kan_inte_ge_tabellen() -> None:
    """Med lönetillägget på P + S kräver X:s rader L_R + d_w ≈ 16 476 kr men Y:s
    ≈ 16 958 kr: 483 kr isär (docs/regler/norm.md#steg-6). Ett enda L_R + d_w missar därför någon rad
    med minst halva skillnaden gånger f, långt över tabellens avrundning."""
    x1, _, x3 = ENHETER["X"]
    # Lutningen 1 + 0,771·g_X ur X:s rader: lokal och PG är lika inom X, så skillnaden i
    # norm/f mellan två enheter är skillnaden i S gånger lutningen – i båda läsningarna.
    m = (x1["norm"] - x3["norm"]) / F / (x1["socioekonomi"] - x3["socioekonomi"])
    kravt_x = [
        (P13 + e["socioekonomi"]) * m + e["lokalkostnad"] + e["platsgaranti"] - e["norm"] / F
        for e in ENHETER["X"]
    ]  # norm/f = (P + S)·m + (lokal − L_R) + PG − d_w
    kravt_y = _kravt_lr_plus_dw_y()
    assert max(kravt_x) - min(kravt_x) < 2.0 and max(kravt_y) - min(kravt_y) < 1.0
    skillnad = sum(kravt_y) / 3 - sum(kravt_x) / 3
    assert 475 < skillnad < 495  # docs/regler/norm.md#beslut-lonebas: 16 958 − 16 476 ≈ 483 kr
    # docs/regler/norm.md#beslut-lonebas: 16 476 kr för X:s skola 3 (med LI_X avrundat till 106,90), 16 958 kr för Y:s.
    assert kravt_x[2] == pytest.approx(16476, abs=8) and kravt_y[2] == pytest.approx(16958, abs=1)
    assert F * skillnad / 2 > 100 * TOLERANS_KR
    # Samma sak sedd från LI_X: med Y:s L_R + d_w ger X:s tre rader samma LI_X (inom
    # avrundningen) med hela ersättningen som bas, men inte med basen P + S.
    h = _harledda()
    hela = [
        100 * ((e["norm"] / F + h["d_w"]) / (_ovrigt(e) - L_R) - 1.0) / ANDEL for e in ENHETER["X"]
    ]
    p_s = [
        100
        * (
            (e["norm"] / F - e["lokalkostnad"] - e["platsgaranti"] + h["lr_plus_dw"])
            / (P13 + e["socioekonomi"])
            - 1.0
        )
        / ANDEL
        for e in ENHETER["X"]
    ]
    assert max(hela) - min(hela) < 0.005
    assert max(p_s) - min(p_s) > 0.1


def _nation_som_y() -> dict:
    """Den lilla nationen med Glesby (0003) på tabell 9.2:s gleshetsindex för Y."""
    data = copy.deepcopy(las_exempel("liten_nation.yaml"))
    for k in data["kommuner"]:
        if k["kommunkod"] == "0003":
            k["gleshetsindex"] = 100 * (1 + KVOT)
    return data


@pytest.mark.parametrize("variant", ["vagledande", "bindande", "fritidshem"])
def test_utdata_har_tabell_9_2_s_relationer(variant: str) -> None:
    """Tabell 9.2:s relationer i hela normberäkningens utdata: varav lokalkostnad och
    platsgaranti lika inom en kommunal huvudman (platsgarantin lika för alla kommuner),
    gleshet en fast andel av P + S, huvudmannens rad det elevviktade medelvärdet."""
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
