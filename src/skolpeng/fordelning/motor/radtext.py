"""Förklaringen per rad av en fördelad (del)pott (docs/regler/fordelning-och-bidrag.md#redovisning).

In: en ``Del`` och radernas värden (skolenhet, stadiets genomsnittliga vikt, målgruppselever,
stadiets andel). Ut: en svensk text per rad. Exempel:

- ``elever``: ``41 000 kr per elev``; med vikter ``vikt 1,31 × 41 000 kr``;
- ``index``: ``index 1,15 × 8 412 kr``; med vikter ``vikt 1,31 × index 1,15 × 8 412 kr``;
  förstärkt ``index 0,50 × 15 000 kr − 5 000 kr``; tröskel ``(index 1,15 − 0,9) × 33 000 kr``
  eller ``index 0,85 vid eller under tröskeln 0,9: 0 kr``; progressiv
  ``index 1,15^2 × 8 000 kr``; bundet av taket ``tak 20 000 kr per elev (enhetens
  genomsnitt; index 1,40)``;
- ``behovsniva``: ``vikt för behovsnivå 1,50 × 41 000 kr``; med belopp per nivå
  ``316 667 kr per elev (behovsnivåernas belopp, genomsnitt för stadiet)``;
- ``malgrupp``: ``12 elever i målgruppen nyanlända × 30 000 kr`` (``malgruppsnamn``);
- ``klumpsumma``/``givet``: ``klumpsumma 250 000 kr`` – delat på stadier
  ``klumpsumma 250 000 kr × 40,0 % (stadiets andel av enhetens elever i potten)``.

Satserna (α, β, kr per elev) är de som gäller efter ett eventuellt tak, så att
``vikt × (α·form − β)`` är radens kr_per_elev för varje obunden enhet. Talen står med
hårt mellanslag som tusentalsavgränsare (``forklaring``).
"""

from __future__ import annotations

import numpy as np

from skolpeng.fordelning.modellfil.schema import malgruppsnamn
from skolpeng.fordelning.motor.nycklar import Del
from skolpeng.talformat import NBSP, kort_tal, tal_lista
from skolpeng.talformat import kr as kr_text

KR = f"{NBSP}kr"


def _index(d: Del, u: np.ndarray, wbar: np.ndarray) -> list[str]:
    assert d.h is not None and d.bundna is not None
    y = d.nyckel
    h = d.h[u]
    ht = tal_lista(h.tolist(), 2)
    a = kr_text(d.alfa)
    viktad = y.vikter is not None or y.behovsnivaer is not None
    if y.form == "forstarkt":
        b = kr_text(d.beta)
        mall = ("(index {} × " + a + " − " + b + ")") if viktad else ("index {} × " + a + " − " + b)
    elif y.form == "troskel":
        mall = "(index {} − " + kort_tal(float(y.troskel or 0)) + ") × " + a
    elif y.form == "progressiv":
        mall = "index {}^" + kort_tal(float(y.exponent or 1)) + " × " + a
    else:
        mall = "index {} × " + a
    if viktad:
        ut = [
            f"vikt {w} × " + mall.format(x)
            for w, x in zip(tal_lista(wbar.tolist(), 2), ht, strict=True)
        ]
    else:
        ut = [mall.format(x) for x in ht]
    if y.form == "troskel":
        t = float(y.troskel or 0)
        under = " vid eller under tröskeln " + kort_tal(t) + ": 0" + KR
        ut = [
            f"index {x}{under}" if hv <= t else s
            for s, x, hv in zip(ut, ht, h.tolist(), strict=True)
        ]
    if y.tak_per_elev_kr is not None:
        tak = f"tak {kr_text(float(y.tak_per_elev_kr))} per elev (enhetens genomsnitt; index "
        ut = [
            f"{tak}{x})" if b else s for s, x, b in zip(ut, ht, d.bundna[u].tolist(), strict=True)
        ]
    return ut


def radtexter(
    d: Del, u: np.ndarray, wbar: np.ndarray, mrad: np.ndarray, andel: np.ndarray
) -> list[str]:
    """En dels rader (skolenhet ``u``, vikt ``wbar``, målgruppselever ``mrad``, stadiets
    andel ``andel``) -> förklaringen per rad."""
    y = d.nyckel
    if y.typ == "behovsniva" and y.behovsnivaer is None:
        # Vikterna är nivåernas belopp: radens genomsnitt är beloppet per elev.
        return [
            f"{b}{KR} per elev (behovsnivåernas belopp, genomsnitt för stadiet)"
            for b in tal_lista((wbar * d.sats).tolist(), 0)
        ]
    if y.typ == "behovsniva" or (y.typ == "elever" and y.behovsnivaer is not None):
        sats = f" × {kr_text(d.sats)}"
        return [f"vikt för behovsnivå {w}{sats}" for w in tal_lista(wbar.tolist(), 2)]
    if y.typ == "elever":
        if y.vikter is None:
            return [f"{kr_text(d.sats)} per elev"] * len(u)
        sats = f" × {kr_text(d.sats)}"
        return [f"vikt {w}{sats}" for w in tal_lista(wbar.tolist(), 2)]
    if y.typ == "index":
        return _index(d, u, wbar)
    if y.typ == "malgrupp":
        slut = f" elever i målgruppen {malgruppsnamn(y)} × {kr_text(d.sats)}"
        return [f"{m}{slut}" for m in tal_lista(mrad.tolist(), -1)]
    assert d.enhetsbelopp is not None
    etikett = "klumpsumma " if y.typ == "klumpsumma" else "givet belopp "
    slut = f"{NBSP}% (stadiets andel av enhetens elever i potten)"
    return [
        f"{etikett}{b}{KR}" if a >= 1 - 1e-12 else f"{etikett}{b}{KR} × {p}{slut}"
        for b, a, p in zip(
            tal_lista(d.enhetsbelopp[u].tolist(), 0),
            andel.tolist(),
            tal_lista((andel * 100).tolist(), 1),
            strict=True,
        )
    ]
