"""Excelboken för normen: blad, rubriker, hela kronor, källor och proveniens."""

from __future__ import annotations

import datetime as dt

import openpyxl
import polars as pl
import pytest
from normresultat_hjalp import gor_resultat

from skolpeng.norm.publicering import publiceringstabell
from skolpeng.parametrar import load_parameters
from skolpeng.rapporter.norm.excel import Dataproveniens, skriv_norm_excel
from skolpeng.rapporter.norm.excel_blad import markdown_tabeller, storheter

README = """# Testdata

Inledning.

## Proveniens

| tabell | källa | år |
|---|---|---|
| elever | Skolverket, elever per årskurs | 2025/26 |
| kommuner | SKR:s kommungruppsindelning | 2023 |
| `skolenheter` | **verklig**: `data/real/fil.csv` | 2025/26 |

## Annat

| a | b |
|---|---|
| 1 | 2 |
"""


@pytest.fixture(scope="module")
def bok(tmp_path_factory):
    katalog = tmp_path_factory.mktemp("underlag")
    (katalog / "README.md").write_text(README, encoding="utf-8")
    res = gor_resultat("vagledande")
    lage = load_parameters(dt.date(2022, 1, 1))
    prov = Dataproveniens("testdata", katalog, {"elever.csv": "ab" * 32, "kommuner.csv": "cd" * 32})
    path = skriv_norm_excel(res, katalog / "norm.xlsx", lage, prov)
    return openpyxl.load_workbook(path), res, lage


def test_bladen_finns(bok):
    wb, _, _ = bok
    assert wb.sheetnames == [
        "Sammanfattning",
        "Åk 1–3",
        "Åk 4–6",
        "Kommuner",
        "Parametrar och källor",
    ]


def test_stadieblad_har_tabell_9_2_rubriker_och_hela_kronor(bok):
    wb, res, _ = bok
    ark = wb["Åk 1–3"]
    rubriker = [c.value for c in ark[1]]
    assert rubriker[6:] == [
        "Norm åk 1–3",
        "Varav socioekonomi",
        "Varav lokalkostnad",
        "Varav platsgaranti",
        "Varav gleshet",
        "Varav övrigt",
    ]
    assert ark.freeze_panes == "A2"
    assert ark.auto_filter.ref is not None and ark.auto_filter.ref.startswith("A1:")
    tab = publiceringstabell(res).filter(pl.col("stadium") == "1-3")
    rader = list(ark.iter_rows(min_row=2, values_only=True))
    assert len(rader) == tab.height
    for rad, ratt in zip(rader, tab.iter_rows(named=True), strict=True):
        assert rad[0] == ratt["namn"]
        assert rad[6] == ratt["norm"] and float(rad[6]).is_integer()
        assert list(rad[7:]) == [
            ratt[k]
            for k in (
                "varav_socioekonomi",
                "varav_lokalkostnad",
                "varav_platsgaranti",
                "varav_gleshet",
                "varav_ovrigt",
            )
        ]
    assert ark.cell(row=2, column=7).number_format == "#,##0"
    assert ark.cell(row=2, column=1).font.bold  # huvudmannaraden i fetstil
    # Rad 6 (huvudman 2506) och 7 (dess enhet) är inlagda som XML efter xlsxwriter.
    assert ark.cell(row=6, column=1).value == "Arjeplogs kommun"
    assert ark.cell(row=6, column=1).font.bold and ark.cell(row=6, column=7).font.bold
    assert ark.cell(row=6, column=7).number_format == "#,##0"
    assert ark.cell(row=7, column=7).number_format == "#,##0"
    assert not ark.cell(row=7, column=7).font.bold
    assert ark.cell(row=7, column=1).alignment.indent == 1
    assert ark.cell(row=7, column=6).number_format == "#,##0.0"
    assert ark.cell(row=7, column=2).value == "20000001"  # kod som text, nollor kvar
    assert ark.max_row == 8 and ark.auto_filter.ref == "A1:L8"


def test_sammanfattning_har_svenska_storheter_och_norm_per_grupp(bok):
    wb, res, _ = bok
    ark = wb["Sammanfattning"]
    texter = {c.value for rad in ark.iter_rows() for c in rad if isinstance(c.value, str)}
    assert "Uppräkning med KPIF till normåret (f)" in texter
    assert "Riket" in texter and "A3" in texter and "C9" in texter
    varden = {
        rad[0]: rad[1] for rad in ark.iter_rows(values_only=True) if rad and rad[0] is not None
    }
    assert varden["Normår"] == 2022
    assert varden["Uppräkning med KPIF till normåret (f)"] == pytest.approx(1.103)
    # Rikets norm åk 1–3 = elevviktat medel över de kommunala enheterna.
    kommunala = res.enheter.filter(
        (pl.col("huvudmannatyp") == "kommunal") & (pl.col("stadium") == "1-3")
    )
    vantat = (kommunala["norm"] * kommunala["elever"]).sum() / kommunala["elever"].sum()
    assert varden["Riket"] == pytest.approx(vantat)


def test_parametrar_och_kallor(bok):
    wb, _, lage = bok
    ark = wb["Parametrar och källor"]
    rader = list(ark.iter_rows(values_only=True))
    assert list(rader[0]) == [
        "Parameter",
        "Värde",
        "Enhet",
        "Beskrivning",
        "Gäller från",
        "Källa",
        "Citat",
    ]
    per_namn = {r[0]: r for r in rader[1:] if r[0] and str(r[0]).startswith("norm.")}
    assert set(per_namn) == {n for n in lage.varden if n.startswith("norm.")}
    andel = per_namn["norm.fordelning.socioekonomisk_andel"]
    assert andel[1] == pytest.approx(0.08) and andel[2] == "andel"
    assert "SOU 2025:72" in andel[5] and "8 procent" in andel[6]
    assert "förskoleklass: 0,85" in per_namn["norm.fordelning.stadieindex_fk_gr"][1]
    platt = [c for r in rader for c in r if c is not None]
    assert "ab" * 32 in platt and "elever.csv" in platt
    # README:s proveniens-tabell, inte den andra tabellen.
    assert "Skolverket, elever per årskurs" in platt
    assert "README.md: Proveniens" in platt
    assert "README.md: Annat" not in platt
    assert not [c for c in platt if isinstance(c, str) and "`" in c]


def test_markdown_tabeller_och_okanda_storheter():
    tabeller = markdown_tabeller(README)
    assert [r for r, _ in tabeller] == ["Proveniens", "Annat"]
    assert tabeller[0][1][0] == ["tabell", "källa", "år"]
    assert len(tabeller[0][1]) == 4
    # markdowns kodmarkering och fetstil syns inte i Excelcellerna
    assert tabeller[0][1][3] == ["skolenheter", "verklig: data/real/fil.csv", "2025/26"]
    rader = list(
        storheter(
            {
                "upprakningsfaktor": 1.1,
                "elever_per_stadium": {"F": 10.0},
                "ny_storhet_kr": 5.0,
                "variant": "vagledande",
            }
        )
    )
    assert rader == [
        ("Uppräkning med KPIF till normåret (f)", 1.1, "faktor", "upprakningsfaktor"),
        ("Elever, förskoleklass", 10.0, "elever", "elever_per_stadium.F"),
        ("ny storhet kr", 5.0, "kr", "ny_storhet_kr"),
    ]
