"""En enskild enhet utanför kommunens fördelning (E3 i grannkommunen B) får bidraget med sitt
eget index: för en linjär indexpott är beloppet per elev r × index med samma r som kommunens
enheter (skollagen 10 kap. 37 §, samma grunder). Beräknat för hand i testet."""

from __future__ import annotations

from fractions import Fraction
from math import floor
from pathlib import Path

import polars as pl

from skolpeng.fordelning.korning import berakna_korning
from skolpeng.fordelning.utbetalning.korning import berakna_utbetalningar
from tests.fordelning.utbetalning_hjalp import (
    ELEVER_OKTOBER,
    LOKALKOSTNAD,
    RAM,
    skriv_dataset,
)

INDEX = {
    "10000011": 100,
    "10000012": 120,
    "10000013": 80,
    "10000021": 90,
    "10000022": 110,
    "10000032": 150,
}
I_A = ("10000011", "10000012", "10000013", "10000021", "10000022")


def _modell(path: Path) -> Path:
    path.write_text(
        f"""namn: A med strukturbelopp
kommunkod: "1111"
ar: 2026
lasar: "2025/26"
ram_kr: {RAM}
index: {{typ: given, skala_om_till_kommunmedel: true}}
potter:
  - namn: grund
    belopp: {{andel_av_ram: 0.8}}
    nyckel: {{typ: elever}}
  - namn: struktur
    belopp: {{andel_av_ram: 0.2}}
    nyckel: {{typ: index, form: linjar}}
bidrag:
  lokalkostnad_per_elev_kr: {LOKALKOSTNAD}
""",
        encoding="utf-8",
    )
    return path


def test_enhet_utanfor_kommunen_far_sitt_eget_index(tmp_path: Path) -> None:
    data = skriv_dataset(tmp_path / "d", 1)
    rader = ["skolenhetskod,ar,verksamhet,index"] + [
        f"{k},2026,fk_gr,{v}" for k, v in INDEX.items()
    ]
    (data / "socioekonomiskt_index.csv").write_text("\n".join(rader) + "\n", encoding="utf-8")
    k = berakna_korning(_modell(tmp_path / "m.yaml"), str(data))
    assert k.underlag.elever_hemkommun is not None
    r = berakna_utbetalningar(k, k.underlag.elever_hemkommun, (1,))
    e3 = r.rader.filter(pl.col("skolenhetskod") == "10000032").row(0, named=True)
    # för hand: medelindex 99,89 (elevviktat över A:s enheter), omskalat till medel 100;
    # r = 0,2 · 100 Mkr / (1 000 elever · 100) = 200 kr per indexpoäng och elev;
    # E3: (80 000 + 200 · 150 · 100 / 99,89 + 10 000) · 1,03 · 1,06 = 131 052,06
    elever = {kod: n for (kod, _), n in ELEVER_OKTOBER.items() if kod in I_A}
    medel = Fraction(sum(elever[e] * INDEX[e] for e in I_A), sum(elever.values()))
    r_per_indexpoang = Fraction(RAM) * Fraction(2, 10) / (sum(elever.values()) * 100)
    struktur = r_per_indexpoang * INDEX["10000032"] * 100 / medel
    grund = Fraction(RAM) * Fraction(8, 10) / sum(elever.values())
    bidrag = (grund + struktur + LOKALKOSTNAD) * Fraction(103, 100) * Fraction(106, 100)
    assert e3["arsbelopp_kr"] == floor(bidrag + Fraction(1, 2)) == 131_052
    assert "eget socioekonomiska index" in e3["grund"]
    # enheterna i kommunens beslut har sitt belopp ur beslutet (samma r × sitt index)
    e2 = r.rader.filter(pl.col("skolenhetskod") == "10000022").row(0, named=True)
    struktur_e2 = r_per_indexpoang * INDEX["10000022"] * 100 / medel
    bidrag_e2 = (grund + struktur_e2 + LOKALKOSTNAD) * Fraction(103, 100) * Fraction(106, 100)
    assert e2["arsbelopp_kr"] == floor(bidrag_e2 + Fraction(1, 2))
