"""Nedladdning av sidornas tabeller som Excel (xlsx) och CSV.

Adresser (``{format}`` är ``xlsx`` eller ``csv``; behörigheten prövas som för sidan, och den
som inte får se objektet får 404):

- ``/modeller/{id}/resultat/{tabell}.{format}`` – ``potter``, ``huvudman``, ``enheter``;
- ``/scenarier/{id}/tabeller/{tabell}.{format}`` – ``potter``, ``enheter`` och ``huvudman``
  (årets belopp mot förra årets), ur det sparade scenariot;
- ``/scenarier/jamfor/tabeller/{tabell}.{format}?id=…`` – ``nyckeltal``, ``forandring``,
  ``forandring_huvudman``, ``huvudman``, ``enheter``, ``norm``;
- ``/norm/tabeller/enheter.{format}?…`` – normen per skolenhet och stadium med sidans urval
  (alla rader, inte bara sidans 50);
- ``/beslut/{id}/tabeller/{tabell}.{format}`` – ``huvudman``, ``enheter``.

In: sidans data (samma funktioner i ``web.tabeller`` som sidan). Ut: filen som bilaga. Varje
nedladdning står i granskningsloggen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from skolpeng.api import (
    CSV_TYP,
    KOMPONENTER,
    STADIUM_TEXT,
    XLSX_TYP,
    Exporttabell,
    andring_per_enhet,
    andring_per_huvudman,
    logga,
    sortera_ram,
    tabell_till_csv,
    tabell_till_xlsx,
)
from skolpeng.api import lagrade_beslut as lb
from skolpeng.web import tabeller
from skolpeng.web.behoriga_objekt import hamta_modell, hamta_scenario
from skolpeng.web.behorighet import far_hantera_kommun
from skolpeng.web.beroenden import Db, Handlaggare, Inloggad, neka_om
from skolpeng.web.korning import kor_text
from skolpeng.web.scenariojamforelse import MAX_SCENARIER, Idn, _korda
from skolpeng.web.sidor_norm import NormfilterDep

router = APIRouter()
FORMAT = {"xlsx": XLSX_TYP, "csv": CSV_TYP}


def fil(
    t: Exporttabell,
    format_: str,
    filnamn: str,
    db: Session,
    inl: Inloggad,
    objekt: str,
    kommunkod: str | None,
) -> Response:
    """Tabellen som fil (``format_`` xlsx eller csv; annat 404), loggad i granskningsloggen."""
    neka_om(format_ not in FORMAT)
    data = tabell_till_xlsx(t) if format_ == "xlsx" else tabell_till_csv(t)
    namn = f"{filnamn}.{format_}"
    logga(db, inl.anvandare.anvandarnamn, "laddade ned tabell", objekt, namn, kommunkod)
    db.commit()
    return Response(
        data,
        media_type=FORMAT[format_],
        headers={"Content-Disposition": f'attachment; filename="{namn}"'},
    )


def _valj(byggare: dict[str, Callable[[], Exporttabell]], tabell: str) -> Exporttabell:
    neka_om(tabell not in byggare)
    return byggare[tabell]()


def scenariots_tabeller(korning: Any, db: Session) -> dict[str, Exporttabell]:
    """Scenariots tabeller för sidan och nedladdningen: potterna och årets belopp mot förra
    årets per skolenhet och per huvudman."""
    from skolpeng.web.forra_belopp import beslutade_belopp
    from skolpeng.web.sidor_modeller import resultatvy

    enheter = andring_per_enhet(korning.fordelning, korning.forra, beslutade_belopp(db, korning))
    return {
        "potter": tabeller.potter(
            resultatvy(korning, huvudman=False)["potter"], "Potterna i scenariot"
        ),
        "enheter": tabeller.andring_enheter(
            enheter.to_dicts(), "Per skolenhet: årets belopp mot förra årets"
        ),
        "huvudman": tabeller.andring_huvudman(
            andring_per_huvudman(enheter).to_dicts(), "Per huvudman: årets belopp mot förra årets"
        ),
    }


@router.get("/modeller/{modell_id:int}/resultat/{tabell}.{format_}")
def modellens_tabell(
    request: Request, modell_id: int, tabell: str, format_: str, inl: Handlaggare, db: Db
) -> Response:
    """En tabell på modellens resultatsida."""
    from skolpeng.web.sidor_modeller import resultatvy

    m = hamta_modell(db, inl.anvandare, modell_id)
    neka_om(tabell not in ("potter", "huvudman", "enheter") or format_ not in FORMAT)
    _, korning = kor_text(request, db, m.text, m)
    vy = resultatvy(korning)
    t = _valj(
        {
            "potter": lambda: tabeller.potter(vy["potter"]),
            "huvudman": lambda: tabeller.resultatets_huvudman(vy["huvudman"]),
            "enheter": lambda: tabeller.resultatets_enheter(
                sortera_ram(korning.fordelning.enheter, "namn").to_dicts()
            ),
        },
        tabell,
    )
    return fil(t, format_, f"modell-{m.id}-{tabell}", db, inl, f"modell {m.id}", m.kommunkod)


@router.get("/scenarier/{scenario_id:int}/tabeller/{tabell}.{format_}")
def scenariots_tabell(
    request: Request, scenario_id: int, tabell: str, format_: str, inl: Handlaggare, db: Db
) -> Response:
    """En tabell på scenariosidan (det sparade scenariot)."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    neka_om(tabell not in ("potter", "huvudman", "enheter") or format_ not in FORMAT)
    _, korning = kor_text(request, db, s.text, s.modell, med_bidrag=False)
    t = scenariots_tabeller(korning, db)[tabell]
    return fil(
        t, format_, f"scenario-{s.id}-{tabell}", db, inl, f"scenario {s.id}", s.modell.kommunkod
    )


