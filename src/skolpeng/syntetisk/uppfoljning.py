"""Syntetiska uppföljningsdata med kända svar (docs/regler/uppfoljning.md): flera år av skolenheter med
bakgrund, index, belopp per pott och resultat, där vissa sanningar är planterade.

In: ``UppfoljningsForm`` (frö, antal enheter och år, planterade effekter). Ut:
``SyntetiskUppfoljning``: ramarna ``resultat``, ``bakgrund``, ``index``, ``belopp``,
``dekomposition`` och ``enheter`` i uppföljningens format (``uppfoljning.indata``) och
``Sanning``: den sanna modellen och vilka enheter som är planterade.

Modellen (per enhet u och budgetår t, läsåret (t−1)/t):

- bakgrund: andel med eftergymnasialt utbildade föräldrar e, utländsk bakgrund b, nyanlända
  a, pojkar; små slumpvisa ändringar mellan åren;
- index = poäng / elevviktat medel av poängen, poäng = (1 − e) + 0,5·b + a;
- belopp per elev: grundbelopp = bas_t · s_u,t (s = stadiemix kring 1), socioekonomiskt
  tillägg = takt_t · index (riktat, socioekonomiskt), statsbidrag = g (riktat);
- meritvärde = 150 + 120·e − 10·b − 40·a + γ·max(0, index − 1)·(t − t0) + brus med
  standardavvikelse 40/√n (n = elever i årskurs 9); andel behöriga ~ Bin(n, p)/n.

Planterat: en underkompenserad enhet (högt index, får inget socioekonomiskt tillägg och har
25 meritpoäng lägre resultat), ett gap som minskar (γ > 0: enheter med högt index förbättras)
eller ökar (γ < 0), och volatila enheter vars andel nyanlända ökar med 0,4 ett visst år (så
att indexet och totalen per elev hoppar). Dekompositionen är exakt Shapley över (elever =
stadiemix, index, parametrar) så att delarna summerar till förändringen.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import polars as pl

SANN_MERIT = {
    "const": 150.0,
    "andel_eftergymnasial": 120.0,
    "andel_utlandsk_bakgrund": -10.0,
    "andel_nyanlanda": -40.0,
}
ELEVSPRIDNING_MERIT = 40.0


@dataclass(frozen=True)
class UppfoljningsForm:
    """Parametrar för de syntetiska uppföljningsdata.

    ``gapforandring_per_ar`` (γ): meritpoäng per år och indexenhet över 1 för enheter med
    index över 1 (enheter med index under 1 påverkas inte); positivt = gapet minskar genom
    att enheterna med högt index förbättras (som i Stockholm 2022). ``volatila``: antal enheter med ett planterat hopp år ``forsta_ar +
    volatilt_ar_index``. ``underkompenserad``: om en underkompenserad enhet planteras."""

    seed: int = 0
    antal_enheter: int = 60
    forsta_ar: int = 2019
    antal_ar: int = 6
    gapforandring_per_ar: float = 0.0
    underkompenserad: bool = True
    underprestation: float = 25.0
    volatila: int = 2
    volatilt_ar_index: int = 3
    nyanlanda_hopp: float = 0.4
    bas_kr: float = 85_000.0
    bas_okning: float = 0.02
    takt_kr: float = 15_000.0
    statsbidrag_kr: float = 3_000.0
    sma_enheter: int = 3


@dataclass(frozen=True)
class Sanning:
    """De planterade svaren."""

    merit_koefficienter: dict[str, float]
    underkompenserad: str | None
    volatila: dict[str, int]
    gapforandring_per_ar: float
    sma_enheter: tuple[str, ...]


@dataclass(frozen=True)
class SyntetiskUppfoljning:
    """Syntetiska uppföljningsdata: en ram per tabell och sanningen."""

    resultat: pl.DataFrame
    bakgrund: pl.DataFrame
    index: pl.DataFrame
    belopp: pl.DataFrame
    dekomposition: pl.DataFrame
    enheter: pl.DataFrame
    sanning: Sanning = field(repr=False)

    def tabeller(self) -> dict[str, pl.DataFrame]:
        """Tabellnamn -> ram, för att skriva som ``<namn>.csv``."""
        return {
            "resultat": self.resultat,
            "bakgrund": self.bakgrund,
            "index": self.index,
            "belopp": self.belopp,
            "dekomposition": self.dekomposition,
            "enheter": self.enheter,
        }


def shapley(f, gammal: tuple, ny: tuple) -> list[float]:  # noqa: ANN001
    """Shapley-uppdelning av f(ny) − f(gammal) på faktorerna: medel över alla ordningar av
    faktorernas bidrag när de byts från gammalt till nytt värde. Delarna summerar exakt."""
    k = len(gammal)
    delar = [0.0] * k
    ordningar = list(itertools.permutations(range(k)))
    for ordning in ordningar:
        x = list(gammal)
        fore = f(*x)
        for i in ordning:
            x[i] = ny[i]
            efter = f(*x)
            delar[i] += efter - fore
            fore = efter
    return [d / len(ordningar) for d in delar]


def _total(s: float, i: float, p: tuple[float, float, float]) -> float:
    """Totalen per elev: grundbelopp·stadiemix + takt·index + statsbidrag."""
    bas, takt, g = p
    return bas * s + takt * i + g


def _lasar(ar: int) -> str:
    return f"{ar - 1}/{str(ar)[2:]}"


def generera_uppfoljning(form: UppfoljningsForm = UppfoljningsForm()) -> SyntetiskUppfoljning:
    """``UppfoljningsForm`` -> ``SyntetiskUppfoljning`` (deterministiskt givet fröet)."""
    rng = np.random.default_rng(form.seed)
    n, T = form.antal_enheter, form.antal_ar
    koder = [f"{90000000 + u + 1:08d}" for u in range(n)]
    e0 = rng.uniform(0.25, 0.90, n)
    b0 = np.clip(0.95 - 0.85 * e0 + rng.normal(0, 0.08, n), 0.02, 0.95)
    a0 = np.clip(0.15 * b0 * rng.uniform(0, 1, n), 0.0, 0.3)
    p0 = np.clip(0.5 + rng.normal(0, 0.03, n), 0.3, 0.7)
    ak9 = rng.integers(25, 121, n).astype(float)
    sma = list(range(form.sma_enheter))
    ak9[sma] = 10.0
    elever = ak9 * 9 * rng.uniform(0.9, 1.1, n)
    s0 = 1 + rng.normal(0, 0.01, n)

    poang0 = (1 - e0) + 0.5 * b0 + a0
    ordning = np.argsort(-poang0)
    under = int(ordning[form.sma_enheter]) if form.underkompenserad else None
    kandidater = [int(u) for u in ordning if int(u) not in sma and int(u) != under]
    valda = kandidater[len(kandidater) // 2 : len(kandidater) // 2 + form.volatila]
    hoppar = form.forsta_ar + form.volatilt_ar_index

    rader_r, rader_b, rader_i, rader_p, rader_d = [], [], [], [], []
    e, b, a, s = e0.copy(), b0.copy(), a0.copy(), s0.copy()
    forra: dict[int, tuple[float, float, tuple[float, float, float]]] = {}
    for k in range(T):
        t = form.forsta_ar + k
        if k:
            e = np.clip(e + rng.normal(0, 0.005, n), 0.05, 0.98)
            b = np.clip(b + rng.normal(0, 0.005, n), 0.01, 0.98)
            a = np.clip(a + rng.normal(0, 0.002, n), 0.0, 0.6)
            s = s + rng.normal(0, 0.002, n)
        a_t = a.copy()
        if t >= hoppar:
            a_t[valda] = np.clip(a_t[valda] + form.nyanlanda_hopp, 0, 0.9)
        poang = (1 - e) + 0.5 * b + a_t
        index = poang / np.average(poang, weights=elever)
        p = (form.bas_kr * (1 + form.bas_okning) ** k, form.takt_kr * 1.02**k, form.statsbidrag_kr)
        mu = (
            SANN_MERIT["const"]
            + SANN_MERIT["andel_eftergymnasial"] * e
            + SANN_MERIT["andel_utlandsk_bakgrund"] * b
            + SANN_MERIT["andel_nyanlanda"] * a_t
            + form.gapforandring_per_ar * np.maximum(index - 1, 0) * k
        )
        if under is not None:
            mu[under] -= form.underprestation
        merit = mu + rng.normal(0, ELEVSPRIDNING_MERIT / np.sqrt(ak9))
        p_beh = np.clip(
            0.45 + 0.5 * e - 0.05 * b - 0.3 * a_t + 0.002 * (mu - mu.mean()), 0.05, 0.99
        )
        beh = rng.binomial(ak9.astype(int), p_beh) / ak9
        for u in range(n):
            kod = koder[u]
            rader_r.append((kod, _lasar(t), float(merit[u]), float(beh[u]), float(ak9[u])))
            rader_b.append(
                (
                    kod,
                    _lasar(t),
                    float(e[u]),
                    float(b[u]),
                    float(a_t[u]),
                    float(p0[u]),
                    float(elever[u]),
                )
            )
            rader_i.append((kod, t, float(index[u])))
            takt_u = 0.0 if u == under else p[1]
            pu = (p[0], takt_u, p[2])
            for pott, kr, riktad, socio in (
                ("grundbelopp", p[0] * s[u], 0, 0),
                ("socioekonomiskt_tillagg", takt_u * index[u], 1, 1),
                ("statsbidrag_likvardig_skola", p[2], 1, 0),
            ):
                rader_p.append((kod, t, pott, float(kr), float(elever[u]), riktad, socio))
            if u in forra:
                s_f, i_f, p_f = forra[u]
                delar = shapley(_total, (s_f, i_f, p_f), (float(s[u]), float(index[u]), pu))
                for faktor, d in zip(("elever", "index", "parametrar"), delar, strict=True):
                    rader_d.append((kod, t, faktor, float(d)))
            forra[u] = (float(s[u]), float(index[u]), pu)

    return SyntetiskUppfoljning(
        resultat=pl.DataFrame(
            rader_r,
            schema=["skolenhetskod", "lasar", "meritvarde", "andel_behoriga", "antal_elever"],
            orient="row",
        ),
        bakgrund=pl.DataFrame(
            rader_b,
            schema=[
                "skolenhetskod",
                "lasar",
                "andel_eftergymnasial",
                "andel_utlandsk_bakgrund",
                "andel_nyanlanda",
                "andel_pojkar",
                "antal_elever",
            ],
            orient="row",
        ),
        index=pl.DataFrame(rader_i, schema=["skolenhetskod", "ar", "index"], orient="row"),
        belopp=pl.DataFrame(
            rader_p,
            schema=[
                "skolenhetskod",
                "ar",
                "pott",
                "kr_per_elev",
                "elever",
                "riktad",
                "socioekonomisk",
            ],
            orient="row",
        ),
        dekomposition=pl.DataFrame(
            rader_d, schema=["skolenhetskod", "ar", "faktor", "andring_kr_per_elev"], orient="row"
        ),
        enheter=pl.DataFrame(
            {"skolenhetskod": koder, "namn": [f"Syntetiska skolan {u + 1}" for u in range(n)]}
        ),
        sanning=Sanning(
            merit_koefficienter=dict(SANN_MERIT),
            underkompenserad=koder[under] if under is not None else None,
            volatila={koder[u]: hoppar for u in valda},
            gapforandring_per_ar=form.gapforandring_per_ar,
            sma_enheter=tuple(koder[u] for u in sma),
        ),
    )
