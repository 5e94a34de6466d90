"""JSON-API:t: inloggning med token, CSRF för kakor, OpenAPI, dokumentationssidan, och att
kommandoraden och API:t ger samma tal (DESIGN, vana 6: ett test kontrollerar att CLI och
webb är överens)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from skolpeng.lagring.dataset import innehallshash
from skolpeng.lagring.tabeller import Beslut, Beslutsfil, Dataset, Modell, Scenario
from tests.webb.hjalp import GBG, LOSENORD, REKTORNS_ENHETER, Klient, logga_in

ROT = Path(__file__).resolve().parents[2]
GBG_MODELL = ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"


def token_for(app: FastAPI, anvandarnamn: str) -> dict[str, str]:
    """Authorization-rubriken för användaren (inloggad via API:t)."""
    svar = Klient(app).post(
        "/api/inloggning", json={"anvandarnamn": anvandarnamn, "losenord": LOSENORD}
    )
    assert svar.status_code == 200, svar.text
    return {"Authorization": f"Bearer {svar.json()['token']}"}


def skapa_objekt(app: FastAPI) -> dict[str, int]:
    """En modell och ett scenario (Göteborgstypen) och ett beslut för 1480 år 2026 med
    ``bidrag.csv`` och ``fordelning.csv`` ur bibliotekets körning. Ut: id:n."""
    from skolpeng.data import hitta_underlag, las_underlag
    from skolpeng.fordelning.korning import berakna_fordelning
    from skolpeng.fordelning.lika_villkor.per_enhet import avrunda_bidrag
    from skolpeng.fordelning.modellfil.schema import las_modell_text
    from skolpeng.rapporter.fordelning.utdata import fordelningstabell

    text = GBG_MODELL.read_text(encoding="utf-8")
    korning = berakna_fordelning(las_modell_text(text), las_underlag(hitta_underlag("sverige")))
    filer = {
        "bidrag.csv": avrunda_bidrag(korning.bidrag).write_csv().encode(),
        "fordelning.csv": fordelningstabell(korning).write_csv().encode(),
    }
    scenariotext = text.replace("andel_av_ram: 0.81", "andel_av_ram: 0.75").replace(
        "andel_av_ram: 0.19", "andel_av_ram: 0.25"
    )
    assert scenariotext != text
    with app.state.sessionsfabrik() as db:
        ds = db.query(Dataset).filter_by(namn="sverige").one()
        m = Modell(namn="Göteborgstyp", kommunkod=GBG, text=text, dataset_id=ds.id,
                   andrad_av="gbg")  # fmt: skip
        db.add(m)
        db.flush()
        s = Scenario(modell_id=m.id, namn="Mer struktur", text=scenariotext, andrad_av="gbg")
        b = Beslut(kommunkod=GBG, ar=2026, verksamhet="fk_gr", namn="Beslut 2026",
                   modell_id=m.id, dataset_id=ds.id, modelltext=text, manifest="{}",
                   innehall_sha256=innehallshash(filer), skapad_av="gbg",
                   filer=[Beslutsfil(filnamn=n, sha256=hashlib.sha256(d).hexdigest(),
                                     innehall=d) for n, d in filer.items()])  # fmt: skip
        db.add_all([s, b])
        db.commit()
        return {"dataset": ds.id, "modell": m.id, "scenario": s.id, "beslut": b.id}


@pytest.fixture(scope="module")
def objekt(webbapp: FastAPI) -> dict[str, int]:
    return skapa_objekt(webbapp)


def test_inloggning_ger_token_som_fungerar_och_utloggning_tar_bort_den(webbapp: FastAPI) -> None:
    k = Klient(webbapp)
    svar = k.post("/api/inloggning", json={"anvandarnamn": "gbg", "losenord": LOSENORD})
    assert svar.status_code == 200
    data = svar.json()
    assert data["roll"] == "handlaggare" and data["kommunkod"] == GBG and data["giltig_till"]
    rubrik = {"Authorization": f"Bearer {data['token']}"}
    assert "skolpeng_session" not in k.cookies  # API:t sätter ingen kaka
    assert k.get("/api/dataset", headers=rubrik).status_code == 200
    assert k.post("/api/utloggning", headers=rubrik).json() == {"meddelande": "Du är utloggad."}
    svar = k.get("/api/dataset", headers=rubrik)
    assert svar.status_code == 401 and svar.json()["fel"] == "Inloggning krävs."


def test_fel_losenord_ger_401_pa_svenska(webbapp: FastAPI) -> None:
    svar = Klient(webbapp).post(
        "/api/inloggning", json={"anvandarnamn": "gbg", "losenord": "fel-losenord-123"}
    )
    assert svar.status_code == 401
    assert svar.json()["fel"] == "Fel användarnamn eller lösenord."
    assert "token" not in svar.json()


def test_bearer_utan_csrf_och_kaka_kraver_csrf(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    kropp = {"modell_id": objekt["modell"]}
    assert Klient(webbapp).post("/api/fordelning", json=kropp,
                                headers=token_for(webbapp, "gbg")).status_code == 200  # fmt: skip
    k = logga_in(webbapp, "gbg")
    svar = k.post("/api/fordelning", json=kropp)
    assert svar.status_code == 403 and "CSRF" in svar.json()["fel"]
    assert (
        k.post("/api/fordelning", json=kropp, headers={"X-CSRF-Token": k.csrf}).status_code == 200
    )


def test_openapi_listar_alla_vagar(webbapp: FastAPI) -> None:
    assert Klient(webbapp).get("/api/openapi.json").status_code == 401  # kräver inloggning
    dok = logga_in(webbapp, "gbg").get("/api/openapi.json").json()
    vagar = dok["paths"]
    for vag, metod in [
        ("/api/inloggning", "post"), ("/api/utloggning", "post"), ("/api/dataset", "get"),
        ("/api/norm", "get"), ("/api/modeller", "get"), ("/api/modeller/{modell_id}", "get"),
        ("/api/scenarier/{scenario_id}", "get"), ("/api/fordelning", "post"),
        ("/api/scenarier/{scenario_id}/redovisningar/{skolenhetskod}", "get"),
        ("/api/beslut", "get"), ("/api/beslut/{beslut_id}", "get"),
        ("/api/beslut/{beslut_id}/redovisningar/{skolenhetskod}", "get"),
    ]:  # fmt: skip
        assert metod in vagar[vag], vag
        assert vagar[vag][metod]["summary"]
    schema = dok["components"]["schemas"]["EnhetsbeloppUt"]["properties"]
    assert schema["belopp_kr"]["description"] == "Enhetens belopp (oavrundat)."
    assert "HTTPBearer" in dok["components"]["securitySchemes"]
    fel_422 = vagar["/api/norm"]["get"]["responses"]["422"]["content"]["application/json"]
    assert fel_422["schema"]["$ref"].endswith("/Felsvar")  # appens svenska felsvar
    parameter = vagar["/api/modeller/{modell_id}"]["get"]["parameters"][0]
    assert parameter["description"] == "Modellens id."


def test_dokumentationssidan(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    svar = k.get("/api/dokumentation")
    assert svar.status_code == 200 and svar.headers["content-type"].startswith("text/html")
    html = svar.text
    assert html.count("<h1") == 1 and "<caption>Parametrar för GET /api/norm</caption>" in html
    assert "<code>POST /api/fordelning</code>" in html and "curl" in html
    assert "Lyckat svar" in html and "Successful Response" not in html and "``" not in html
    assert "/logga-ut</code>" not in html  # bara API:ts vägar
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "style=" not in html and "<script>" not in html
    assert 'aria-current="page"' in html  # navigeringens länk "API"


def _cli(tmp_path: Path, *argv: str) -> None:
    from skolpeng.cli import bygg_app

    r = CliRunner().invoke(bygg_app(), list(argv))
    assert r.exit_code == 0, r.output


def test_fordelningen_som_kommandoraden(webbapp: FastAPI, objekt: dict[str, int],
                                        tmp_path: Path) -> None:  # fmt: skip
    ut = tmp_path / "ut"
    _cli(tmp_path, "fordela", "--modell", str(GBG_MODELL), "--data", "sverige",
         "--ut", str(ut), "--utan-pdf")  # fmt: skip
    cli = (
        pl.read_csv(ut / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum(), pl.col("belopp_kr_avrundat").sum())
    )
    svar = Klient(webbapp).post(
        "/api/fordelning",
        json={"dataset_id": objekt["dataset"], "modelltext": GBG_MODELL.read_text("utf-8")},
        headers=token_for(webbapp, "gbg"),
    )
    assert svar.status_code == 200, svar.text
    data = svar.json()
    api = {e["skolenhetskod"]: e for e in data["enheter"]}
    assert set(api) == set(cli["skolenhetskod"]) and len(api) == 177
    for kod, belopp, avrundat in cli.iter_rows():
        assert api[kod]["belopp_kr"] == pytest.approx(belopp, rel=1e-12, abs=1e-6), kod
        assert api[kod]["belopp_kr_avrundat"] == avrundat
    # potterna summerar till ramen och enheterna till potterna
    ram = 6_467_827_953
    assert sum(p["belopp_kr"] for p in data["potter"]) == pytest.approx(ram, abs=1e-3)
    assert sum(e["belopp_kr"] for e in data["enheter"]) == pytest.approx(ram, abs=1e-3)
    assert sum(e["belopp_kr_avrundat"] for e in data["enheter"]) == sum(
        p["fordelat_avrundat_kr"] for p in data["potter"]
    )
    # bidragen exakt som bidrag.csv
    bidrag = pl.read_csv(ut / "bidrag.csv", schema_overrides={"skolenhetskod": pl.String,
                                                              "huvudman_id": pl.String})  # fmt: skip
    assert len(data["bidrag"]) == bidrag.height > 0
    for rad, b in zip(bidrag.iter_rows(named=True), data["bidrag"], strict=True):
        for kol in ("skolenhetskod", "stadium", "undervisning", "lokalkostnad", "moms", "bidrag",
                    "bidrag_totalt_kr", "tillaggsbelopp", "tillaggsbelopp_ar_kr"):  # fmt: skip
            assert b[kol] == rad[kol], (kol, rad["skolenhetskod"])
    # jämförelsen med normen: kommunens rader som normjamforelse.csv
    norm = pl.read_csv(ut / "normjamforelse.csv", schema_overrides={"skolenhetskod": pl.String})
    kommun = norm.filter(pl.col("niva") == "huvudman")
    assert [r["stadium"] for r in data["normjamforelse"]] == kommun["stadium"].to_list()
    for r, skillnad in zip(data["normjamforelse"], kommun["skillnad_kr"], strict=True):
        assert r["skillnad_kr"] == pytest.approx(skillnad, abs=1e-6)


def test_normen_som_kommandoraden(webbapp: FastAPI, objekt: dict[str, int],
                                  tmp_path: Path) -> None:  # fmt: skip
    ut = tmp_path / "norm"
    _cli(tmp_path, "norm", "--data", "sverige", "--ar", "2026", "--variant", "vagledande",
         "--ut", str(ut))  # fmt: skip
    cli = pl.read_csv(ut / "norm_skolenheter.csv",
                      schema_overrides={"skolenhetskod": pl.String, "kommunkod": pl.String,
                                        "huvudman_id": pl.String})  # fmt: skip
    cli = cli.filter(pl.col("kommunkod") == GBG)
    svar = Klient(webbapp).get(
        f"/api/norm?dataset_id={objekt['dataset']}&ar=2026&variant=vagledande&kommunkod={GBG}",
        headers=token_for(webbapp, "gbg"),
    )
    assert svar.status_code == 200, svar.text
    data = svar.json()
    assert data["antal"] == cli.height == len(data["rader"]) > 100
    api = {(r["skolenhetskod"], r["stadium"]): r for r in data["rader"]}
    for rad in cli.iter_rows(named=True):
        a = api[(rad["skolenhetskod"], rad["stadium"])]
        for kol in ("elever", "grundersattning", "socioekonomiskt_tillagg", "norm"):
            assert a[kol] == pytest.approx(rad[kol], rel=1e-12, abs=1e-6), (kol, a)
    en = (
        Klient(webbapp)
        .get(
            f"/api/norm?dataset_id={objekt['dataset']}&ar=2026&skolenhetskod={REKTORNS_ENHETER[0]}",
            headers=token_for(webbapp, "gbg"),
        )
        .json()
    )
    assert {r["skolenhetskod"] for r in en["rader"]} == {REKTORNS_ENHETER[0]}


def test_redovisningen_forklarar_varje_krona(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    rubrik = token_for(webbapp, "gbg")
    k = Klient(webbapp)
    kod = REKTORNS_ENHETER[0]
    fordelning = k.post("/api/fordelning", json={"modell_id": objekt["modell"]},
                        headers=rubrik).json()  # fmt: skip
    enhet = next(e for e in fordelning["enheter"] if e["skolenhetskod"] == kod)
    red = k.get(f"/api/beslut/{objekt['beslut']}/redovisningar/{kod}", headers=rubrik).json()
    assert red["kalla"] == "beslut" and red["namn"] == enhet["namn"]
    assert red["belopp_kr"] == pytest.approx(enhet["belopp_kr"], abs=1e-6)
    assert sum(r["belopp_kr"] for r in red["rader"]) == pytest.approx(red["belopp_kr"], abs=1e-6)
    assert sum(r["belopp_kr_avrundat"] for r in red["rader"]) == red["belopp_kr_avrundat"]
    assert sum(s["elever"] for s in red["elever_per_stadium"]) == red["elever"] == enhet["elever"]
    assert {p["pott"] for p in red["potter"]} == {"grundbelopp", "strukturbelopp"}
    # scenariot har mer i strukturbeloppet: en enhet med högt index får mer
    scen = k.get(f"/api/scenarier/{objekt['scenario']}/redovisningar/{kod}",
                 headers=rubrik).json()  # fmt: skip
    assert scen["kalla"] == "scenario" and red["index"] > 100
    assert scen["belopp_kr"] > red["belopp_kr"]


def test_lasvagar_for_modell_scenario_och_beslut(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    rubrik = token_for(webbapp, "gbg")
    k = Klient(webbapp)
    assert [d["namn"] for d in k.get("/api/dataset", headers=rubrik).json()] == ["sverige"]
    modeller = k.get("/api/modeller", headers=rubrik).json()
    assert objekt["modell"] in [m["id"] for m in modeller] and "text" not in modeller[0]
    m = k.get(f"/api/modeller/{objekt['modell']}", headers=rubrik).json()
    assert m["text"] == GBG_MODELL.read_text("utf-8") and m["kommunkod"] == GBG
    s = k.get(f"/api/scenarier/{objekt['scenario']}", headers=rubrik).json()
    assert s["modell_id"] == objekt["modell"] and "0.75" in s["text"]
    b = k.get(f"/api/beslut/{objekt['beslut']}", headers=rubrik).json()
    assert b["hash_stammer"] is True and b["filer"] == ["bidrag.csv", "fordelning.csv"]
    assert objekt["beslut"] in [x["id"] for x in k.get("/api/beslut", headers=rubrik).json()]


def test_felaktig_modell_ger_400_med_alla_problem(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    rubrik = token_for(webbapp, "gbg")
    k = Klient(webbapp)
    svar = k.post("/api/fordelning", json={"dataset_id": objekt["dataset"],
                                           "modelltext": "namn: x\n"}, headers=rubrik)  # fmt: skip
    assert svar.status_code == 400
    data = svar.json()
    assert data["fel"] == "Modellen kan inte räknas; ingenting har beräknats."
    assert any("kommunkod" in p for p in data["problem"]) and len(data["problem"]) >= 2
    svar = k.post("/api/fordelning", json={"modell_id": objekt["modell"],
                                           "scenario_id": objekt["scenario"]}, headers=rubrik)  # fmt: skip
    assert svar.status_code == 400 and "exakt en" in svar.json()["fel"]


def test_beslut_som_inte_kan_aterskapas_ger_409(webbapp: FastAPI, objekt: dict[str, int]) -> None:
    """Ett beslut vars modelltext inte längre ger de lagrade beloppen redovisas inte."""
    from sqlalchemy import select

    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, objekt["beslut"])
        assert b is not None
        filer = {f.filnamn: f.innehall for f in b.filer}
        andrad = b.modelltext.replace("andel_av_ram: 0.81", "andel_av_ram: 0.80").replace(
            "andel_av_ram: 0.19", "andel_av_ram: 0.20"
        )
        kopia = Beslut(kommunkod=GBG, ar=2026, verksamhet="fk_gr", lopnummer=2, namn="Ändrat",
                       dataset_id=b.dataset_id, modelltext=andrad, manifest="{}",
                       innehall_sha256=b.innehall_sha256, skapad_av="gbg",
                       filer=[Beslutsfil(filnamn=n, sha256=hashlib.sha256(d).hexdigest(),
                                         innehall=d) for n, d in filer.items()])  # fmt: skip
        db.add(kopia)
        db.commit()
        ny_id = kopia.id
        assert db.scalar(select(Beslut.id).where(Beslut.lopnummer == 2)) == ny_id
    svar = Klient(webbapp).get(f"/api/beslut/{ny_id}/redovisningar/{REKTORNS_ENHETER[0]}",
                               headers=token_for(webbapp, "gbg"))  # fmt: skip
    assert svar.status_code == 409 and "kan inte återskapas" in svar.json()["fel"]
