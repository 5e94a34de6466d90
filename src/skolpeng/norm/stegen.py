"""Den nationella skolpengsnormen, steg 1–11 i docs/regler/norm.md#stegen, i källans ordning – utom löneläget
(steg 6), som räknas efter steg 7 och 8 eftersom det multipliceras med alla övriga ersättningar.
Lokalkostnadsindexet är det fastställda (tabellen ``lokalindex``) om underlaget har ett.

In: ett ``Underlag`` (redan inläst och validerat), ett ``Parameterlage``, normåret N,
varianten och valfritt elevernas kalenderår. Ut: ``NormResultat`` med normen per
skolenhet och stadium, per huvudman och stadium, kommunernas underlag och en nationell
sammanfattning. Ren beräkning: läser inga filer och skriver inget.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from skolpeng.data.schema import Underlag
from skolpeng.norm.belopp import (
    AVRAKNINGAR,
    Reservationer,
    normgrundande_belopp_per_kommun,
    reservationer,
)
from skolpeng.norm.elever import valj_elevar
from skolpeng.norm.enheter import deltagande_enheter
from skolpeng.norm.huvudman import per_huvudman
from skolpeng.norm.justeringar import (
    lokalkostnad_per_elev_riket,
    med_lokaljustering,
    med_lonejustering,
)
from skolpeng.norm.lokalindex import kontrollera_tackning, valj_lokalindex
from skolpeng.norm.parametrar import NormParametrar
from skolpeng.norm.prislappar import (
    elever_per_stadium,
    med_grundersattning,
    med_socioekonomiskt_tillagg,
    prislappar,
)
from skolpeng.norm.resultat import ENHET_KOLUMNER, NormResultat
from skolpeng.norm.summering import med_norm, upprakningsfaktor
from skolpeng.norm.tillagg import gleshet_total, med_gleshet, med_platsgaranti
from skolpeng.parametrar import Parameterlage

ENHET_EXTRA: tuple[str, ...] = ("namn", "kommungrupp", "socioekonomiskt_index")
KOMMUN_KOLUMNER: tuple[str, ...] = (
    "kommunkod",
    "kommunnamn",
    "kommungrupp",
    "normgrundande_belopp",
    "loneindex",
    "lokalkostnadsindex",
    "gleshetsindex",
)


def _fordela(
    enheter: pl.DataFrame, aterstaende: float, n_s: dict[str, float], p: NormParametrar
) -> tuple[pl.DataFrame, dict[str, float]]:
    """Steg 4, 5 och 8b för en given återstod R: P_s, S_u och GL per enhet och stadium."""
    p_s = prislappar(p.grundersattning_andel * aterstaende, n_s, p.stadieindex)
    df = med_grundersattning(enheter, p_s)
    df = med_socioekonomiskt_tillagg(df, p.socioekonomisk_andel * aterstaende)
    return med_gleshet(df), p_s


def berakna_norm(
    underlag: Underlag,
    lage: Parameterlage,
    normar: int,
    variant: str = "vagledande",
    elevar: int | None = None,
) -> NormResultat:
    """Beräknar normen för normåret ``normar`` (docs/regler/norm.md#stegen).

    In: dataset, parameterläge, normår N, variant (``vagledande``, ``bindande``,
    ``fritidshem``) och valfritt elevernas kalenderår (annars beslutet i steg 1).
    Ut: ``NormResultat``. Saknade uppgifter som beräkningen behöver ger ``IndataFel``;
    om glesheten i sluten form och iterationen skiljer sig ges ``GleshetKonvergensFel``.
    """
    p = NormParametrar.fran_lage(lage, variant)
    kostnadsar = normar - p.kostnadsar_fore_normar

    # Steg 1: elever per skolenhet och stadium, med index.
    urval = valj_elevar(underlag.elever, p.verksamhet, normar, elevar)
    enheter = deltagande_enheter(underlag, p, normar, urval)
    n_s = elever_per_stadium(enheter, p.stadier)

    # Steg 2: normgrundande belopp.
    kommun_ngb = normgrundande_belopp_per_kommun(underlag, kostnadsar, p)
    ngb = float(kommun_ngb.get_column("normgrundande_belopp").sum())

    # Steg 3: reservationer; G löst i sluten form och verifierad med iteration.
    res = reservationer(
        ngb,
        p.platsgaranti_andel,
        lambda r: gleshet_total(_fordela(enheter, r, n_s, p)[0]),
    )

    # Steg 4–5 (och 8b) med den slutliga återstoden R.
    enheter, p_s = _fordela(enheter, res.aterstaende, n_s, p)

    # Steg 7: lokalkostnadsläge, med det fastställda indexet om underlaget har ett.
    l_r = lokalkostnad_per_elev_riket(kommun_ngb)
    lokalindex = valj_lokalindex(underlag, normar, p.lokalindex_antal_ar, p.byggkostnad_vikt)
    lx = lokalindex.tabell
    enheter = enheter.join(lx, on="kommunkod", how="left", maintain_order="left")
    kontrollera_tackning(enheter, lokalindex)
    enheter, d_l = med_lokaljustering(enheter, l_r)

    # Steg 8a: platsgaranti (8b gleshet beräknades med P och S ovan).
    enheter, pg = med_platsgaranti(enheter, res.platsgaranti)

    # Steg 6: löneläge, sist, på summan av alla övriga ersättningar (docs/regler/norm.md#steg-6).
    enheter, d_w = med_lonejustering(enheter, p.lonekostnadsandel)

    # Steg 9–11: modellvärde, uppräkning, norm.
    f = upprakningsfaktor(underlag.nationellt, kostnadsar, normar)
    enheter = med_norm(enheter, f, l_r, p)

    sammanfattning = _sammanfattning(
        p, normar, kostnadsar, urval.beskrivning, kommun_ngb, res, n_s, p_s, f, d_w, d_l, l_r, pg
    )
    sammanfattning.update(
        **lokalindex.som_dict(),
        antal_enheter=enheter.get_column("skolenhetskod").n_unique(),
        antal_elever=float(enheter.get_column("elever").sum()),
        antal_enheter_utan_index=enheter.filter(pl.col("index_saknades"))
        .get_column("skolenhetskod")
        .n_unique(),
        modellvarde_summa=float(
            enheter.select((pl.col("elever") * pl.col("modellvarde_kostnadsar")).sum()).item()
        ),
    )
    return NormResultat(
        variant=p.variant,
        normar=normar,
        kostnadsar=kostnadsar,
        elevar=urval.beskrivning,
        niva=p.niva,
        enheter=enheter.select(*ENHET_KOLUMNER, *ENHET_EXTRA),
        huvudman=per_huvudman(enheter, p.stadier),
        kommuner=_kommuner(underlag, kommun_ngb, lx),
        sammanfattning=sammanfattning,
    )


def _kommuner(underlag: Underlag, kommun_ngb: pl.DataFrame, lx: pl.DataFrame) -> pl.DataFrame:
    """Kommunernas underlag och index (``NormResultat.kommuner``)."""
    return (
        underlag.kommuner.join(
            kommun_ngb.select("kommunkod", "normgrundande_belopp"), on="kommunkod", how="left"
        )
        .join(lx.select("kommunkod", "lokalkostnadsindex"), on="kommunkod", how="left")
        .with_columns(pl.col("loneindex", "gleshetsindex").cast(pl.Float64))
        .select(KOMMUN_KOLUMNER)
        .sort("kommunkod")
    )


def _sammanfattning(
    p: NormParametrar,
    normar: int,
    kostnadsar: int,
    elevar: str,
    kommun_ngb: pl.DataFrame,
    res: Reservationer,
    n_s: dict[str, float],
    p_s: dict[str, float],
    f: float,
    d_w: float,
    d_l: float,
    l_r: float,
    pg: float,
) -> dict[str, Any]:
    """Varje nationell storhet i docs/regler/norm.md#utdata, som vanliga tal (JSON-serialiserbart).

    Beloppen är i kostnadsårets prisnivå utom ``prislapp_per_stadium_normar`` (·f).
    """
    summor = {k: float(kommun_ngb.get_column(k).sum()) for k in ("nettokostnad", *AVRAKNINGAR)}
    return {
        "variant": p.variant,
        "verksamhet": p.verksamhet,
        "normar": normar,
        "kostnadsar": kostnadsar,
        "elevar": elevar,
        "niva": p.niva,
        "momskompensation_enskild_andel": p.momskompensation_enskild_andel,
        **summor,
        "normgrundande_belopp": res.normgrundande_belopp,
        "platsgaranti_reservation": res.platsgaranti,
        "gleshet_reservation": res.gleshet,
        "gleshet_per_krona": res.gleshet_per_krona,
        "gleshet_iterationer": res.iterationer,
        "aterstaende": res.aterstaende,
        "grundersattning_total": p.grundersattning_andel * res.aterstaende,
        "socioekonomiskt_total": p.socioekonomisk_andel * res.aterstaende,
        "lokalkostnad_per_elev_riket": l_r,
        "lonejustering_avdrag": d_w,
        "lokaljustering_avdrag": d_l,
        "platsgaranti_per_elev": pg,
        "upprakningsfaktor": f,
        "elever_per_stadium": dict(n_s),
        "prislapp_per_stadium": dict(p_s),
        "prislapp_per_stadium_normar": {s: v * f for s, v in p_s.items()},
        "parametrar": p.som_dict(),
    }
