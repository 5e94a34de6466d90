"""``skolpeng uppfoljning resultatgap`` utan ``--index``: resultatgapet på en verklig
resultatserie (t.ex. det medföljande datasetet ``resultatserie``).

In: ``Indata`` med tabellerna ``resultat``, ``bakgrund`` och ``enheter`` (med kommunkod).
Ut: ``Utdata`` (tabeller, sammanfattning, HTML, diagram) och raderna för skärmen. Behovet
mäts med behovsindexet ur bakgrunden (``uppfoljning.resultatserie.behovsindex``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from skolpeng.cli.uppfolj_korning import Indata, Utdata, bakgrundsnotering

if TYPE_CHECKING:
    from skolpeng.api import Serieanalys

ValfrittIndex = Annotated[
    str | None,
    typer.Option(
        "--index", help="index.csv; utan den behovsindexet ur bakgrund.csv (t.ex. resultatserie)."
    ),
]
BakgrundBredvid = Annotated[
    str | None, typer.Option("--bakgrund", help="bakgrund.csv (annars bredvid resultat).")
]


def serieargument(
    resultat: str, index: str | None, bakgrund: str | None, enheter: str | None
) -> dict[str, tuple[str | None, bool]]:
    """``resultatgap``:s tabeller -> (värde, krävs): bara resultatet krävs; utan index
    används bakgrunden och enheterna (bredvid resultatet om de inte anges)."""
    return {
        "resultat": (resultat, True),
        "index": (index, False),
        "bakgrund": (bakgrund, False),
        "enheter": (enheter, False),
    }


def las_serie(ind: Indata) -> Serieanalys:
    """Indata -> ``Serieanalys``; utan bakgrund eller enheter med kommunkod: ``IndataFel``."""
    from skolpeng.api import IndataFel, Problem, serieanalys

    problem = []
    if "bakgrund" not in ind.tabeller:
        problem.append(
            Problem(
                "--bakgrund",
                "bakgrund.csv saknas (ange --index eller lägg bakgrund.csv bredvid resultat)",
            )
        )
    e = ind.tabeller.get("enheter")
    if e is None or e["kommunkod"].drop_nulls().len() == 0:
        problem.append(
            Problem("--enheter", "enheter.csv med kommunkod saknas (behövs för kommunernas gap)")
        )
    if problem:
        raise IndataFel(problem)
    return serieanalys(ind.tabeller["resultat"], ind.tabeller["bakgrund"], e, ind.installningar)


def resultatgap_serie(ind: Indata) -> tuple[Utdata, list[str]]:
    """Indata -> (resultatgapets utdata för serien; slutsatserna för riket och kommunerna)."""
    import polars as pl

    from skolpeng.api import koefficienttabell
    from skolpeng.api import serie_rapport as sr

    s = las_serie(ind)
    inst = ind.installningar
    namn = sr.omradesnamn(ind.tabeller["enheter"])
    diagram = sr.serie_diagramlista(s, namn, inst.intervallniva)
    tabeller = {
        "resultatgap_per_ar": s.gap.per_ar,
        "resultatgap_trender": s.gap.trender,
        "resultatgap_kommuner": s.gap.kommuner,
        "behovsindex": s.index,
        "forvantat_enheter": pl.concat(
            f.enheter.select(f.enheter.columns[:12]) for f in s.forvantat.values()
        ),
        "forvantat_koefficienter": pl.concat(koefficienttabell(f) for f in s.forvantat.values()),
        "bestandighet_enheter": pl.concat(b.per_enhet for b in s.bestandighet.values()),
        "bestandighet_samband": pl.concat(b.samband for b in s.bestandighet.values()),
    }
    sammanfattning = sr.serie_sammanfattning(s, inst, namn) | {
        "noteringar": bakgrundsnotering(ind.tabeller["bakgrund"])
    }
    utdata = Utdata(
        "resultatgap", tabeller, sammanfattning, sr.serie_html(s, inst, namn, diagram), diagram
    )
    rader = [f"{o}: {t}" for o, per in sammanfattning["slutsats"].items() for t in per.values()]
    return utdata, rader
