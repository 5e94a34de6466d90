"""Excel-filer och breda rubrikrader (fynd 2, 3 och 5): zip-bomber inuti en
Excel-fil räknas på verkligt uppackade byte medan de packas upp, rader och kolumner begränsas
innan fastexcel läser bladet, formler avvisas, en rubrikrad bredare än tabellen avvisas innan
namnen normaliseras, och varje felmeddelande är kort hur stor indata än är."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from skolpeng.data.lasning import las_tabell
from skolpeng.fel import IndataFel
from skolpeng.web.uppladdning import Granser, tolka_uppladdning
from tests.sakerhet.hjalp import forfalska_storlek, xlsx_bomb, xlsx_med_blad

SVERIGE = Path(__file__).parents[2] / "src" / "skolpeng" / "dataset" / "sverige"
GRANSER = Granser(300 * 1024 * 1024, 200.0, 50)
HUVUD = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SLUT = "</sheetData></worksheet>"


def _problem(uppladdade: list[tuple[str, bytes]]) -> list[str]:
    with pytest.raises(IndataFel) as fel:
        tolka_uppladdning(uppladdade, GRANSER)
    return [str(p) for p in fel.value.problem]


def test_blad_som_uppger_1000_byte_men_har_600_000_rader_avvisas() -> None:
    bomb = xlsx_bomb(600_000, uppgiven_storlek=1000)
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    (problem,) = _problem([("kommuner.xlsx", bomb)])
    assert "kommuner.xlsx" in problem and "rader" in problem and "500000" in problem


def test_cell_langt_ut_i_bladet_avvisas() -> None:
    """En enda cell i XFD1048576 skulle ge fastexcel ett blad med 17 miljarder celler."""
    blad = (HUVUD + '<row r="1"><c r="A1" t="inlineStr"><is><t>kommunkod</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + SLUT).encode()  # fmt: skip
    problem = _problem([("kommuner.xlsx", xlsx_med_blad(blad))])
    assert any("1048576 rader" in p for p in problem)
    assert any("16384 kolumner" in p for p in problem)


def test_uppackad_budget_raknas_pa_verkliga_byte() -> None:
    """En del som packas upp till mer än budgeten avvisas, även när arkivet uppger en liten
    storlek: 3 MB mot en budget på 1 MB per fil, och två filer om 0,6 MB mot 1 MB totalt."""
    from skolpeng.data.uppackning import Budget, granska_xlsx

    blad = (HUVUD + "<!--" + "x" * 3_000_000 + "-->" + SLUT).encode()
    data = forfalska_storlek(xlsx_med_blad(blad), "xl/worksheets/sheet1.xml", 100)
    (problem,) = granska_xlsx("kommuner.xlsx", data, max_uppackat=2**20)
    assert "sheet1.xml packas upp till mer än gränsen; misstänkt zip-bomb" in str(problem)
    liten = xlsx_med_blad((HUVUD + "<!--" + "x" * 600_000 + "-->" + SLUT).encode())
    budget = Budget(2**20)
    assert granska_xlsx("a.xlsx", liten, budget=budget) == []
    (problem,) = granska_xlsx("b.xlsx", liten, budget=budget)
    assert "misstänkt zip-bomb" in str(problem)


def test_kommandoradens_lasare_begransar_ocksa(tmp_path: Path) -> None:
    fil = tmp_path / "kommuner.xlsx"
    fil.write_bytes(xlsx_bomb(600_000))
    _, problem, _ = las_tabell(fil, "kommuner")
    assert problem and "rader" in problem[0].meddelande


def test_formler_i_en_excel_fil_avvisas_med_cellen() -> None:
    data = io.BytesIO()
    with xlsxwriter.Workbook(data) as bok:
        blad = bok.add_worksheet()
        blad.write_row(0, 0, ["kommunkod", "kommunnamn"])
        blad.write_row(1, 0, ["1480"])
        blad.write_formula(1, 1, '=HYPERLINK("http://exempel.invalid/","Göteborg")')
        blad.write_formula(2, 1, "=cmd|' /C calc'!A0")
    (problem,) = _problem([("kommuner.xlsx", data.getvalue())])
    assert "formler" in problem and "B2" in problem and "B3" in problem


def test_rubrikrad_med_100_000_kolumner_avvisas_kort() -> None:
    rubrik = ",".join(f"kolumn{i}" for i in range(100_000))
    (problem,) = _problem([("kommuner.csv", (rubrik + "\n1480,x\n").encode())])
    assert "100000 kolumner" in problem and len(problem) < 200


def test_en_cell_pa_2_mb_skickas_inte_tillbaka() -> None:
    """Valideringen av en uppladdning (``lagring.dataset.validera_filer``) nämner den felaktiga
    cellen, men ett problem är aldrig längre än 500 tecken."""
    from skolpeng.lagring.dataset import validera_filer

    filer = {p.name: p.read_bytes() for p in sorted(SVERIGE.glob("*.csv"))}
    rubrik, forsta, rest = filer["kommuner.csv"].split(b"\n", 2)
    filer["kommuner.csv"] = b"\n".join([rubrik, b"x" * 2_000_000 + forsta[4:], rest])
    with pytest.raises(IndataFel) as fel:
        validera_filer(filer, "test")
    texter = [str(p) for p in fel.value.problem]
    assert any(t.startswith("kommuner.csv, rad 2") for t in texter)
    assert all(len(t) <= 700 for t in texter)


def test_medfoljande_dataset_tas_emot_som_det_ar() -> None:
    """Ingen av det medföljande datasetets filer (verkliga data, över 100 000 rader) ser ut
    att innehålla formler, personnummer eller för många kolumner."""
    filer = [(p.name, p.read_bytes()) for p in sorted(SVERIGE.glob("*.csv"))]
    assert set(tolka_uppladdning(filer, GRANSER)) == {n for n, _ in filer}
