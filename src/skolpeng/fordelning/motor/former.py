"""Indexnyckelns former och taket per elev (docs/regler/fordelning-och-bidrag.md#former; SKL 2014
steg 4, "graden av omfördelning", s. 31–32).

In: pottens belopp ``P``, skolenheternas index på nyckelns skala ``h`` (medel 1: indexet på
100-skalan delat med 100), viktade elever i pottens omfattning ``Ew`` (skolenhet ×
årskurs) och nyckeln. Ut: belopp per skolenhet och årskurs som summerar exakt till ``P``.

Per viktad elev i skolenhet u ger formerna (α, β är skalärer som bevarar potten):

- ``linjar``: α·h_u;
- ``troskel``: α·max(0, h_u − t) (enheter vid eller under t får 0);
- ``progressiv``: α·h_u^p;
- ``forstarkt`` (faktor a): α·h_u − β med α = a·P/Σ(Ew·h) och β = (a − 1)·P/Σ Ew, dvs.
  potten räknas uppskalad med a och (a − 1) × pottens belopp per elev dras av per elev.
  SKL: 10 000 kr per elev med lägsta 5 000 kr blir 15 000·index − 5 000 (a = 1,5): medlet
  står kvar, avvikelserna från medlet växer med a och lägsta beloppet blir 2 500 kr. Ett
  belopp som blir negativt (index < (a − 1)/a vid medel 1) behålls – potten bevaras – och
  redovisas i anteckningarna.

Taket ``tak_per_elev_kr`` = c: ingen skolenhet får mer än c kr per (oviktad) elev i genomsnitt
i potten. Enheter över taket sätts till c; överskottet fördelas på enheterna under taket i
proportion till nyckeln (Ew·form, för ``forstarkt`` Ew·h) och proceduren upprepas tills
ingen enhet överstiger taket (varje varv binder minst en ny enhet, så högst n varv). Det
tillagda beloppet per nyckelenhet läggs till α, så att förklaringen α·form − β fortsatt
stämmer för de obundna enheterna.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from skolpeng.fordelning.modellfil.schema import Nyckel
from skolpeng.talformat import kr as kr_text

#: Relativ tolerans när ett tak jämförs (flyttalsbrus ska inte binda en enhet).
TAK_TOLERANS = 1e-9


@dataclass(frozen=True)
class Indexfordelning:
    """Resultatet av en indexnyckel: belopp ``X`` (n × årskurs), α och β (se modulen),
    formens värde per enhet ``form``, vilka enheter taket band (``bundna``), överskottet
    taket omfördelade (kr) och ett problem (svensk text) om potten inte går att fördela."""

    X: np.ndarray
    alfa: float
    beta: float
    form: np.ndarray
    bundna: np.ndarray
    omfordelat_kr: float
    problem: str | None = None


def formvarde(h: np.ndarray, nyckel: Nyckel) -> np.ndarray:
    """Index på nyckelns skala -> formens värde per enhet (det som multipliceras med α)."""
    if nyckel.form == "troskel":
        return np.maximum(0.0, h - float(nyckel.troskel or 0.0))
    if nyckel.form == "progressiv":
        return np.power(h, float(nyckel.exponent or 1.0))
    return h.astype(np.float64)


def fordela_index(
    P: float, h: np.ndarray, Ew: np.ndarray, E: np.ndarray, nyckel: Nyckel
) -> Indexfordelning:
    """Potten ``P`` efter elever × index i nyckelns form, med valfritt tak.

    In: P (kr), h (n, index med medel 1), Ew (n × årskurs, viktade elever i omfattningen),
    E (n × årskurs, oviktade elever i omfattningen, för taket), nyckeln. Ut: ``Indexfordelning``
    (Σ X = P)."""
    n = len(h)
    g = np.where(Ew.sum(axis=1) > 0, formvarde(h, nyckel), 0.0)
    K = Ew * g[:, None]
    S1 = float(K.sum())
    tom = Indexfordelning(np.zeros_like(Ew), 0.0, 0.0, g, np.zeros(n, dtype=bool), 0.0)
    if P == 0:
        return tom
    if S1 <= 0:
        text = "nyckeln ger summan 0 (inga viktade elever med positivt nyckelvärde i omfattningen)"
        if nyckel.form == "troskel":
            text = (
                f"alla enheter i omfattningen har index vid eller under tröskeln {nyckel.troskel}"
            )
        return Indexfordelning(tom.X, 0.0, 0.0, g, tom.bundna, 0.0, text)
    if nyckel.form == "forstarkt":
        a = float(nyckel.faktor or 1.0)
        alfa = a * P / S1
        beta = (a - 1.0) * P / float(Ew.sum())
        X = alfa * K - beta * Ew
    else:
        alfa, beta = P / S1, 0.0
        X = alfa * K
    if nyckel.tak_per_elev_kr is None:
        return Indexfordelning(X, alfa, beta, g, tom.bundna, 0.0)
    X, bundna, tillagg, omfordelat, problem = tillampa_tak(X, K, E, float(nyckel.tak_per_elev_kr))
    return Indexfordelning(X, alfa + tillagg, beta, g, bundna, omfordelat, problem)


def tillampa_tak(
    X: np.ndarray, K: np.ndarray, E: np.ndarray, tak: float
) -> tuple[np.ndarray, np.ndarray, float, float, str | None]:
    """Taket ``tak`` kr per elev (enhetens genomsnitt) med iterativ omfördelning.

    In: belopp X (n × årskurs), omfördelningsnyckel K (samma form), elever E och taket.
    Ut: (nya belopp, bundna enheter, tillägg per nyckelenhet, omfördelat belopp i kr –
    det de bundna enheterna fick mindre än utan tak –, problem eller None). Loopar över varv, inte över enheter; Σ X bevaras."""
    X0 = X
    X = X.copy()
    elever = E.sum(axis=1)
    fria = elever > 0
    bundna = np.zeros(len(elever), dtype=bool)
    tillagg = 0.0
    if tak * float(elever.sum()) < float(X.sum()) * (1 - TAK_TOLERANS):
        return (
            X,
            bundna,
            0.0,
            0.0,
            (f"taket {kr_text(tak)} per elev räcker inte: potten är större än taket × eleverna"),
        )
    for _ in range(len(elever) + 1):
        summa = X.sum(axis=1)
        over = fria & (summa > tak * elever * (1 + TAK_TOLERANS))
        if not over.any():
            break
        mal = tak * elever[over]
        overskott = float((summa[over] - mal).sum())
        X[over] *= (mal / summa[over])[:, None]
        fria &= ~over
        bundna |= over
        Kf = K * fria[:, None]
        S = float(Kf.sum())
        if S <= 0:
            return (
                X,
                bundna,
                tillagg,
                0.0,
                (
                    f"taket {kr_text(tak)} per elev kan inte hållas: överskottet kan inte fördelas på "
                    "enheter under taket (deras nyckel är 0)"
                ),
            )
        X += overskott * Kf / S
        tillagg += overskott / S
    omfordelat = float((X0.sum(axis=1) - X.sum(axis=1))[bundna].sum())
    return X, bundna, tillagg, omfordelat, None
