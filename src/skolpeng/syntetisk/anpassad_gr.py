"""En dokumenterad approximation av anpassad grundskola för det medföljande ``sverige``
. **Inte verkliga antal per skolenhet** – de är inte offentliga i projektets filer.

Förankrad i de verkliga totaler som SOU 2025:72 avsnitt 5.1.1–5.1.3 anger (läsåret 2023/24):
drygt 16 000 elever i anpassad grundskola, i genomsnitt 55 elever per kommun, cirka 95 % i
kommunal skola, 55 skolenheter med enskild huvudman och 685 skolenheter totalt; enligt
SOU 2025:72 avsnitt 5.1 har fem kommuner inga elever. Reglerna (konstanterna nedan):

1. riket: ``ELEVER_RIKET`` elever; de ``KOMMUNER_UTAN`` kommuner med minst elever i
   grundskolan (åk 1–9) har inga; övriga kommuner får elever i proportion till sina elever
   i grundskolan (största rest, så att summan blir exakt ``ELEVER_RIKET``);
2. enskilda: ``ANDEL_ENSKILD`` av eleverna går i de ``ENHETER_ENSKILD`` största enskilda
   grundskoleenheterna (i proportion till deras storlek); de räknas av från sin kommuns del;
3. kommunala: kommunens övriga elever i dess största kommunala grundskoleenheter, en enhet
   per påbörjat ``ELEVER_PER_KOMMUNAL_ENHET`` elever (vald så att riket får ungefär 685 skolenheter), lika delat;
4. årskurser 1–9 lika delat; samma antal båda läsåren;
5. behovsnivåer: fyra nivåer (SOU 5.1.4: "vanligast är att ha två eller fyra nivåer") med
   andelarna ``NIVAANDELAR`` – ett antagande, inte statistik.

In: ``skolenheter`` och ``elever`` (fk_gr) som polars-ramar. Ut: rader för ``elever``
(anpassad_gr), ``elever_behovsniva`` och ``behovsnivaer``. Deterministiskt.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from skolpeng.avrundning import avrunda_storsta_rest
from skolpeng.data.schema import ARSKURSER_ANPASSAD_GR

ELEVER_RIKET = 16_000
KOMMUNER_UTAN = 5
ANDEL_ENSKILD = 0.05
ENHETER_ENSKILD = 55
ELEVER_PER_KOMMUNAL_ENHET = 31
NIVAANDELAR: dict[str, float] = {"1": 0.40, "2": 0.30, "3": 0.20, "4": 0.10}
NIVANAMN: dict[str, str] = {
    "1": "Nivå 1 – grundläggande stödbehov",
    "2": "Nivå 2 – utökat stödbehov",
    "3": "Nivå 3 – omfattande stödbehov",
    "4": "Nivå 4 – mycket omfattande stödbehov",
}


def _dela(total: int, vikter: np.ndarray) -> np.ndarray:
    """Heltal ``total`` i proportion till ``vikter`` (största rest)."""
    if total == 0 or vikter.sum() <= 0:
        return np.zeros(len(vikter), dtype=np.int64)
    return avrunda_storsta_rest(total * vikter / vikter.sum(), total=float(total))


def elever_per_enhet(skolenheter: pl.DataFrame, elever: pl.DataFrame, lasar: str) -> pl.DataFrame:
    """Regel 1–3: ``skolenhetskod, antal`` (anpassad grundskola per skolenhet)."""
    gr = (
        elever.filter(
            (pl.col("verksamhet") == "fk_gr")
            & (pl.col("lasar") == lasar)
            & (pl.col("arskurs") != "F")
        )
        .group_by("skolenhetskod")
        .agg(gr=pl.col("antal").sum())
        .join(skolenheter.select("skolenhetskod", "kommunkod", "huvudmannatyp"), on="skolenhetskod")
        .filter(pl.col("huvudmannatyp").is_in(["kommunal", "enskild"]))
        .sort("skolenhetskod")
    )
    kommuner = gr.group_by("kommunkod").agg(gr=pl.col("gr").sum()).sort("gr", "kommunkod")
    med = kommuner.slice(KOMMUNER_UTAN)
    per_kommun = dict(
        zip(
            med["kommunkod"].to_list(),
            _dela(ELEVER_RIKET, med["gr"].cast(pl.Float64).to_numpy()).tolist(),
            strict=True,
        )
    )
    enskilda = (
        gr.filter(
            (pl.col("huvudmannatyp") == "enskild") & pl.col("kommunkod").is_in(list(per_kommun))
        )
        .sort(["gr", "skolenhetskod"], descending=[True, False])
        .head(ENHETER_ENSKILD)
    )
    ant_enskild = _dela(
        round(ELEVER_RIKET * ANDEL_ENSKILD), enskilda["gr"].cast(pl.Float64).to_numpy()
    )
    rader: list[tuple[str, int]] = []
    for kod, kommun, n in zip(
        enskilda["skolenhetskod"], enskilda["kommunkod"], ant_enskild.tolist(), strict=True
    ):
        n = min(n, per_kommun[kommun])
        per_kommun[kommun] -= n
        rader.append((kod, n))
    kommunala = gr.filter(pl.col("huvudmannatyp") == "kommunal").sort(
        ["gr", "skolenhetskod"], descending=[True, False]
    )
    for (kommun,), d in kommunala.partition_by("kommunkod", as_dict=True).items():
        n = per_kommun.get(str(kommun), 0)
        if n <= 0:
            continue
        k = min(d.height, -(-n // ELEVER_PER_KOMMUNAL_ENHET))
        for kod, a in zip(d["skolenhetskod"].head(k), _dela(n, np.ones(k)).tolist(), strict=True):
            rader.append((kod, a))
    return pl.DataFrame(rader, schema={"skolenhetskod": pl.String, "antal": pl.Int64}, orient="row")


def anpassad_gr_tabeller(
    skolenheter: pl.DataFrame, elever: pl.DataFrame, lasar: tuple[str, ...]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Regel 1–5 -> (elever i anpassad_gr, elever per behovsnivå, behovsnivåer per kommun).
    Antalen per enhet räknas på det sista läsåret i ``lasar`` och gäller alla."""
    per_enhet = elever_per_enhet(skolenheter, elever, lasar[-1]).filter(pl.col("antal") > 0)
    andelar = np.array(list(NIVAANDELAR.values()))
    el: list[tuple[str, str, str, str, int]] = []
    niv: list[tuple[str, str, str, str, str, int]] = []
    for kod, n in per_enhet.sort("skolenhetskod").iter_rows():
        arskurs = _dela(n, np.ones(len(ARSKURSER_ANPASSAD_GR)))
        for a, m in zip(ARSKURSER_ANPASSAD_GR, arskurs.tolist(), strict=True):
            if m == 0:
                continue
            for la in lasar:
                el.append((kod, "anpassad_gr", la, a, m))
                for niva, k in zip(NIVAANDELAR, _dela(m, andelar).tolist(), strict=True):
                    if k:
                        niv.append((kod, la, "anpassad_gr", a, niva, k))
    kommuner = sorted(set(skolenheter.join(per_enhet, on="skolenhetskod")["kommunkod"].to_list()))
    namn = [(k, n, t) for k in kommuner for n, t in NIVANAMN.items()]
    return (
        pl.DataFrame(
            el,
            schema=["skolenhetskod", "verksamhet", "lasar", "arskurs", "antal"],
            orient="row",
        ),
        pl.DataFrame(
            niv,
            schema=["skolenhetskod", "lasar", "verksamhet", "arskurs", "behovsniva", "antal"],
            orient="row",
        ),
        pl.DataFrame(namn, schema=["kommunkod", "behovsniva", "namn"], orient="row"),
    )
