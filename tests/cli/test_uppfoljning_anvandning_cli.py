"""``skolpeng uppfoljning anvandning --fil``: redovisningar ur CSV/XLSX in i webbens databas.
Varje valideringsklass prövas (alla problem på svenska med fil, rad och kolumn, exitkod 2) och
ingenting sparas vid fel; en korrekt fil blir inskickade versioner som översikten räknar med."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from fastapi import FastAPI
from sqlalchemy import func, select
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.lagring.tabeller import Logghandelse
from skolpeng.lagring.tabeller_anvandning import Anvandningsrapport
from tests.webb.hjalp import GBG, REKTORNS_ENHETER, logga_in, skapa_testapp
from tests.webb.test_beslut import skapa_modell

A, B = REKTORNS_ENHETER
RUBRIK = "skolenhetskod;ar;kategori;belopp_kr;arsarbetare;text\n"


@pytest.fixture(scope="module")
def miljo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """En databas med ett fastställt beslut för Göteborg; ut: url, år, riktade medel per enhet."""
    katalog = tmp_path_factory.mktemp("anvandning_cli")
    url = f"sqlite:///{katalog / 'w.db'}"
    webb: FastAPI = skapa_testapp(url)
    k = logga_in(webb, "gbg")
    svar = k.post_form("/beslut", {"modell_id": skapa_modell(webb), "namn": "Budget"},
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303
    from skolpeng.lagring.anvandning_underlag import riktat_underlag
    from skolpeng.lagring.tabeller import Beslut

    with webb.state.sessionsfabrik() as db:
        ar = db.scalars(select(Beslut.ar)).first()
        u = riktat_underlag(db, GBG, ar)
        riktat = {kod: u.for_enhet(kod)[0] for kod in REKTORNS_ENHETER}
    return {"url": url, "ar": ar, "riktat": riktat, "app": webb}


def _kor(url: str, fil: Path, kommun: str = GBG):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["uppfoljning", "anvandning", "--fil", str(fil),
                                    "--kommun", kommun, "--databas", url])  # fmt: skip


def _antal(m: dict) -> tuple[int, int]:
    with m["app"].state.sessionsfabrik() as db:  # type: ignore[attr-defined]
        return (db.scalar(select(func.count()).select_from(Anvandningsrapport)) or 0,
                db.scalar(select(func.count()).select_from(Logghandelse)) or 0)  # fmt: skip


def test_varje_valideringsklass_och_inget_sparas(miljo: dict, tmp_path: Path) -> None:
    ar = miljo["ar"]
    over = miljo["riktat"][B] + 1
    rader = [
        f"{A};{ar};1;12 500;;Biträdande rektor",  # rad 2: korrekt
        f"1234;{ar};2;100;;x",  # rad 3: skolenhetskoden är inte åtta siffror
        f"{A};tjugo;2;100;;x",  # rad 4: året är inget heltal
        f"{A};1850;2;100;;x",  # rad 5: året utanför gränserna
        f"{A};{ar};Lovskola;100;;x",  # rad 6: kategorin finns inte i listan
        f"{A};{ar};3;tolv;;x",  # rad 7: beloppet är inget tal
        f"{A};{ar};4;-5;;x",  # rad 8: negativt belopp
        f"{A};{ar};5;;;x",  # rad 9: varken belopp eller årsarbetare
        f"{A};{ar};Ledning och administration;1;;dubblett",  # rad 10: kategori 1 igen
        f"{A};{ar};6;1;;eleven 19811218-9876",  # rad 11: personnummer i texten
        f"99999999;{ar};1;1;;x",  # rad 12: enheten finns inte i beslutet
        f"{B};{ar};1;{over};;x",  # rad 13: mer än de riktade medlen utan förklaring
        f"{A};{ar};;1;;x",  # rad 14: kategorin saknas
        f"{A};{ar};7;1;99999;x",  # rad 15: orimligt många årsarbetare
    ]
    fil = tmp_path / "anvandning.csv"
    fil.write_text(RUBRIK + "\n".join(rader) + "\n", encoding="utf-8")
    fore = _antal(miljo)
    r = _kor(miljo["url"], fil)
    assert r.exit_code == 2, r.output
    ut = " ".join(r.output.split())
    forvantat = [
        ("rad 3, kolumn 'skolenhetskod'", ""),
        ("rad 4, kolumn 'ar'", ""),
        ("rad 5, kolumn 'ar'", "mellan 2000 och 2100"),
        ("rad 6, kolumn 'kategori'", "finns inte i kommunens lista"),
        ("rad 7, kolumn 'belopp_kr'", "är inget tal"),
        ("rad 8, kolumn 'belopp_kr'", "negativt"),
        ("rad 9, kolumn 'belopp_kr'", "ange belopp_kr eller arsarbetare"),
        ("rad 10, kolumn 'kategori'", "mer än en gång"),
        ("rad 11, kolumn 'text'", "personnummer"),
        ("rad 12, kolumn 'skolenhetskod'", "finns inte i kommunens fastställda beslut"),
        ("rad 13, kolumn 'forklaring'", "förklara skillnaden"),
        ("rad 14, kolumn 'kategori'", "kategorin saknas"),
        ("rad 15, kolumn 'arsarbetare'", "orimligt stort"),
    ]
    for plats, text in forvantat:
        assert f"anvandning.csv, {plats}" in ut, (plats, r.output)
        assert text in ut.split(f"anvandning.csv, {plats}", 1)[1][:200], (plats, r.output)
    assert "rad 2," not in ut
    assert "9876" not in r.output  # numret upprepas aldrig
    assert "ingenting har skrivits" in r.output
    assert _antal(miljo) == fore


def test_saknad_kolumn_fel_filtyp_och_saknad_fil(miljo: dict, tmp_path: Path) -> None:
    fil = tmp_path / "a.csv"
    fil.write_text("skolenhetskod;ar;kategori;belopp_kr;text\n", encoding="utf-8")
    r = _kor(miljo["url"], fil)
    assert r.exit_code == 2 and "kolumnen 'arsarbetare' saknas" in r.output
    txt = tmp_path / "a.txt"
    txt.write_text("x", encoding="utf-8")
    assert "CSV eller XLSX" in _kor(miljo["url"], txt).output
    assert "filen finns inte" in _kor(miljo["url"], tmp_path / "saknas.csv").output
    assert "kommunkoden" in _kor(miljo["url"], fil, kommun="gbg").output
    r = _kor(f"sqlite:///{tmp_path / 'ingen.db'}", fil)
    assert r.exit_code == 2 and "databasen finns inte" in r.output
    assert not (tmp_path / "ingen.db").exists()


def test_korrekt_xlsx_sparas_som_inskickad_med_forklaring(miljo: dict, tmp_path: Path) -> None:
    ar = miljo["ar"]
    over = miljo["riktat"][B] + 1000
    fil = tmp_path / "anvandning.xlsx"
    bok = xlsxwriter.Workbook(str(fil))
    blad = bok.add_worksheet()
    kolumner = ["skolenhetskod", "ar", "kategori", "belopp_kr", "arsarbetare", "text", "forklaring"]
    data = [
        [A, ar, "Ordinarie klassverksamhet", 20000, None, "Två lärare i åk 4", None],
        [A, ar, "5", "1 234,5", "0,5", "Kurator", None],
        [B, ar, "1", over, None, "Biträdande rektor", "Överskott från förra året"],
    ]
    for j, k in enumerate(kolumner):
        blad.write(0, j, k)
    for i, rad in enumerate(data, start=1):
        for j, v in enumerate(rad):
            if v is not None:
                blad.write(i, j, v)
    bok.close()
    fore, _ = _antal(miljo)
    r = _kor(miljo["url"], fil)
    assert r.exit_code == 0, r.output
    assert "Sparade 2 redovisningar" in r.output
    with miljo["app"].state.sessionsfabrik() as db:  # type: ignore[attr-defined]
        rap = {x.skolenhetskod: x for x in db.scalars(select(Anvandningsrapport))}
        assert rap[A].status == "inskickad" and rap[A].kalla == "fil"
        assert sorted((x.kategori, x.belopp_kr, x.arsarbetare) for x in rap[A].rader) == [
            ("Ordinarie klassverksamhet", 20000.0, None),
            ("Specifik kompetens", 1234.5, 0.5),
        ]
        assert rap[B].riktat_kr == miljo["riktat"][B]
        assert rap[B].forklaring == "Överskott från förra året"
        loggen = [h for (h,) in db.execute(select(Logghandelse.handling))]
    assert _antal(miljo)[0] == fore + 2
    assert loggen.count("importerade redovisning av riktade medel") == 2
    # samma fil igen: nya versioner, de förra finns kvar
    assert _kor(miljo["url"], fil).exit_code == 0
    assert _antal(miljo)[0] == fore + 4
