"""Förberäkning av ett beslut medan handläggaren läser bekräftelsesidan (fastställandet under en sekund).

In: appens tillstånd, modelltexten (modellens eller scenariots) och modellens id. Ut: inget;
i en bakgrundstråd räknas körningen med bidragen (``web.korning.kor_minnesvart``) in i
körningsminnet, så att ``POST /beslut`` bara behöver skriva och spara filerna. Körningen
beror inte på när beslutet fastställs (tidpunkten sätts först i filerna), så den är densamma
som fastställandet annars hade räknat; ett fel här ignoreras och visas av fastställandet.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

_logg = logging.getLogger(__name__)


def forbered_beslut(tillstand: Any, text: str, modell_id: int) -> threading.Thread:
    """Startar förberäkningen i en bakgrundstråd (daemon) med en egen databassession."""

    def kor() -> None:
        from skolpeng.api import Modell
        from skolpeng.web.korning import kor_minnesvart, las_webbmodell

        try:
            with tillstand.sessionsfabrik() as db:
                m = db.get(Modell, modell_id)
                if m is not None:
                    kor_minnesvart(tillstand, db, text, las_webbmodell(text), m.dataset)
        except Exception as fel:  # noqa: BLE001 – fastställandet räknar själv och visar felet
            _logg.info("förberäkningen av beslutet hoppades över: %s", fel)

    trad = threading.Thread(target=kor, name="skolpeng-forberakning", daemon=True)
    trad.start()
    return trad
