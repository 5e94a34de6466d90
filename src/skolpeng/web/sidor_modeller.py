"""Sidorna för modeller och scenarier (docs/webb.md, modeller och scenarier).

- ``/modeller``: kommunens modeller och "Ny modell från exempel" (``exempel``, ``dataset_id``);
- ``/modeller/{id}``: potter, ram och stabilitet i ett formulär och modelltexten direkt;
  varje sparning kontrolleras med ``las_webbmodell`` och en körning (``kor_modell``) innan
  något sparas; ``/modeller/{id}/modell.yaml`` laddar ned texten, ``/modeller/{id}/resultat``
  kör modellen;
- ``/modeller/{id}/scenarier`` och ``/scenarier/{id}``: scenarier med spakar, omräkning på
  plats (``/scenarier/{id}/berakna``, HTMX, sparar inget) och "Spara scenariot";
- ``/scenarier/jamfor?id=…``: upp till fyra scenarier sida vid sida (och ``diagram.svg``).

In: formulär (handläggare i kommunen eller administratör; alla andra får 404 för objekten).
Ut: sidor. Beräkningen sker bara i ``web.korning``; ändringar loggas i samma transaktion.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from skolpeng.api import (
    MODELLKATALOG,
    Dataset,
    IndataFel,
    Modell,
    Problem,
    Scenario,
    alla_exempel,
    hitta_exempel,
    logga,
    sortera_ram,
    visningsnamn,
)
from skolpeng.web.behoriga_objekt import hamta_modell, hamta_scenario
from skolpeng.web.behorighet import ar_admin, far_hantera_kommun, far_se_dataset
from skolpeng.web.beroenden import Db, Handlaggare, Inloggad
from skolpeng.web.korning import kor_text, las_webbmodell
from skolpeng.web.mallar import sida
from skolpeng.web.modellformular import (
    BELOPPSTYPER,
    FORMER,
    NYCKELTYPER,
    Spakar,
    las_yaml,
    pottrader,
    spakar,
    tillampa_modellformular,
    tillampa_spakar,
)
from skolpeng.web.scenariojamforelse import router as jamforelse_router

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from skolpeng.api import Fordelningskorning

router = APIRouter()
router.include_router(jamforelse_router)
YAML_TYP = "application/yaml; charset=utf-8"


async def _formular(request: Request) -> dict[str, str]:
    """Formulärets textfält (filer tas aldrig emot här). Ett beroende: formuläret läses
    asynkront, och sidorna själva är vanliga funktioner som FastAPI kör i trådpoolen, så att
    beräkningar och databasanrop aldrig blockerar händelseloopen."""
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


Formular = Annotated[dict[str, str], Depends(_formular)]


def _nedladdning(text: str, filnamn: str) -> Response:
    return Response(text.encode("utf-8"), media_type=YAML_TYP,
                    headers={"Content-Disposition": f'attachment; filename="{filnamn}"'})  # fmt: skip


# --- Modeller ---------------------------------------------------------------------------


def _modellista(request: Request, inl: Inloggad, db: Session, problem: list[str] | None = None,
                status: int = 200) -> Response:  # fmt: skip
    anv = inl.anvandare
    fraga = select(Modell).order_by(Modell.kommunkod, Modell.namn)
    if not ar_admin(anv):
        fraga = fraga.where(Modell.kommunkod == anv.kommunkod)
    dataset = [d for d in db.scalars(select(Dataset).order_by(Dataset.namn, Dataset.version))
               if far_se_dataset(anv, d.kommunkod)]  # fmt: skip
    exempel = [e for e in alla_exempel() if far_hantera_kommun(anv, e.kommunkod)]
    return sida(request, "modeller.html", inl, status=status, modeller=list(db.scalars(fraga)),
                dataset=dataset, exempel=exempel, katalog_finns=MODELLKATALOG.is_dir(),
                problem=problem or [])  # fmt: skip


@router.get("/modeller")
def modeller(request: Request, inl: Handlaggare, db: Db) -> Response:
    """Modellerna användaren får hantera och formuläret för en ny modell."""
    return _modellista(request, inl, db)


@router.post("/modeller/ny")
def ny_modell(request: Request, inl: Handlaggare, db: Db, form: Formular) -> Response:
    """Ny modell från ett medföljande exempel på ett dataset användaren får se."""
    ex = hitta_exempel(form.get("exempel", ""))
    try:
        ds = db.get(Dataset, int(form.get("dataset_id", "")))
    except ValueError:
        ds = None
    if ex is None or ds is None or not far_se_dataset(inl.anvandare, ds.kommunkod):
        return _modellista(request, inl, db, ["Välj ett exempel och ett dataset i listorna."], 400)
    if not far_hantera_kommun(inl.anvandare, ex.kommunkod):
        raise HTTPException(403, f"Du får bara skapa modeller för din egen kommun "
                                 f"({inl.anvandare.kommunkod}); exemplet gäller {ex.kommunkod}.")  # fmt: skip
    m = Modell(namn=ex.modell.namn, kommunkod=ex.kommunkod, text=ex.text, version=1,
               dataset_id=ds.id, andrad_av=inl.anvandare.anvandarnamn)  # fmt: skip
    m.dataset = ds
    try:
        kor_text(request, db, ex.text, m)
    except IndataFel as fel:
        return _modellista(request, inl, db, [f"Exemplet {ex.filnamn} kan inte köras på "
                                              f"datasetet {ds.namn} v{ds.version}:"]
                           + [str(p) for p in fel.problem], 400)  # fmt: skip
    db.add(m)
    db.flush()
    logga(db, inl.anvandare.anvandarnamn, "skapade modell", f"modell {m.id}",
          f"från exemplet {ex.filnamn}, dataset {ds.namn} v{ds.version}", m.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/modeller/{m.id}", status_code=303)


def _modellsida(request: Request, inl: Inloggad, m: Modell, text: str | None = None,
                problem: list[str] | None = None, status: int = 200, **extra: Any) -> Response:  # fmt: skip
    modell = las_webbmodell(m.text)
    return sida(request, "modell.html", inl, status=status, m=m, modell=modell,
                potter=pottrader(modell), text=m.text if text is None else text,
                problem=problem or [], beloppstyper=BELOPPSTYPER, nyckeltyper=NYCKELTYPER,
                former=FORMER, **extra)  # fmt: skip


@router.get("/modeller/{modell_id:int}")
def modell_sida(request: Request, modell_id: int, inl: Handlaggare, db: Db,
                sparad: int = 0, oforandrad: int = 0) -> Response:  # fmt: skip
    """Modellens formulär, text och länkar."""
    return _modellsida(request, inl, hamta_modell(db, inl.anvandare, modell_id), sparad=sparad,
                       oforandrad=oforandrad)  # fmt: skip


def _spara_modell(request: Request, inl: Inloggad, db: Session, m: Modell, ny_text: str,
                  kalla: str, inmatat: dict[str, str] | None = None) -> Response:  # fmt: skip
    from skolpeng.api import modellversioner

    if ny_text == m.text:  # ett oförändrat formulär eller text ger ingen ny version
        return RedirectResponse(f"/modeller/{m.id}?oforandrad=1", status_code=303)
    try:
        modell, _ = kor_text(request, db, ny_text, m)
    except IndataFel as fel:
        return _modellsida(request, inl, m, ny_text, [str(p) for p in fel.problem], 400,
                           inmatat=inmatat)  # fmt: skip
    modellversioner.spara_ny_version(db, m, ny_text, inl.anvandare.anvandarnamn, kalla)
    m.namn = modell.namn
    logga(db, inl.anvandare.anvandarnamn, "sparade modell", f"modell {m.id}",
          f"version {m.version} ({kalla})", m.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/modeller/{m.id}?sparad=1", status_code=303)


@router.post("/modeller/{modell_id:int}/formular")
def spara_formular(
    request: Request, modell_id: int, inl: Handlaggare, db: Db, form: Formular
) -> Response:
    """Formulärets fält tillämpade på texten; sparas bara om allt är giltigt."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    try:
        ny_text = tillampa_modellformular(m.text, form)
    except IndataFel as fel:
        return _modellsida(request, inl, m, None, [str(p) for p in fel.problem], 400,
                           inmatat=form)  # fmt: skip
    if las_yaml(ny_text) == las_yaml(m.text):
        ny_text = m.text  # samma innehåll: ingen ny version (och texten behåller sin form)
    return _spara_modell(request, inl, db, m, ny_text, "formuläret", inmatat=form)


