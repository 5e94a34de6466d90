"""Redovisningarna av de riktade medlens användning i databasen: kommunens
kategorilista, versionerna och övergångarna utkast -> inskickad -> återlämnad -> ny version.

Varje övergång skrivs i granskningsloggen i samma transaktion (``logga``; commit gör
anroparen). En inskickad eller återlämnad version ändras aldrig: ``spara_utkast`` på en sådan
skapar en ny version (återlämnad) eller avvisas (inskickad, ``RedovisningLast``).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from skolpeng.lagring.logg import logga
from skolpeng.lagring.tabeller import nu
from skolpeng.lagring.tabeller_anvandning import (
    Anvandningskategorier,
    Anvandningsrad,
    Anvandningsrapport,
)
from skolpeng.uppfoljning.anvandning import Kategori, Rad, standardkategorier


class RedovisningLast(Exception):
    """Versionen är inskickad och kan inte ändras (den kan bara lämnas tillbaka)."""


#: Det som får ändras i en inskickad version: återlämningen.
_ATERLAMNING = frozenset({"status", "aterlamnad", "aterlamnad_av", "kommentar"})


@event.listens_for(Session, "before_flush")
def _skydda_inskickade(session: Session, _ctx: object, _inst: object) -> None:
    """Skyddet i databaslagret: raderna i en inskickad eller återlämnad version och versionens
    innehåll kan inte ändras eller tas bort av någon kod (``RedovisningLast`` vid flush)."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Anvandningsrad):
            rapport = obj.rapport or inspect(obj).attrs.rapport.history.deleted
            rapport = rapport[0] if isinstance(rapport, tuple | list) and rapport else rapport
            if isinstance(rapport, Anvandningsrapport) and _last(rapport):
                raise RedovisningLast(_objekt(rapport))
        elif isinstance(obj, Anvandningsrapport) and _last(obj):
            andrade = {a.key for a in inspect(obj).attrs if a.history.has_changes()}
            if obj in session.deleted or andrade - _ATERLAMNING:
                raise RedovisningLast(_objekt(obj))


def _last(r: Anvandningsrapport) -> bool:
    """Var versionen inskickad redan före den här ändringen (statusen i databasen)?"""
    hist = inspect(r).attrs.status.history
    fore = hist.deleted[0] if hist.deleted else (None if hist.added else r.status)
    return fore in ("inskickad", "aterlamnad")


def kategorier_for(db: Session, kommunkod: str) -> list[Kategori]:
    """Kommunens kategorilista, eller standardlistan när kommunen inte har ändrat den."""
    rad = db.get(Anvandningskategorier, kommunkod)
    if rad is None:
        return standardkategorier()
    return [Kategori(str(k["namn"]), bool(k["forvantad"])) for k in rad.kategorier]


def spara_kategorier(
    db: Session, kommunkod: str, kategorier: Sequence[Kategori], anvandare: str
) -> None:
    """Sparar kommunens lista (ersätter den tidigare) med en loggrad."""
    lista = [{"namn": k.namn, "forvantad": k.forvantad} for k in kategorier]
    rad = db.get(Anvandningskategorier, kommunkod)
    if rad is None:
        db.add(Anvandningskategorier(kommunkod=kommunkod, kategorier=lista, andrad_av=anvandare))
    else:
        rad.kategorier, rad.andrad, rad.andrad_av = lista, nu(), anvandare
    text = "; ".join(f"{k.namn}{'' if k.forvantad else ' (inte förväntad)'}" for k in kategorier)
    logga(db, anvandare, "ändrade kategorierna för riktade medel", f"kommun {kommunkod}", text,
          kommunkod)  # fmt: skip
    db.flush()


def versioner(db: Session, kommunkod: str, kod: str, ar: int) -> list[Anvandningsrapport]:
    """Enhetens versioner för året, nyast först."""
    fraga = select(Anvandningsrapport).where(
        Anvandningsrapport.kommunkod == kommunkod,
        Anvandningsrapport.skolenhetskod == kod,
        Anvandningsrapport.ar == ar,
    )
    return list(db.scalars(fraga.order_by(Anvandningsrapport.version.desc())))


def aktuell(db: Session, kommunkod: str, kod: str, ar: int) -> Anvandningsrapport | None:
    """Den senaste versionen (None om enheten inte har börjat redovisa året)."""
    v = versioner(db, kommunkod, kod, ar)
    return v[0] if v else None


def _objekt(r: Anvandningsrapport) -> str:
    return f"redovisning {r.skolenhetskod} {r.ar} version {r.version}"


def _nasta_version(db: Session, kommunkod: str, kod: str, ar: int) -> int:
    fraga = select(func.max(Anvandningsrapport.version)).where(
        Anvandningsrapport.kommunkod == kommunkod,
        Anvandningsrapport.skolenhetskod == kod,
        Anvandningsrapport.ar == ar,
    )
    return int(db.scalar(fraga) or 0) + 1


def _rader(rader: Sequence[Rad]) -> list[Anvandningsrad]:
    return [
        Anvandningsrad(
            ordning=i,
            kategori=r.kategori,
            belopp_kr=r.belopp_kr,
            arsarbetare=r.arsarbetare,
            text=r.text,
        )  # fmt: skip
        for i, r in enumerate(rader)
    ]


