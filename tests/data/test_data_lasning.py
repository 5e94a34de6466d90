"""Läsning av en datasetkatalog: format (docs/regler/dataformat.md#konventioner), koder och noteringar."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from skolpeng.data import TABELLER, las_tabell, las_underlag
from skolpeng.fel import IndataFel, Problem
from skolpeng.utdata import sha256_fil
from tests.data.hjalp import (
    minimala_tabeller,
    skriv_minimalt_underlag,
    skriv_tabell,
)


def _fel(katalog: Path) -> list[Problem]:
    with pytest.raises(IndataFel) as info:
        las_underlag(katalog)
    return info.value.problem


def test_minimalt_underlag_lases_med_typer_och_hashar(tmp_path: Path) -> None:
    katalog = skriv_minimalt_underlag(tmp_path / "u")
    u = las_underlag(katalog)
    tabeller = minimala_tabeller()
    for namn, (_rubrik, rader) in tabeller.items():
        df = u.tabell(namn)
        assert df is not None and df.height == len(rader), namn
        assert df.columns == list(TABELLER[namn].kolumnnamn)
    assert u.kostnader_huvudman is None and u.resultat is None
    assert u.elever.schema["antal"] == pl.Int64
    assert u.kommuner.schema["loneindex"] == pl.Float64
    assert u.skolenheter.schema["internationell"] == pl.Int8
    # elevantalen är desamma som i filen (oberoende summa av textraderna)
    assert u.elever["antal"].sum() == sum(int(r[4]) for r in tabeller["elever"][1])
    assert u.filhashar == {f"{n}.csv": sha256_fil(katalog / f"{n}.csv") for n in tabeller}
    assert u.anteckningar == ()
    assert u.namn == "u"


def test_inledande_nollor_behalls_och_forlorade_fylls_ut(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["kommuner"][1][0][0] = "114"  # som när Excel har tolkat koden som ett tal
    for rad in t["skolenheter"][1]:
        if rad[2] == "0114":
            rad[2] = "114"
    t["elever"][1][0][0] = "10000001"
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))
    assert u.kommuner["kommunkod"].to_list() == ["0114", "2584"]
    assert u.skolenheter.filter(pl.col("namn") == "Väsbyskolan")["kommunkod"][0] == "0114"
    assert (
        "kommuner.csv: 1 värden i kolumnen kommunkod saknade inledande nollor och har fyllts ut "
        "till 4 siffror (t.ex. 114 -> 0114)" in u.anteckningar
    )
    assert any(
        a.startswith("skolenheter.csv: 3 värden i kolumnen kommunkod") for a in u.anteckningar
    )


def test_skolenhetskod_utan_nolla_fylls_ut_till_atta_siffror(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["skolenheter"][1].append(["1234567", "Nollskolan", "0114", "kommunal", "0114", "V", "0"])
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))
    assert "01234567" in u.skolenheter["skolenhetskod"].to_list()


def test_ogiltiga_koder_ar_fel_med_fil_rad_och_kolumn(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["kommuner"][1][1][0] = "25A4"
    t["skolenheter"][1][0][0] = "123456789"
    problem = _fel(skriv_minimalt_underlag(tmp_path / "u", t))
    assert (
        Problem(
            "kommuner.csv",
            "'25A4' är ingen giltig kommunkod: 4 siffror förväntades",
            3,
            "kommunkod",
        )
        in problem
    )
    assert (
        Problem(
            "skolenheter.csv",
            "'123456789' är ingen giltig skolenhetskod: 8 siffror förväntades",
            2,
            "skolenhetskod",
        )
        in problem
    )


def test_region_raknas_som_kommunal(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["skolenheter"][1][3][3] = "Region"
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))
    assert u.skolenheter["huvudmannatyp"][3] == "kommunal"
    assert (
        "skolenheter.csv: 1 rader med huvudmannatyp 'region' räknas som 'kommunal'"
        in u.anteckningar
    )


def test_okanda_kolumner_ignoreras_med_notering(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rubrik, rader = t["kommuner"]
    t["kommuner"] = (rubrik + ["invanare", "kommentar"], [r + ["12345", "x"] for r in rader])
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))
    assert "invanare" not in u.kommuner.columns
    assert "kommuner.csv: okända kolumner ignoreras: invanare, kommentar" in u.anteckningar


def test_saknad_obligatorisk_kolumn_ar_ett_problem(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rubrik, rader = t["kommuner"]
    i = rubrik.index("gleshetsindex")
    t["kommuner"] = (rubrik[:i] + rubrik[i + 1 :], [r[:i] + r[i + 1 :] for r in rader])
    problem = _fel(skriv_minimalt_underlag(tmp_path / "u", t))
    assert problem == [
        Problem("kommuner.csv", "kolumnen 'gleshetsindex' saknas", None, "gleshetsindex")
    ]


def test_belopp_i_tusental_kronor_med_tkr_i_kolumnnamnet(tmp_path: Path) -> None:
    """docs/regler/dataformat.md#konventioner: belopp i kronor om inte kolumnnamnet slutar på _tkr."""
    t = minimala_tabeller()
    kronor = las_underlag(skriv_minimalt_underlag(tmp_path / "kr", t)).rakenskapssammandrag
    rubrik, rader = t["rakenskapssammandrag"]
    i, j = rubrik.index("nettokostnad"), rubrik.index("skolskjuts")
    rubrik = [*rubrik]
    rubrik[i], rubrik[j] = "nettokostnad_tkr", "Skolskjuts_TKR"
    rader = [[*r] for r in rader]
    for r in rader:
        r[i], r[j] = str(int(r[i]) / 1000).replace(".", ","), str(int(r[j]) / 1000)
    rader[0][i] = "12 345,678"
    t["rakenskapssammandrag"] = (rubrik, rader)
    katalog = skriv_minimalt_underlag(tmp_path / "tkr", t)
    skriv_tabell(katalog, "rakenskapssammandrag", t["rakenskapssammandrag"], sep=";")
    u = las_underlag(katalog)
    rs = u.rakenskapssammandrag
    assert rs["nettokostnad"][0] == pytest.approx(12_345_678.0)
    assert rs["nettokostnad"][1:].to_list() == pytest.approx(kronor["nettokostnad"][1:].to_list())
    assert rs["skolskjuts"].to_list() == pytest.approx(kronor["skolskjuts"].to_list())
    assert (
        "rakenskapssammandrag.csv: kolumnen 'nettokostnad_tkr' är i tusental kronor och räknas "
        "om till kronor (nettokostnad)" in u.anteckningar
    )


