"""Utbudsansvaret: demografiskt betingad överkapacitet och avdraget (docs/regler/utbudsansvar.md).

Följer SOU 2025:72 kapitel 10.3–10.4 i källans ordning:

1. långsiktig trend i det logaritmerade elevantalet: som standard en rät linje skattad över
   perioden (parametern ``utbudsansvar.overkapacitet.trendmetod``), som känslighetsanalys
   Hodrick–Prescott (λ = 100); nämnaren är alltid det faktiska elevantalet;
2. topparna – den största avvikelsen från trenden i varje period över trenden (en per
   demografisk cykel);
3. referenskapacitet = trend × (1 + medelavvikelsen vid topparna, lika vikt per topp);
4. anpassad kapacitet = faktiskt + (1 − a) × (referens − faktiskt);
5. överkapacitet = (anpassad − faktiskt) / faktiskt, och dess medelvärde över perioden;
6. total överkapacitet = löpande beredskap + demografiskt medelvärde;
7. avdrag = (J − K) / J = D·A / (B + D·A) (tabell 10.3).

Rena funktioner: in kommer tal, arrayer och en polars-tabell, ut kommer tal och tabeller.
Ingen funktion läser filer eller skriver ut något.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from skolpeng.parametrar import Parameterlage

Trendmetod = Literal["hp", "linjar"]
Anpassningskalla = Literal["parameter", "kostnadsvikter"]

PARAMETERPREFIX = "utbudsansvar.overkapacitet"


# --- 1. Trend --------------------------------------------------------------------------


def hp_trend(x: np.ndarray, lam: float) -> np.ndarray:
    """Hodrick–Prescott-trenden τ för serien x: minimerar Σ(x − τ)² + λ Σ(Δ²τ)².

    In: en endimensionell serie (minst tre värden) och λ >= 0. Ut: trenden, samma längd.
    Löser (I + λ D'D) τ = x där D är andradifferensmatrisen.
    """
    x = np.asarray(x, dtype=float)
    n = x.size
    if n < 3:
        raise ValueError("Hodrick–Prescott-trenden kräver minst tre värden")
    d = np.zeros((n - 2, n))
    for i in range(n - 2):
        d[i, i : i + 3] = (1.0, -2.0, 1.0)
    return np.linalg.solve(np.eye(n) + lam * d.T @ d, x)


def linjar_trend(x: np.ndarray) -> np.ndarray:
    """Minstakvadrat-anpassad rät linje genom x (mot 0, 1, …, n − 1). Ut: linjens värden."""
    x = np.asarray(x, dtype=float)
    t = np.arange(x.size, dtype=float)
    lutning, konstant = np.polyfit(t, x, 1)
    return konstant + lutning * t


def langsiktig_trend(elever: np.ndarray, metod: Trendmetod, hp_lambda: float) -> np.ndarray:
    """Den långsiktiga trenden i elevantalet: trenden skattas på log(elever) och
    transformeras tillbaka, exp(trend). In: elevantal (> 0). Ut: trenden i antal elever."""
    logserie = np.log(np.asarray(elever, dtype=float))
    if metod == "hp":
        return np.exp(hp_trend(logserie, hp_lambda))
    if metod == "linjar":
        return np.exp(linjar_trend(logserie))
    raise ValueError(f"okänd trendmetod {metod!r} (använd 'hp' eller 'linjar')")


# --- 2–5. Toppar, referens, anpassning, överkapacitet ----------------------------------


def hitta_toppar(avvikelse: np.ndarray) -> tuple[np.ndarray, bool]:
    """Topparna i avvikelsen från trenden, en per demografisk cykel.

    In: relativ avvikelse elever/trend − 1 per år. En cykels topp är året med störst
    avvikelse i en sammanhängande period med positiv avvikelse, om det året är ett inre
    lokalt maximum (inte seriens första eller sista år – där vet man inte om toppen är nådd).
    Finns ingen sådan topp används seriens största avvikelse (reserv, flaggas).
    Ut: (boolesk array ``ar_topp``, ``reserv_anvand``).
    """
    d = np.asarray(avvikelse, dtype=float)
    n = d.size
    toppar = np.zeros(n, dtype=bool)
    i = 0
    while i < n:
        if d[i] > 0:
            j = i
            while j + 1 < n and d[j + 1] > 0:
                j += 1
            k = i + int(np.argmax(d[i : j + 1]))
            if 0 < k < n - 1:
                toppar[k] = True
            i = j + 1
        else:
            i += 1
    if toppar.any():
        return toppar, False
    toppar[int(np.argmax(d))] = True
    return toppar, True


def referenskapacitet(trend: np.ndarray, topp_avvikelse: float) -> np.ndarray:
    """Referenskapaciteten: trenden förskjuten med den genomsnittliga toppavvikelsen,
    trend × (1 + topp_avvikelse). In: trend, medelavvikelse vid topparna. Ut: kapacitet."""
    return np.asarray(trend, dtype=float) * (1.0 + topp_avvikelse)


def anpassad_kapacitet(
    faktiskt: np.ndarray, referens: np.ndarray, anpassningsgrad: float
) -> np.ndarray:
    """Kapaciteten efter anpassning: faktiskt + (1 − a) × (referens − faktiskt).

    In: faktiskt elevantal, referenskapacitet, anpassningsgraden a (0–1). Ut: kapacitet.
    """
    faktiskt = np.asarray(faktiskt, dtype=float)
    return faktiskt + (1.0 - anpassningsgrad) * (np.asarray(referens, dtype=float) - faktiskt)


def overkapacitet_andel(faktiskt: np.ndarray, anpassad: np.ndarray) -> np.ndarray:
    """Demografiskt betingad överkapacitet per år, (anpassad − faktiskt) / faktiskt."""
    faktiskt = np.asarray(faktiskt, dtype=float)
    return (np.asarray(anpassad, dtype=float) - faktiskt) / faktiskt


def anpassningsgrad_fran_kostnadsvikter(
    vikter: Mapping[str, float], anpassningsbarhet: Mapping[str, float], stadiefaktor: float
) -> float:
    """Anpassningsgraden a ur kostnadsvikter och anpassningsbarheter (SOU 2025:72 fotnot 19):
    1 − a = stadiefaktor × Σ_c vikt_c × (1 − anpassningsbarhet_c).

    In: vikt och anpassningsbarhet per kostnadspost (samma nycklar), stadiefaktorn 1,25.
    Ut: a. Med 17 %/20 %, 73 %/75 % och 10 %/100 % blir 1 − a = 0,398.
    """
    if set(vikter) != set(anpassningsbarhet):
        raise ValueError(
            "kostnadsvikter och anpassningsbarhet ska ha samma kostnadsposter: "
            f"{sorted(vikter)} mot {sorted(anpassningsbarhet)}"
        )
    kvar = stadiefaktor * sum(vikter[c] * (1.0 - anpassningsbarhet[c]) for c in vikter)
    return 1.0 - kvar


# --- Inställningar och hela analysen ----------------------------------------------------


@dataclass(frozen=True)
class Utbudsinstallningar:
    """Analysens val: trendmetod och λ, anpassningsgraden a och dess ursprung, beredskapen."""

    trendmetod: Trendmetod
    hp_lambda: float
    anpassningsgrad: float
    anpassningskalla: Anpassningskalla
    beredskap_andel: float


def standard_trendmetod(p: Parameterlage) -> Trendmetod:
    """Trendmetoden som gäller när ingen annan väljs (``utbudsansvar.overkapacitet.trendmetod``,
    ``linjar`` enligt docs/regler/utbudsansvar.md#beslut-trend)."""
    metod = p.text(f"{PARAMETERPREFIX}.trendmetod")
    if metod not in ("hp", "linjar"):
        raise ValueError(f"okänd trendmetod {metod!r} i parametrarna (använd 'hp' eller 'linjar')")
    return metod  # type: ignore[return-value]


def installningar_fran_parametrar(
    p: Parameterlage,
    trendmetod: Trendmetod | None = None,
    anpassning: Anpassningskalla = "parameter",
) -> Utbudsinstallningar:
    """Binder analysens parametrar en gång. In: ett parameterläge, trendmetod (None:
    parameterns standard, ``standard_trendmetod``) och om a ska tas direkt (``parameter``,
    0,6) eller härledas ur kostnadsvikterna (``kostnadsvikter``). Ut: ``Utbudsinstallningar``."""
    if trendmetod is None:
        trendmetod = standard_trendmetod(p)
    if anpassning == "parameter":
        a = p.tal("utbudsansvar.overkapacitet.anpassningsgrad_andel")
    elif anpassning == "kostnadsvikter":
        a = anpassningsgrad_fran_kostnadsvikter(
            p.mappning("utbudsansvar.overkapacitet.kostnadsvikter"),
            p.mappning("utbudsansvar.overkapacitet.anpassningsbarhet"),
            p.tal("utbudsansvar.overkapacitet.stadiefaktor"),
        )
    else:
        raise ValueError(f"okänd källa för anpassningsgraden {anpassning!r}")
    return Utbudsinstallningar(
        trendmetod=trendmetod,
        hp_lambda=p.tal("utbudsansvar.overkapacitet.hp_lambda"),
        anpassningsgrad=a,
        anpassningskalla=anpassning,
        beredskap_andel=p.tal("utbudsansvar.overkapacitet.beredskap_andel"),
    )


@dataclass(frozen=True)
class Utbudsresultat:
    """Resultatet av analysen för en serie.

    ``per_ar``: ar, antal_elever, trend, avvikelse_andel, ar_topp, referenskapacitet,
    anpassad_kapacitet, overkapacitet_andel. Sammanfattningen: medelavvikelsen vid topparna,
    medel/min/max av överkapaciteten, total överkapacitet inklusive beredskap.
    """

    per_ar: pl.DataFrame
    installningar: Utbudsinstallningar
    topp_avvikelse_andel: float
    toppar_reserv: bool
    medel_overkapacitet_andel: float
    min_overkapacitet_andel: float
    max_overkapacitet_andel: float
    total_overkapacitet_andel: float


def demografisk_overkapacitet(serie: pl.DataFrame, inst: Utbudsinstallningar) -> Utbudsresultat:
    """Hela beräkningen för en elevserie (steg 1–6 i modulens beskrivning).

    In: en tabell med ``ar`` (heltal, utan luckor, stigande) och ``antal_elever`` (> 0),
    redan validerad av läsaren; inställningarna. Ut: ``Utbudsresultat``.
    """
    serie = serie.sort("ar")
    ar = serie["ar"].to_numpy()
    elever = serie["antal_elever"].cast(pl.Float64).to_numpy()
    if elever.size < 3 or np.any(elever <= 0) or np.any(np.diff(ar) != 1):
        raise ValueError("serien ska ha minst tre på varandra följande år med elever > 0")

    trend = langsiktig_trend(elever, inst.trendmetod, inst.hp_lambda)
    avvikelse = elever / trend - 1.0
    ar_topp, reserv = hitta_toppar(avvikelse)
    topp_avvikelse = float(np.mean(avvikelse[ar_topp]))
    referens = referenskapacitet(trend, topp_avvikelse)
    anpassad = anpassad_kapacitet(elever, referens, inst.anpassningsgrad)
    overkap = overkapacitet_andel(elever, anpassad)
    medel = float(np.mean(overkap))

    per_ar = pl.DataFrame(
        {
            "ar": ar,
            "antal_elever": elever,
            "trend": trend,
            "avvikelse_andel": avvikelse,
            "ar_topp": ar_topp,
            "referenskapacitet": referens,
            "anpassad_kapacitet": anpassad,
            "overkapacitet_andel": overkap,
        }
    )
    return Utbudsresultat(
        per_ar=per_ar,
        installningar=inst,
        topp_avvikelse_andel=topp_avvikelse,
        toppar_reserv=reserv,
        medel_overkapacitet_andel=medel,
        min_overkapacitet_andel=float(np.min(overkap)),
        max_overkapacitet_andel=float(np.max(overkap)),
        total_overkapacitet_andel=total_overkapacitet(inst.beredskap_andel, medel),
    )


def total_overkapacitet(beredskap_andel: float, demografisk_andel: float) -> float:
    """Total överkapacitet = löpande beredskap + demografiskt betingad (t.ex. 2 % + 3,4 %)."""
    return beredskap_andel + demografisk_andel


# --- 7. Avdraget (tabell 10.3) ------------------------------------------------------


def avdrag_andel(overkapacitet: float, kommunal_elever: float, enskild_elever: float) -> float:
    """Avdraget från grundbeloppet som tar bort överkapacitetens kostnad, (J − K) / J.

    In: överkapaciteten D (andel), elever i kommunal skola B och i fristående skola C (samma
    enhet, t.ex. av 100). Med A = B + C: D·A / (B + D·A). D = 5,4 %, B = 84, C = 16 ger 6,04 %.
    """
    if kommunal_elever <= 0 or enskild_elever < 0:
        raise ValueError("elever i kommunal skola ska vara > 0 och i fristående skola >= 0")
    alla = kommunal_elever + enskild_elever
    return overkapacitet * alla / (kommunal_elever + overkapacitet * alla)


@dataclass(frozen=True)
class Avdragsberakning:
    """Tabell 10.3 rad för rad (SOU 2025:72): A–K och avdraget."""

    A_folkbokforda: float
    B_kommunal: float
    C_enskild: float
    D_overkapacitet_andel: float
    E_utbildningsplatser: float
    F_kostnad_per_plats_kr: float
    G_total_kostnad_kr: float
    H_kommunal_kostnad_kr: float
    H1_faktiskt_elevantal_kr: float
    H2_overkapacitet_kr: float
    I_kostnad_per_elev_kr: float
    J_grundbelopp_utan_hansyn_kr: float
    K_grundbelopp_med_hansyn_kr: float
    avdrag_andel: float
    avdrag_enligt_tabellens_formel_andel: float


def avdragsberakning(
    overkapacitet: float,
    kommunal_elever: float,
    enskild_elever: float,
    kostnad_per_plats_kr: float,
) -> Avdragsberakning:
    """Tabell 10.3 i källans ordning. In: D, B, C och F. Ut: alla rader och avdraget
    (J − K) / J; tabellens etikett (J − K) / K redovisas också (ger 6,43 % – en felskrivning,
    se docs/regler/utbudsansvar.md#tabell-10-3)."""
    a_ = kommunal_elever + enskild_elever
    e = a_ * (1.0 + overkapacitet)
    g = e * kostnad_per_plats_kr
    h1 = kommunal_elever * kostnad_per_plats_kr
    h2 = (e - a_) * kostnad_per_plats_kr
    h = h1 + h2
    i = h / kommunal_elever
    j = h / kommunal_elever
    k = h1 / kommunal_elever
    return Avdragsberakning(
        A_folkbokforda=a_,
        B_kommunal=kommunal_elever,
        C_enskild=enskild_elever,
        D_overkapacitet_andel=overkapacitet,
        E_utbildningsplatser=e,
        F_kostnad_per_plats_kr=kostnad_per_plats_kr,
        G_total_kostnad_kr=g,
        H_kommunal_kostnad_kr=h,
        H1_faktiskt_elevantal_kr=h1,
        H2_overkapacitet_kr=h2,
        I_kostnad_per_elev_kr=i,
        J_grundbelopp_utan_hansyn_kr=j,
        K_grundbelopp_med_hansyn_kr=k,
        avdrag_andel=(j - k) / j,
        avdrag_enligt_tabellens_formel_andel=(j - k) / k,
    )
