"""Beslut om bidrag till enskild huvudman (docs/regler/fordelning-och-bidrag.md#bidragsbeslut; skolförordningen 14 kap. 10 § i
föreslagen lydelse): ett beslut per huvudman som HTML och PDF, och alla huvudmän i en
Excelbok (``bidragsbeslut_excel``).

Beslutet visar för varje skolenhet och stadium beloppen per elev för varje kostnadsslag,
lokalkostnader, administration, avdraget för merkostnader för utbudsansvar (eller att
kommunen avstått och varför), villkorat belopp, mervärdesskatt och bidraget, samt elevantalet
vid räkningsdatumet och summan; vidare kalenderåret, räkningsdatumet, grunderna (lokalkostnad,
satser med källor, potter som inte ges på samma grunder), lagrum och hur man överklagar.
Beloppen visas i hela kronor avrundade med största-rest per rad (``avrunda_bidrag``), så att
delarna summerar till bidraget.

In: bidragsramen (``berakna_bidrag_per_enhet``), fördelningen och parameterläget. Ut: HTML
(``bidragsbeslut_html``) och filer (``skriv_bidragsbeslut``). Ingen regellogik.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import polars as pl

from skolpeng.fordelning.lika_villkor.bidrag import Bidragsparametrar
from skolpeng.fordelning.lika_villkor.per_enhet import DELAR, KOSTNADSSLAG_ENHET, avrunda_bidrag
from skolpeng.fordelning.modellfil.schema import visningsnamn
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.parametrar import Parameterlage
from skolpeng.rapporter.beslut_om_bidrag.excel import skriv_bidragsbeslut_excel
from skolpeng.rapporter.beslut_om_bidrag.gemensamt import (
    ADMINISTRATION,
    AVDRAG,
    MOMS,
    kommuntext,
    lagrum_och_overklagande,
)
from skolpeng.rapporter.beslut_om_bidrag.text import (
    VERKSAMHET_TEXT,
    Overklagandemottagare,
    avdragstext,
    delrubriker,
    ny_elev_text,
    stadierubrik,
    tillskott_text,
)
from skolpeng.rapporter.beslut_om_bidrag.tillagg import (
    har_tillaggsbelopp,
    tillaggsbelopp_del,
    tillaggsbelopp_text,
)
from skolpeng.rapporter.html import html_sida, lista, rubrik, stycke, tabell
from skolpeng.rapporter.pdf import html_till_pdf_manga, pdf_notering, pdf_saknas
from skolpeng.talformat import decimal, kr, organisationsnummer, procent
from skolpeng.utdata import huvudmannens_filnamn


def _huvudman_namn(fordelning: Fordelning, huvudman_id: str) -> str:
    enheter = fordelning.underlag.enheter
    if "huvudman_namn" in enheter.columns:
        namn = enheter.filter(pl.col("huvudman_id") == huvudman_id)["huvudman_namn"]
        if namn.len() and namn[0]:
            return str(namn[0])
    return huvudman_id


def _enhetsnamn(fordelning: Fordelning) -> dict[str, str]:
    e = fordelning.underlag.enheter
    return dict(zip(e["skolenhetskod"], e["namn"], strict=True))


def _rubrik_med_sats(del_: str, rubriker: dict[str, str], lage: Parameterlage, rad: dict) -> str:
    text = rubriker[del_]
    if del_ == "administration":
        return f"{text} ({procent(Bidragsparametrar.fran_lage(lage).administration_andel, 0)} av grundbeloppet)"
    if del_ == "avdrag_utbudsansvar":
        return f"{text} (−{procent(rad['avdrag_andel'], 0)})" if rad["avdrag_andel"] else text
    if del_ == "moms":
        return f"{text} ({procent(Bidragsparametrar.fran_lage(lage).moms_andel, 0)})"
    return text


def enhetstabell(
    rader: pl.DataFrame, namn: str, kod: str, verksamhet: str, lage: Parameterlage, datum: str
) -> str:
    """En skolenhets avrundade rader (ett stadium per rad i ramen) -> en tabell med bidragets
    delar som rader (bara de som används) och stadierna som kolumner, elevantalet och
    summan."""
    rubriker = delrubriker(verksamhet)
    poster = rader.to_dicts()
    kolumnrubriker = [
        "Per elev och år",
        *(stadierubrik(p["stadium"], p.get("verksamhet") or verksamhet) for p in poster),
    ]
    tabellrader: list[list[str]] = []
    # Delar som inte används (0 kr på alla stadier, t.ex. lärverktyg i en modell som inte
    # har dem som egen pott) skrivs inte som rader med 0 kr.
    # Avdraget står kvar med 0 kr: det visar att inget avdrag görs (texten säger varför).
    valfria = (*KOSTNADSSLAG_ENHET, "villkorat_belopp", "tillaggsbelopp")
    visas = [d for d in DELAR if d not in valfria or any(p.get(d) for p in poster)]
    for d in visas:
        tecken = "−" if d == "avdrag_utbudsansvar" else ""
        celler = [f"{tecken}{kr(p[d])}" if p[d] else kr(0) for p in poster]
        tabellrader.append([_rubrik_med_sats(d, rubriker, lage, poster[0]), *celler])
    tabellrader.append([rubriker["bidrag"], *(kr(p["bidrag"]) for p in poster)])
    tabellrader.append([f"Antal elever den {datum}", *(decimal(p["elever"], 0) for p in poster)])
    tabellrader.append(
        ["Bidrag totalt för dessa elever", *(kr(p["bidrag_totalt_kr"]) for p in poster)]
    )
    return tabell(kolumnrubriker, tabellrader, f"{namn} (skolenhetskod {kod})")


def _tillagg_och_villkorat(egna: pl.DataFrame) -> str:
    """Beslutsmeningens tillägg: " och tilläggsbelopp", " och villkorat belopp" eller båda."""
    andra = ["tilläggsbelopp"] if har_tillaggsbelopp(egna) else []
    andra += ["villkorat belopp"] if egna["villkorat_belopp"].sum() else []
    return "".join(f"{', ' if i < len(andra) - 1 else ' och '}{d}" for i, d in enumerate(andra))


def _villkorat_del(villkorade: pl.DataFrame | None, koder: list[str], verksamhet: str) -> str:
    if villkorade is None:
        return ""
    egna = villkorade.filter(pl.col("skolenhetskod").is_in(koder))
    if egna.height == 0:
        return ""
    rader = [
        [
            r["skolenhetskod"],
            "alla stadier" if r["stadium"] is None else stadierubrik(r["stadium"], verksamhet),
            kr(r["kr_per_elev"]),
            r["andamal"],
            r["villkor"],
        ]
        for r in egna.iter_rows(named=True)
    ]
    return "\n".join(
        [
            rubrik("Villkorat belopp"),
            tabell(
                ["Skolenhetskod", "Stadium", "Belopp per elev", "Ändamål", "Villkor"],
                rader,
                "Villkorade belopp (utöver grundbeloppet, med mervärdesskatt 6 %)",
                textkolumner=(1, 3, 4),
            ),
            stycke(
                "Ett villkorat belopp lämnas för det angivna ändamålet. Huvudmannen ska kunna "
                "intyga att villkoren uppfylls och kommunen får kontrollera det. Ett villkorat "
                "belopp som inte har använts i enlighet med villkoren ska betalas tillbaka "
                "(skolförordningen 14 kap. 7 b § i den lydelse som föreslås i SOU 2025:72)."
            ),
        ]
    )


def _grunder(bidrag: pl.DataFrame, fordelning: Fordelning, lage: Parameterlage) -> list[str]:
    modell = fordelning.modell
    ar = modell.ar
    ej_samma = [visningsnamn(p) for p in modell.potter if not p.samma_grunder]
    lokal = (
        bidrag.select("stadium", "lokalkostnad", "lokalkostnad_grund")
        .unique(subset=["lokalkostnad_grund", "lokalkostnad"], maintain_order=True)
        .to_dicts()
    )
    lokaltext = "; ".join(
        f"{kr(r['lokalkostnad'])} per elev – {r['lokalkostnad_grund']}" for r in lokal
    )
    punkter = [
        f"Grundbeloppet är bestämt på samma grunder som kommunen tillämpar vid fördelningen "
        f"av resurser till sina egna skolenheter: samma potter och fördelningsnycklar i "
        f"resursfördelningsmodellen ”{modell.namn}” för kalenderåret {ar}, med skolenhetens "
        f"egna elever (och, där modellen har socioekonomiskt index, skolenhetens eget index).",
        "Potter som kommunen inte ger på samma grunder (t.ex. statsbidrag och kommunens egna "
        "ansvarstillägg) ingår inte: "
        + (", ".join(ej_samma) if ej_samma else "modellen har inga sådana potter")
        + ".",
        "Lokalkostnader ersätts med kommunens genomsnittliga lokalkostnad per elev i "
        "motsvarande verksamhet eller, av särskilda skäl, högst huvudmannens faktiska "
        f"kostnad (skolförordningen 14 kap. 6 §): {lokaltext}.",
        f"Administration: {procent(Bidragsparametrar.fran_lage(lage).administration_andel, 0)} av grundbeloppet "
        f"(källa: {lage.kalla(ADMINISTRATION)}).",
        avdragstext(
            ar,
            float(bidrag["avdrag_andel"][0]) if bidrag.height else 0.0,
            modell.bidrag.avsta_avdrag,
            modell.bidrag.avsta_skal,
            lage.kalla(AVDRAG),
        ),
        f"Mervärdesskatt: ett schablonbelopp om {procent(Bidragsparametrar.fran_lage(lage).moms_andel, 0)} av bidraget "
        f"(grundbeloppet efter avdraget samt i förekommande fall tilläggsbelopp och "
        f"villkorat belopp; källa: {lage.kalla(MOMS)}).",
        "Beloppen per elev är avrundade till hela kronor så att delarna summerar exakt till "
        "bidraget per elev. Tilläggsbelopp för enskilda elever beslutas särskilt.",
    ]
    if har_tillaggsbelopp(bidrag):
        punkter.append(tillaggsbelopp_text(Bidragsparametrar.fran_lage(lage).moms_andel))
    return punkter


def bidragsbeslut_html(
    bidrag: pl.DataFrame,
    fordelning: Fordelning,
    huvudman_id: str,
    lage: Parameterlage,
    *,
    kommun_namn: str | None = None,
    beslutsdatum: str | None = None,
    villkorade_belopp: pl.DataFrame | None = None,
    elevgrund: str | None = None,
    overklagande_till: Overklagandemottagare | None = None,
) -> str:
    """Beslutet för en huvudman som fristående HTML-sida.

    In: bidragsramen (oavrundad; avrundas här), fördelningen, huvudmannens id, parameterläget
    (satsernas källor), valfritt kommunens namn, beslutsdatum, de villkorade beloppen och
    ``elevgrund`` (vilka elever som räknats: folkbokförda enligt elever_hemkommun eller alla
    inskrivna). Ut: HTML-text på svenska."""
    modell = fordelning.modell
    ar, verksamhet = modell.ar, modell.verksamhet
    verksamhetstext = VERKSAMHET_TEXT[verksamhet] + (
        " och anpassad grundskola" if modell.med_anpassad_gr else ""
    )
    datum = modell.bidrag.rakningsdatum
    oavrundade = bidrag.filter(pl.col("huvudman_id") == huvudman_id)
    egna = avrunda_bidrag(oavrundade)
    hm_namn = _huvudman_namn(fordelning, huvudman_id)
    kommun = kommuntext(fordelning, kommun_namn)
    namn = _enhetsnamn(fordelning)
    titel = f"Beslut om bidrag till enskild huvudman för kalenderåret {ar}"
    huvud = [
        f"Huvudman: {hm_namn} (organisationsnummer {organisationsnummer(huvudman_id)})",
        f"Beslutande kommun (hemkommun): {kommun}",
        f"Kalenderår: {ar}",
        f"Verksamhet: {verksamhetstext}",
        f"Räkningsdatum för elevantalen: {datum}",
        *([f"Elever som räknats: {elevgrund}"] if elevgrund else []),
    ]
    if beslutsdatum:
        huvud.append(f"Beslutsdatum: {beslutsdatum}")
    koder = list(dict.fromkeys(egna["skolenhetskod"].to_list()))
    delar = [
        lista(huvud),
        rubrik("Beslut"),
        stycke(
            f"Kommunen beslutar att för kalenderåret {ar} lämna bidrag (grundbelopp"
            + _tillagg_och_villkorat(egna)
            + f") till {hm_namn} för {verksamhetstext} vid huvudmannens "
            "skolenheter nedan, med de belopp per elev och år som anges i tabellerna. "
            "Bidraget lämnas för elever som har kommunen som hemkommun."
        ),
        rubrik("Bidrag per skolenhet och stadium"),
    ]
    for kod in koder:
        rader = egna.filter(pl.col("skolenhetskod") == kod)
        delar.append(enhetstabell(rader, namn.get(kod, kod), kod, verksamhet, lage, datum))
    delar += [
        stycke(
            f"Summa för huvudmannen: {decimal(egna['elever'].sum(), 0)} elever den {datum}, "
            f"bidrag totalt {kr(egna['bidrag_totalt_kr'].sum())} för kalenderåret {ar}."
        ),
        tillaggsbelopp_del(egna, namn, verksamhet),
        _villkorat_del(villkorade_belopp, koder, verksamhet),
        rubrik("Grunder för beräkningen"),
        lista(_grunder(oavrundade, fordelning, lage)),
        rubrik("Elever som börjar under året och ändringar under året"),
        stycke(ny_elev_text()),
        stycke(tillskott_text()),
        *lagrum_och_overklagande(verksamhet, kommun, modell.med_anpassad_gr, overklagande_till),
    ]
    return html_sida(f"{titel} – {hm_namn}", delar, rubrik=titel)


def skriv_bidragsbeslut(
    bidrag: pl.DataFrame,
    fordelning: Fordelning,
    katalog: Path,
    lage: Parameterlage,
    *,
    kommun_namn: str | None = None,
    beslutsdatum: str | None = None,
    villkorade_belopp: pl.DataFrame | None = None,
    utskrift: Callable[[str], None] | None = None,
    pdf: bool = True,
    framsteg: Callable[[], None] | None = None,
    skapad: dt.datetime | None = None,
    elevgrund: str | None = None,
    overklagande_till: Overklagandemottagare | None = None,
) -> list[Path]:
    """Skriver besluten: ``beslut/<huvudman_id>.html`` och ``.pdf`` för varje huvudman i
    ``bidrag`` och ``bidragsbeslut.xlsx`` med alla. Går PDF inte att skapa på maskinen
    (``pdf_saknas``) hoppas PDF:erna över och förklaringen skickas en gång till ``utskrift``;
    ``pdf=False`` skriver bara HTML (WeasyPrint tar ungefär en halv sekund per beslut);
    ``framsteg`` anropas efter varje beslut (för en förloppsindikator); ``skapad`` är
    Excelbokens skapelsetid.
    In: som ``bidragsbeslut_html``, katalogen (finns, t.ex. från ``atomisk_katalog``).
    Ut: de skrivna filerna."""
    katalog = Path(katalog)
    mapp = katalog / "beslut"
    mapp.mkdir(parents=True, exist_ok=True)
    skrivna: list[Path] = []
    saknas: str | None = pdf_saknas() if pdf else None
    att_rita: list[tuple[str, Path]] = []
    for huvudman_id in dict.fromkeys(bidrag["huvudman_id"].to_list()):
        html = bidragsbeslut_html(
            bidrag,
            fordelning,
            huvudman_id,
            lage,
            kommun_namn=kommun_namn,
            beslutsdatum=beslutsdatum,
            villkorade_belopp=villkorade_belopp,
            elevgrund=elevgrund,
            overklagande_till=overklagande_till,
        )
        fil = mapp / f"{huvudmannens_filnamn(huvudman_id)}.html"
        fil.write_text(html, encoding="utf-8")
        skrivna.append(fil)
        if pdf and saknas is None:
            att_rita.append((html, fil.with_suffix(".pdf")))
        elif pdf and framsteg is not None:
            framsteg()
    skrivna += html_till_pdf_manga(att_rita, framsteg)
    if saknas is not None and utskrift is not None:
        utskrift(pdf_notering(saknas))
    skrivna.append(
        skriv_bidragsbeslut_excel(
            bidrag,
            fordelning,
            katalog / "bidragsbeslut.xlsx",
            lage,
            kommun_namn=kommun_namn,
            villkorade_belopp=villkorade_belopp,
            skapad=skapad,
            overklagande_till=overklagande_till,
        )
    )
    return skrivna
