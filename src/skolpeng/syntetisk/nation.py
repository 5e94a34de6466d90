"""Generatorn av den syntetiska nationen (docs/regler/dataformat.md#syntetisk-nation).

In: ett frö, antal kommuner, en skala och ett normår N. Ut: ett ``Underlag`` med varje
tabell i ``TABELLER`` i schemats kolumner och typer, konsistent mellan tabellerna och med
det verkliga Sveriges form vid skala 1 och 290 kommuner (SKR:s nio kommungrupper, ca 4 800
skolenheter, ca 1,2 miljoner elever F–9, ca en femtedel i enskilda enheter). Allt är
deterministiskt ur (seed, antal_kommuner, skala, normar) via ``numpy.random.default_rng``.

Åren: kostnadsåret C = N - 2. Elever för läsåren (N-2)/(N-1) och (N-1)/N, index för år N,
räkenskapssammandrag och lokalkostnadsunderlag för C-2 … C, modersmål och huvudmännens
kostnader för C, nationella tal för C … N. ``resultat`` lämnas tom (None).
"""

from __future__ import annotations

import numpy as np

from skolpeng.data.schema import Underlag
from skolpeng.syntetisk.ekonomi import generera_ekonomi
from skolpeng.syntetisk.enheter import generera_enheter
from skolpeng.syntetisk.form import NationsForm
from skolpeng.syntetisk.hemkommun import harled_elever_hemkommun
from skolpeng.syntetisk.index import generera_index
from skolpeng.syntetisk.kommuner import MAX_PER_LAN, generera_kommuner, kommuner_tabell
from skolpeng.syntetisk.skolenheter import elever_tabell, lasar, namnge, skolenheter_tabell

MAX_KOMMUNER = 20 * MAX_PER_LAN  # länen rymmer 21 x 99 kommunkoder; lite marginal


def _kontrollera(seed: int, antal_kommuner: int, skala: float, normar: int) -> None:
    """Avvisar argument som inte ger en meningsfull nation (ValueError på svenska)."""
    fel = []
    if not isinstance(seed, int | np.integer) or seed < 0:
        fel.append(f"seed måste vara ett heltal >= 0 (fick {seed!r})")
    if not 1 <= antal_kommuner <= MAX_KOMMUNER:
        fel.append(f"antal_kommuner måste vara mellan 1 och {MAX_KOMMUNER} (fick {antal_kommuner})")
    if not (np.isfinite(skala) and 0.0 < skala <= 100.0):
        fel.append(f"skala måste vara större än 0 och högst 100 (fick {skala})")
    if not 2000 <= normar <= 2100:
        fel.append(f"normar måste vara ett årtal mellan 2000 och 2100 (fick {normar})")
    if fel:
        raise ValueError("; ".join(fel))


def generera_nation(
    seed: int = 0,
    antal_kommuner: int = 290,
    skala: float = 1.0,
    normar: int = 2026,
    form: NationsForm | None = None,
) -> Underlag:
    """Genererar en syntetisk nation.

    In: ``seed`` (>= 0), ``antal_kommuner`` (1 … 1 980; 290 = Sverige), ``skala`` (> 0;
    multiplicerar antalet elever och enheter per kommun, 10 ger ca 46 000 enheter och 12
    miljoner elever), ``normar`` (normåret N), valfri ``form`` (standard: ``NationsForm()``).
    Ut: ``Underlag`` med alla tabeller utom ``resultat`` (``elever_hemkommun`` med de kända
    flödena i ``syntetisk.hemkommun`` för det senare läsåret och normåret) och namnet
    ``syntetisk nation seed=… kommuner=… skala=… normår=…``. Även mycket små nationer (3
    kommuner, skala 0,01) är giltiga: varje kommun har minst en kommunal enhet.
    """
    _kontrollera(seed, antal_kommuner, skala, normar)
    form = form or NationsForm()
    rng = np.random.default_rng(seed)
    kom = generera_kommuner(rng, antal_kommuner, skala, form)
    enh = generera_enheter(rng, kom, skala, form)
    hm = namnge(rng, kom, enh, form)
    index = generera_index(rng, kom, enh, hm.skolenhetskod, normar, form)
    ekonomi = generera_ekonomi(rng, kom, enh, hm.huvudman_id, normar, form)
    skolenheter = skolenheter_tabell(kom, enh, hm)
    elever = elever_tabell(enh, hm, normar)
    return Underlag(
        skolenheter=skolenheter,
        elever=elever,
        elever_hemkommun=harled_elever_hemkommun(skolenheter, elever, lasar(normar)[1], normar),
        socioekonomiskt_index=index,
        kommuner=kommuner_tabell(kom),
        lokalkostnadsunderlag=ekonomi["lokalkostnadsunderlag"],
        rakenskapssammandrag=ekonomi["rakenskapssammandrag"],
        modersmal=ekonomi["modersmal"],
        nationellt=ekonomi["nationellt"],
        kostnader_huvudman=ekonomi["kostnader_huvudman"],
        resultat=None,
        namn=f"syntetisk nation seed={seed} kommuner={antal_kommuner} skala={skala} normår={normar}",
    )
