"""En kommuns årliga uppföljning: resultatgapet, förväntat mot faktiskt per enhet över åren,
indexets träffsäkerhet och – med fördelningens utdata – omfördelning, volatilitet och alla
riktade medel bredvid resultaten (SKL 2014 steg 6–7; KPMG 2020: "fortsätta utveckla den
årliga uppföljningen … en samlad redovisning och analys av såväl de ekonomiska som
resultatmässiga effekterna av de olika kommunala och statliga riktade medlen").

In: ``Serieanalys`` (riket), ``enheter`` (med kommunkod), kommunkoden, analysinställningarna
och valfritt ``belopp``/``dekomposition`` (``uppfoljning.fran_fordelning``). Ut:
``Kommunuppfoljning``. Enheter med färre elever än gränsen för små enheter (docs/regler/index.md#sma-enheter, standard
10) redovisas inte enhet för enhet; de räknas bara.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.index.modell import LITEN_ENHET_STANDARD
from skolpeng.uppfoljning.belopp import per_enhet
from skolpeng.uppfoljning.indata import UTFALL_AK6, Analysinstallningar, viktkolumn
from skolpeng.uppfoljning.riktade_medel import RiktadeMedel, riktade_medel
from skolpeng.uppfoljning.serieanalys import (
    Serieanalys,
    kommunens_enheter,
    kommunens_forklaringsgrad,
)
from skolpeng.uppfoljning.traffsakerhet import omfordelning
from skolpeng.uppfoljning.volatilitet import Volatilitet, volatilitet


@dataclass(frozen=True)
class Ekonomi:
    """Fördelningens del: omfördelning per år, volatilitet och riktade medel.

    ``riktat_mot_resultat``: per enhet och budgetår de riktade medlen (kr per elev, andel av
    intäkten) bredvid enhetens senaste resultat och avvikelsen från förväntat över åren
    (``riktat_mot_resultat``); ``visade_utfall``: utfallen i den tabellen."""

    omfordelning: pl.DataFrame
    volatilitet: Volatilitet
    riktade: RiktadeMedel
    riktat_mot_resultat: pl.DataFrame
    visade_utfall: list[str]
    sma_enheter: int
    liten_enhet_grans: int


@dataclass(frozen=True)
class Kommunuppfoljning:
    """Kommunens del av serien och, om den gavs, fördelningen.

    ``enheter_forvantat``: kommunens enheter per utfall och läsår (faktiskt, förväntat,
    residual, intervall); ``bestandighet``: per utfall och enhet; ``forklaringsgrad``: R² och
    rangkorrelation av utfallet på behovsindexet inom kommunen per år; ``redovisas``: utfall
    -> om kommunens gap redovisas (tillräckligt många enheter)."""

    kommunkod: str
    kommunnamn: str
    serie: Serieanalys
    koder: list[str]
    redovisas: dict[str, bool]
    enheter_forvantat: pl.DataFrame
    bestandighet: pl.DataFrame
    forklaringsgrad: pl.DataFrame
    ekonomi: Ekonomi | None
    liten_enhet_grans: int


def senaste_resultat(resultat: pl.DataFrame, utfall: str) -> pl.DataFrame:
    """Per enhet det senaste läsåret med ``utfall``: skolenhetskod, senaste_lasar, utfall-
    kolumnen (värdet) och elever_resultat."""
    return (
        resultat.filter(pl.col(utfall).is_not_null())
        .sort("lasar")
        .group_by("skolenhetskod")
        .agg(
            senaste_lasar=pl.col("lasar").last(),
            varde=pl.col(utfall).last(),
            elever_resultat=pl.col(viktkolumn(utfall)).last(),
        )
        .rename({"varde": utfall})
    )


def bredvid_pengarna(utfall: Sequence[str]) -> list[str]:
    """Utfallen som visas bredvid pengarna: meritvärdet och det första provet i årskurs 6
    (så att enheter utan årskurs 9 också har ett resultat), annars det första utfallet."""
    valda = [u for u in utfall if u == "meritvarde"][:1]
    valda += [u for u in utfall if u in UTFALL_AK6][:1]
    return valda or list(utfall[:1])


def riktat_mot_resultat(
    riktade: RiktadeMedel, serie: Serieanalys, utfall: Sequence[str], grans: int
) -> pl.DataFrame:
    """Riktade medel per enhet och budgetår bredvid det senaste resultatet och avvikelsen
    över åren för varje utfall i ``utfall``: kolumnerna ``<utfall>``, ``<utfall>_lasar``,
    ``<utfall>_avvikelse`` (medelresidualen), ``<utfall>_ki_lag``/``_ki_hog`` och
    ``<utfall>_bedomning``. Enheter med färre än ``grans`` elever i fördelningen tas bort."""
    ram = riktade.per_enhet.select(
        "skolenhetskod",
        "ar",
        "elever",
        "intakt_kr_per_elev",
        "riktat_kr_per_elev",
        "riktad_andel",
    ).filter(pl.col("elever") >= grans)
    for u in utfall:
        senast = senaste_resultat(serie.resultat, u).select(
            "skolenhetskod", u, pl.col("senaste_lasar").alias(f"{u}_lasar")
        )
        best = serie.bestandighet[u].per_enhet.select(
            "skolenhetskod",
            pl.col("medel_residual").alias(f"{u}_avvikelse"),
            pl.col("ki_lag").alias(f"{u}_ki_lag"),
            pl.col("ki_hog").alias(f"{u}_ki_hog"),
            pl.col("bedomning").alias(f"{u}_bedomning"),
        )
        ram = ram.join(senast, on="skolenhetskod", how="left").join(
            best, on="skolenhetskod", how="left"
        )
    return ram.sort("ar", "riktat_kr_per_elev", descending=[False, True])


def ekonomi(
    belopp: pl.DataFrame,
    dekomposition: pl.DataFrame | None,
    serie: Serieanalys,
    inst: Analysinstallningar,
    grans: int = LITEN_ENHET_STANDARD,
) -> Ekonomi:
    """Fördelningens del (se ``Ekonomi``); utfallet bredvid pengarna är seriens första."""
    eb = per_enhet(belopp)
    t = inst.trosklar
    r = riktade_medel(belopp)
    visade = bredvid_pengarna(serie.utfall)
    return Ekonomi(
        omfordelning=omfordelning(eb),
        volatilitet=volatilitet(belopp, t.volatilitet_andel, t.volatilitet_kr, dekomposition),
        riktade=r,
        riktat_mot_resultat=riktat_mot_resultat(r, serie, visade, grans),
        visade_utfall=visade,
        sma_enheter=int(eb.filter(pl.col("elever") < grans)["skolenhetskod"].n_unique()),
        liten_enhet_grans=grans,
    )


def kommunuppfoljning(
    serie: Serieanalys,
    enheter: pl.DataFrame,
    kommunkod: str,
    inst: Analysinstallningar,
    belopp: pl.DataFrame | None = None,
    dekomposition: pl.DataFrame | None = None,
    grans: int = LITEN_ENHET_STANDARD,
) -> Kommunuppfoljning:
    """Kommunens uppföljning. Kastar ``IndataFel`` om kommunen saknar enheter i serien, om
    ingen av dess enheter har resultat, eller om beloppen gäller enheter utanför kommunen."""
    koder = kommunens_enheter(enheter, kommunkod)
    if not koder:
        raise IndataFel(
            [Problem("--kommun", f"kommunen {kommunkod} har inga skolenheter i resultatserien")]
        )
    namn_ = enheter.filter(pl.col("kommunkod") == kommunkod)
    kommunnamn = (
        str(namn_["kommunnamn"].drop_nulls()[0])
        if "kommunnamn" in namn_.columns and namn_["kommunnamn"].drop_nulls().len()
        else kommunkod
    )
    forv = pl.concat(
        f.enheter.filter(pl.col("skolenhetskod").is_in(koder)).select(f.enheter.columns[:12])
        for f in serie.forvantat.values()
    )
    # Små enheter (docs/regler/index.md) redovisas inte enhet för enhet, även om analysfilen tillåter dem.
    forv = forv.filter(pl.col("antal_elever") >= grans)
    if forv.height == 0:
        raise IndataFel(
            [
                Problem(
                    "--kommun",
                    f"ingen av kommunens {len(koder)} skolenheter har publicerade resultat med "
                    f"minst {inst.minsta_antal_elever:g} elever och bakgrund",
                )
            ]
        )
    redovisade = forv["skolenhetskod"].unique().to_list()
    best = pl.concat(
        b.per_enhet.filter(pl.col("skolenhetskod").is_in(redovisade))
        for b in serie.bestandighet.values()
    )
    eko = None
    if belopp is not None:
        utanfor = belopp.filter(~pl.col("skolenhetskod").is_in(koder))["skolenhetskod"].unique()
        i_serien = set(enheter["skolenhetskod"].to_list())
        andra = [k for k in utanfor.to_list() if k in i_serien]
        if andra:
            raise IndataFel(
                [
                    Problem(
                        "--fordelning",
                        f"fördelningen har {len(andra)} skolenheter i andra kommuner än "
                        f"{kommunkod} (t.ex. {', '.join(sorted(andra)[:3])}); ange en "
                        "fördelning för kommunen",
                    )
                ]
            )
        eko = ekonomi(belopp, dekomposition, serie, inst, grans)
    return Kommunuppfoljning(
        kommunkod=kommunkod,
        kommunnamn=kommunnamn,
        serie=serie,
        koder=koder,
        redovisas={u: kommunkod in serie.gap.redovisade_kommuner(u) for u in serie.utfall},
        enheter_forvantat=forv.sort("utfall", "skolenhetskod", "lasar"),
        bestandighet=best,
        forklaringsgrad=kommunens_forklaringsgrad(serie, koder, inst.minsta_antal_elever),
        ekonomi=eko,
        liten_enhet_grans=grans,
    )