@router.post("/modeller/{modell_id:int}/text")
def spara_text(
    request: Request, modell_id: int, inl: Handlaggare, db: Db, form: Formular
) -> Response:
    """Den redigerade modelltexten; sparas bara om den är giltig och går att köra."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    text = form.get("text", "").replace("\r\n", "\n")
    return _spara_modell(request, inl, db, m, text, "texten")


@router.get("/modeller/{modell_id:int}/modell.yaml")
def ladda_ned_modell(modell_id: int, inl: Handlaggare, db: Db) -> Response:
    """Modelltexten som fil."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    logga(db, inl.anvandare.anvandarnamn, "laddade ned modell", f"modell {m.id}",
          f"version {m.version}", m.kommunkod)  # fmt: skip
    db.commit()
    return _nedladdning(m.text, f"modell-{m.id}-v{m.version}.yaml")


def resultatvy(korning: Fordelningskorning, huvudman: bool = True) -> dict[str, Any]:
    """Körningen som rader för mallarna: potter (med rubrik), nyckeltal och (med
    ``huvudman``) beloppen per huvudman."""
    from skolpeng.api import per_huvudman
    from skolpeng.api import sammanfatta_scenariojamforelse as sammanfatta

    rubriker = {p.namn: visningsnamn(p) for p in korning.modell.potter}
    potter = [{**r, "rubrik": rubriker.get(r["pott"], r["pott"])}
              for r in korning.fordelning.potter.to_dicts()]  # fmt: skip
    vy = {"korning": korning, "potter": potter, "sammanfattning": sammanfatta(korning)}
    if huvudman:
        vy["huvudman"] = per_huvudman(korning.fordelning).to_dicts()
    return vy


