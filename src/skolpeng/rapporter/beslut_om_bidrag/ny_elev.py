"""Beslut om bidrag för en elev som börjar under kalenderåret (skolförordningen 14 kap. 1 §
andra stycket: hemkommunen beslutar omgående; SOU 2025:72 avsnitt 5.5: bidraget följer
eleven från och med månaden för bytet).

In: bidragsramen, fördelningen, parameterläget, skolenhet, stadium och månad. Ut: HTML och
PDF (``beslut/ny_elev_<skolenhetskod>_<stadium>_<ar>-<mm>[_<arende>].html``). Beslutet
innehåller inga uppgifter om eleven (ärendet kan anges med ett ärendenummer). Ingen
regellogik: beloppen kommer från ``fordelning.lika_villkor.ny_elev``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from skolpeng.fordelning.lika_villkor.ny_elev import MANADER, bidrag_for_ny_elev
from skolpeng.fordelning.lika_villkor.per_enhet import DELAR, avrunda_bidrag
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.parametrar import Parameterlage
from skolpeng.rapporter.beslut_om_bidrag.gemensamt import (
    AVDRAG,
    kommuntext,
    lagrum_och_overklagande,
)
from skolpeng.rapporter.beslut_om_bidrag.text import (
    VERKSAMHET_TEXT,
    avdragstext,
    delrubriker,
    ny_elev_text,
    stadierubrik,
)
from skolpeng.rapporter.html import html_sida, lista, rubrik, stycke, tabell
from skolpeng.rapporter.pdf import pdf_notering, skriv_pdf
from skolpeng.talformat import kr, organisationsnummer


def _avrundad(rad: pl.DataFrame) -> dict:
    """En rad med ``DELAR`` och ``bidrag`` -> hela kronor (delarna summerar till bidraget)."""
    ram = rad.select(
        *DELAR,
        "bidrag",
        pl.lit(1.0).alias("elever"),
        pl.col("bidrag").alias("bidrag_totalt_kr"),
    )
    return avrunda_bidrag(ram).row(0, named=True)


def bidragsbeslut_ny_elev_html(
    bidrag: pl.DataFrame,
    fordelning: Fordelning,
    lage: Parameterlage,
    skolenhetskod: str,
    stadium: str,
    fran_manad: int,
    *,
    kommun_namn: str | None = None,
    beslutsdatum: str | None = None,
    arende: str | None = None,
) -> str:
    """Beslutet för en elev som börjar vid ``skolenhetskod`` i ``stadium`` i månaden
    ``fran_manad`` (1–12). In: bidragsramen (oavrundad), fördelningen, parameterläget. Ut:
    HTML-text på svenska med årsbeloppet per elev och beloppet för resten av året, per del."""
    modell = fordelning.modell
    ar, verksamhet = modell.ar, modell.verksamhet
    ny = bidrag_for_ny_elev(bidrag, skolenhetskod, stadium, fran_manad)
    # helt år för en ny elev: utan enhetens tilläggsbelopp, som beslutas särskilt för eleven
    arsrad = bidrag_for_ny_elev(bidrag, skolenhetskod, stadium, 1)
    helt_ar, period = _avrundad(arsrad), _avrundad(ny)
    enheter = fordelning.underlag.enheter.filter(pl.col("skolenhetskod") == skolenhetskod)
    e = enheter.row(0, named=True)
    hm_namn = e.get("huvudman_namn") or e["huvudman_id"]
    kommun = kommuntext(fordelning, kommun_namn)
    manad = MANADER[fran_manad - 1]
    perioden = f"{manad}–december {ar}" if fran_manad < 12 else f"december {ar}"
    manader = 12 - fran_manad + 1
    titel = f"Beslut om bidrag för en elev som börjar under kalenderåret {ar}"
    huvud = [
        f"Huvudman: {hm_namn} (organisationsnummer {organisationsnummer(e['huvudman_id'])})",
        f"Skolenhet: {e['namn']} (skolenhetskod {skolenhetskod})",
        f"Stadium: {stadierubrik(stadium, verksamhet)} ({VERKSAMHET_TEXT[verksamhet]})",
        f"Eleven börjar: {manad} {ar}",
        f"Beslutande kommun (hemkommun): {kommun}",
    ]
    if arende:
        huvud.append(f"Ärende: {arende}")
    if beslutsdatum:
        huvud.append(f"Beslutsdatum: {beslutsdatum}")
    rubriker = delrubriker(verksamhet)
    rader = []
    for d in DELAR:
        if d in ("villkorat_belopp", "tillaggsbelopp") and not helt_ar[d]:
            continue
        tecken = "−" if d == "avdrag_utbudsansvar" else ""
        rader.append(
            [rubriker[d], *(f"{tecken}{kr(x[d])}" if x[d] else kr(0) for x in (helt_ar, period))]
        )
    rader.append(["Bidrag", kr(helt_ar["bidrag"]), kr(period["bidrag"])])
    delar = [
        lista(huvud),
        rubrik("Beslut"),
        stycke(
            f"Kommunen beslutar att lämna bidrag till {hm_namn} för en elev med kommunen som "
            f"hemkommun som börjar vid {e['namn']} i {manad} {ar}. Bidraget lämnas för "
            f"{perioden}, {manader} av årets 12 månader, med {kr(period['bidrag'])}."
        ),
        tabell(
            ["Del av bidraget", "Per elev och helt år", f"För {perioden} ({manader}/12)"],
            rader,
            f"Bidraget för eleven, {e['namn']}, {stadierubrik(stadium, verksamhet)}",
        ),
        rubrik("Grunder"),
        stycke(
            f"Beloppet per elev och år är detsamma som i kommunens beslut om bidrag för "
            f"kalenderåret {ar} för skolenheten och stadiet, beräknat på samma grunder som för "
            f"kommunens egna skolenheter (resursfördelningsmodellen ”{modell.namn}”)."
        ),
        stycke(ny_elev_text()),
        stycke(
            avdragstext(
                ar,
                float(arsrad["avdrag_andel"][0]),
                modell.bidrag.avsta_avdrag,
                modell.bidrag.avsta_skal,
                lage.kalla(AVDRAG),
            )
        ),
        *lagrum_och_overklagande(verksamhet, kommun),
    ]
    return html_sida(f"{titel} – {e['namn']}", delar, rubrik=titel)


def skriv_bidragsbeslut_ny_elev(
    bidrag: pl.DataFrame,
    fordelning: Fordelning,
    katalog: Path,
    lage: Parameterlage,
    skolenhetskod: str,
    stadium: str,
    fran_manad: int,
    *,
    kommun_namn: str | None = None,
    beslutsdatum: str | None = None,
    arende: str | None = None,
    utskrift: Callable[[str], None] | None = None,
) -> list[Path]:
    """Skriver beslutet för en elev som börjar under året som HTML och (om möjligt) PDF i
    ``katalog/beslut``. Ut: de skrivna filerna; saknas PDF-stöd skickas förklaringen till
    ``utskrift``."""
    html = bidragsbeslut_ny_elev_html(
        bidrag,
        fordelning,
        lage,
        skolenhetskod,
        stadium,
        fran_manad,
        kommun_namn=kommun_namn,
        beslutsdatum=beslutsdatum,
        arende=arende,
    )
    mapp = Path(katalog) / "beslut"
    mapp.mkdir(parents=True, exist_ok=True)
    delar = [skolenhetskod, stadium, f"{fordelning.modell.ar}-{fran_manad:02d}"]
    if arende:
        delar.append("".join(c if c.isalnum() or c in "-_" else "_" for c in arende))
    fil = mapp / f"ny_elev_{'_'.join(delar)}.html"
    fil.write_text(html, encoding="utf-8")
    skrivna = [fil]
    saknas = skriv_pdf(html, fil.with_suffix(".pdf"))
    if saknas is None:
        skrivna.append(fil.with_suffix(".pdf"))
    elif utskrift is not None:
        utskrift(pdf_notering(saknas))
    return skrivna
