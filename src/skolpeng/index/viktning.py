"""Index genom vikter × andelar (docs/regler/fordelning-och-bidrag.md#index; SKL 2014
steg 3, tabell 1–2).

In: en ``ViktModell`` (en vikt per faktornivå) och antingen andelar per skolenhet (som i SKL:s
tabell 1) eller årets elever som celler. Ut: poäng per skolenhet, poäng_u = Σ_i w_i·x_{u,i}
(x = andelen elever med nivån i), och index = 100 × poäng_u / referensens poäng, där
referensen (kommunen eller riket) räknas med andelarna över alla dess elever.
Eftersom andelarna är medelvärden över eleverna är enhetens poäng detsamma som medelvärdet
av elevernas poäng (summan av vikterna för elevens nivåer).
"""

from __future__ import annotations

import polars as pl

from skolpeng.fel import IndataFel, Problem
from skolpeng.index.modell import ViktModell
from skolpeng.index.tillampning import enhetsindex


def poang_fran_andelar(andelar: pl.DataFrame, vikter: dict[str, dict[str, float]]) -> pl.DataFrame:
    """Andelar (skolenhetskod, faktor, niva, andel 0–1) + vikter -> (skolenhetskod, poang),
    poang = Σ vikt × andel (SKL tabell 1). En nivå utan vikt -> ``IndataFel``."""
    saknas = sorted(
        {
            (f, n)
            for f, n in andelar.select("faktor", "niva").iter_rows()
            if n not in vikter.get(f, {})
        }
    )
    if saknas:
        raise IndataFel(
            [Problem("viktmodell", f"vikt saknas för nivån {n!r}", kolumn=f) for f, n in saknas]
        )
    vikttabell = pl.DataFrame(
        [
            {"faktor": f, "niva": n, "vikt": float(w)}
            for f, nv in vikter.items()
            for n, w in nv.items()
        ]
    )
    return (
        andelar.join(vikttabell, on=["faktor", "niva"], how="left")
        .group_by("skolenhetskod", maintain_order=True)
        .agg(poang=(pl.col("vikt") * pl.col("andel")).sum())
    )


def elevpoang(celler: pl.DataFrame, modell: ViktModell) -> pl.DataFrame:
    """Celler med faktorkolumner och ``antal`` -> samma med ``poang`` per elev (summan av
    vikterna för elevens nivåer). En nivå i data utan vikt -> ``IndataFel``."""
    problem = []
    for f, vikter in modell.vikter.items():
        if f not in celler.columns:
            problem.append(Problem("aktuella elever", "faktorn saknas i elevdata", kolumn=f))
            continue
        for niva in sorted(set(celler[f].unique().to_list()) - set(vikter)):
            problem.append(Problem("viktmodell", f"vikt saknas för nivån {niva!r}", kolumn=f))
    if problem:
        raise IndataFel(problem)
    poang = pl.sum_horizontal(
        pl.col(f).replace_strict(v, return_dtype=pl.Float64) for f, v in modell.vikter.items()
    )
    return celler.with_columns(poang=poang)


def viktindex(celler: pl.DataFrame, modell: ViktModell) -> pl.DataFrame:
    """Årets elever som celler (skolenhetskod, kommunkod, faktorer, antal) -> per skolenhet:
    skolenhetskod, kommunkod, elever, poang, referenspoang, index (referensen = 100) och
    liten_enhet, med viktmodellens indexbas och gräns."""
    enheter = (
        elevpoang(celler, modell)
        .group_by("skolenhetskod", "kommunkod")
        .agg(
            elever=pl.col("antal").sum(),
            poang=(pl.col("antal") * pl.col("poang")).sum() / pl.col("antal").sum(),
        )
    )
    return enhetsindex(enheter, modell.indexbas, modell.liten_enhet_grans, matt="poang")
