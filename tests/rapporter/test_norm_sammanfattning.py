"""Den utskrivna sammanfattningen och sammanfattning.json."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import polars as pl
import pytest
from normresultat_hjalp import ELEVER, ENHETER, gor_resultat
from rich.console import Console

from skolpeng.rapporter.norm.sammanfattning import (
    kronor,
    norm_per_grupp,
    sammanfattning_data,
    skriv_sammanfattning_json,
    skriv_ut_sammanfattning,
)


def _medel(res, koder, stadium):
    rader = res.enheter.filter(
        pl.col("skolenhetskod").is_in(koder) & (pl.col("stadium") == stadium)
    )
    return float((rader["norm"] * rader["elever"]).sum() / rader["elever"].sum())


def test_norm_per_kommungrupp_ar_elevviktad_over_publicerade_enheter():
    res = gor_resultat("vagledande")
    tab = norm_per_grupp(res)
    assert tab["grupp"].unique(maintain_order=True).to_list() == ["Riket", "A3", "C9"]
    kommunala = [e[0] for e in ENHETER if e[3] == "kommunal"]
    a3 = [e[0] for e in ENHETER if e[3] == "kommunal" and e[2] == "0114"]

    def varde(g, s):
        return tab.filter((pl.col("grupp") == g) & (pl.col("stadium") == s))["norm"].item()

    assert varde("Riket", "1-3") == pytest.approx(_medel(res, kommunala, "1-3"))
    assert varde("A3", "4-6") == pytest.approx(_medel(res, a3, "4-6"))
    # Bindande: alla deltagande enheter, även de enskilda i A3.
    res_b = gor_resultat("bindande", niva=0.95, moms=0.06)
    bind = norm_per_grupp(res_b)
    alla = [e[0] for e in ENHETER]
    riket = bind.filter((pl.col("grupp") == "Riket") & (pl.col("stadium") == "1-3"))
    assert riket["norm"].item() == pytest.approx(_medel(res_b, alla, "1-3"))


def test_sammanfattning_json_rundtur(tmp_path):
    res = gor_resultat("vagledande")
    data = sammanfattning_data(res, ["norm.xlsx"], scenario=None)
    path = skriv_sammanfattning_json(data, tmp_path / "sammanfattning.json")
    last = json.loads(path.read_text(encoding="utf-8"))
    assert last["normar"] == 2022 and last["variant"] == "vagledande"
    assert last["nationellt"]["upprakningsfaktor"] == pytest.approx(1.103)
    # Σ elever · norm över alla enheter, oberoende beräknat ur enhetstabellen.
    summa = sum(
        n
        * res.enheter.filter((pl.col("skolenhetskod") == k) & (pl.col("stadium") == s))[
            "norm"
        ].item()
        for (k, s), n in ELEVER.items()
    )
    assert last["normbelopp_kr"]["alla_enheter"] == pytest.approx(summa)
    assert last["norm_per_stadium"]["1-3"]["elever"] == 60 + 210 + 240.5 + 35 + 18
    assert set(last["norm_per_kommungrupp"]) == {"A3", "C9"}
    assert last["norm_per_stadium_alla_enheter"]["1-3"]["antal_skolenheter"] == 6


def test_utskriften_pa_svenska(tmp_path):
    konsol = Console(record=True, width=120)
    skriv_ut_sammanfattning(gor_resultat("vagledande"), konsol, tmp_path, ["norm.xlsx"])
    text = konsol.export_text()
    assert "Skolpengsnorm 2022" in text and "vägledande norm" in text
    assert "Riket" in text and "Åk 1–3" in text
    assert "kalenderår 2022" in text
    assert "1,1030" in text
    assert str(tmp_path / "norm.xlsx") in text


def test_kronor_med_mellanslag():
    assert kronor(108_775.4) == "108 775"
    assert kronor(1_234_567.5) == "1 234 568"
    assert kronor(float(np.nan)) == "–"


def test_skolenheter_utan_index_syns_i_utskriften(tmp_path):
    """Enheter utan index får standardvärdet (docs/regler/norm.md#steg-5: 100, internationella 75); hur
    många det gäller skrivs ut, så att ett index för fel år inte passerar obemärkt."""
    res = gor_resultat("vagledande")
    konsol = Console(record=True, width=200)
    skriv_ut_sammanfattning(res, konsol)
    assert "saknar index" not in konsol.export_text()
    sammanfattning = {
        **res.sammanfattning,
        "antal_enheter": 7,
        "antal_enheter_utan_index": 2,
        "parametrar": {"index_saknas": 100.0, "index_saknas_internationell": 75.0},
    }
    konsol = Console(record=True, width=200)
    skriv_ut_sammanfattning(dataclasses.replace(res, sammanfattning=sammanfattning), konsol)
    assert (
        "Socioekonomiskt index: 2 av 7 skolenheter saknar index för 2022 och får "
        "standardvärdet 100 (internationella skolor 75)." in konsol.export_text()
    )
