"""Handläggarens översikt över de riktade medlens användning ur databasen,
och samma sak som avsnitt i den årliga uppföljningsrapporten.

In: databasen, kommunen och budgetåret. Ut: ``Oversikt`` (underlaget ur årets beslut,
kategorierna, sammanställningen av de inskickade redovisningarna och enhetstabellen med index,
riktade medel per elev och resultat) och (i ``web.anvandning_avsnitt``) ``avsnitt_for`` -> ``rapporter.uppfoljning.anvandning
.Avsnitt``. Reglerna är ``uppfoljning.anvandning`` och ``uppfoljning.anvandning_uppfoljning``;
resultaten läses ur ``resultat.csv`` och ``socioekonomiskt_index.csv`` i det första beslutets
datasetversion.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl
from sqlalchemy.orm import Session

from skolpeng.lagring.anvandning import inskickade_rader, kategorier_for, senaste_per_enhet
from skolpeng.lagring.anvandning_underlag import Underlag, riktat_underlag
from skolpeng.lagring.tabeller import Beslut, Dataset
from skolpeng.uppfoljning.anvandning import Kategori, Sammanstallning, sammanstall
from skolpeng.uppfoljning.anvandning_uppfoljning import enhetstabell, forvantat_meritvarde


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