def spara_utkast(
    db: Session,
    *,
    kommunkod: str,
    kod: str,
    ar: int,
    rader: Sequence[Rad],
    forklaring: str,
    riktat_kr: int,
    underlag: list[dict[str, object]],
    anvandare: str,
) -> Anvandningsrapport:
    """Sparar raderna som utkast: i det senaste utkastet, annars (ingen version eller en
    återlämnad) i en ny version. ``RedovisningLast`` när den senaste versionen är inskickad."""
    r = aktuell(db, kommunkod, kod, ar)
    if r is not None and r.status == "inskickad":
        raise RedovisningLast(_objekt(r))
    if r is None or r.status != "utkast":
        r = Anvandningsrapport(
            kommunkod=kommunkod, skolenhetskod=kod, ar=ar, status="utkast", kalla="webb",
            version=_nasta_version(db, kommunkod, kod, ar), skapad_av=anvandare, kommentar="",
        )  # fmt: skip
        db.add(r)
    r.rader = _rader(rader)
    r.forklaring, r.riktat_kr, r.underlag = forklaring, riktat_kr, underlag
    db.flush()
    logga(db, anvandare, "sparade utkast till redovisning av riktade medel", _objekt(r),
          f"{len(rader)} kategorier", kommunkod)  # fmt: skip
    return r


def skicka_in(db: Session, r: Anvandningsrapport, anvandare: str) -> None:
    """Utkastet blir inskickat (oföränderligt från och med nu)."""
    if r.status != "utkast":
        raise RedovisningLast(_objekt(r))
    r.status, r.inskickad, r.inskickad_av = "inskickad", nu(), anvandare
    logga(db, anvandare, "skickade in redovisning av riktade medel", _objekt(r),
          f"{sum(x.belopp_kr or 0 for x in r.rader):.0f} kr av {r.riktat_kr} kr", r.kommunkod)  # fmt: skip
    db.flush()


def aterlamna(db: Session, r: Anvandningsrapport, kommentar: str, anvandare: str) -> None:
    """En inskickad version lämnas tillbaka till rektorn med kommentaren (raderna är kvar)."""
    if r.status != "inskickad":
        raise RedovisningLast(_objekt(r))
    r.status, r.aterlamnad, r.aterlamnad_av, r.kommentar = "aterlamnad", nu(), anvandare, kommentar
    logga(db, anvandare, "lämnade tillbaka redovisning av riktade medel", _objekt(r), kommentar,
          r.kommunkod)  # fmt: skip
    db.flush()


def importera_inskickad(
    db: Session,
    *,
    kommunkod: str,
    kod: str,
    ar: int,
    rader: Sequence[Rad],
    forklaring: str,
    riktat_kr: int,
    underlag: list[dict[str, object]],
    anvandare: str,
    filnamn: str,
) -> Anvandningsrapport:
    """En redovisning ur en fil sparas som ny inskickad version (ett utkast som är den senaste
    versionen ersätts; inskickade versioner behålls)."""
    senaste = aktuell(db, kommunkod, kod, ar)
    if senaste is not None and senaste.status == "utkast":
        db.delete(senaste)
        db.flush()
    tid = nu()
    r = Anvandningsrapport(
        kommunkod=kommunkod, skolenhetskod=kod, ar=ar, status="inskickad", kalla="fil",
        version=_nasta_version(db, kommunkod, kod, ar), skapad_av=anvandare, kommentar="",
        riktat_kr=riktat_kr, underlag=underlag, forklaring=forklaring, inskickad=tid,
        inskickad_av=anvandare, rader=_rader(rader),
    )  # fmt: skip
    db.add(r)
    db.flush()
    logga(db, anvandare, "importerade redovisning av riktade medel", _objekt(r), filnamn,
          kommunkod)  # fmt: skip
    return r


def senaste_per_enhet(db: Session, kommunkod: str, ar: int) -> dict[str, Anvandningsrapport]:
    """Skolenhetskod -> den senaste versionen för året i kommunen."""
    fraga = select(Anvandningsrapport).where(
        Anvandningsrapport.kommunkod == kommunkod, Anvandningsrapport.ar == ar
    )
    ut: dict[str, Anvandningsrapport] = {}
    for r in db.scalars(fraga.order_by(Anvandningsrapport.version)):
        ut[r.skolenhetskod] = r
    return ut


def inskickade_rader(senaste: dict[str, Anvandningsrapport]) -> pl.DataFrame:
    """De inskickade senaste versionernas rader -> skolenhetskod, kategori, belopp_kr,
    arsarbetare, text (återlämnade och utkast räknas inte)."""
    rader = [
        (kod, x.kategori, x.belopp_kr, x.arsarbetare, x.text)
        for kod, r in sorted(senaste.items())
        if r.status == "inskickad"
        for x in r.rader
    ]
    schema = {"skolenhetskod": pl.String, "kategori": pl.String, "belopp_kr": pl.Float64,
              "arsarbetare": pl.Float64, "text": pl.String}  # fmt: skip
    return pl.DataFrame(rader, schema=schema, orient="row")
