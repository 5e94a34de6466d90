"""Importen av Skolverkets exporter på deras egna utdrag (fixtures, byte för byte ur de
verkliga filerna – se fixtures/README.md). Förväntade värden är avlästa i utdragen."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from skolpeng.data.officiella import importera, till_tabellfiler
from skolpeng.data.schema import TABELLER

FIX = Path(__file__).parent / "fixtures"


def test_utdragen_ar_exporter_med_bom_rubrikrader_och_fotnot() -> None:
    """Fixturerna är verkligen i Skolverkets form: BOM, källrad först, fotnot sist."""
    for namn in ("skolverket_elever_skolniva_2025.csv", "skolverket_kostnader_2024.csv"):
        data = (FIX / namn).read_bytes()
        assert data.startswith(b"\xef\xbb\xbfStatistik fr\xc3\xa5n Skolverket")
        assert b"Rapportbeskrivning och definitioner" in data


@pytest.fixture(scope="module")
def skolniva():
    return importera(FIX / "skolverket_elever_skolniva_2025.csv", "elever-skolniva")


def test_skolniva_lasar_och_enheter(skolniva) -> None:
    assert skolniva.period == "2025/26"
    enheter = skolniva.tabeller["skolenheter"]
    assert enheter.height == 7  # sju datarader; fotnoten läses inte som data
    ahla = enheter.filter(pl.col("skolenhetskod") == "71387206").row(0, named=True)
    assert ahla == {
        "skolenhetskod": "71387206",
        "namn": "Ahlafors Fria skola",
        "kommunkod": "1440",
        "huvudmannatyp": "enskild",
        "huvudman_id": "7696142343",
        "huvudman_namn": "Ahlafors Fria Skola Ekonomisk förening",
        "internationell": 0,
    }


def test_skolniva_huvudman_id_och_internationell(skolniva) -> None:
    e = {r["skolenhetskod"]: r for r in skolniva.tabeller["skolenheter"].iter_rows(named=True)}
    assert e["72616393"]["huvudman_id"] == "1440"  # Ale kommun: kommunkoden
    assert e["93758282"]["huvudman_id"] == "2220000265"  # kommunalförbund: orgnr
    brit = e["66620411"]
    assert brit["namn"] == "British International School"  # asterisken borttagen
    assert brit["internationell"] == 1
    assert sum(r["internationell"] for r in e.values()) == 1


def test_skolniva_arskurser_summerar_till_exportens_total(skolniva) -> None:
    elever = skolniva.tabeller["elever"]
    bak = skolniva.tabeller["skolenheter_bakgrund"]
    summor = (
        elever.group_by("skolenhetskod").agg(pl.col("antal").sum()).join(bak, on="skolenhetskod")
    )
    assert (summor["antal"] == summor["elever_1_9"]).all()
    # Ahlafors: 23;21;23;26;50;24;25;50;25 = 267
    ahla = elever.filter(pl.col("skolenhetskod") == "71387206").sort("arskurs")
    assert ahla["antal"].to_list() == [23, 21, 23, 26, 50, 24, 25, 50, 25]


def test_punkt_blir_saknat_med_notering_aldrig_noll(skolniva) -> None:
    elever = skolniva.tabeller["elever"]
    albo = elever.filter(pl.col("skolenhetskod") == "72616393").sort("arskurs")
    # Alboskolan: .;.;.;68;62;67;.;.;.
    assert albo["antal"].to_list() == [None, None, None, 68, 62, 67, None, None, None]
    assert albo["markering"].to_list() == [".", ".", ".", None, None, None, ".", ".", "."]
    assert not (elever["antal"] == 0).any()
    noteringar = " ".join(skolniva.anteckningar)
    assert "'Elever, årskurs 1'" in noteringar and "inte noll" in noteringar


def test_andelar_blir_0_1_och_prickade_andelar_saknas(skolniva) -> None:
    bak = {
        r["skolenhetskod"]: r
        for r in skolniva.tabeller["skolenheter_bakgrund"].iter_rows(named=True)
    }
    assert bak["71387206"]["andel_flickor"] == pytest.approx(0.483)
    assert bak["71387206"]["andel_eftergymnasial"] == pytest.approx(0.734)
    # Hemsjö Kyrkskola (63452058): utländsk bakgrund "..";  Ödenäs skola (70153094): "~100"
    assert bak["63452058"]["andel_utlandsk_bakgrund"] is None
    assert bak["70153094"]["andel_eftergymnasial"] is None
    noteringar = " ".join(skolniva.anteckningar)
    assert "'..' (för få för att visas)" in noteringar
    assert "'~' (avrundat värde)" in noteringar


def test_prickad_arskurs_fylls_bara_i_tabellfilen(tmp_path: Path) -> None:
    """Ett ``..`` i en årskurs: saknat värde i importen; i tabellfilen enhetens summa minus
    kända årskurser (Ahlafors: 267 − 244 = 23 i åk 1)."""
    data = (FIX / "skolverket_elever_skolniva_2025.csv").read_bytes()
    rad = "Ahlafors Fria skola;71387206;Ale;1440;Enskild;Ahlafors Fria Skola Ekonomisk förening;7696142343;267;48,3;5,6;73,4;23;".encode()
    assert rad in data
    fil = tmp_path / "prickad.csv"
    fil.write_bytes(data.replace(rad, rad[: -len(b"23;")] + b"..;"))
    res = importera(fil, "elever-skolniva")
    ak1 = res.tabeller["elever"].filter(
        (pl.col("skolenhetskod") == "71387206") & (pl.col("arskurs") == "1")
    )
    assert ak1["antal"].to_list() == [None] and ak1["markering"].to_list() == [".."]
    tabeller, noteringar = till_tabellfiler(res)
    fylld = tabeller["elever"].filter(
        (pl.col("skolenhetskod") == "71387206") & (pl.col("arskurs") == "1")
    )
    assert fylld["antal"].to_list() == [23]
    assert tabeller["elever"].columns == list(TABELLER["elever"].kolumnnamn)
    assert any("prickade årskursceller" in n for n in noteringar)


def test_kommunniva() -> None:
    res = importera(FIX / "skolverket_elever_kommun_2024.csv", "elever-kommun")
    assert res.period == "2024/25"
    e = res.tabeller["elever_kommun"]
    ale = e.filter((pl.col("kommunkod") == "1440") & (pl.col("huvudmannatyp") == "samtliga"))
    assert ale["antal"].sum() == 4102  # "Elever, årskurs 1-9" = 4 102 (mellanslag som tusental)
    typer = set(e["huvudmannatyp"].unique())
    assert typer == {"samtliga", "kommunal", "enskild", "internationell"}
    alv = e.filter((pl.col("kommunkod") == "0764") & (pl.col("huvudmannatyp") == "enskild")).sort(
        "arskurs"
    )
    assert alv["antal"].to_list()[-3:] == [None, None, None]
    bak = res.tabeller["kommuner_bakgrund"]
    skel = bak.filter(pl.col("kommunkod") == "2482").row(0, named=True)
    assert skel["andel_utlandsk_bakgrund"] is None  # "~100"
    assert skel["elever_1_9"] == 52


def test_kommunniva_vagrar_skolnivafil() -> None:
    from skolpeng.fel import IndataFel

    with pytest.raises(IndataFel, match="skolenhetsnivå"):
        importera(FIX / "skolverket_elever_skolniva_2025.csv", "elever-kommun")


def test_kostnader_tkr_blir_kronor() -> None:
    res = importera(FIX / "skolverket_kostnader_2024.csv", "kostnader-kommun")
    assert res.period == "2024"
    k = res.tabeller["kostnader_kommun"]
    ale = k.filter(pl.col("kommunkod") == "1440").row(0, named=True)
    assert ale["totalt_kr"] == 526_708_000.0  # "Totalt" 526708 tkr
    assert ale["undervisning_kr"] == 302_227_000.0  # "302 227" tkr
    assert ale["elever"] == 3827.0 and ale["lokaler_per_elev"] == 22_200.0
    # Oberoende kontroll av omräkningen: totalt / elever ≈ "Totalt per elev" (per elev avrundat
    # till 100 kr, elevantalet till heltal: högst 0,1 % ifrån; i tkr vore kvoten 1 000 gånger fel)
    assert ((k["totalt_kr"] / k["elever"]) / k["totalt_per_elev"] - 1).abs().max() < 0.001
    assert any("tusen kronor" in n for n in res.anteckningar)
    h = res.tabeller["kostnader_huvudman"]
    assert h.columns == list(TABELLER["kostnader_huvudman"].kolumnnamn)
    assert h.filter(pl.col("huvudman_id") == "0764")["kostnad_per_elev"].to_list() == [134_900.0]
    assert set(h["huvudmannatyp"]) == {"kommunal"} and set(h["ar"]) == {2024}


def test_slutbetyg() -> None:
    res = importera(FIX / "skolverket_slutbetyg_2025.csv", "slutbetyg")
    assert res.period == "2024/25"
    r = {x["skolenhetskod"]: x for x in res.tabeller["resultat"].iter_rows(named=True)}
    assert len(r) == 6
    fred = r["64065082"]  # Fredrikshovs slotts skola: 31; 93,5; 100; 311,2
    assert fred["meritvarde"] == pytest.approx(311.2)
    assert fred["andel_alla_amnen"] == pytest.approx(0.935)
    assert fred["andel_behoriga"] == pytest.approx(1.0)
    assert fred["antal_elever"] == 31
    assert r["35547286"]["andel_behoriga"] is None  # "~100"
    oasen = r["48000763"]  # ..;.;.;..
    assert all(
        oasen[k] is None
        for k in ("meritvarde", "andel_alla_amnen", "andel_behoriga", "antal_elever")
    )
    assert r["79427132"]["meritvarde"] == pytest.approx(82.5)
