"""Jämförelse av två indexmetoder för samma skolenheter (docs/regler/index.md#jamforelse; SKL 2014 steg 2: "testa båda" – blir det skattade behovet per skola snarlikt kan
den enklare varianten väljas).

In: två tabeller med skolenhetskod, elever och index (t.ex. riskmodellen och vikter × andelar)
och en pott i kronor. Ut: ``Jamforelse`` – korrelationen mellan indexen (Pearson och
Spearman), kronor per elev med varje metod när potten fördelas i proportion till
elever × index, den största skillnaden i kronor per elev och de enheter som flyttas mest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Jamforelse:
    """Resultatet av en jämförelse. ``per_enhet``: skolenhetskod, elever, index_a, index_b,
    kr_per_elev_a, kr_per_elev_b, skillnad_kr (b − a), sorterad efter störst absolut skillnad.
    ``saknas_i_a``/``saknas_i_b``: enheter som bara finns i den andra tabellen (ingår inte)."""

    namn_a: str
    namn_b: str
    pott_kr: float
    korrelation: float
    rangkorrelation: float
    storsta_skillnad_kr: float
    per_enhet: pl.DataFrame
    saknas_i_a: tuple[str, ...]
    saknas_i_b: tuple[str, ...]

    def storst_forflyttning(self, antal: int = 10) -> pl.DataFrame:
        """De ``antal`` enheter vars kronor per elev skiljer mest mellan metoderna."""
        return self.per_enhet.head(antal)


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearmans rangkorrelation (medelrang vid lika värden)."""
    rx = pl.Series(x).rank("average").to_numpy()
    ry = pl.Series(y).rank("average").to_numpy()
    return float(np.corrcoef(rx, ry)[0, 1])


def kr_per_elev(index: pl.DataFrame, pott_kr: float) -> pl.DataFrame:
    """(skolenhetskod, elever, index) + pott -> samma med ``kr_per_elev`` = pott × index /
    Σ elever × index (linjär fördelning, docs/regler/fordelning-och-bidrag.md#form-linjar). Σ elever × kr_per_elev = pott."""
    return index.with_columns(
        kr_per_elev=pott_kr * pl.col("index") / (pl.col("elever") * pl.col("index")).sum()
    )


#: Metodernas namn i rapporterna ("Index enligt statistisk modell"); inte "risk" i text till
#: användaren (DESIGN.md: "behov av stöd och stimulans").
NAMN_STATISTISK_MODELL = "statistisk modell"
NAMN_VIKTER = "vikter × andelar"


def jamfor_index(
    a: pl.DataFrame,
    b: pl.DataFrame,
    pott_kr: float,
    namn_a: str = NAMN_STATISTISK_MODELL,
    namn_b: str = NAMN_VIKTER,
) -> Jamforelse:
    """Två index per skolenhet (skolenhetskod, elever, index) + pott -> ``Jamforelse``.
    Enheter som finns i båda jämförs; elevantalet tas från ``a``. Potten fördelas på de
    gemensamma enheterna med respektive index."""
    koder_a = set(a["skolenhetskod"].to_list())
    koder_b = set(b["skolenhetskod"].to_list())
    gemensam = a.select("skolenhetskod", "elever", index_a="index").join(
        b.select("skolenhetskod", index_b="index"), on="skolenhetskod", how="inner"
    )
    kr_a = kr_per_elev(gemensam.select("skolenhetskod", "elever", index="index_a"), pott_kr)
    kr_b = kr_per_elev(gemensam.select("skolenhetskod", "elever", index="index_b"), pott_kr)
    per_enhet = (
        gemensam.with_columns(kr_per_elev_a=kr_a["kr_per_elev"], kr_per_elev_b=kr_b["kr_per_elev"])
        .with_columns(skillnad_kr=pl.col("kr_per_elev_b") - pl.col("kr_per_elev_a"))
        .sort(pl.col("skillnad_kr").abs(), "skolenhetskod", descending=[True, False])
    )
    x = per_enhet["index_a"].to_numpy()
    y = per_enhet["index_b"].to_numpy()
    kan_korreleras = len(x) >= 2 and np.std(x) > 0 and np.std(y) > 0
    return Jamforelse(
        namn_a=namn_a,
        namn_b=namn_b,
        pott_kr=pott_kr,
        korrelation=float(np.corrcoef(x, y)[0, 1]) if kan_korreleras else float("nan"),
        rangkorrelation=_spearman(x, y) if kan_korreleras else float("nan"),
        storsta_skillnad_kr=float(per_enhet["skillnad_kr"].abs().max() or 0.0),
        per_enhet=per_enhet,
        saknas_i_a=tuple(sorted(koder_b - koder_a)),
        saknas_i_b=tuple(sorted(koder_a - koder_b)),
    )