@router.get("/modeller/{modell_id:int}/resultat")
def kor_modellen(request: Request, modell_id: int, inl: Handlaggare, db: Db) -> Response:
    """Kör modellen: potter, enheter, huvudmän och noteringar."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    from skolpeng.web import tabeller

    _, korning = kor_text(request, db, m.text, m)
    vy = resultatvy(korning)
    enheter = sortera_ram(korning.fordelning.enheter, "namn").to_dicts()
    return sida(request, "modell_resultat.html", inl, m=m, **vy, enheter=enheter,
                t_potter=tabeller.potter(vy["potter"]),
                t_enheter=tabeller.resultatets_enheter(enheter))  # fmt: skip


# --- Scenarier --------------------------------------------------------------------------


@router.get("/modeller/{modell_id:int}/scenarier")
def modellens_scenarier(request: Request, modell_id: int, inl: Handlaggare, db: Db) -> Response:
    """Modellens scenarier: skapa, byta namn, ta bort."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    scenarier = db.scalars(select(Scenario).where(Scenario.modell_id == m.id).order_by(Scenario.id))
    return sida(request, "modell_scenarier.html", inl, m=m, scenarier=list(scenarier))


def _namn(form: dict[str, str]) -> str:
    namn = " ".join(form.get("namn", "").split())
    if not namn or len(namn) > 200:
        raise IndataFel([Problem("Formuläret", "namn: ange ett namn (högst 200 tecken)")])
    return namn


