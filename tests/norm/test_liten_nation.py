"""Den lilla handräknade nationen (tests/exempel/norm/liten_nation.yaml) mot en oberoende
referensberäkning i ren Python (tests/norm/referens.py) och mot handräknade mellanled.

Varje komponent för varje skolenhet och stadium, huvudmännens elevviktade medelvärden och
varje nationell storhet i sammanfattningen jämförs, för alla tre varianterna.
"""

from __future__ import annotations

import json
from functools import cache

import polars as pl
import pytest

from skolpeng.norm import NormResultat, berakna_norm
from skolpeng.norm.resultat import ENHET_KOLUMNER, HUVUDMAN_KOLUMNER, KOMPONENTER, VARIANTER
from tests.norm.hjalp import las_exempel, parametrar, underlag_fran_exempel
from tests.norm.referens import referens

REL = 1e-9
DATA = las_exempel("liten_nation.yaml")
HAND = DATA["handrakning"]


@cache
def resultat(variant: str) -> NormResultat:
    return berakna_norm(underlag_fran_exempel(DATA), parametrar(), DATA["normar"], variant)


@cache
def ref(variant: str) -> dict:
    return referens(DATA, variant)


def _rader(r: NormResultat) -> dict[tuple[str, str], dict]:
    return {(d["skolenhetskod"], d["stadium"]): d for d in r.enheter.iter_rows(named=True)}


@pytest.mark.parametrize("variant", VARIANTER)
def test_varje_komponent_for_varje_enhet_och_stadium(variant: str) -> None:
    r, facit = resultat(variant), ref(variant)
    rader = _rader(r)
    assert set(rader) == set(facit["rader"])  # samma enheter och stadier, statlig utesluten
    for nyckel, forvantat in facit["rader"].items():
        rad = rader[nyckel]
        for kolumn in (
            "elever",
            *KOMPONENTER,
            "modellvarde",
            "norm",
            "varav_lokalkostnad",
            "socioekonomiskt_index",
        ):
            assert rad[kolumn] == pytest.approx(forvantat[kolumn], rel=REL, abs=1e-6), (
                nyckel,
                kolumn,
            )
    assert list(r.enheter.columns[: len(ENHET_KOLUMNER)]) == list(ENHET_KOLUMNER)
    assert {"namn", "kommungrupp", "socioekonomiskt_index"} <= set(r.enheter.columns)


@pytest.mark.parametrize("variant", VARIANTER)
def test_sammanfattningen_mot_referensen(variant: str) -> None:
    s, facit = resultat(variant).sammanfattning, ref(variant)
    jamfor = {
        "normgrundande_belopp": facit["NGB"],
        "platsgaranti_reservation": facit["U"],
        "gleshet_reservation": facit["G"],
        "aterstaende": facit["R"],
        "grundersattning_total": facit["B"],
        "socioekonomiskt_total": facit["S"],
        "lokalkostnad_per_elev_riket": facit["L_R"],
        "lonejustering_avdrag": facit["d_w"],
        "lokaljustering_avdrag": facit["d_l"],
        "platsgaranti_per_elev": facit["PG"],
        "upprakningsfaktor": facit["f"],
        **facit["avrakningar"],
    }
    for namn, v in jamfor.items():
        assert s[namn] == pytest.approx(v, rel=REL, abs=1e-6), namn
    for stadium, v in facit["P"].items():
        assert s["prislapp_per_stadium"][stadium] == pytest.approx(v, rel=REL)
        assert s["prislapp_per_stadium_normar"][stadium] == pytest.approx(v * facit["f"], rel=REL)
    assert s["elever_per_stadium"] == pytest.approx(facit["N_s"], rel=REL)
    assert s["lokalindex_ar"] == facit["indexar"] == [2022, 2023, 2024]
    assert s["normar"] == 2024 and s["kostnadsar"] == 2022 and s["variant"] == variant
    assert s["elevar"] == "kalenderår 2024 (½·2023/24 + ½·2024/25)"
    json.dumps(s)  # JSON-serialiserbar


@pytest.mark.parametrize("variant", VARIANTER)
def test_kommunernas_index_mot_referensen(variant: str) -> None:
    r, facit = resultat(variant), ref(variant)
    kommuner = {d["kommunkod"]: d for d in r.kommuner.iter_rows(named=True)}
    assert set(kommuner) == {"0001", "0002", "0003"}
    for k, rad in kommuner.items():
        assert rad["normgrundande_belopp"] == pytest.approx(facit["ngb_k"][k], rel=REL)
        assert rad["lokalkostnadsindex"] == pytest.approx(facit["LX"][k], rel=REL)
    # Kommungrupp C9 har en enda kommun: NB = 1, K = 0, så LX = 100·medel_y(L_k,y / L_R,y).
    lx_0003 = (
        100
        * sum(
            {2022: 15000, 2023: 15500, 2024: 16000}[y] / facit["L_Ry"][y]
            for y in (2022, 2023, 2024)
        )
        / 3
    )
    assert kommuner["0003"]["lokalkostnadsindex"] == pytest.approx(lx_0003, rel=REL)


