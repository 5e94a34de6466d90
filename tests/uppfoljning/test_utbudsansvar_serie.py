"""Elevserierna: de medföljande filerna (verkliga och syntetisk) och läsarens validering."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest

from skolpeng.data.elevserie import ELEVSERIEKATALOG, las_elevserie, medfoljande_serie
from skolpeng.fel import IndataFel

ROT = Path(__file__).resolve().parents[2]


def _byggare():
    spec = importlib.util.spec_from_file_location(
        "bygg_elevserier", ROT / "scripts" / "bygg_elevserier.py"
    )
    assert spec and spec.loader
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def test_riket_har_skolverkets_summor() -> None:
    """Summorna av raderna 'Samtliga', årskurs 1–9, enligt
    /work/shared/data/real/skolverket-examen/SOURCE.md; kommunala elever 2024/25 917 477."""
    s = las_elevserie(medfoljande_serie("riket")[0]).tabell
    assert s["ar"].to_list() == [2020, 2021, 2022, 2023, 2024]
    assert s["antal_elever"].to_list() == [1_097_180, 1_106_258, 1_111_580, 1_110_078, 1_104_634]
    assert s["antal_elever_kommunal"][-1] == 917_477


def test_riket_ar_summan_av_kommunerna() -> None:
    kommuner = pl.read_csv(
        ELEVSERIEKATALOG / "kommuner.csv", schema_overrides={"kommunkod": pl.String}
    )
    assert kommuner.group_by("ar").len()["len"].to_list() == [290] * 5
    riket = pl.read_csv(ELEVSERIEKATALOG / "riket.csv")
    summa = (
        kommuner.group_by("ar")
        .agg(pl.col("antal_elever").sum(), pl.col("antal_elever_kommunal").sum())
        .sort("ar")
    )
    assert summa["antal_elever"].to_list() == riket["antal_elever"].to_list()
    assert summa["antal_elever_kommunal"].to_list() == riket["antal_elever_kommunal"].to_list()
    # Ale 2024/25: 4 102 elever i åk 1–9, varav 3 841 i kommunal skola (exportens rader)
    ale = las_elevserie(ELEVSERIEKATALOG / "kommuner.csv", kommunkod="1440")
    assert ale.kommun == "Ale"
    assert ale.tabell.filter(pl.col("ar") == 2024).row(0) == (2024, 4102.0, 3841.0)


def test_syntetisk_serie_byggs_om_identiskt() -> None:
    """Den medföljande syntetiska serien är exakt vad byggskriptet ger (deterministisk)."""
    bygg = _byggare()
    assert (ELEVSERIEKATALOG / "syntetisk_riket.csv").read_text(
        encoding="utf-8"
    ) == bygg.syntetisk_csv()


def test_syntetisk_serie_har_sveriges_vagform() -> None:
    """1960–2040 utan luckor, cirka 1,1 miljoner elever på 2020-talet, lokala maxima i
    elevantalet omkring mitten av 1970-talet, omkring 2002 och mitten av 2020-talet."""
    s = las_elevserie(medfoljande_serie("syntetisk")[0]).tabell
    assert s["ar"].to_list() == list(range(1960, 2041))
    ar = s["ar"].to_list()
    y = s["antal_elever"].to_list()
    maxima = [ar[i] for i in range(1, len(y) - 1) if y[i - 1] < y[i] > y[i + 1]]
    assert len(maxima) == 3
    assert 1973 <= maxima[0] <= 1980 and 2000 <= maxima[1] <= 2004 and 2021 <= maxima[2] <= 2027
    assert 1.0e6 < s.filter(pl.col("ar") == 2022)["antal_elever"][0] < 1.2e6


def test_alla_fel_rapporteras_pa_en_gang(tmp_path: Path) -> None:
    fil = tmp_path / "serie.csv"
    fil.write_text(
        "ar,antal_elever\n2000,100\n2001,-5\n2002,tio\n2004,120\n2004,130\n20x5,140\n",
        encoding="utf-8",
    )
    with pytest.raises(IndataFel) as fel:
        las_elevserie(fil)
    text = fel.value.text()
    assert "rad 3, kolumn 'antal_elever': antal elever ska vara större än noll" in text
    assert "rad 4, kolumn 'antal_elever': förväntade ett antal elever, fick 'tio'" in text
    assert "rad 6, kolumn 'ar': året 2004 förekommer redan på rad 5" in text
    assert "rad 7, kolumn 'ar': förväntade ett årtal" in text
    assert "dessa år saknas: 2003" in text
    assert len(fel.value.problem) == 5


def test_semikolon_decimalkomma_och_tusentalsavgransare(tmp_path: Path) -> None:
    fil = tmp_path / "serie.csv"
    fil.write_bytes(
        "\ufeffar;antal_elever\n2020;1 097 180\n2021;1 106 258\n2022;1 111 580\n".encode()
    )
    s = las_elevserie(fil).tabell
    assert s["antal_elever"].to_list() == [1_097_180, 1_106_258, 1_111_580]


def test_kolumner_och_kommunval(tmp_path: Path) -> None:
    fil = tmp_path / "serie.csv"
    fil.write_text("year,elever\n2000,1\n", encoding="utf-8")
    with pytest.raises(IndataFel) as fel:
        las_elevserie(fil)
    assert len(fel.value.problem) == 2
    with pytest.raises(IndataFel, match="ange vilken"):
        las_elevserie(ELEVSERIEKATALOG / "kommuner.csv")
    with pytest.raises(IndataFel, match="'9999' finns inte"):
        las_elevserie(ELEVSERIEKATALOG / "kommuner.csv", kommunkod="9999")
    with pytest.raises(IndataFel, match="minst 3"):
        fil.write_text("ar,antal_elever\n2000,1\n2001,2\n", encoding="utf-8")
        las_elevserie(fil)
    with pytest.raises(IndataFel, match="finns inte"):
        las_elevserie(tmp_path / "saknas.csv")
