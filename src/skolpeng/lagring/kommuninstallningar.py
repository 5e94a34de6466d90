"""Kommunens inställningar för besluten: den ansvariga nämnden, dess postadress och
texten om hur man överklagar.

In: en session och en kommunkod (och de nya värdena). Ut: ``Kommuninstallning`` eller None,
respektive den sparade raden (ingen commit; anroparen loggar och committar i samma
transaktion).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from skolpeng.lagring.tabeller import nu
from skolpeng.lagring.tabeller_kommun import Kommuninstallning

MAX_NAMND = 200
MAX_TEXT = 4000


def hamta(db: Session, kommunkod: str) -> Kommuninstallning | None:
    """Kommunens inställningar, eller None om inga sparats."""
    return db.get(Kommuninstallning, kommunkod)


def kontrollera(namnd: str, postadress: str, overklagande: str) -> list[str]:
    """Problemen med värdena (tom lista om de går att spara), på svenska."""
    problem = []
    if not namnd.strip():
        problem.append("Nämnd: ange den ansvariga nämndens namn.")
    if len(namnd) > MAX_NAMND:
        problem.append(f"Nämnd: högst {MAX_NAMND} tecken.")
    if not postadress.strip():
        problem.append("Postadress: ange nämndens postadress.")
    for falt, text in (("Postadress", postadress), ("Text om överklagande", overklagande)):
        if len(text) > MAX_TEXT:
            problem.append(f"{falt}: högst {MAX_TEXT} tecken.")
    return problem


def spara(db: Session, kommunkod: str, namnd: str, postadress: str, overklagande: str,
          av: str) -> Kommuninstallning:  # fmt: skip
    """Sparar (eller ersätter) kommunens inställningar; värdena ska ha kontrollerats."""
    rad = hamta(db, kommunkod)
    if rad is None:
        rad = Kommuninstallning(kommunkod=kommunkod)
        db.add(rad)
    rad.namnd, rad.postadress = namnd.strip(), postadress.strip().replace("\r\n", "\n")
    rad.overklagande = overklagande.strip().replace("\r\n", "\n")
    rad.andrad, rad.andrad_av = nu(), av
    return rad
