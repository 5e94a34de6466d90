"""Vektoriserad radskrivning i en xlsxwriter-bok (xlsx_rader)."""

from __future__ import annotations

import stat

import openpyxl
import polars as pl
import xlsxwriter

from skolpeng.rapporter.xlsx_rader import Kolumn, infoga_rader, kolumnbokstav, rader_xml


def test_kolumnbokstaver():
    assert [kolumnbokstav(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_rader_laggs_in_med_text_tal_stil_och_tomma_celler(tmp_path):
    path = tmp_path / "b.xlsx"
    bok = xlsxwriter.Workbook(str(path))
    fet = bok.add_format({"bold": True, "num_format": "#,##0"})
    ark = bok.add_worksheet("Data")
    ark.write_string(0, 0, "Namn")
    ark.write_string(0, 1, "Belopp")
    ark.write_number(1, 1, 1.0, fet)  # formatet används och får ett stil-index
    bok.close()
    data = pl.DataFrame(
        {
            "namn": ["A & B <skola>", None, "  inledande blanksteg", "ctrl\x01tecken"],
            "belopp": [108_775.0, 12.5, None, -3.0],
            "fet": [True, False, False, False],
        }
    )
    kolumner = [Kolumn("namn", True, 0, 0), Kolumn("belopp", False, 0, fet.xf_index)]
    xml = rader_xml(data, kolumner, 3, "fet")
    infoga_rader(path, {0: (xml, "A1:B6")})
    ark = openpyxl.load_workbook(path)["Data"]
    assert [[c.value for c in rad] for rad in ark.iter_rows(min_row=3)] == [
        ["A & B <skola>", 108_775],
        [None, 12.5],
        ["  inledande blanksteg", None],
        ["ctrltecken", -3],
    ]
    assert (
        ark.cell(row=3, column=2).font.bold and ark.cell(row=3, column=2).number_format == "#,##0"
    )
    assert not ark.cell(row=4, column=2).font.bold
    assert ark.cell(row=2, column=2).value == 1  # xlsxwriters egen rad finns kvar
    assert ark.dimensions == "A1:B6"


def test_boken_behaller_sina_filrattigheter(tmp_path):
    """Omskrivningen går via mkstemp (0600); boken ska behålla de rättigheter den skrevs med,
    annars blir norm.xlsx oläsbar för andra än ägaren medan CSV-filerna bredvid är läsbara."""
    path = tmp_path / "b.xlsx"
    bok = xlsxwriter.Workbook(str(path))
    bok.add_worksheet("Data").write_string(0, 0, "Namn")
    bok.close()
    path.chmod(0o644)
    data = pl.DataFrame({"namn": ["A"], "fet": [False]})
    xml = rader_xml(data, [Kolumn("namn", True, 0, 0)], 2, "fet")
    infoga_rader(path, {0: (xml, "A1:A2")})
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert openpyxl.load_workbook(path)["Data"]["A2"].value == "A"
