"""Skolenhetsregistrets översikt (CSV och XLSX) och SCB:s PxWeb-CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from skolpeng.data.officiella import importera

FIX = Path(__file__).parent / "fixtures"


def _kontrollera_register(res) -> None:
    enheter = {r["skolenhetskod"]: r for r in res.tabeller["skolenheter"].iter_rows(named=True)}
    assert len(enheter) == 5
    assert enheter["74174879"]["huvudman_id"] == "0114"
    assert enheter["74174879"]["kommunkod"] == "0114"
    assert enheter["66620411"]["internationell"] == 1  # INRIKTNING Internationell
    assert enheter["80509560"]["internationell"] == 0  # INRIKTNING Allmän
    dammsdal = enheter["43703035"]
    assert dammsdal["huvudmannatyp"] == "region"
    assert dammsdal["huvudman_id"] == "2321000032"  # en region är ingen kommun: orgnr
    elever = res.tabeller["elever"]
    boll = elever.filter(pl.col("skolenhetskod") == "74174879").sort("arskurs")
    # Bollstanäs skola: ELEVER FKLASS 84, ÅR1..ÅR9 85,84,82,85,81,0,0,0,0
    antal = dict(zip(boll["arskurs"], boll["antal"], strict=True))
    assert antal == {
        "F": 84,
        "1": 85,
        "2": 84,
        "3": 82,
        "4": 85,
        "5": 81,
        "6": 0,
        "7": 0,
        "8": 0,
        "9": 0,
    }
    assert set(elever["lasar"]) == {"2019/20"}


def test_register_csv() -> None:
    res = importera(
        FIX / "skolenhetsregistret_2020_grundskola.csv", "skolenhetsregister", "2019/20"
    )
    _kontrollera_register(res)


def test_register_kraver_lasar() -> None:
    from skolpeng.fel import IndataFel

    with pytest.raises(IndataFel, match="läsåret"):
        importera(FIX / "skolenhetsregistret_2020_grundskola.csv", "skolenhetsregister")


def test_register_xlsx_blad_grundskola_med_koder_som_tal(tmp_path: Path) -> None:
    """Samma rader som arbetsbok: ett annat blad först, bladet Grundskola, en rubrikrad
    ovanför tabellen, kommun- och elevantal som tal (Excel tappar inledande nollor)."""
    with open(FIX / "skolenhetsregistret_2020_grundskola.csv", encoding="utf-8") as f:
        rader = list(csv.reader(f))
    fil = tmp_path / "Skolenhetsregistret.xlsx"
    bok = xlsxwriter.Workbook(fil)
    bok.add_worksheet("Huvudmän").write(0, 0, "ORGANISATIONSNR")
    blad = bok.add_worksheet("Grundskola")
    blad.write(0, 0, "Skolenhetsregistret, utdrag juni 2020")
    for i, rad in enumerate(rader, start=2):
        for j, v in enumerate(rad):
            if i > 2 and (rader[0][j] == "KOMMUN" or rader[0][j].startswith("ELEVER")):
                blad.write_number(i, j, int(v))
            else:
                blad.write_string(i, j, v)
    bok.close()
    _kontrollera_register(importera(fil, "skolenhetsregister", "2019/20"))


def test_scb_urbanpulse_form() -> None:
    """BOM, ``,``, decimalpunkt, regionkod utan namn, tidskolumn och två mått."""
    res = importera(FIX / "scb_snittinkomst_2024.csv", "scb-pxweb")
    r = res.tabeller["scb_region"]
    median = r.filter(pl.col("variabel") == "Medianinkomst, tkr").sort("regionkod")
    assert median["regionkod"].to_list() == ["0114", "0115", "0117"]
    assert median["varde"].to_list() == [369.9, 420.7, 412.2]
    assert set(r["ar"]) == {2024}
    assert r.filter(pl.col("regionkod") == "0117")["Kommun"].unique().to_list() == ["Österåker"]


def test_scb_pxweb_bred_med_rubrik_och_prickat_lan() -> None:
    res = importera(FIX / "scb_pxweb_bred.csv", "scb-pxweb")
    r = res.tabeller["scb_region"].sort("regionkod")
    assert r["regionkod"].to_list() == ["01", "0114", "0115"]
    assert r["regionnamn"].to_list() == ["Stockholms län", "Upplands Väsby", "Vallentuna"]
    assert r["varde"].to_list() == [None, 369.9, 420.7]
    assert set(r["ar"]) == {2024}
    assert r["variabel"][0].startswith("Sammanräknad förvärvsinkomst")
    assert any("'..'" in n for n in res.anteckningar)


def test_scb_pxweb_lang_semikolon_decimalkomma() -> None:
    res = importera(FIX / "scb_pxweb_lang.csv", "scb-pxweb")
    r = res.tabeller["scb_region"]
    assert r.height == 4
    oster = r.filter((pl.col("regionkod") == "0117") & (pl.col("variabel") == "Medelinkomst, tkr"))
    assert oster["varde"].to_list() == [473.2]
    assert oster["regionnamn"].to_list() == ["Österåker"]
    assert oster["kön"].to_list() == ["totalt"]


def test_scb_streck_blir_saknat_med_notering(tmp_path: Path) -> None:
    """SCB:s streck ("inget att redovisa") blir ett saknat värde med notering, också med
    decimalkomma; text som varken är tal eller markering är ett fel med rad och kolumn."""
    fil = tmp_path / "streck.csv"
    fil.write_text(
        '"region";"2024"\n"0114 Upplands Väsby";-\n"0115 Vallentuna";420,7\n', encoding="utf-8"
    )
    res = importera(fil, "scb-pxweb")
    assert res.tabeller["scb_region"].sort("regionkod")["varde"].to_list() == [None, 420.7]
    assert any("inget att redovisa" in n for n in res.anteckningar)
    fil.write_text('"region";"2024"\n"0114 Upplands Väsby";okänt\n', encoding="utf-8")
    from skolpeng.fel import IndataFel

    with pytest.raises(IndataFel) as fel:
        importera(fil, "scb-pxweb")
    assert [(p.rad, p.kolumn) for p in fel.value.problem] == [(2, "2024")]
