"""Rutnätet en fördelning räknas på och pottarnas omfattning och elevvikter.

In: ett ``Fordelningsunderlag`` (aggregerat per skolenhet) och modellens ``Omfattning`` och
``Vikter``. Ut: ``Rutnat`` – elever som en matris skolenhet × årskurs (numpy) med
skolenheternas huvudmannatyp, index, målgrupper och givna belopp som vektorer – och
masker och viktmatriser för en pott. Allt är vektoriserat: en fördelning loopar över potter,
aldrig över skolenheter.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import polars as pl

from skolpeng.data.schema import ARSKURS_TILL_STADIUM, ARSKURSER, STADIER_FK_GR
from skolpeng.fordelning.modellfil.schema import Omfattning, Vikter
from skolpeng.fordelning.underlag_och_resultat import Fordelningsunderlag

#: Fritidshemmets åldersgrupper (docs/regler/fordelning-och-bidrag.md#exempel-goteborg): 6–9 år = F–3, 10–12 år = 4–6.
ALDERSGRUPP_AV_ARSKURS: dict[str, str] = {
    "F": "6-9",
    "1": "6-9",
    "2": "6-9",
    "3": "6-9",
    "4": "10-12",
    "5": "10-12",
    "6": "10-12",
}
ALDERSGRUPPER: tuple[str, ...] = ("6-9", "10-12")
STADIER: tuple[str, ...] = STADIER_FK_GR
#: Stadiematris: årskurs × stadium (1 där årskursen hör till stadiet).
STADIEMATRIS = np.array(
    [[1.0 if ARSKURS_TILL_STADIUM[a] == s else 0.0 for s in STADIER] for a in ARSKURSER]
)


@dataclass(frozen=True)
class Rutnat:
    """Underlaget som matriser. ``elever`` är n × 10 (årskurserna F, 1 … 9 i ``ARSKURSER``);
    ``index`` är skolenhetens index på 100-skalan (NaN = saknas); ``malgrupper`` och
    ``givna`` är vektorer per skolenhet (givna: NaN = inget givet belopp)."""

    koder: np.ndarray
    koder_serie: pl.Series
    namn: np.ndarray
    typ: np.ndarray
    elever: np.ndarray
    index: np.ndarray | None
    index_standard: np.ndarray | None
    malgrupper: dict[str, np.ndarray]
    givna: dict[str, np.ndarray]
    verksamheter: tuple[str, ...] = ("fk_gr",)
    niva: dict[str, np.ndarray] | None = None
    resursskola: np.ndarray | None = None

    @property
    def antal(self) -> int:
        return len(self.koder)

    @property
    def stadiematris(self) -> np.ndarray:
        """Kolumn (verksamhet × årskurs) × (verksamhet × stadium): ``STADIEMATRIS`` per
        verksamhet i ramen (block på diagonalen)."""
        return np.kron(np.eye(len(self.verksamheter)), STADIEMATRIS)

    @property
    def kolumnverksamhet(self) -> np.ndarray:
        """Verksamheten för varje kolumn i ``elever`` (10 årskurser per verksamhet)."""
        return np.repeat(np.asarray(self.verksamheter, dtype=object), len(ARSKURSER))


_CACHE: dict[int, tuple[weakref.ref[Fordelningsunderlag], Rutnat]] = {}


def rutnat(fu: Fordelningsunderlag) -> Rutnat:
    """``Fordelningsunderlag`` -> ``Rutnat`` (skolenheterna i ``fu.enheter``s ordning).

    Cachas per underlagsobjekt (underlaget är oföränderligt och räknas om vid varje
    reglage i webben); matriserna är skrivskyddade."""
    # Rutnätet har en kolumn per verksamhet i ramen och årskurs (F, 1 … 9 per verksamhet);
    # elever per behovsnivå som matriser i samma form.
    traff = _CACHE.get(id(fu))
    if traff is not None and traff[0]() is fu:
        return traff[1]
    r = _bygg_rutnat(fu)
    for a in (
        r.koder,
        r.namn,
        r.typ,
        r.elever,
        r.index,
        r.index_standard,
        *r.malgrupper.values(),
        *r.givna.values(),
        *(r.niva or {}).values(),
        r.resursskola,
    ):
        if a is not None:
            a.flags.writeable = False
    _CACHE[id(fu)] = (weakref.ref(fu), r)
    weakref.finalize(fu, _CACHE.pop, id(fu), None)
    return r


def _bygg_rutnat(fu: Fordelningsunderlag) -> Rutnat:
    enh = fu.enheter
    koder = enh["skolenhetskod"].to_numpy()
    nummer = pl.DataFrame(
        {"skolenhetskod": enh["skolenhetskod"], "_i": np.arange(enh.height, dtype=np.int64)}
    )
    verks = fu.verksamheter or ("-",)
    elever = _matris(fu.elever, nummer, verks)
    niva = None
    if fu.behovsniva is not None:
        niva = {
            str(n): _matris(d, nummer, verks)
            for (n,), d in fu.behovsniva.partition_by("behovsniva", as_dict=True).items()
        }

    def per_enhet(df: pl.DataFrame, kolumn: str, fyll: float) -> np.ndarray:
        d = nummer.join(df, on="skolenhetskod", how="left")
        return d[kolumn].cast(pl.Float64).fill_null(fyll).to_numpy()

    index = standard = None
    if fu.index is not None:
        index = per_enhet(fu.index, "index", np.nan)
        if "index_standard" in fu.index.columns:
            flagga = fu.index.select("skolenhetskod", pl.col("index_standard").cast(pl.Float64))
            standard = per_enhet(flagga, "index_standard", 0).astype(bool)
        else:
            standard = np.zeros(enh.height, dtype=bool)
    malgrupper = {
        str(m): per_enhet(d.group_by("skolenhetskod").agg(pl.col("antal").sum()), "antal", 0.0)
        for (m,), d in fu.malgrupper.partition_by("malgrupp", as_dict=True).items()
    }
    givna = {
        str(p): per_enhet(
            d.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum()), "belopp_kr", np.nan
        )
        for (p,), d in fu.givna_belopp.partition_by("pott", as_dict=True).items()
    }
    return Rutnat(
        koder=koder,
        koder_serie=enh["skolenhetskod"],
        namn=enh["namn"].to_numpy(),
        typ=enh["huvudmannatyp"].to_numpy(),
        elever=elever,
        index=index,
        index_standard=standard,
        malgrupper=malgrupper,
        givna=givna,
        verksamheter=tuple(fu.verksamheter) or ("fk_gr",),
        niva=niva,
        resursskola=np.isin(koder, np.asarray(fu.resursskolor, dtype=object)),
    )


def _matris(df: pl.DataFrame, nummer: pl.DataFrame, verks: tuple[str, ...]) -> np.ndarray:
    """Antal per skolenhet, (verksamhet och) årskurs -> n × (10 · antal verksamheter)."""
    el = df.join(nummer, on="skolenhetskod", how="inner").filter(pl.col("arskurs").is_in(ARSKURSER))
    j = el["arskurs"].replace_strict({a: k for k, a in enumerate(ARSKURSER)}, return_dtype=pl.Int64)
    j = j.to_numpy()
    if len(verks) > 1:
        v = el["verksamhet"].replace_strict({v: k for k, v in enumerate(verks)}, default=-1)
        v = v.cast(pl.Int64).to_numpy()
        behall = v >= 0
        el, j = el.filter(pl.Series(behall)), (v * len(ARSKURSER) + j)[behall]
    ut = np.zeros((nummer.height, len(ARSKURSER) * len(verks)))
    np.add.at(ut, (el["_i"].to_numpy(), j), el["antal"].cast(pl.Float64).to_numpy())
    return ut


def omfattningsmask(r: Rutnat, o: Omfattning) -> np.ndarray:
    """Omfattning -> n × 10 boolesk mask (skolenhet × årskurs) för de elever potten når.
    Okända stadier, årskurser och enheter kontrolleras i ``kontroll``; här ignoreras de."""
    enheter = np.ones(r.antal, dtype=bool)
    if o.resursskolor is not None and r.resursskola is not None:
        enheter &= r.resursskola == o.resursskolor
    if o.huvudmannatyp != "alla":
        enheter &= r.typ == o.huvudmannatyp
    if o.enheter is not None:
        enheter &= np.isin(r.koder, np.asarray(o.enheter, dtype=object))
    arskurser = np.ones(len(ARSKURSER), dtype=bool)
    if o.stadier is not None:
        arskurser = np.array([ARSKURS_TILL_STADIUM[a] in o.stadier for a in ARSKURSER])
    elif o.arskurser is not None:
        arskurser = np.array([a in o.arskurser for a in ARSKURSER])
    kolumner = np.tile(arskurser, len(r.verksamheter))
    if o.verksamhet is not None:
        kolumner &= r.kolumnverksamhet == o.verksamhet
    return enheter[:, None] & kolumner[None, :]


def viktrad(v: Vikter | None, verksamheter: int = 1) -> np.ndarray:
    """Vikter -> en vikt per årskurs (F, 1 … 9), upprepad för varje verksamhet i ramen.
    Utan vikter 1; en årskurs utan vikt 0."""
    if v is None:
        return np.ones(len(ARSKURSER) * verksamheter)
    if v.per == "arskurs":
        grupp = {a: a for a in ARSKURSER}
    elif v.per == "stadium":
        grupp = ARSKURS_TILL_STADIUM
    else:
        grupp = ALDERSGRUPP_AV_ARSKURS
    rad = np.array([float(v.varden.get(grupp.get(a, ""), 0.0)) for a in ARSKURSER])
    return np.tile(rad, verksamheter)


def giltiga_viktnycklar(v: Vikter) -> tuple[str, ...]:
    """De nycklar som är tillåtna i ``Vikter.varden`` för ``per``."""
    return {"arskurs": ARSKURSER, "stadium": STADIER, "aldersgrupp": ALDERSGRUPPER}[v.per]
