"""Personuppgifter och importen av förra årets fördelning (fynd 4, 7 och 8):
personnummer och samordningsnummer (10 och 12 siffror, giltig kontrollsiffra) i någon cell
av någon uppladdning avvisas med fil, rad och kolumn utan att numret visas; importen tar bara
de filer och kolumner som ``skolpeng fordela`` skriver och manifestet enligt sitt schema;
trasiga manifest och modeller med oändliga eller orimliga tal sparas aldrig."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import xlsxwriter

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fel import IndataFel
from skolpeng.fordelning.korning import berakna_fordelning
from skolpeng.fordelning.modellfil.schema import las_modell_text
from skolpeng.rapporter.fordelning.utdata import skriv_fordelning_utdata
from skolpeng.web.installningar import Installningar
from skolpeng.web.sidor_forra import tolka_import
from skolpeng.web.uppladdning import Granser, tolka_uppladdning

ROT = Path(__file__).resolve().parents[2]
SVERIGE = ROT / "src" / "skolpeng" / "dataset" / "sverige"
MODELL = ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
GRANSER = Granser(300 * 1024 * 1024, 200.0, 50)


def kontrollsiffra(nio: str) -> int:
    """Luhn-algoritmens kontrollsiffra för nio siffror, räknad här oberoende av projektet:
    vikterna 2, 1, 2, 1 … och produkternas siffersumma (Skatteverket, SKV 704 avsnitt 2)."""
    summa = sum(sum(int(c) for c in str(int(s) * v)) for s, v in zip(nio, [2, 1] * 5, strict=False))
    return (10 - summa % 10) % 10


def nummer(datum: str, fodelsenr: str = "238") -> str:
    """``ÅÅMMDD`` + födelsenummer + kontrollsiffra."""
    return datum + fodelsenr + str(kontrollsiffra(datum + fodelsenr))


PNR10 = nummer("640823")
SAMORDNING = nummer("640883")  # dag 23 + 60
FEL_KONTROLL = PNR10[:-1] + str((int(PNR10[-1]) + 1) % 10)


def test_kontrollsiffran_som_skatteverket_raknar() -> None:
    """SKV 704:s exempel 640823-323? har kontrollsiffran 4."""
    assert kontrollsiffra("640823323") == 4


@pytest.mark.parametrize(
    ("text", "hittas"),
    [
        (PNR10, True),
        (f"{PNR10[:6]}-{PNR10[6:]}", True),
        (f"{PNR10[:6]}+{PNR10[6:]}", True),
        (f"19{PNR10}", True),
        (f"Elev 19{PNR10[:6]}-{PNR10[6:]} i 4A", True),
        (SAMORDNING, True),
        (FEL_KONTROLL, False),
        (nummer("641323"), False),  # månad 13
        (nummer("857205", "406"), False),  # organisationsnummer: månad 72
        (f"1{PNR10}1", False),  # del av ett längre tal
    ],
)
def test_personnummer_kanns_igen(text: str, hittas: bool) -> None:
    from skolpeng.personnummer import har_personnummer

    assert har_personnummer(text) is hittas


def _problem(uppladdade: list[tuple[str, bytes]]) -> list[str]:
    with pytest.raises(IndataFel) as fel:
        tolka_uppladdning(uppladdade, GRANSER)
    return [str(p) for p in fel.value.problem]


def test_personnummer_i_en_textcell_avvisas_med_rad_och_kolumn_men_visas_inte() -> None:
    rader = (SVERIGE / "skolenheter.csv").read_text(encoding="utf-8").splitlines()
    rader[3] = rader[3].replace(rader[3].split(",")[1], f"Anna {PNR10[:6]}-{PNR10[6:]}", 1)
    (problem,) = _problem([("skolenheter.csv", ("\n".join(rader) + "\n").encode())])
    assert problem.startswith("skolenheter.csv, rad 4, kolumn 'namn':")
    assert "personnummer" in problem and PNR10[:6] not in problem


def test_samordningsnummer_i_en_excel_cell_avvisas() -> None:
    data = io.BytesIO()
    with xlsxwriter.Workbook(data) as bok:
        blad = bok.add_worksheet()
        blad.write_row(0, 0, ["kommunkod", "kommunnamn"])
        blad.write_row(1, 0, ["1480", f"Göteborg {SAMORDNING}"])
    (problem,) = _problem([("kommuner.xlsx", data.getvalue())])
    assert problem.startswith("kommuner.xlsx, rad 2, kolumn 'kommunnamn':")
    assert SAMORDNING not in problem
    # ett tolvsiffrigt nummer som tal i en talcell; ett tiosiffrigt tal räknas inte
    data = io.BytesIO()
    with xlsxwriter.Workbook(data) as bok:
        blad = bok.add_worksheet()
        blad.write_row(0, 0, ["kommunkod", "kommunnamn", "loneindex"])
        blad.write_row(1, 0, ["1480", "Göteborg", int(PNR10)])
        blad.write_row(2, 0, ["1480", "Göteborg", int("19" + PNR10)])
    (problem,) = _problem([("kommuner.xlsx", data.getvalue())])
    assert problem.startswith("kommuner.xlsx, rad 3, kolumn 'loneindex':")


@dataclass(frozen=True)
class Katalog:
    filer: dict[str, bytes]

    def zip(self, **andrade: bytes | None) -> bytes:
        """Katalogen som zip-fil, med filerna i ``andrade`` utbytta (None = borttagen)."""
        filer = {**self.filer, **{k.replace("__", "."): v for k, v in andrade.items()}}
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for namn, data in filer.items():
                if data is not None:
                    zf.writestr(f"ut/{namn}", data)
        return buf.getvalue()


@pytest.fixture(scope="module")
def katalog(tmp_path_factory: pytest.TempPathFactory) -> Katalog:
    """2025 års utdatakatalog som ``skolpeng fordela --utan-pdf`` skriver den."""
    text = MODELL.read_text(encoding="utf-8").replace("\nar: 2026", "\nar: 2025")
    text = text.replace("index:\n", "index:\n  ar: 2026\n")
    tmp = tmp_path_factory.mktemp("forra")
    modellfil = tmp / "modell.yaml"
    modellfil.write_text(text, encoding="utf-8")
    korning = berakna_fordelning(las_modell_text(text), las_underlag(hitta_underlag("sverige")))
    ut = tmp / "ut"
    skriv_fordelning_utdata(dataclasses.replace(korning, modellfil=modellfil), ut, {}, pdf=False)
    return Katalog({p.name: p.read_bytes() for p in ut.iterdir() if p.is_file()})


def _importfel(data: bytes) -> list[str]:
    with pytest.raises(IndataFel) as fel:
        tolka_import("forra.zip", data, Installningar())
    return [str(p) for p in fel.value.problem]


def test_en_riktig_katalog_tas_emot(katalog: Katalog) -> None:
    filer, modell = tolka_import("forra.zip", katalog.zip(), Installningar())
    assert modell.ar == 2025 and "manifest.json" in filer and "underlag_enheter.csv" in filer


def test_extra_kolumn_i_underlaget_avvisas(katalog: Katalog) -> None:
    rubrik, rest = katalog.filer["underlag_enheter.csv"].split(b"\n", 1)
    rader = rest.split(b"\n")
    rest = b"\n".join(r + f",{PNR10}".encode() if r else r for r in rader)
    problem = _importfel(katalog.zip(underlag_enheter__csv=rubrik + b",pnr\n" + rest))
    assert any(
        p.startswith("underlag_enheter.csv, rad 1: okända kolumner: pnr") for p in problem
    ), problem


def test_personnummer_i_en_kand_kolumn_avvisas(katalog: Katalog) -> None:
    rader = katalog.filer["underlag_enheter.csv"].decode().split("\n")
    celler = rader[2].split(",")
    celler[1] = f"Elev {PNR10[:6]}-{PNR10[6:]}"
    rader[2] = ",".join(celler)
    (problem,) = _importfel(katalog.zip(underlag_enheter__csv="\n".join(rader).encode()))
    assert (
        problem.startswith("underlag_enheter.csv, rad 3, kolumn 'namn':") and PNR10 not in problem
    )


@pytest.mark.parametrize(
    "manifest",
    [
        b"[1, 2, 3]",
        b'{"modell": "x"}',
        b"inte json",
        None,  # ändras nedan: ett riktigt manifest med elevuppgifter
    ],
)
def test_manifest_provas_mot_sitt_schema(katalog: Katalog, manifest: bytes | None) -> None:
    if manifest is None:
        riktigt = json.loads(katalog.filer["manifest.json"])
        riktigt["elever"] = [{"personnummer": f"19{PNR10}", "namn": "Anna"}]
        manifest = json.dumps(riktigt).encode()
    problem = _importfel(katalog.zip(manifest__json=manifest))
    assert problem and all(p.startswith("manifest.json") for p in problem)
    assert PNR10 not in " ".join(problem)


@pytest.mark.parametrize(
    ("fran", "till"),
    [
        ("ram_kr: 6467827953", "ram_kr: .inf"),
        ("ram_kr: 6467827953", "ram_kr: 1.0e308"),
        ("ram_kr: 6467827953", "ram_kr: " + "9" * 5000),
        ("\nar: 2025", "\nar: 99999"),
        ("\nar: 2025", "\nar: -5"),
    ],
)
def test_modellen_i_importen_med_orimliga_tal_avvisas(
    katalog: Katalog, fran: str, till: str
) -> None:
    text = katalog.filer["modell.yaml"].decode()
    assert fran in text
    problem = _importfel(katalog.zip(modell__yaml=text.replace(fran, till).encode()))
    assert problem and all(p.startswith("modell.yaml") for p in problem)


@pytest.mark.parametrize(
    ("fran", "till", "nyckel"),
    [
        ("varden: {F: 1.00,", "varden: {F: .nan,", "varden.F"),
        ("ram_kr: 6467827953", "ram_kr: .inf", "ram_kr"),
        ("ram_kr: 6467827953", "ram_kr: 1.0e308", "ram_kr"),
        ("\nar: 2026", "\nar: 99999", "ar"),
        ("\nar: 2026", "\nar: -5", "ar"),
    ],
)
def test_orimliga_tal_i_modellen_ar_svenska_fel(fran: str, till: str, nyckel: str) -> None:
    text = MODELL.read_text(encoding="utf-8")
    assert fran in text
    with pytest.raises(IndataFel) as fel:
        las_modell_text(text.replace(fran, till), "m.yaml")
    (problem,) = fel.value.problem
    assert str(problem).startswith(f"m.yaml: {nyckel}") or f".{nyckel}:" in str(problem)


def test_personnummer_i_webbens_modelltext_avvisas() -> None:
    from skolpeng.web.korning import las_webbmodell

    text = MODELL.read_text(encoding="utf-8")
    rad = next(r for r in text.splitlines() if r.startswith("namn:"))
    ny = text.replace(rad, f'namn: "Modell för {PNR10[:6]}-{PNR10[6:]}"', 1)
    with pytest.raises(IndataFel) as fel:
        las_webbmodell(ny, "modell.yaml")
    (problem,) = fel.value.problem
    assert problem.kolumn == "namn" and PNR10[:6] not in str(problem)
    kommentar = text.replace(rad, f"{rad}  # frågor till 19{PNR10}", 1)
    with pytest.raises(IndataFel) as fel:
        las_webbmodell(kommentar, "modell.yaml")
    (problem,) = fel.value.problem
    assert problem.rad == text.splitlines().index(rad) + 1 and PNR10 not in str(problem)


def test_administratoren_aterkallar_ett_importerat_beslut(katalog: Katalog, tmp_path: Path) -> None:
    """Ett felaktigt beslut återkallas: det finns kvar, visas som återkallat, står i
    granskningsloggen och används inte längre som förra året. En handläggare kan inte
    återkalla, och en orsak krävs."""
    from sqlalchemy import select

    from skolpeng.lagring.beslut import forra_arets
    from skolpeng.lagring.tabeller import Beslut, Dataset, Logghandelse
    from tests.webb.hjalp import logga_in, skapa_testapp

    app = skapa_testapp(f"sqlite:///{tmp_path / 'a.db'}")
    with app.state.sessionsfabrik() as db:
        ds = db.scalar(select(Dataset).where(Dataset.namn == "sverige"))
        assert ds is not None
        dataset_id = ds.id
    gbg = logga_in(app, "gbg")
    svar = gbg.post_form("/beslut/importera", {"dataset_id": str(dataset_id)},
                         files={"fil": ("forra.zip", katalog.zip(), "application/zip")},
                         follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    beslut_id = int(svar.headers["location"].rsplit("/", 1)[1])
    with app.state.sessionsfabrik() as db:
        assert forra_arets(db, "1480", 2026, "fk_gr") is not None

    assert gbg.post_form(f"/beslut/{beslut_id}/aterkalla", {"orsak": "fel fil"},
                         follow_redirects=False).status_code in (403, 404)  # fmt: skip
    admin = logga_in(app, "admin")
    svar = admin.post_form(f"/beslut/{beslut_id}/aterkalla", {"orsak": "  \x1b "},
                           follow_redirects=False)  # fmt: skip
    assert svar.status_code == 400 and "Skriv varför" in svar.text
    svar = admin.post_form(f"/beslut/{beslut_id}/aterkalla",
                           {"orsak": "Fel kommun\x00s fil importerades"}, follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303
    sida = admin.get(f"/beslut/{beslut_id}")
    assert sida.status_code == 200 and "(återkallat)" in sida.text
    assert "Fel kommuns fil importerades" in sida.text
    assert "Återkallat" in admin.get("/beslut").text
    with app.state.sessionsfabrik() as db:
        b = db.get(Beslut, beslut_id)
        assert b is not None and b.status == "aterkallat" and b.aterkallat_av == "admin"
        assert b.filer  # filerna finns kvar
        assert forra_arets(db, "1480", 2026, "fk_gr") is None
        logg = db.scalars(select(Logghandelse).where(Logghandelse.handling == "återkallade beslut"))
        assert [r.objekt.split(" (")[0] for r in logg] == [f"beslut {beslut_id}"]