@router.get("/scenarier/jamfor/tabeller/{tabell}.{format_}")
def jamforelsens_tabell(
    request: Request,
    tabell: str,
    format_: str,
    inl: Handlaggare,
    db: Db,
    idn: Idn = [],  # noqa: B006
) -> Response:
    """En tabell i jämförelsen av scenarierna ``id``."""
    idn = list(dict.fromkeys(idn))
    neka_om(not 1 <= len(idn) <= MAX_SCENARIER or format_ not in FORMAT)
    j = _korda(request, db, inl, idn)
    t = _valj(
        {
            "nyckeltal": lambda: tabeller.jamforelsens_nyckeltal(j),
            "forandring": lambda: tabeller.jamforelsens_andring(j.namn, list(j.andring)),
            "forandring_huvudman": lambda: tabeller.jamforelsens_andring_huvudman(
                j.namn, list(j.andring)
            ),
            "huvudman": lambda: tabeller.jamforelsens_huvudman(j),
            "enheter": lambda: tabeller.jamforelsens_enheter(j),
            "norm": lambda: tabeller.jamforelsens_norm(j),
        },
        tabell,
    )
    objekt = "scenarier " + ", ".join(str(i) for i in idn)
    return fil(t, format_, f"jamforelse-{tabell}", db, inl, objekt, inl.anvandare.kommunkod)


@router.get("/norm/tabeller/enheter.{format_}")
def normens_tabell(
    request: Request,
    format_: str,
    inl: Handlaggare,
    db: Db,
    urval: NormfilterDep,
    dataset: int | None = None,
    ar: int = 2026,
    variant: str = "vagledande",
) -> Response:
    """Normen per skolenhet och stadium med sidans urval (alla rader)."""
    from skolpeng.web.sidor_norm import KOMPONENTNAMN, _val, normens_urval

    neka_om(format_ not in FORMAT)
    val = _val(request, db, inl.anvandare, dataset, ar, variant)
    neka_om(val["norm"] is None)
    df = normens_urval(val["norm"], urval)
    t = tabeller.normens_enheter(df.to_dicts(), KOMPONENTER, KOMPONENTNAMN, STADIUM_TEXT)
    return fil(
        t,
        format_,
        f"normen-{ar}-{variant}",
        db,
        inl,
        f"dataset {val['ds'].id}",
        inl.anvandare.kommunkod,
    )


@router.get("/norm/tabeller/publicering.{format_}")
def publiceringens_tabell(
    request: Request,
    format_: str,
    inl: Handlaggare,
    db: Db,
    dataset: int | None = None,
    ar: int = 2026,
    variant: str = "vagledande",
    sok: str = Query("", max_length=100),
    kommun: str = Query("", max_length=4),
    stadium: str = Query("", max_length=5),
) -> Response:
    """Publiceringstabellen med sidans urval (alla rader)."""
    from skolpeng.api import VARAV, VARAV_RUBRIKER
    from skolpeng.web.sidor_norm import publiceringens_urval

    neka_om(format_ not in FORMAT)
    val = _val_norm(request, db, inl, dataset, ar, variant)
    df = publiceringens_urval(val["ds"], val["norm"], ar, variant, sok, kommun, stadium)
    t = tabeller.normens_publicering(df.to_dicts(), VARAV, VARAV_RUBRIKER, STADIUM_TEXT)
    return fil(
        t,
        format_,
        f"publicering-{ar}-{variant}",
        db,
        inl,
        f"dataset {val['ds'].id}",
        inl.anvandare.kommunkod,
    )


def _val_norm(
    request: Request, db: Session, inl: Inloggad, dataset: int | None, ar: int, variant: str
) -> dict[str, Any]:
    """Normens val som på sidan; 404 när normen inte kan beräknas."""
    from skolpeng.web.sidor_norm import _val

    val = _val(request, db, inl.anvandare, dataset, ar, variant)
    neka_om(val["norm"] is None or val["ds"] is None)
    return val


@router.get("/beslut/{beslut_id:int}/tabeller/{tabell}.{format_}")
def beslutets_tabell(
    beslut_id: int, tabell: str, format_: str, inl: Handlaggare, db: Db
) -> Response:
    """En tabell på beslutets sida (kommunens handläggare och administratören)."""
    from skolpeng.api import Beslut

    b = db.get(Beslut, beslut_id)
    neka_om(b is None or not far_hantera_kommun(inl.anvandare, b.kommunkod))
    assert b is not None
    neka_om(format_ not in FORMAT)
    t = _valj(
        {
            "huvudman": lambda: tabeller.beslutets_huvudman(lb.bidrag_per_huvudman(b)),
            "enheter": lambda: tabeller.beslutets_enheter(lb.enhetssummor(b)),
        },
        tabell,
    )
    return fil(t, format_, f"beslut-{b.id}-{tabell}", db, inl, f"beslut {b.id}", b.kommunkod)