def test_tkr_bara_for_talkolumner_och_inte_dubbelt(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rubrik, rader = t["rakenskapssammandrag"]
    t["rakenskapssammandrag"] = (rubrik + ["nettokostnad_tkr"], [r + ["1"] for r in rader])
    rubrik_k, rader_k = t["kommuner"]
    t["kommuner"] = (rubrik_k + ["kommunkod_tkr"], [r + ["1"] for r in rader_k])
    problem = _fel(skriv_minimalt_underlag(tmp_path / "u", t))
    assert problem == [
        Problem("rakenskapssammandrag.csv", "kolumnen förekommer flera gånger", 1, "nettokostnad")
    ]


def test_semikolon_decimalkomma_och_bom(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["kommuner"][1][0][4] = "103,5"
    t["kommuner"][1][1][5] = "108,25"
    t["rakenskapssammandrag"][1][0][3] = "12 345 678,5"
    katalog = skriv_minimalt_underlag(tmp_path / "u", t)
    skriv_tabell(katalog, "kommuner", t["kommuner"], sep=";", kodning="utf-8-sig")
    skriv_tabell(
        katalog, "rakenskapssammandrag", t["rakenskapssammandrag"], sep=";", kodning="utf-8-sig"
    )
    assert (katalog / "kommuner.csv").read_bytes().startswith(b"\xef\xbb\xbfkommunkod;")
    u = las_underlag(katalog)
    assert u.kommuner["loneindex"].to_list() == [103.5, 98.0]
    assert u.kommuner["gleshetsindex"].to_list() == [100.0, 108.25]
    assert u.rakenskapssammandrag["nettokostnad"][0] == 12_345_678.5


def test_windows_1252_med_a_a_o(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["kommuner"][1][0][1] = "Håbo Älvdal Östra"
    katalog = skriv_minimalt_underlag(tmp_path / "u", t)
    skriv_tabell(katalog, "kommuner", t["kommuner"], sep=";", kodning="cp1252")
    with pytest.raises(UnicodeDecodeError):
        (katalog / "kommuner.csv").read_bytes().decode("utf-8")
    u = las_underlag(katalog)
    assert u.kommuner["kommunnamn"][0] == "Håbo Älvdal Östra"


def test_tusentalsavgransare_mellanslag_och_hart_mellanslag(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["rakenskapssammandrag"][1][0][3] = "79 856 000"
    t["rakenskapssammandrag"][1][1][3] = "9\u00a0500\u00a0000"
    t["nationellt"][1][0][3] = "36\u202f800"
    u = las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))
    assert u.rakenskapssammandrag["nettokostnad"][:2].to_list() == [79_856_000.0, 9_500_000.0]
    assert u.nationellt["larare_manadslon"][0] == 36_800.0


def _skriv_xlsx(katalog: Path, namn: str, rubrik: list[str], rader: list[list[str]]) -> None:
    """Skriver en tabell som .xlsx: talkolumner som tal, övriga som text (som Excel gör)."""
    typer = {k.namn: k.typ for k in TABELLER[namn].kolumner}
    bok = xlsxwriter.Workbook(katalog / f"{namn}.xlsx")
    blad = bok.add_worksheet("Blad1")
    blad.write_row(0, 0, rubrik)
    for i, rad in enumerate(rader, start=1):
        for j, (kolumn, varde) in enumerate(zip(rubrik, rad, strict=True)):
            if typer[kolumn] in ("int", "float", "bool01"):
                blad.write_number(i, j, float(varde))
            else:
                blad.write_string(i, j, varde)
    bok.close()


def test_xlsx_ger_samma_underlag_som_csv(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["kommuner"][1][0][4] = "103.4567890123457"  # 16 siffror: fler än Excel visar (15)
    csv_u = las_underlag(skriv_minimalt_underlag(tmp_path / "csv", t))
    xlsx = tmp_path / "xlsx"
    xlsx.mkdir()
    for namn, (rubrik, rader) in t.items():
        _skriv_xlsx(xlsx, namn, rubrik, rader)
    xlsx_u = las_underlag(xlsx)
    for namn in t:
        assert xlsx_u.tabell(namn).equals(csv_u.tabell(namn)), namn
    assert set(xlsx_u.filhashar) == {f"{n}.xlsx" for n in t}


def test_xlsx_med_kommunkod_som_tal_fylls_ut(tmp_path: Path) -> None:
    t = minimala_tabeller()
    katalog = skriv_minimalt_underlag(tmp_path / "u", t)
    (katalog / "kommuner.csv").unlink()
    bok = xlsxwriter.Workbook(katalog / "kommuner.xlsx")
    blad = bok.add_worksheet()
    rubrik, rader = t["kommuner"]
    blad.write_row(0, 0, rubrik)
    for i, rad in enumerate(rader, start=1):
        blad.write_row(i, 0, [int(rad[0]), *rad[1:4], float(rad[4]), float(rad[5])])
    bok.close()
    u = las_underlag(katalog)
    assert u.kommuner["kommunkod"].to_list() == ["0114", "2584"]
    assert any(a.startswith("kommuner.xlsx: 1 värden i kolumnen kommunkod") for a in u.anteckningar)


def test_bade_csv_och_xlsx_ar_fel_och_saknad_fil_ar_fel(tmp_path: Path) -> None:
    t = minimala_tabeller()
    katalog = skriv_minimalt_underlag(tmp_path / "u", t)
    _skriv_xlsx(katalog, "kommuner", *t["kommuner"])
    (katalog / "modersmal.csv").unlink()
    problem = _fel(katalog)
    assert (
        Problem(
            "kommuner.csv",
            "både kommuner.csv och kommuner.xlsx finns; ta bort den ena så att det är entydigt",
        )
        in problem
    )
    assert (
        Problem("modersmal.csv", "filen saknas (varken modersmal.csv eller modersmal.xlsx finns)")
        in problem
    )


def test_valfri_tabell_lases_nar_den_finns(tmp_path: Path) -> None:
    katalog = skriv_minimalt_underlag(tmp_path / "u")
    skriv_tabell(
        katalog,
        "resultat",
        (
            ["skolenhetskod", "lasar", "meritvarde"],
            [["10000001", "2024/25", "231,5"], ["20000001", "2024/25", ""]],
        ),
        sep=";",
    )
    u = las_underlag(katalog)
    assert u.resultat is not None
    assert u.resultat["meritvarde"].to_list() == [231.5, None]
    assert u.resultat["andel_behoriga"].null_count() == 2  # valfri kolumn som saknas


def test_bool01_och_tomma_rader(tmp_path: Path) -> None:
    t = minimala_tabeller()
    katalog = skriv_minimalt_underlag(tmp_path / "u", t)
    rubrik, rader = t["skolenheter"]
    rader[4][6] = "ja"
    text = (
        ",".join(rubrik)
        + "\n"
        + ",".join(rader[0])
        + "\n\n"
        + "\n".join(",".join(r) for r in rader[1:])
        + "\n"
    )
    (katalog / "skolenheter.csv").write_text(text, encoding="utf-8")
    problem = _fel(katalog)
    # rubrik = rad 1, första enheten rad 2, tom rad 3, femte enheten därför rad 7
    assert problem == [Problem("skolenheter.csv", "'ja' ska vara 0 eller 1", 7, "internationell")]


def test_rad_med_for_manga_falt(tmp_path: Path) -> None:
    katalog = skriv_minimalt_underlag(tmp_path / "u")
    with (katalog / "modersmal.csv").open("a", encoding="utf-8") as f:
        f.write("0114,2025,3.5,extra\n")
    problem = _fel(katalog)
    assert problem == [
        Problem("modersmal.csv", "raden har 4 fält men rubrikraden bara 3 (separator ',')", 6)
    ]


def test_las_tabell_ger_ram_problem_och_noteringar(tmp_path: Path) -> None:
    path = tmp_path / "nationellt.csv"
    path.write_text(
        "ar;kpif;kpif_prognos;larare_manadslon;po_palagg;kalla\n2024;0,019;0;39 500;0,3864;SCB\n2025;x;2;;0,3864;\n"
    )
    df, problem, noteringar = las_tabell(path, TABELLER["nationellt"])
    assert df.columns == list(TABELLER["nationellt"].kolumnnamn)
    assert df.row(0) == (2024, 0.019, 0, 39_500.0, 0.3864)
    assert problem == [
        Problem("nationellt.csv", "'x' är inte ett tal", 3, "kpif"),
        Problem("nationellt.csv", "'2' ska vara 0 eller 1", 3, "kpif_prognos"),
        Problem("nationellt.csv", "värde saknas", 3, "larare_manadslon"),
    ]
    assert noteringar == ["nationellt.csv: okända kolumner ignoreras: kalla"]
