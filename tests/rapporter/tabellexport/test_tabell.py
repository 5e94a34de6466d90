"""Tabellen som CSV för Excel och som Excelbok: avgränsare, decimalkomma, BOM, formelskydd,
talformaten och att värdena är tal."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from skolpeng.rapporter.tabellexport.formelskydd import neutralisera
from skolpeng.rapporter.tabellexport.tabell import (
    Exporttabell,
    Kolumn,
    csv_cell,
    till_csv,
    till_xlsx,
)

T = Exporttabell(
    "Belopp per skolenhet",
    (
        Kolumn("Skolenhet"),
        Kolumn("Elever", "decimal"),
        Kolumn("Belopp", "kr"),
        Kolumn("Förändring (%)", "procent"),
    ),  # fmt: skip
    (
        ("Åkeredsskolan", 24.5, 6_467_827_953.4, 0.1234),
        ('=HYPERLINK("x")', None, -151_554.6, -0.0004),
        ("Änglagården; F-6", 3.0, 0, None),
    ),  # fmt: skip
)


@pytest.mark.parametrize(
    ("text", "vantad"),
    [
        ("=1+1", "'=1+1"),
        ("+46 8 123", "'+46 8 123"),
        ("-2 kr", "'-2 kr"),
        # en text som bara är ett tal läses som tal, inte som formel: lämnas (samma regel som
        # alla CSV-filer projektet skriver, skolpeng.csvskrivning)
        ("+46", "+46"),
        ("-2", "-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Åkeredsskolan", "Åkeredsskolan"),
        ("", ""),
        ("a=b", "a=b"),
    ],  # fmt: skip
)
def test_neutralisera(text: str, vantad: str) -> None:
    assert neutralisera(text) == vantad


def test_csv_med_semikolon_decimalkomma_och_bom() -> None:
    data = till_csv(T)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rader = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rader[0] == ["Skolenhet", "Elever", "Belopp", "Förändring (%)"]
    assert rader[1] == ["Åkeredsskolan", "24,5", "6467827953", "12,3 %"]
    # formeln blir text, negativa tal förblir tal, −0,04 % avrundas till 0,0 % utan tecken
    assert rader[2] == ['\'=HYPERLINK("x")', "", "-151555", "0,0 %"]
    assert rader[3] == ["Änglagården; F-6", "3,0", "0", ""]  # semikolon i text citeras


def test_csv_cell() -> None:
    assert csv_cell(1234.5, "heltal") == "1234"  # som Pythons round: till jämnt
    assert csv_cell(-0.04, "decimal") == "0,0"
    assert csv_cell("-x", "text") == "'-x"


def test_xlsx_med_tal_och_svenska_format() -> None:
    blad = openpyxl.load_workbook(io.BytesIO(till_xlsx(T))).worksheets[0]
    assert blad["A1"].value == "Belopp per skolenhet"
    assert [c.value for c in blad[3]] == ["Skolenhet", "Elever", "Belopp", "Förändring (%)"]
    assert blad["B4"].value == 24.5 and blad["B4"].number_format == "#,##0.0"
    assert blad["C4"].value == 6_467_827_953 and blad["C4"].number_format == "#,##0"
    assert blad["D4"].value == 0.1234 and blad["D4"].number_format == "0.0%"
    assert (
        blad["A5"].value == '=HYPERLINK("x")' and blad["A5"].data_type == "s"
    )  # text, ingen formel
    assert blad["B5"].value is None and blad["C5"].value == -151_555
    assert blad.freeze_panes == "A4" and blad.auto_filter.ref == "A3:D6"
