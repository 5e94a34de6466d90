"""Kostnadernas elasticitet med avseende på elevantalet (SOU 2025:72 tabell 10.2).

Panelregression med pyfixest: log(kostnad per kostnadsslag) på log(elever), med kommunfixa
effekter och kommunspecifika linjära trender, i modell 2 även log(statsbidrag) och i modell 3
dessutom årsfixa effekter. Standardfelen är klustrade på kommun (CRV1); förklaringsgraden är
R² inom kommun. Redovisas som källans tabell: elasticitet med stjärnor, standardfel inom
parentes, kontrollvariabler Ja/Nej, antal observationer och R².

Rena funktioner: in kommer en polars-tabell (en rad per kommun och år), ut resultat och
tabeller. Ingen fil läses eller skrivs.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import polars as pl

from skolpeng.talformat import MELLANSLAG, decimal

# Modellerna i tabell 10.2: (kommunspecifik trend, statsbidrag (log), årsfixa effekter).
MODELLER_TABELL_10_2: dict[int, tuple[bool, bool, bool]] = {
    1: (True, False, False),
    2: (True, True, False),
    3: (True, True, True),
}


@dataclass(frozen=True)
class Elasticitet:
    """En skattning: elasticiteten, dess klustrade standardfel, p-värde och modellens val."""

    kostnad: str
    modell: int
    elasticitet: float
    standardfel: float
    p_varde: float
    antal_observationer: int
    r2_inom: float
    kommuntrend: bool
    statsbidrag: bool
    arsfixa: bool


def _logpanel(
    panel: pl.DataFrame,
    kostnad: str,
    elever: str,
    kommun: str,
    ar: str,
    statsbidrag: str | None,
):
    """Panelen som pandas med logaritmerade variabler; rader där någon variabel saknas eller
    inte är positiv (log odefinierad) tas bort. Ut: pandas.DataFrame."""
    kolumner = [kommun, ar, kostnad, elever] + ([statsbidrag] if statsbidrag else [])
    saknas = [k for k in kolumner if k not in panel.columns]
    if saknas:
        raise ValueError(f"panelen saknar kolumnerna {saknas}")
    positiva = [kostnad, elever] + ([statsbidrag] if statsbidrag else [])
    df = panel.select(kolumner).drop_nulls()
    df = df.filter(pl.all_horizontal([pl.col(k).cast(pl.Float64) > 0 for k in positiva]))
    forsta_ar = df[ar].min()
    df = df.select(
        pl.col(kommun).cast(pl.String).alias("kommun"),
        pl.col(ar).cast(pl.Int64).alias("ar"),
        (pl.col(ar).cast(pl.Float64) - float(forsta_ar)).alias("t"),  # type: ignore[arg-type]
        pl.col(kostnad).cast(pl.Float64).log().alias("ln_kostnad"),
        pl.col(elever).cast(pl.Float64).log().alias("ln_elever"),
        *(
            [pl.col(statsbidrag).cast(pl.Float64).log().alias("ln_statsbidrag")]
            if statsbidrag
            else []
        ),
    )
    return df.to_pandas()


def skatta_elasticitet(
    panel: pl.DataFrame,
    kostnad: str,
    *,
    elever: str = "antal_elever",
    kommun: str = "kommunkod",
    ar: str = "ar",
    statsbidrag: str | None = None,
    arsfixa: bool = False,
    kommuntrend: bool = True,
    modell: int = 0,
) -> Elasticitet:
    """Skattar elasticiteten av kostnaden med avseende på elevantalet.

    In: panel (en rad per kommun och år) med kolumnerna kommun, ar, kostnad, elever och
    valfritt statsbidrag (nivåer, > 0; logaritmeras här). Modell:
    ln kostnad ~ ln elever [+ ln statsbidrag] [+ kommun × t] | kommun [+ år],
    klustrade standardfel på kommun. Ut: ``Elasticitet``.
    """
    import pyfixest as pf  # tung import: bara när en regression körs

    df = _logpanel(panel, kostnad, elever, kommun, ar, statsbidrag)
    hoger = ["ln_elever"]
    if statsbidrag:
        hoger.append("ln_statsbidrag")
    if kommuntrend:
        hoger.append("i(kommun, t)")
    fixa = ["kommun"] + (["ar"] if arsfixa else [])
    formel = f"ln_kostnad ~ {' + '.join(hoger)} | {' + '.join(fixa)}"
    with warnings.catch_warnings():
        # pyfixest varnar för pandas-API som fasas ut och för att en kommuntrend faller bort
        # mot årsfixa effekter (väntat: summan av trenderna är kolinjär med åren).
        warnings.simplefilter("ignore")
        fit = pf.feols(formel, data=df, vcov={"CRV1": "kommun"})
    koef = fit.coef()
    se = fit.se()
    p = fit.pvalue()
    return Elasticitet(
        kostnad=kostnad,
        modell=modell,
        elasticitet=float(koef["ln_elever"]),
        standardfel=float(se["ln_elever"]),
        p_varde=float(p["ln_elever"]),
        antal_observationer=int(fit._N),
        r2_inom=float(fit._r2_within),
        kommuntrend=kommuntrend,
        statsbidrag=statsbidrag is not None,
        arsfixa=arsfixa,
    )


def tabell_10_2(
    panel: pl.DataFrame,
    kostnader: Sequence[str],
    *,
    elever: str = "antal_elever",
    statsbidrag: str | None = "statsbidrag",
    kommun: str = "kommunkod",
    ar: str = "ar",
) -> pl.DataFrame:
    """Tabell 10.2: modell 1–3 för varje kostnadsslag.

    In: panel och kostnadskolumnerna; ``statsbidrag=None`` när panelen saknar statsbidrag –
    då skattas modell 1 och modell 3 utan statsbidrag (modell 2 skulle vara lika med 1).
    Ut: en rad per (kostnad, modell) med elasticitet, standardfel, p-värde, antal
    observationer, R² inom och kontrollvariablerna.
    """
    rader = []
    for k in kostnader:
        for nr, (trend, bidrag, arsfixa) in MODELLER_TABELL_10_2.items():
            if bidrag and statsbidrag is None and not arsfixa:
                continue
            e = skatta_elasticitet(
                panel,
                k,
                elever=elever,
                kommun=kommun,
                ar=ar,
                statsbidrag=statsbidrag if bidrag else None,
                arsfixa=arsfixa,
                kommuntrend=trend,
                modell=nr,
            )
            rader.append(asdict(e))
    return pl.DataFrame(rader)


def signifikansstjarnor(p_varde: float) -> str:
    """Källans signifikansnivåer: * p < 0,05, ** p < 0,01, *** p < 0,001."""
    if p_varde < 0.001:
        return "***"
    if p_varde < 0.01:
        return "**"
    if p_varde < 0.05:
        return "*"
    return ""


def _tal(x: float, decimaler: int) -> str:
    return decimal(x, decimaler, mellanrum=MELLANSLAG)


def formatera_tabell_10_2(
    tabell: pl.DataFrame, etiketter: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """Tabellen i källans form: en kolumn per (kostnadsslag, modell), raderna
    elasticitet med stjärnor, (standardfel), kontrollvariablerna Ja/Nej, antal observationer
    och R² inom. In: resultatet av ``tabell_10_2``. Ut: en texttabell (polars)."""
    etiketter = etiketter or {}
    radnamn = [
        "Elever (log)",
        "",
        "Kommunspecifik trend",
        "Statsbidrag (log)",
        "Årsfixa effekter",
        "Antal observationer",
        "Förklaringsgrad (R² inom)",
    ]
    kolumner: dict[str, list[str]] = {"": radnamn}
    for r in tabell.iter_rows(named=True):
        namn = f"{etiketter.get(r['kostnad'], r['kostnad'])}, modell {r['modell']}"
        kolumner[namn] = [
            _tal(r["elasticitet"], 2) + signifikansstjarnor(r["p_varde"]),
            f"({_tal(r['standardfel'], 3)})",
            "Ja" if r["kommuntrend"] else "Nej",
            "Ja" if r["statsbidrag"] else "Nej",
            "Ja" if r["arsfixa"] else "Nej",
            f"{r['antal_observationer']:,}".replace(",", "\u00a0"),
            _tal(r["r2_inom"], 2),
        ]
    return pl.DataFrame(kolumner)