@pytest.mark.parametrize("variant", VARIANTER)
def test_huvudman_ar_elevviktade_medelvarden(variant: str) -> None:
    r, facit = resultat(variant), ref(variant)
    enhet = {e["skolenhetskod"]: e for e in DATA["skolenheter"]}
    grupper: dict[tuple[str, str], list[dict]] = {}
    for (u, s), rad in facit["rader"].items():
        grupper.setdefault((enhet[u]["huvudman_id"], s), []).append(rad)
    hm = {(d["huvudman_id"], d["stadium"]): d for d in r.huvudman.iter_rows(named=True)}
    assert list(r.huvudman.columns) == list(HUVUDMAN_KOLUMNER)
    assert set(hm) == set(grupper)
    assert "2021000000" not in {h for h, _ in hm}  # statlig huvudman finns inte
    for nyckel, rader in grupper.items():
        elever = sum(x["elever"] for x in rader)
        assert hm[nyckel]["elever"] == pytest.approx(elever, rel=REL)
        for kolumn in (*KOMPONENTER, "modellvarde", "norm", "varav_lokalkostnad"):
            medel = sum(x[kolumn] * x["elever"] for x in rader) / elever
            assert hm[nyckel][kolumn] == pytest.approx(medel, rel=REL, abs=1e-6), (nyckel, kolumn)


def test_handraknade_mellanled() -> None:
    """Mellanleden i exempelfilen, räknade för hand, mot referensen och berakna_norm."""
    facit, s = ref("vagledande"), resultat("vagledande").sammanfattning
    assert facit["arslon"] == pytest.approx(HAND["arslonekostnad_modersmal"]["varde"], rel=REL)
    for k, v in HAND["normgrundande_belopp_fk_gr"].items():
        if k == "riket":
            assert s["normgrundande_belopp"] == pytest.approx(v["varde"], rel=REL)
        else:
            assert facit["ngb_k"][k] == pytest.approx(v["varde"], rel=REL)
    assert s["platsgaranti_reservation"] == pytest.approx(
        HAND["platsgaranti_reservation_fk_gr"]["varde"], rel=REL
    )
    assert s["lokalkostnad_per_elev_riket"] == pytest.approx(
        HAND["lokalkostnad_per_elev_riket_fk_gr"]["varde"], rel=REL
    )
    assert s["upprakningsfaktor"] == pytest.approx(HAND["upprakningsfaktor"]["varde"], rel=REL)
    fritids = resultat("fritidshem").sammanfattning
    assert fritids["normgrundande_belopp"] == pytest.approx(
        HAND["normgrundande_belopp_fritidshem"]["riket"]["varde"], rel=REL
    )
    assert fritids["skolskjuts"] == 0.0 and fritids["modersmal"] == 0.0
    rader = _rader(resultat("vagledande"))
    assert rader[("00000001", "F")]["elever"] == HAND["elever_fk_gr_enhet_1_stadium_F"]["varde"]
    assert rader[("00000006", "F")]["elever"] == HAND["elever_fk_gr_enhet_6_stadium_F"]["varde"]


def test_index_regler_och_statlig_enhet() -> None:
    """Internationell utan index -> 75, ny enhet utan index -> 100, indexåret är N, statlig
    enhet saknas. Fritidshem: samma standardvärden, alltså även där 75 för en internationell
    enhet utan index (docs/regler/norm.md#beslut-fritidshem; SOU 2025:72, bilagan,
    Strukturtillägg 1: "internationella skolor som inte har några framtagna index tilldelas
    index 75")."""
    fk = {u: d["socioekonomiskt_index"] for (u, _), d in _rader(resultat("vagledande")).items()}
    assert fk["00000004"] == 75.0 and fk["00000006"] == 100.0 and fk["00000001"] == 110.0
    fr = {u: d["socioekonomiskt_index"] for (u, _), d in _rader(resultat("fritidshem")).items()}
    assert fr["00000004"] == 75.0 and fr["00000001"] == 108.0
    # 00000004 är internationell och saknar fritidshemsindex i exempelfilen.
    enhet = {e["skolenhetskod"]: e for e in DATA["skolenheter"]}
    assert enhet["00000004"]["internationell"] == 1
    assert not any(
        r["skolenhetskod"] == "00000004" and r["verksamhet"] == "fritidshem"
        for r in DATA["socioekonomiskt_index"]
    )
    # S_u = S · 75 / Σ n·SEI (steg 5), räknat här ur enheternas elever och index.
    r = resultat("fritidshem")
    per_enhet = r.enheter.group_by("skolenhetskod").agg(
        pl.col("elever").sum(), pl.col("socioekonomiskt_index").first()
    )
    namnare = float((per_enhet["elever"] * per_enhet["socioekonomiskt_index"]).sum())
    s_total = r.sammanfattning["socioekonomiskt_total"] * r.sammanfattning["upprakningsfaktor"]
    s_4 = r.enheter.filter(pl.col("skolenhetskod") == "00000004")["socioekonomiskt_tillagg"]
    assert (s_4 - s_total * 75.0 / namnare).abs().max() < 1e-6
    for r in (resultat(v) for v in VARIANTER):
        assert "00000007" not in r.enheter.get_column("skolenhetskod").to_list()
        assert r.sammanfattning["antal_enheter_utan_index"] == 2
    assert set(resultat("fritidshem").enheter.get_column("stadium")) == {"F", "1-3", "4-6"}


def test_glesheten_ar_lost_och_bara_for_kommunala_i_glesby() -> None:
    r, facit = resultat("vagledande"), ref("vagledande")
    assert facit["G"] > 0
    gl = {k: d["gleshet"] for k, d in _rader(r).items()}
    assert all(v > 0 for (u, _), v in gl.items() if u in {"00000006", "00000009"})
    assert all(v == 0 for (u, _), v in gl.items() if u not in {"00000006", "00000009"})
    # Enskild enhet i Glesby (00000008) får varken gleshet eller platsgaranti.
    assert all(d["platsgaranti"] == 0 for (u, _), d in _rader(r).items() if u == "00000008")
