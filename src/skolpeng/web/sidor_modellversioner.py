"""Modellens versioner: historiken med vem och när, skillnaden mellan två
versioner och återställning av en äldre version (som en ny version med samma text).

- ``/modeller/{id}/versioner``: historiken, nyast först, med länkar för att jämföra och
  återställa;
- ``/modeller/{id}/versioner/jamfor?fran=A&till=B``: raderna som skiljer (difflib, varje rad
  HTML-skyddad av Jinja);
- ``POST /modeller/{id}/versioner/{v}/aterstall``: version v blir modellens nya version (är
  texten redan den nuvarande skapas ingen ny version).

In: handläggare i modellens kommun eller administratör (andra får 404). Ut: sidor och
omdirigeringar; återställningen kontrolleras och loggas som en vanlig sparning.
"""

from __future__ import annotations

import difflib

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from skolpeng.api import IndataFel, logga, modellversioner
from skolpeng.web.behoriga_objekt import hamta_modell
from skolpeng.web.beroenden import Db, Handlaggare, neka_om
from skolpeng.web.korning import kor_text
from skolpeng.web.mallar import sida

router = APIRouter()


def skillnadsrader(fran: str, till: str) -> list[tuple[str, str]]:
    """Raderna i en unifierad jämförelse som (slag, text): slag ``tillagd``, ``borttagen``,
    ``avsnitt`` (radnumren) eller ``samma``. Texten är rå; mallen HTML-skyddar den."""
    ut: list[tuple[str, str]] = []
    for rad in difflib.unified_diff(fran.splitlines(), till.splitlines(), lineterm="", n=2):
        if rad.startswith(("---", "+++")):
            continue
        slag = {"+": "tillagd", "-": "borttagen", "@": "avsnitt"}.get(rad[:1], "samma")
        ut.append((slag, rad))
    return ut


@router.get("/modeller/{modell_id:int}/versioner")
def versioner(request: Request, modell_id: int, inl: Handlaggare, db: Db,
              aterstalld: int = 0) -> Response:  # fmt: skip
    """Modellens versioner med vem och när."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    return sida(request, "modell_versioner.html", inl, m=m,
                versioner=modellversioner.versioner(db, m), aterstalld=aterstalld)  # fmt: skip


@router.get("/modeller/{modell_id:int}/versioner/jamfor")
def jamfor(request: Request, modell_id: int, inl: Handlaggare, db: Db, fran: int,
           till: int) -> Response:  # fmt: skip
    """Skillnaden mellan två versioner av modelltexten."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    a, b = modellversioner.version(db, m, fran), modellversioner.version(db, m, till)
    neka_om(a is None or b is None)
    assert a is not None and b is not None
    return sida(request, "modell_versionsjamforelse.html", inl, m=m, fran=a, till=b,
                rader=skillnadsrader(a.text, b.text))  # fmt: skip


@router.post("/modeller/{modell_id:int}/versioner/{version:int}/aterstall")
def aterstall(request: Request, modell_id: int, version: int, inl: Handlaggare,
              db: Db) -> Response:  # fmt: skip
    """Den äldre versionens text sparas som en ny version (efter samma kontroll och
    provkörning som en vanlig sparning)."""
    m = hamta_modell(db, inl.anvandare, modell_id)
    gammal = modellversioner.version(db, m, version)
    neka_om(gammal is None)
    assert gammal is not None
    if gammal.text == m.text:
        return RedirectResponse(f"/modeller/{m.id}/versioner?aterstalld=0", status_code=303)
    try:
        modell, _ = kor_text(request, db, gammal.text, m)
    except IndataFel as fel:
        return sida(request, "modell_versioner.html", inl, status=400, m=m,
                    versioner=modellversioner.versioner(db, m),
                    problem=[str(p) for p in fel.problem])  # fmt: skip
    anv = inl.anvandare.anvandarnamn
    modellversioner.spara_ny_version(db, m, gammal.text, anv, f"återställd från version {version}")
    m.namn = modell.namn
    logga(db, anv, "återställde modell", f"modell {m.id}",
          f"version {m.version} = version {version}", m.kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/modeller/{m.id}/versioner?aterstalld={m.version}", status_code=303)
