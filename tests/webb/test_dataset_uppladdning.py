"""Uppladdning av dataset genom webben: zip och enstaka filer blir versioner med samma
innehållshash som filerna; trasiga filer, fel filtyp, zip-bomber, för stora förfrågningar,
sökvägar i zip-filen och elevdata ger svenska meddelanden och ingenting sparas."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from skolpeng.data import hitta_underlag
from skolpeng.lagring.dataset import tillatna_filnamn
from skolpeng.lagring.tabeller import Dataset, Logghandelse
from tests.webb.hjalp import Klient, logga_in, skapa_testapp

SVERIGE = hitta_underlag("sverige")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
ELEVER_HUVUD = "skolenhetskod,verksamhet,lasar,arskurs,antal\n"


def sverige_filer() -> dict[str, bytes]:
    """Tabellfilerna i det medföljande datasetet (utan README)."""
    return {p.name: p.read_bytes() for p in SVERIGE.iterdir() if p.name in tillatna_filnamn()}


def oberoende_hash(filer: dict[str, bytes]) -> str:
    """Innehållshashen räknad här, oberoende av lagringens kod: sha256 över rader
    ``namn\\0sha256(innehåll)\\n`` i namnordning."""
    h = hashlib.sha256()
    for namn in sorted(filer):
        h.update(f"{namn}\0{hashlib.sha256(filer[namn]).hexdigest()}\n".encode())
    return h.hexdigest()


def zip_av(medlemmar: dict[str, bytes]) -> bytes:
    """En zip-fil i minnet med medlemmarna (namnen skrivs som de är, även farliga)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for namn, data in medlemmar.items():
            zf.writestr(zipfile.ZipInfo(namn), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def antal_dataset(app: FastAPI) -> int:
    with app.state.sessionsfabrik() as db:
        return int(db.scalar(select(func.count()).select_from(Dataset)) or 0)


def ladda_upp(k: Klient, namn: str, filer: list[tuple[str, bytes]], **falt: str):  # type: ignore[no-untyped-def]
    """POST /dataset med filerna i fältet ``filer``."""
    return k.post(
        "/dataset",
        data={"csrf_token": k.csrf, "namn": namn, "beskrivning": "test", **falt},
        files=[("filer", (n, d, "application/octet-stream")) for n, d in filer],
        follow_redirects=False,
    )


def problem_i(svar) -> list[str]:  # type: ignore[no-untyped-def]
    """Problemraderna på formulärsidan (texten i ``<li>`` under role=alert)."""
    assert 'role="alert"' in svar.text
    ruta = svar.text.split('role="alert"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"&#39;", "'", x) for x in re.findall(r"<li>(.*?)</li>", ruta, re.S)]


@pytest.fixture(scope="module")
def sverige_zip() -> bytes:
    """Datasetet sverige som zip med katalogen ``sverige/`` (bara tabellerna)."""
    return zip_av({f"sverige/{n}": d for n, d in sverige_filer().items()})


@pytest.fixture(scope="module")
def gbg(webbapp: FastAPI) -> Klient:
    return logga_in(webbapp, "gbg")


def test_zip_blir_version_1_och_2_med_samma_hash(
    webbapp: FastAPI, gbg: Klient, sverige_zip: bytes
) -> None:
    fore = antal_dataset(webbapp)
    svar = ladda_upp(gbg, "gbg-underlag", [("sverige.zip", sverige_zip)])
    assert svar.status_code == 303, svar.text
    forsta = int(svar.headers["location"].rsplit("/", 1)[1])
    svar2 = ladda_upp(gbg, "gbg-underlag", [("sverige.zip", sverige_zip)])
    assert svar2.status_code == 303, svar2.text
    andra = int(svar2.headers["location"].rsplit("/", 1)[1])
    assert antal_dataset(webbapp) == fore + 2
    vantad = oberoende_hash(sverige_filer())
    with webbapp.state.sessionsfabrik() as db:
        v1, v2 = db.get(Dataset, forsta), db.get(Dataset, andra)
        assert v1 is not None and v2 is not None
        assert (v1.namn, v1.version, v1.kommunkod) == ("gbg-underlag", 1, "1480")
        assert (v2.namn, v2.version) == ("gbg-underlag", 2)
        assert v1.sha256 == v2.sha256 == vantad
        assert {f.filnamn: f.innehall for f in v1.filer} == sverige_filer()
        logg = db.scalars(
            select(Logghandelse.objekt).where(Logghandelse.handling == "laddade upp dataset")
        ).all()
        assert "gbg-underlag v1" in logg and "gbg-underlag v2" in logg
    sida = gbg.get(f"/dataset/{andra}")
    assert sida.status_code == 200
    assert "Föregående version (v1)" in sida.text and vantad in sida.text


def test_enstaka_csv_filer(webbapp: FastAPI, gbg: Klient) -> None:
    filer = sverige_filer()
    svar = ladda_upp(gbg, "enstaka", sorted(filer.items()))
    assert svar.status_code == 303, svar.text
    with webbapp.state.sessionsfabrik() as db:
        ds = db.get(Dataset, int(svar.headers["location"].rsplit("/", 1)[1]))
        assert ds is not None and ds.sha256 == oberoende_hash(filer)
        assert len(ds.filer) == len(filer)


def test_trasig_csv_namnger_fil_rad_och_kolumn(webbapp: FastAPI, gbg: Klient) -> None:
    elever = ELEVER_HUVUD + "10017830,fk_gr,2024/25,1,41\n10017830,fk_gr,2024/25,2,många\n"
    kommuner = b"kommunkod,kommunnamn\n1480,Goteborg\n"  # saknar obligatoriska kolumner
    fore = antal_dataset(webbapp)
    svar = ladda_upp(gbg, "trasig", [("elever.csv", elever.encode()), ("kommuner.csv", kommuner)])
    assert svar.status_code == 400
    problem = problem_i(svar)
    assert any(p.startswith("elever.csv, rad 3, kolumn 'antal'") for p in problem), problem
    assert any(p.startswith("kommuner.csv") and "loneindex" in p for p in problem), problem
    assert antal_dataset(webbapp) == fore


@pytest.mark.parametrize(
    ("filnamn", "data", "vantat"),
    [
        ("skolenheter.csv", PNG, "skolenheter.csv: fel filtyp"),
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00", "program.exe: fel filtyp"),
        ("elever.xlsx", b"%PDF-1.7\n", "elever.xlsx: fel filtyp"),
        ("sverige.zip", b"inte en zip", "sverige.zip: fel filtyp"),
    ],
)
def test_fel_filtyp(webbapp: FastAPI, gbg: Klient, filnamn: str, data: bytes, vantat: str) -> None:
    fore = antal_dataset(webbapp)
    svar = ladda_upp(gbg, "feltyp", [(filnamn, data)])
    assert svar.status_code == 400
    assert any(p.startswith(vantat) for p in problem_i(svar)), problem_i(svar)
    assert antal_dataset(webbapp) == fore


def test_zip_bomb_avvisas_utan_att_packas_upp(webbapp: FastAPI, gbg: Klient) -> None:
    buf = io.BytesIO()
    noll = b"0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("elever.csv", "w", force_zip64=True) as f,
    ):
        for _ in range(400):
            f.write(noll)
    bomb = buf.getvalue()
    assert len(bomb) < 2 * 1024 * 1024
    fore = antal_dataset(webbapp)
    svar = ladda_upp(gbg, "bomb", [("bomb.zip", bomb)])
    assert svar.status_code == 400
    text = " ".join(problem_i(svar))
    assert "zip-bomb" in text and "högst 300 MB" in text, text
    assert antal_dataset(webbapp) == fore


def test_lagre_granser_och_zip_i_zip(tmp_path: Path) -> None:
    app = skapa_testapp(f"sqlite:///{tmp_path / 'g.db'}", max_uppackat_bytes=2 * 1024 * 1024,
                        max_filer_i_zip=3)  # fmt: skip
    k = logga_in(app, "gbg")
    fore = antal_dataset(app)
    stor = zip_av({"elever.csv": ELEVER_HUVUD.encode() + b"1" * (3 * 1024 * 1024)})
    svar = ladda_upp(k, "stor", [("stor.zip", stor)])
    assert svar.status_code == 400 and "högst 2 MB" in " ".join(problem_i(svar))
    manga = zip_av({n: b"a\n" for n in sorted(tillatna_filnamn())[:5]})
    svar = ladda_upp(k, "manga", [("manga.zip", manga)])
    assert "högst 3 tas emot" in " ".join(problem_i(svar))
    inre = zip_av({"elever.csv": b"x"})
    svar = ladda_upp(k, "nastlad", [("yttre.zip", zip_av({"data/inre.zip": inre}))])
    assert "zip-filer inuti zip-filen tas inte emot: data/inre.zip" in " ".join(problem_i(svar))
    svar = ladda_upp(k, "nastlad", [("yttre.zip", zip_av({"elever.csv": inre}))])
    assert "elever.csv: fel filtyp: filen är en zip-fil" in " ".join(problem_i(svar))
    assert antal_dataset(app) == fore


def test_for_stor_forfragan_ger_413_pa_svenska(tmp_path: Path) -> None:
    app = skapa_testapp(f"sqlite:///{tmp_path / 's.db'}", max_uppladdning_bytes=1024 * 1024)
    k = logga_in(app, "gbg")
    assert "högst 1 MB" in k.get("/dataset/ny").text
    fore = antal_dataset(app)
    svar = ladda_upp(k, "stor", [("elever.csv", b"a" * (2 * 1024 * 1024))])
    assert svar.status_code == 413
    assert "för stor" in svar.text and "högst 1 MB" in svar.text
    assert antal_dataset(app) == fore


def test_sokvagar_i_zip_filen(webbapp: FastAPI, gbg: Klient, tmp_path: Path) -> None:
    farliga = ["../../etc/passwd", "/etc/passwd", "..\\x.csv", "C:/elever.csv",
               "sverige/../../elever.csv", "../kommuner.csv"]  # fmt: skip
    fore = antal_dataset(webbapp)
    svar = ladda_upp(gbg, "vag", [("vag.zip", zip_av({n: b"a,b\n1,2\n" for n in farliga}))])
    assert svar.status_code == 400
    problem = problem_i(svar)
    for namn in farliga:
        rad = f"vag.zip: otillåtet filnamn i zip-filen: {namn}"
        assert any(p.startswith(rad) for p in problem), (namn, problem)
    assert antal_dataset(webbapp) == fore
    assert not Path("/tmp/x.csv").exists() and not Path("/tmp/..\\x.csv").exists()
    for bas in (tmp_path.parent.parent, Path("/tmp")):
        assert not list(bas.glob("**/..\\x.csv"))


def test_uppladdat_filnamn_med_sokvag(webbapp: FastAPI, gbg: Klient) -> None:
    fore = antal_dataset(webbapp)
    svar = ladda_upp(gbg, "vag2", [("../../etc/passwd", b"root:x:0:0\n")])
    assert svar.status_code == 400
    assert (
        "../../etc/passwd: otillåtet filnamn: filnamnet innehåller en sökväg (t.ex. ../ eller /)"
        in problem_i(svar)
    )
    assert antal_dataset(webbapp) == fore


@pytest.mark.parametrize("kolumn", ["personnummer", "elev_id", "Födelsedatum", "individ_nr"])
def test_elevdata_avvisas(webbapp: FastAPI, gbg: Klient, kolumn: str) -> None:
    elever = (
        f"{kolumn},skolenhetskod,verksamhet,lasar,arskurs,antal\n1,10017830,fk_gr,2024/25,1,1\n"
    )
    fore = antal_dataset(webbapp)
    svar = ladda_upp(gbg, "elevdata", [("elever.csv", elever.encode())])
    assert svar.status_code == 400
    assert any(
        "webbapplikationen tar inte emot uppgifter om enskilda elever" in p and kolumn in p
        for p in problem_i(svar)
    )
    assert antal_dataset(webbapp) == fore


def test_ogiltigt_namn_och_upptaget_namn(webbapp: FastAPI) -> None:
    malmo = logga_in(webbapp, "malmo")
    fil = [("elever.csv", ELEVER_HUVUD.encode())]
    svar = ladda_upp(malmo, "../etc", fil)
    assert svar.status_code == 400
    assert any("namnet ska vara 1–60 tecken" in p for p in problem_i(svar))
    fore = antal_dataset(webbapp)
    svar = ladda_upp(malmo, "sverige", sorted(sverige_filer().items()))
    assert svar.status_code == 400
    assert any("används redan" in p for p in problem_i(svar))
    assert antal_dataset(webbapp) == fore


def test_csrf_saknas_ger_403(webbapp: FastAPI, gbg: Klient) -> None:
    fore = antal_dataset(webbapp)
    svar = gbg.post("/dataset", data={"namn": "x"},
                    files=[("filer", ("elever.csv", ELEVER_HUVUD.encode(), "text/csv"))])  # fmt: skip
    assert svar.status_code == 403 and "CSRF" in svar.text
    assert antal_dataset(webbapp) == fore


def xlsx_av(rubriker: list[str], rad: list[object]) -> bytes:
    """En liten Excel-fil (xlsxwriter) med en rubrikrad och en datarad."""
    import xlsxwriter

    buf = io.BytesIO()
    bok = xlsxwriter.Workbook(buf, {"in_memory": True})
    blad = bok.add_worksheet()
    blad.write_row(0, 0, rubriker)
    blad.write_row(1, 0, rad)
    bok.close()
    return buf.getvalue()


def test_xlsx_kontrolleras_efter_innehall(webbapp: FastAPI, gbg: Klient) -> None:
    fore = antal_dataset(webbapp)
    bra = xlsx_av(["kommunkod", "kommunnamn", "kommungrupp", "nuts2", "loneindex",
                   "gleshetsindex"], ["1480", "Göteborg", "A", "SE23", 1.0, 100.0])  # fmt: skip
    svar = ladda_upp(gbg, "xlsx", [("kommuner.xlsx", bra)])
    problem = problem_i(svar)
    assert not any("fel filtyp" in p or "enskilda" in p for p in problem), problem
    assert any(p.startswith("skolenheter.csv: filen saknas") for p in problem), problem
    elev = xlsx_av(["Personnummer", "kommunkod"], ["19900101-1234", "1480"])
    svar = ladda_upp(gbg, "xlsx", [("kommuner.xlsx", elev)])
    assert any("enskilda elever" in p and "Personnummer" in p for p in problem_i(svar))
    assert antal_dataset(webbapp) == fore
