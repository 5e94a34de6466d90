"""Webben sparar uppladdade filer som de är, så den tar bara emot tabellernas kolumner i
docs/regler/dataformat.md#validering: en okänd kolumn (t.ex. personnummer under ett annat namn) eller ett andra blad i en
Excel-fil avvisas, liksom filnamn med sökväg. Ingenting sparas."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from fastapi import FastAPI
from sqlalchemy import func, select

from skolpeng.fel import IndataFel
from skolpeng.lagring.tabeller import Dataset
from skolpeng.web.uppladdning import Granser, tolka_uppladdning
from tests.webb.hjalp import logga_in

SVERIGE = Path(__file__).parents[2] / "src" / "skolpeng" / "dataset" / "sverige"
GRANSER = Granser(300 * 1024 * 1024, 200.0, 50)


def _problem(uppladdade: list[tuple[str, bytes]]) -> list[str]:
    with pytest.raises(IndataFel) as fel:
        tolka_uppladdning(uppladdade, GRANSER)
    return [str(p) for p in fel.value.problem]


def test_okand_kolumn_med_personnummer_under_annat_namn_avvisas() -> None:
    csv = b"skolenhetskod,verksamhet,lasar,arskurs,antal,pnr\n10245367,gr,2025/26,4,25,19800101-1234\n"
    problem = _problem([("elever.csv", csv)])
    assert len(problem) == 1
    assert "elever.csv" in problem[0] and "rad 1" in problem[0]
    assert "okända kolumner: pnr" in problem[0] and "skolenhetskod, verksamhet" in problem[0]


def test_kanda_kolumner_och_tkr_tas_emot() -> None:
    csv = (SVERIGE / "kommuner.csv").read_bytes()
    assert tolka_uppladdning([("kommuner.csv", csv)], GRANSER) == {"kommuner.csv": csv}
    kostnad = b"huvudman_id,ar,verksamhet,huvudmannatyp,kostnad_per_elev_tkr,elever\n"
    assert tolka_uppladdning([("kostnader_huvudman.csv", kostnad)], GRANSER)


def test_excel_med_flera_blad_avvisas() -> None:
    data = io.BytesIO()
    with xlsxwriter.Workbook(data) as bok:
        bok.add_worksheet("kommuner").write_row(0, 0, ["kommunkod", "kommunnamn"])
        bok.add_worksheet("hemligt").write_row(0, 0, ["personnummer", "namn"])
    problem = _problem([("kommuner.xlsx", data.getvalue())])
    assert problem == ["kommuner.xlsx: Excel-filen har flera blad; webbapplikationen tar bara "
                       "emot ett blad per tabell"]  # fmt: skip


@pytest.mark.parametrize("namn", ["../../etc/skolenheter.csv", "/etc/skolenheter.csv",
                                  "..\\skolenheter.csv", "C:skolenheter.csv"])  # fmt: skip
def test_enstaka_fil_med_sokvag_avvisas(namn: str) -> None:
    problem = _problem([(namn, (SVERIGE / "skolenheter.csv").read_bytes())])
    assert problem == [f"{namn}: otillåtet filnamn: filnamnet innehåller en sökväg (t.ex. ../ "
                       "eller /)"]  # fmt: skip


def test_hela_datasetet_med_en_extra_kolumn_sparas_inte(webbapp: FastAPI) -> None:
    zipdata = io.BytesIO()
    with zipfile.ZipFile(zipdata, "w", zipfile.ZIP_DEFLATED) as z:
        for fil in sorted(SVERIGE.glob("*.csv")):
            data = fil.read_bytes()
            if fil.name == "skolenheter.csv":
                rader = data.decode("utf-8").splitlines()
                data = "\n".join([rader[0] + ",elev", *(r + ",x" for r in rader[1:])]).encode()
            z.writestr(f"sverige/{fil.name}", data)
    with webbapp.state.sessionsfabrik() as db:
        fore = db.scalar(select(func.count()).select_from(Dataset))
    k = logga_in(webbapp, "gbg")
    svar = k.post("/dataset", data={"csrf_token": k.csrf, "namn": "med-extra"},
                  files={"filer": ("sverige.zip", zipdata.getvalue(), "application/zip")})  # fmt: skip
    assert svar.status_code == 400
    assert "okända kolumner: elev" in svar.text
    with webbapp.state.sessionsfabrik() as db:
        assert db.scalar(select(func.count()).select_from(Dataset)) == fore
