"""Månadsutbetalningarna för anpassad grundskola: ``elever_hemkommun`` med
verksamheten ``anpassad_gr`` och en modell för ``anpassad_gr``. Den handräknade kommunen A
(``utbetalning_hjalp``) med samma elever i anpassad grundskola i stället för grundskola ska ge
exakt samma utbetalningar, fordringar och ersättningar (samma regler: en tolftedel per månad,
bidraget med administration och moms, tillskottet på återstående månader; skolförordningen
14 kap. 1, 2 och 4 §§), eftersom modellens lokalkostnad är given och årskurserna (1 och 7)
finns i båda skolformerna."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.fordelning.korning import berakna_korning
from skolpeng.fordelning.utbetalning.korning import berakna_utbetalningar
from tests.fordelning.utbetalning_hjalp import skriv_dataset, skriv_modell


def _som_anpassad(katalog: Path) -> Path:
    for fil in ("elever.csv", "elever_hemkommun.csv"):
        p = katalog / fil
        p.write_text(
            p.read_text(encoding="utf-8").replace(",fk_gr,", ",anpassad_gr,"), encoding="utf-8"
        )
    return katalog


def _kor(modell: Path, data: Path) -> pl.DataFrame:
    k = berakna_korning(modell, str(data))
    assert k.underlag.elever_hemkommun is not None
    r = berakna_utbetalningar(k, k.underlag.elever_hemkommun, tuple(range(1, 13)))
    return r.rader


def test_anpassad_grundskola_betalas_som_grundskolan(tmp_path: Path) -> None:
    gr = _kor(skriv_modell(tmp_path / "gr.yaml"), skriv_dataset(tmp_path / "gr", 1))
    m = skriv_modell(tmp_path / "anp.yaml")
    m.write_text(
        m.read_text(encoding="utf-8").replace("verksamhet: fk_gr", "verksamhet: anpassad_gr"),
        encoding="utf-8",
    )
    anp = _kor(m, _som_anpassad(skriv_dataset(tmp_path / "anp", 1)))
    kol = [
        c
        for c in gr.columns
        if gr[c].dtype != pl.String or c in ("typ", "skolenhetskod", "stadium", "hemkommun")
    ]
    nyckel = [
        c for c in ("typ", "skolenhetskod", "stadium", "hemkommun", "manad") if c in gr.columns
    ]
    assert anp.height == gr.height > 0
    assert anp.select(kol).sort(nyckel).equals(gr.select(kol).sort(nyckel))
