"""Kommunens inställningar för besluten: den ansvariga nämnden, dess postadress och
texten om hur man överklagar, som besluten om bidrag som webben fastställer använder.

- ``/kommun/{kod}/installningar`` (GET): formuläret med de sparade värdena (eller tomt);
- ``/kommun/{kod}/installningar`` (POST): sparar efter kontroll; alla fel på en gång och
  det som skrevs står kvar i fälten.

In: handläggare i kommunen eller administratören (andra får 404). Ut: sidan; ändringen
loggas i samma transaktion. Kommandoraden behåller sin standardtext.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from skolpeng.api import kommuninstallningar, kommunnamn_for, logga
from skolpeng.web.behorighet import far_hantera_kommun
from skolpeng.web.beroenden import Db, Handlaggare, neka_om
from skolpeng.web.mallar import sida

router = APIRouter()


async def _formular(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


Formular = Annotated[dict[str, str], Depends(_formular)]


def _kontrollera_kommun(inl: Handlaggare, kommunkod: str) -> None:
    neka_om(kommunnamn_for(kommunkod) is None or not far_hantera_kommun(inl.anvandare, kommunkod))


@router.get("/kommun/{kommunkod}/installningar")
def installningar(request: Request, kommunkod: str, inl: Handlaggare, db: Db,
                  sparad: int = 0) -> Response:  # fmt: skip
    """Formuläret med kommunens sparade inställningar."""
    _kontrollera_kommun(inl, kommunkod)
    rad = kommuninstallningar.hamta(db, kommunkod)
    falt = {"namnd": rad.namnd if rad else "", "postadress": rad.postadress if rad else "",
            "overklagande": rad.overklagande if rad else ""}  # fmt: skip
    return sida(request, "kommun_installningar.html", inl, kommunkod=kommunkod, falt=falt,
                rad=rad, problem=[], sparad=sparad)  # fmt: skip


@router.post("/kommun/{kommunkod}/installningar")
def spara(request: Request, kommunkod: str, inl: Handlaggare, db: Db,
          form: Formular) -> Response:  # fmt: skip
    """Sparar inställningarna (nämnd, postadress, text om överklagande)."""
    _kontrollera_kommun(inl, kommunkod)
    falt = {k: form.get(k, "") for k in ("namnd", "postadress", "overklagande")}
    problem = kommuninstallningar.kontrollera(**falt)
    if problem:
        return sida(request, "kommun_installningar.html", inl, status=400, kommunkod=kommunkod,
                    falt=falt, rad=kommuninstallningar.hamta(db, kommunkod), problem=problem,
                    sparad=0)  # fmt: skip
    kommuninstallningar.spara(db, kommunkod, av=inl.anvandare.anvandarnamn, **falt)
    logga(db, inl.anvandare.anvandarnamn, "ändrade kommunens inställningar",
          f"kommun {kommunkod}", f"nämnd: {falt['namnd'].strip()}", kommunkod)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/kommun/{kommunkod}/installningar?sparad=1", status_code=303)
