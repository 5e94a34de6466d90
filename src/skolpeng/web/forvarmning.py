"""Förvärmning av beräkningsminnet när servern startar (ingen väntan på första
jämförelsen, normen mot i dag eller frysningen).

In: appen (``app.state``: ``sessionsfabrik``, ``minne``). Ut: inget; i en bakgrundstråd
laddas WeasyPrint, startas diagrammotorn och läses underlaget för de datasetversioner som
modellerna använder och normen och simuleringen mot i dag (med dess diagrambilder) för varje
sparad modells år och variant, i samma minne som sidorna använder (``web.korning``,
``web.sidor_norm``, ``web.diagrambilder``). Det som läses är detsamma som den första
förfrågan annars hade läst; en förfrågan som kommer medan tråden arbetar räknar själv och
minnet får samma värde. Fel loggas inte som fel för användaren: en norm som inte kan beräknas
minns som None, precis som i ``norm_for``.

Används av ``skolpeng serve`` (``Installningar.forvarm_minnet``), inte av testernas appar.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

#: Högst så många modeller (de senast ändrade) förvärms.
MAX_MODELLER = 20

_logg = logging.getLogger(__name__)


def forvarm(app: Any) -> None:
    """Läser underlagen och normerna för de senast ändrade modellerna (se modulen)."""
    from sqlalchemy import select

    from skolpeng.api import IndataFel, Modell, normvariant, pdf_saknas, simuleringsdiagram
    from skolpeng.web.diagrambilder import simuleringsbild
    from skolpeng.web.korning import las_webbmodell, norm_for, underlag_for
    from skolpeng.web.sidor_norm import simulering_for

    tillstand = app.state
    pdf_saknas()  # laddar WeasyPrint och Pango, så att den första PDF:en inte väntar på dem
    _starta_diagrammotorn()
    with tillstand.sessionsfabrik() as db:
        modeller = list(db.scalars(select(Modell).order_by(Modell.andrad.desc())
                                   .limit(MAX_MODELLER)))  # fmt: skip
        for m in modeller:
            try:
                modell = las_webbmodell(m.text)
                underlag_for(tillstand, m.dataset)
                norm_for(tillstand, m.dataset, modell.ar, normvariant(modell))
                variant = normvariant(modell)
                sim, _ = simulering_for(tillstand, m.dataset, modell.ar, variant)
                if sim is not None:  # simuleringssidans diagrambilder
                    for d in simuleringsdiagram(sim):
                        simuleringsbild(m.dataset.id, modell.ar, variant, d.namn, sim)
            except (IndataFel, KeyError, ValueError) as fel:
                _logg.info("förvärmningen hoppade över modell %s: %s", m.id, fel)


def _starta_diagrammotorn() -> None:
    """Ritar ett litet diagram, så att diagrammotorn (Vega-Lite via vl-convert, omkring en
    sekund första gången i en process) är igång före det första riktiga diagrammet."""
    import altair as alt

    from skolpeng.api import diagram_svg

    diagram_svg(alt.Chart(alt.Data(values=[{"x": 1, "y": 1}])).mark_point()
                .encode(x="x:Q", y="y:Q"))  # fmt: skip


def starta_forvarmning(app: Any) -> threading.Thread:
    """Startar ``forvarm`` i en bakgrundstråd (daemon). Ut: tråden."""

    def kor() -> None:
        try:
            forvarm(app)
        except Exception:  # noqa: BLE001 – förvärmningen får aldrig stoppa servern
            _logg.exception("förvärmningen av beräkningsminnet misslyckades")

    trad = threading.Thread(target=kor, name="skolpeng-forvarmning", daemon=True)
    trad.start()
    return trad