@router.post("/modeller/{modell_id:int}/scenarier")
def nytt_scenario(
    request: Request, modell_id: int, inl: Handlaggare, db: Db, form: Formular
) -> Response:
    """Ett nytt scenario som en kopia av modellens text."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    s = Scenario(modell_id=m.id, namn=_namn(form), text=m.text,
                 andrad_av=inl.anvandare.anvandarnamn)  # fmt: skip
    db.add(s)
    db.flush()
    logga(db, inl.anvandare.anvandarnamn, "skapade scenario", f"scenario {s.id}",
          f"{s.namn} (modell {m.id} version {m.version})", m.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/scenarier/{s.id}", status_code=303)


@router.post("/scenarier/{scenario_id:int}/namn")
def byt_namn(
    request: Request, scenario_id: int, inl: Handlaggare, db: Db, form: Formular
) -> Response:
    """Byter scenariots namn."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    gammalt, s.namn = s.namn, _namn(form)
    logga(db, inl.anvandare.anvandarnamn, "bytte namn på scenario", f"scenario {s.id}",
          f"{gammalt} -> {s.namn}", s.modell.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/modeller/{s.modell_id}/scenarier", status_code=303)


@router.post("/scenarier/{scenario_id:int}/ta-bort")
def ta_bort_scenario(scenario_id: int, inl: Handlaggare, db: Db) -> Response:
    """Tar bort scenariot."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    modell_id, kommunkod = s.modell_id, s.modell.kommunkod
    logga(db, inl.anvandare.anvandarnamn, "tog bort scenario", f"scenario {s.id}", s.namn,
          kommunkod)  # fmt: skip
    db.delete(s)
    db.commit()
    return RedirectResponse(f"/modeller/{modell_id}/scenarier", status_code=303)


@functools.lru_cache(maxsize=64)
def _sparade_spakar(text: str) -> Spakar:
    """Spakarna i en sparad scenariotext (minns: omräkningen läser samma text varje gång)."""
    return spakar(las_webbmodell(text))


def _scenariovy(request: Request, db: Session, s: Scenario, text: str,
                bas: Spakar | None = None) -> dict[str, Any]:  # fmt: skip
    """Scenariots spakar och resultat för texten (``problem`` när den inte går att köra).
    ``bas`` är de sparade spakarna (scenariots text) om de redan är lästa."""
    bas = bas or _sparade_spakar(s.text)
    try:
        modell, korning = kor_text(request, db, text, s.modell, med_bidrag=False)
    except IndataFel as fel:
        return {"problem": [str(p) for p in fel.problem], "spakar": bas, "basspakar": bas}
    from skolpeng.web.sidor_export import scenariots_tabeller

    return {"problem": [], "spakar": spakar(modell), "basspakar": bas,
            **resultatvy(korning, huvudman=False), "tabeller": scenariots_tabeller(korning, db)}  # fmt: skip


@router.get("/scenarier/{scenario_id:int}")
def scenario_sida(request: Request, scenario_id: int, inl: Handlaggare, db: Db,
                  sparat: int = 0) -> Response:  # fmt: skip
    """Scenariots spakar och resultat."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    return sida(request, "scenario.html", inl, s=s, sparat=sparat,
                **_scenariovy(request, db, s, s.text))  # fmt: skip


def _spakad_text(
    request: Request, s: Scenario, form: dict[str, str], bas: Spakar | None = None
) -> str:
    utlosare = request.headers.get("hx-trigger")
    return tillampa_spakar(s.text, form, utlosare, bas)


@router.post("/scenarier/{scenario_id:int}/berakna")
def berakna_scenario(request: Request, scenario_id: int, inl: Handlaggare, db: Db,
                     form: Formular) -> Response:  # fmt: skip
    """Räknar om med spakarnas värden utan att spara. Ut: fragmentet för ``#resultat`` (och
    spakarna utom den som ändrades, utanför målet, så att tal och reglage följs åt)."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    try:
        bas = _sparade_spakar(s.text)
        vy = _scenariovy(request, db, s, _spakad_text(request, s, form, bas), bas)
    except IndataFel as fel:
        vy = {"problem": [str(p) for p in fel.problem], "spakar": None, "basspakar": None}
    return sida(request, "scenario_resultat.html", inl, s=s, fragment=True,
                utlosare=request.headers.get("hx-trigger"), **vy)  # fmt: skip


@router.post("/scenarier/{scenario_id:int}")
def spara_scenario(request: Request, scenario_id: int, inl: Handlaggare, db: Db,
                   form: Formular) -> Response:  # fmt: skip
    """Sparar spakarnas värden i scenariots text (bara om den går att köra)."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    try:
        text = _spakad_text(request, s, form)
        kor_text(request, db, text, s.modell)
    except IndataFel as fel:
        return sida(request, "scenario.html", inl, status=400, s=s, sparat=0,
                    **{**_scenariovy(request, db, s, s.text),
                       "problem": [str(p) for p in fel.problem]})  # fmt: skip
    s.text, s.andrad_av = text, inl.anvandare.anvandarnamn
    logga(db, inl.anvandare.anvandarnamn, "sparade scenario", f"scenario {s.id}", s.namn,
          s.modell.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/scenarier/{s.id}?sparat=1", status_code=303)


@router.get("/scenarier/{scenario_id:int}/modell.yaml")
def ladda_ned_scenario(scenario_id: int, inl: Handlaggare, db: Db) -> Response:
    """Scenariots modelltext som fil."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    logga(db, inl.anvandare.anvandarnamn, "laddade ned scenario", f"scenario {s.id}", s.namn,
          s.modell.kommunkod)  # fmt: skip
    db.commit()
    return _nedladdning(s.text, f"scenario-{s.id}.yaml")
