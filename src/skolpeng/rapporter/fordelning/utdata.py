"""Utdatan från ``skolpeng fordela``, skriven atomiskt i en katalog.

In: en ``Fordelningskorning`` (``fordelning.korning``), utkatalogen och kommandots argument.
Ut: i katalogen

- ``fordelning.csv`` – lång form, en rad per skolenhet, stadium och (del)pott:
  ``skolenhetskod, stadium, pott, elever, kr_per_elev, belopp_kr`` (oavrundat: Σ per pott =
  potten) och därefter ``delpott, kostnadsslag, samma_grunder, nyckel, nyckelvarde,
  belopp_kr_avrundat`` (hela kronor, största rest per pott) och ``forklaring``;
- ``bidrag.csv`` – per enskild skolenhet och stadium: elever, belopp per elev per
  kostnadsslag, lokalkostnad, administration, avdrag för utbudsansvar, villkorat belopp, moms
  och bidrag, i hela kronor så att delarna summerar till bidraget (``avrunda_bidrag``);
- ``forandring.csv`` – förändringen mot förra året uppdelad på elever, index, parametrar och
  stabilitet (bara när förra årets utdatakatalog angavs), i hela kronor;
- ``redovisning/`` (HTML och PDF per skolenhet, översikt) och ``redovisning.xlsx``;
- ``beslut/`` (beslut om bidrag per huvudman, HTML och PDF) och ``bidragsbeslut.xlsx`` när
  kommunen har enskilda skolenheter;
- ``normjamforelse.csv``, ``normjamforelse.html`` och ``beaktande.md`` – jämförelsen med den
  vägledande normen och texten om beaktandet till budgetbeslutet (SOU 2025:72, 9.4.1), när
  datasetet räcker för att beräkna normen för året;
- ``modell.yaml`` och ``underlag_*.csv`` – det nästa års körning läser som förra året
  (``forra_aret.skriv_forra_aret_underlag``; bara aggregerade antal per skolenhet);
- ``manifest.json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import polars as pl

from skolpeng.csvskrivning import skriv_csv
from skolpeng.fordelning.korning import Fordelningskorning
from skolpeng.fordelning.underlag_och_resultat import FORDELNING_EXTRA_KOLUMNER, FORDELNING_KOLUMNER
from skolpeng.fordelning.utbetalning.folkbokforda import elevgrund
from skolpeng.rapporter.beslut_om_bidrag.text import Overklagandemottagare
from skolpeng.rapporter.fordelning.beaktande_utan_norm import (
    normnoteringar,
    skriv_beaktande_utan_norm,
)
from skolpeng.utdata import atomisk_katalog, sha256_fil, skriv_manifest


def fordelningstabell(korning: Fordelningskorning) -> pl.DataFrame:
    """Fördelningens rader i ``fordelning.csv``:s kolumnordning."""
    rader = korning.fordelning.rader
    return rader.select(
        *FORDELNING_KOLUMNER, *(k for k in FORDELNING_EXTRA_KOLUMNER if k in rader.columns)
    )


def kommunnamn(korning: Fordelningskorning) -> str | None:
    """Kommunens namn ur datasetets tabell ``kommuner`` (None om kommunen saknas där)."""
    kommuner = korning.underlag.kommuner
    if kommuner is None:
        return None
    rad = kommuner.filter(pl.col("kommunkod") == korning.modell.kommunkod)
    return None if rad.height == 0 else str(rad["kommunnamn"][0])


def _indatahashar(korning: Fordelningskorning) -> dict[str, str]:
    """SHA-256 för modellfilen, datasetets filer, förra årets filer och bidragens filer."""
    hashar: dict[str, str] = {}
    if korning.modellfil is not None:
        hashar[f"modell/{korning.modellfil.name}"] = sha256_fil(korning.modellfil)
    hashar |= {f"data/{k}": v for k, v in korning.underlag.filhashar.items()}
    if korning.forra is not None:
        hashar |= {f"forra_aret/{k}": v for k, v in korning.forra.filhashar.items()}
    hashar |= {f"bidrag/{f.name}": sha256_fil(f) for f in korning.bidragsfiler}
    return hashar


def skriv_fordelning_utdata(
    korning: Fordelningskorning,
    ut: Path,
    argument: dict[str, object],
    pdf: bool = True,
    utskrift: Callable[[str], None] | None = None,
    framsteg: Callable[[], None] | None = None,
    beslutstid: dt.datetime | None = None,
    overklagande_till: Overklagandemottagare | None = None,
) -> list[str]:
    """Skriver all utdata (se modulens beskrivning) atomiskt i ``ut``. ``pdf`` = skriv PDF
    för redovisningar och beslut när WeasyPrint finns; ``utskrift`` får svenska noteringar
    (t.ex. att PDF saknas); ``framsteg`` anropas efter varje PDF; ``beslutstid`` (ett
    fastställt beslut) blir besluten om bidrags beslutsdatum och Excelböckernas skapelsetid, så
    att samma beslut ger samma bytes; ``overklagande_till`` (kommunens nämnd, adress och text)
    används i besluten om bidrag. Ut: de skrivna filernas namn relativt ``ut``, sorterade."""
    from skolpeng.fordelning.lika_villkor.per_enhet import avrunda_bidrag
    from skolpeng.fordelning.redovisning_och_forandring.forandring_avrundning import (
        avrunda_forandring,
    )
    from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
    from skolpeng.fordelning.stabilitetsregler.forra_aret import skriv_forra_aret_underlag
    from skolpeng.rapporter.beslut_om_bidrag.beslut import skriv_bidragsbeslut
    from skolpeng.rapporter.fordelning.normjamforelse import skriv_normjamforelse
    from skolpeng.rapporter.redovisning.filer import skriv_redovisning

    skriv = utskrift or (lambda _t: None)
    fordelning = korning.fordelning
    forandring = korning.forandring
    with atomisk_katalog(Path(ut)) as tmp:
        skriv_csv(fordelningstabell(korning), tmp / "fordelning.csv")
        skriv_csv(avrunda_bidrag(korning.bidrag), tmp / "bidrag.csv")
        if forandring is not None:
            skriv_csv(avrunda_forandring(forandring.enheter, fordelning), tmp / "forandring.csv")
        skriv_forra_aret_underlag(fordelning, tmp)
        redovisningar = redovisning(
            fordelning, forandring.enheter if forandring is not None else None
        )
        filer = skriv_redovisning(
            redovisningar, tmp, fordelning.potter, pdf=pdf, framsteg=framsteg, skapad=beslutstid
        )
        if filer.pdf_notering:
            skriv(filer.pdf_notering)
        if korning.bidrag.height > 0:
            skriv_bidragsbeslut(
                korning.bidrag,
                fordelning,
                tmp,
                korning.lage,
                kommun_namn=kommunnamn(korning),
                villkorade_belopp=korning.villkorade_belopp,
                utskrift=skriv,
                pdf=pdf,
                framsteg=framsteg,
                beslutsdatum=None if beslutstid is None else beslutstid.date().isoformat(),
                skapad=beslutstid,
                elevgrund=elevgrund(korning.anteckningar),
                overklagande_till=overklagande_till,
            )
        if korning.normjamforelse is not None and korning.beaktande is not None:
            skriv_normjamforelse(korning.normjamforelse, korning.beaktande, tmp)
        elif orsaker := normnoteringar(korning.anteckningar):
            m = korning.modell
            kommun = kommunnamn(korning) or f"kommun {m.kommunkod}"
            skriv_beaktande_utan_norm(tmp, m.namn, kommun, m.ar, orsaker)
        skriv_manifest(
            tmp,
            "fordela",
            argument,
            _indatahashar(korning),
            dict(korning.lage.filhashar),
            extra={
                "modell": {
                    "namn": korning.modell.namn,
                    "kommunkod": korning.modell.kommunkod,
                    "ar": korning.modell.ar,
                    "verksamhet": korning.modell.verksamhet,
                },
                "underlag": {
                    "namn": korning.underlag.namn,
                    "katalog": None if korning.datakatalog is None else str(korning.datakatalog),
                },
                "anteckningar": list(korning.anteckningar),
            },
        )
        skrivna = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    return skrivna
