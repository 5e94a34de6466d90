"""Det som sidorna om de riktade medlens användning visar, hämtat och sammanställt (issue 16).

In: databasen, kommunen, året (och formulärets fält). Ut: formulärets rader med fel per fält
(``las_formular``) och handläggarens översikt (``oversikt``): sammanställningen, enhetstabellen
med resultat, underlaget och kategorierna. Inga regler här: kontrollerna och summorna är
``uppfoljning.anvandning`` och ``uppfoljning.anvandning_uppfoljning``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from skolpeng.lagring.anvandning import inskickade_rader, kategorier_for, senaste_per_enhet
from skolpeng.lagring.anvandning_underlag import Underlag, riktat_underlag
from skolpeng.lagring.tabeller import Beslut, Dataset
from skolpeng.talinlasning import las_svenskt_tal
from skolpeng.uppfoljning.anvandning import Kategori, Rad, Sammanstallning, sammanstall
from skolpeng.uppfoljning.anvandning_uppfoljning import enhetstabell, forvantat_meritvarde
from skolpeng.uppfoljning.personnummer import innehaller_personnummer

MAX_KATEGORIER = 50
MAX_TEXT = 1000
MAX_FORKLARING = 2000
MAX_ARSARBETARE = 10_000.0


def _utan_personnummer(text: str) -> str:
    """Texten att visa i formuläret igen: tom när den innehåller ett personnummer (numret
    upprepas aldrig, inte ens i fältet användaren skrev det i)."""
    return "" if innehaller_personnummer(text) else text


def las_formular(
    form: Any, kategorier: list[Kategori]
) -> tuple[list[Rad], str, dict[str, str], dict[str, str]]:
    """Formulärets fält -> (raderna som har något ifyllt, förklaringen, de ifyllda värdena
    per fält för att visa formuläret igen, fel per fält). Talen läses som svenska tal."""
    rader: list[Rad] = []
    varden: dict[str, str] = {}
    fel: dict[str, str] = {}
    for i in range(min(len(kategorier), MAX_KATEGORIER)):
        namn = str(form.get(f"kategori-{i}", kategorier[i].namn))[:200]
        texter = {k: str(form.get(f"{k}-{i}", "")) for k in ("belopp", "arsarbetare", "text")}
        varden.update({f"{k}-{i}": _utan_personnummer(v) for k, v in texter.items()})
        tal: dict[str, float | None] = {}
        for k, grans in (("belopp", 1e11), ("arsarbetare", MAX_ARSARBETARE)):
            try:
                tal[k] = las_svenskt_tal(texter[k], grans)
            except ValueError as e:
                fel[f"{k}-{i}"], tal[k] = f"{namn}: {e}", None
        if len(texter["text"]) > MAX_TEXT:
            fel[f"text-{i}"] = f"{namn}: texten får vara högst {MAX_TEXT} tecken"
        if tal["belopp"] is not None or tal["arsarbetare"] is not None or texter["text"].strip():
            rader.append(Rad(namn, tal["belopp"], tal["arsarbetare"], texter["text"].strip()))
    forklaring = str(form.get("forklaring", ""))
    varden["forklaring"] = _utan_personnummer(forklaring)
    if len(forklaring) > MAX_FORKLARING:
        fel["forklaring"] = f"förklaringen får vara högst {MAX_FORKLARING} tecken"
    return rader, forklaring.strip(), varden, fel


def falt_for_avvikelse(falt: str, rader: list[Rad], kategorier: list[Kategori]) -> str:
    """``rad-<n>-<kolumn>`` (rad i de ifyllda raderna) -> formulärets fältnamn."""
    if not falt.startswith("rad-"):
        return falt
    _, n, kolumn = falt.split("-", 2)
    namn = rader[int(n) - 1].kategori if int(n) <= len(rader) else ""
    i = next((j for j, k in enumerate(kategorier) if k.namn == namn), 0)
    return f"{'belopp' if kolumn == 'belopp_kr' else kolumn}-{i}"


@dataclass(frozen=True)
class Oversikt:
    """Handläggarens översikt för kommunen och året."""

    underlag: Underlag
    kategorier: list[Kategori]
    sammanstallning: Sammanstallning
    enheter: pl.DataFrame
    har_resultat: bool


def _resultat(db: Session, underlag: Underlag) -> pl.DataFrame | None:
    """Meritvärdet och det förväntade ur ``resultat.csv`` och ``socioekonomiskt_index.csv`` i
    det första beslutets dataset (None när datasetet saknar resultat)."""
    if not underlag.beslut:
        return None
    b = db.get(Beslut, underlag.beslut[0][0])
    ds = db.get(Dataset, b.dataset_id) if b is not None else None
    filer = {f.filnamn: f.innehall for f in ds.filer} if ds is not None else {}
    if "resultat.csv" not in filer or "socioekonomiskt_index.csv" not in filer:
        return None
    res = pl.read_csv(io.BytesIO(filer["resultat.csv"]), infer_schema=False)
    if not {"skolenhetskod", "lasar", "meritvarde", "antal_elever"} <= set(res.columns):
        return None
    index = pl.read_csv(io.BytesIO(filer["socioekonomiskt_index.csv"]), infer_schema=False)
    if "ar" in index.columns:
        index = index.sort("ar").unique("skolenhetskod", keep="last")
    return forvantat_meritvarde(res, index.select("skolenhetskod", "index"))


def oversikt(db: Session, kommunkod: str, ar: int) -> Oversikt:
    """Sammanställningen och enhetstabellen för kommunen och året ur de inskickade
    redovisningarna och årets beslut."""
    underlag = riktat_underlag(db, kommunkod, ar)
    kategorier = kategorier_for(db, kommunkod)
    senaste = senaste_per_enhet(db, kommunkod, ar)
    riktat = underlag.riktat_kr()
    s = sammanstall(inskickade_rader(senaste), riktat, kategorier)
    resultat = _resultat(db, underlag)
    status = {k: r.status for k, r in senaste.items()}
    enh = enhetstabell(underlag.enheter, riktat, s.per_enhet, status, resultat)
    return Oversikt(underlag, kategorier, s, enh, resultat is not None)
