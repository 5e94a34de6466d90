"""Tilläggsbeloppen i beslutet om bidrag: en tabell per huvudman med kommunens beslutade
tilläggsbelopp per skolenhet och stadium (summor per år, ändamål), beloppet per elev i
bidraget och mervärdesskatten (skolförordningen 14 kap. 4 § p. 6 i den lydelse som föreslås i
SOU 2025:72), och en mening om hur de ingår.

In: huvudmannens avrundade bidragsrader (``bidrag_enheter.avrunda_bidrag``) med kolumnerna
``tillaggsbelopp_ar_kr``, ``tillaggsbelopp_andamal``, ``tillaggsbelopp`` och
``moms_tillaggsbelopp``. Ut: HTML (tom text utan tilläggsbelopp). Ingen regellogik.
"""

from __future__ import annotations

import polars as pl

from skolpeng.rapporter.beslut_om_bidrag.text import stadierubrik
from skolpeng.rapporter.html import rubrik, tabell
from skolpeng.talformat import kr


def har_tillaggsbelopp(rader: pl.DataFrame) -> bool:
    """Om raderna har något tilläggsbelopp (äldre bidragsramar saknar kolumnen)."""
    return "tillaggsbelopp_ar_kr" in rader.columns and bool(rader["tillaggsbelopp_ar_kr"].sum())


def tillaggsbelopp_text(moms_andel: float) -> str:
    """Hur tilläggsbeloppen ingår i bidraget (under grunderna för beräkningen)."""
    return (
        "Tilläggsbelopp som kommunen har beslutat för elever vid skolenheten ingår med "
        "sin summa per år för skolenheten och stadiet; i tabellen per elev är summan delad "
        "på stadiets elever, så att bidraget totalt för dessa elever innehåller hela summan. "
        "Tilläggsbeloppet får mervärdesskatt men ingen administration och inget avdrag för "
        "utbudsansvar (skolförordningen 14 kap. 4 § 6 i den lydelse som föreslås i "
        f"SOU 2025:72: mervärdesskatten är {round(moms_andel * 100)} procent av grundbelopp "
        "och tilläggsbelopp). Beslutet om varje elevs tilläggsbelopp fattas särskilt; här "
        "redovisas bara summorna."
    )


def tillaggsbelopp_del(egna: pl.DataFrame, namn: dict[str, str], verksamhet: str) -> str:
    """Avsnittet "Tilläggsbelopp" i beslutet: en rad per skolenhet och stadium med
    tilläggsbelopp. Tom text när huvudmannen inte har några."""
    if not har_tillaggsbelopp(egna):
        return ""
    med = egna.filter(pl.col("tillaggsbelopp_ar_kr") > 0)
    rader = [
        [
            f"{namn.get(r['skolenhetskod'], r['skolenhetskod'])} ({r['skolenhetskod']})",
            stadierubrik(r["stadium"], verksamhet),
            r["tillaggsbelopp_andamal"] or "",
            kr(r["tillaggsbelopp_ar_kr"]),
            kr(r["tillaggsbelopp"]),
            kr(r["moms_tillaggsbelopp"]),
        ]
        for r in med.iter_rows(named=True)
    ]
    rader.append(["Summa", "", "", kr(med["tillaggsbelopp_ar_kr"].sum()), "", ""])
    return "\n".join(
        [
            rubrik("Tilläggsbelopp"),
            tabell(
                [
                    "Skolenhet",
                    "Stadium",
                    "Ändamål",
                    "Tilläggsbelopp per år",
                    "Per elev i bidraget",
                    "Varav mervärdesskatt per elev",
                ],
                rader,
                "Tilläggsbelopp (summor per skolenhet och stadium, med mervärdesskatt 6 %)",
                textkolumner=(1, 2),
            ),
        ]
    )
