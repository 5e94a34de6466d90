"""En (del)potts fördelning på skolenheter och årskurser efter sin nyckel.

In: (del)pottens belopp, nyckeln, masken för de elever den når och ``Rutnat``. Ut: ``Del`` –
belopp per skolenhet och årskurs (n × 10, Σ = beloppet) och det som förklaringen behöver.

Nycklarna (``Nyckel.typ``):

- ``elever``: per viktad elev (vikt per årskurs, stadium eller åldersgrupp, annars 1);
- ``index``: viktade elever × indexets form (``former``), index = enhetens index / 100;
- ``malgrupp``: per elev i målgruppen. Målgruppens antal finns per skolenhet (inte per
  årskurs); når potten bara vissa årskurser räknas enhetens målgruppselever i proportion
  till enhetens elever i dem (antal × elever i omfattningen / alla enhetens elever);
- ``klumpsumma``: lika belopp per skolenhet med elever i omfattningen; delas på enhetens
  stadier efter elever;
- ``givet``: beloppen i ``givna_belopp`` tas som de är (de skalas inte). Pottens belopp är
  deras summa; modellens ``belopp`` är en kontroll: skiljer den sig från summan med mer än
  en krona är det ett fel. Belopp till en enhet som inte har elever i omfattningen är ett
  fel. Beloppet delas på enhetens stadier efter elever. I tabellen heter en pott som sig
  själv och en delpott ``<pott>/<delpott>``;
- ``behovsniva``: per elev viktad med elevens behovsnivå (vikt per nivå, eller pottens
  belopp per nivå som vikt: då får varje elev exakt sin nivås belopp). Med ``behovsnivaer``
  på ``elever`` eller ``index`` ersätts eleverna av nivåviktade elever i nyckeln. Elever i
  omfattningen utan behovsnivå i underlaget är ett fel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from skolpeng.fordelning.modellfil.schema import Nyckel
from skolpeng.fordelning.motor.former import fordela_index
from skolpeng.fordelning.motor.rutnat import Rutnat, viktrad
from skolpeng.talformat import kr as kr_text

#: Hur mycket givna belopp får skilja från pottens angivna belopp (kr).
GIVET_TOLERANS_KR = 1.0


@dataclass(frozen=True)
class Del:
    """En fördelad (del)pott: ``X`` belopp och ``E`` elever i omfattningen (n × 10), ``W``
    vikt per årskurs, ``belopp`` (Σ X), satser för förklaringen (``alfa``, ``beta``, ``sats``)
    och vektorer per enhet (``h`` index på nyckelns skala, ``bundna``, ``enhetsbelopp``),
    ``m`` målgruppselever (n × 10), ``omfordelat_kr`` (taket) och ``problem``."""

    nyckel: Nyckel
    X: np.ndarray
    E: np.ndarray
    W: np.ndarray
    belopp: float
    alfa: float = 0.0
    beta: float = 0.0
    sats: float = 0.0
    h: np.ndarray | None = None
    bundna: np.ndarray | None = None
    enhetsbelopp: np.ndarray | None = None
    m: np.ndarray | None = None
    omfordelat_kr: float = 0.0
    problem: str | None = None
    Ew: np.ndarray | None = None


def _per_enhet(X_enhet: np.ndarray, E: np.ndarray) -> np.ndarray:
    """Ett belopp per enhet fördelat på enhetens årskurser efter elever i omfattningen."""
    Eu = E.sum(axis=1)
    andel = np.divide(E, Eu[:, None], out=np.zeros_like(E), where=Eu[:, None] > 0)
    return X_enhet[:, None] * andel


def nivaviktade_elever(
    r: Rutnat, mask: np.ndarray, vikter: dict[str, float]
) -> tuple[np.ndarray, str | None]:
    """Eleverna i ``mask`` viktade med sin behovsnivå: Σ_nivå vikt × elever på nivån
    (n × kolumner), och ett problem om elever i omfattningen saknar behovsnivå."""
    niva = r.niva or {}
    E = r.elever * mask
    med_niva = sum((niva[n] * mask for n in niva), np.zeros_like(E))
    N = sum((float(w) * niva[n] * mask for n, w in vikter.items() if n in niva), np.zeros_like(E))
    okanda = sorted(set(niva) - set(vikter))
    saknas = (E - med_niva).sum(axis=1) > 1e-9
    if okanda and any((niva[n] * mask).sum() > 0 for n in okanda):
        return N, f"behovsnivåerna {', '.join(okanda)} har elever men ingen vikt eller belopp"
    if saknas.any():
        return N, "elever i omfattningen saknar behovsnivå i tabellen elever_behovsniva: " + (
            ", ".join(r.koder[saknas].tolist())
        )
    return N, None


def fordela_del(
    P: float,
    nyckel: Nyckel,
    mask: np.ndarray,
    r: Rutnat,
    givet: str,
    nivavikter: dict[str, float] | None = None,
) -> Del:
    """(Del)pottens belopp ``P`` efter ``nyckel`` över eleverna i ``mask`` -> ``Del``.
    ``givet`` är namnet i tabellen givna_belopp (för nyckeln givet); ``nivavikter`` är
    pottens belopp per behovsnivå (för nyckeln behovsniva utan egna vikter)."""
    E = r.elever * mask
    W = viktrad(nyckel.vikter, len(r.verksamheter))
    noll = np.zeros_like(E)
    vikter = nyckel.behovsnivaer or (nivavikter if nyckel.typ == "behovsniva" else None)
    if vikter is not None:
        N, fel = nivaviktade_elever(r, mask, vikter)
        if fel:
            return Del(nyckel, noll, E, W, 0.0, problem=fel)
        Ew = N * W[None, :]
    else:
        Ew = E * W[None, :]
    if nyckel.typ in ("elever", "behovsniva"):
        S = float(Ew.sum())
        if S <= 0:
            return Del(
                nyckel, noll, E, W, 0.0, problem="vikterna ger 0 för alla elever i omfattningen"
            )
        return Del(nyckel, P * Ew / S, E, W, P, sats=P / S, Ew=Ew)
    if nyckel.typ == "index":
        assert r.index is not None
        h = np.nan_to_num(r.index, nan=0.0) / 100.0
        f = fordela_index(P, h, Ew, E, nyckel)
        return Del(
            nyckel,
            f.X,
            E,
            W,
            P,
            alfa=f.alfa,
            beta=f.beta,
            h=h,
            bundna=f.bundna,
            omfordelat_kr=f.omfordelat_kr,
            problem=f.problem,
            Ew=Ew,
        )
    if nyckel.typ == "malgrupp":
        antal = r.malgrupper[str(nyckel.malgrupp)]
        alla = r.elever.sum(axis=1)
        kvot = np.divide(antal, alla, out=np.zeros_like(antal), where=alla > 0)
        m = E * kvot[:, None]
        S = float(m.sum())
        if S <= 0:
            return Del(
                nyckel,
                noll,
                E,
                W,
                0.0,
                m=m,
                problem=f"inga elever i målgruppen {nyckel.malgrupp!r} inom omfattningen",
            )
        return Del(nyckel, P * m / S, E, W, P, sats=P / S, m=m)
    Eu = E.sum(axis=1)
    if nyckel.typ == "klumpsumma":
        nar = Eu > 0
        L = np.where(nar, P / nar.sum(), 0.0)
        return Del(nyckel, _per_enhet(L, E), E, W, P, sats=P / nar.sum(), enhetsbelopp=L)
    G = r.givna[givet]
    har = ~np.isnan(G) & (G != 0)
    utanfor = har & (Eu <= 0)
    if utanfor.any():
        return Del(
            nyckel,
            noll,
            E,
            W,
            0.0,
            problem="givna belopp till skolenheter utan elever i omfattningen: "
            + ", ".join(r.koder[utanfor].tolist()),
        )
    G = np.where(har, G, 0.0)
    summa = float(G.sum())
    if abs(summa - P) > GIVET_TOLERANS_KR:
        return Del(
            nyckel,
            noll,
            E,
            W,
            0.0,
            problem=f"de givna beloppen summerar till {kr_text(summa)} men pottens belopp är "
            f"{kr_text(P)} (givna belopp tas som de är)",
        )
    return Del(nyckel, _per_enhet(G, E), E, W, summa, enhetsbelopp=G)
