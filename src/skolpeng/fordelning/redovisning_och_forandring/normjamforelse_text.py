"""Texten om beaktandet av normen till budgetbeslutet (SOU 2025:72 avsnitt 9.4.1).

In: fördelningen, normens resultat och jämförelsen (``normjamforelse.jamfor_med_normen``).
Ut: en neutral svensk text (Markdown) som en tjänsteperson kan klistra in i beslutsunderlaget:
att normen har beaktats, jämförelsens nyckeltal (kommunens genomsnitt mot normen, per stadium,
hur många enheter som ligger under och över, den socioekonomiska andelen i modellen mot
normens, lokalkostnaderna) och jämförelsens förutsättningar. Kommunens egna överväganden
skrivs av kommunen; texten lämnar en markerad plats för dem.
"""

from __future__ import annotations

import polars as pl

from skolpeng.fordelning.redovisning_och_forandring.normjamforelse import (
    ALLA,
    LOKALKOSTNADER,
    jamfor_med_normen,
    socioekonomisk_andel_normen,
)
from skolpeng.fordelning.underlag_och_resultat import Fordelning
from skolpeng.norm.resultat import NormResultat
from skolpeng.talformat import heltal, kr, mnkr, procent

STADIUM_TEXT = {"F": "förskoleklass", "1-3": "åk 1–3", "4-6": "åk 4–6", "7-9": "åk 7–9"}
VARIANT_TEXT = {
    "vagledande": "den vägledande nationella normen",
    "bindande": "den bindande normen (kapitel 6)",
    "fritidshem": "normen för fritidshem",
}
OVERVAGANDEN = "[Kommunens överväganden i förhållande till normen fylls i här.]"
LIKA_KR = 0.5  # |skillnad| under en halv krona per elev räknas som i nivå med normen


def _over_under(skillnad: float) -> str:
    if abs(skillnad) < LIKA_KR:
        return "i nivå med normen"
    return "över normen" if skillnad > 0 else "under normen"


def _skillnad(rad: dict) -> str:
    """'1 234 kr per elev (2,1 %) över normen'."""
    d = rad["skillnad_kr"]
    return f"{kr(abs(d))} per elev ({procent(abs(rad['skillnad_andel']))}) {_over_under(d)}"


def _enheter(j: pl.DataFrame) -> list[str]:
    alla = j.filter(
        (pl.col("niva") == "skolenhet")
        & (pl.col("stadium") == ALLA)
        & pl.col("norm_kr_per_elev").is_not_null()
    )
    under = alla.filter(pl.col("skillnad_kr") <= -LIKA_KR).height
    over = alla.filter(pl.col("skillnad_kr") >= LIKA_KR).height
    lika = alla.height - under - over
    text = (
        f"{under} av {alla.height} skolenheter får ett belopp per elev under normen och "
        f"{over} över normen" + (f"; {lika} ligger i nivå med normen" if lika else "") + "."
    )
    if alla.height:
        lagst = alla.sort("skillnad_andel").row(0, named=True)
        hogst = alla.sort("skillnad_andel").row(-1, named=True)
        text += (
            f" Skillnaden mot normen varierar från {procent(lagst['skillnad_andel'])} "
            f"({lagst['namn']}) till {procent(hogst['skillnad_andel'])} ({hogst['namn']})."
        )
    return [text]


def _stadier(j: pl.DataFrame) -> str:
    delar = [
        f"{STADIUM_TEXT.get(r['stadium'], r['stadium'])} {kr(r['modell_kr_per_elev'])} mot "
        f"{kr(r['norm_kr_per_elev'])} ({procent(r['skillnad_andel'])})"
        for r in j.filter((pl.col("niva") == "huvudman") & (pl.col("stadium") != ALLA)).iter_rows(
            named=True
        )
    ]
    return (
        "Per stadium (modellen mot normen, skillnad i procent av normen): " + "; ".join(delar) + "."
    )


def _socioekonomi(kommun: dict, norm: NormResultat) -> str:
    modell_andel = (
        kommun["modell_varav_socioekonomi_kr"] / kommun["modell_kr_per_elev"]
        if kommun["modell_kr_per_elev"]
        else 0.0
    )
    norm_andel = (
        kommun["norm_varav_socioekonomi_kr"] / kommun["norm_kr_per_elev"]
        if kommun["norm_kr_per_elev"]
        else 0.0
    )
    param = socioekonomisk_andel_normen(norm)
    text = (
        f"Modellen fördelar {procent(modell_andel)} av beloppet till de kommunala skolenheterna "
        "efter behov av stöd och stimulans (potter med socioekonomiskt index eller målgrupper som "
        f"nyckel), i genomsnitt {kr(kommun['modell_varav_socioekonomi_kr'])} per elev. "
    )
    snitt = (
        f"i genomsnitt {kr(kommun['norm_varav_socioekonomi_kr'])} per elev, "
        f"{procent(norm_andel)} av normen"
    )
    if param is None:
        return (
            text + f"I normen är det socioekonomiska tillägget för kommunens skolenheter {snitt}."
        )
    return text + (
        f"I normen är det socioekonomiska tillägget {procent(param, 0)} av det normgrundande "
        "beloppet efter reservationer (SOU 2025:72 avsnitt 6.2.1); för kommunens skolenheter är "
        f"det {snitt}."
    )


def _lokaler(kommun: dict, fordelning: Fordelning) -> str:
    norm_lokal = kr(kommun["norm_varav_lokalkostnad_kr"])
    har_lokalpott = any(p.kostnadsslag == LOKALKOSTNADER for p in fordelning.modell.potter)
    if not har_lokalpott:
        return (
            "Modellen fördelar inga lokalkostnader (ingen pott har kostnadsslaget "
            f"lokalkostnader), medan normen innehåller i genomsnitt {norm_lokal} per elev för "
            "lokaler; skillnaden mot normen ska läsas med det i minnet."
        )
    return (
        f"Lokalkostnader: modellen {kr(kommun['modell_varav_lokalkostnad_kr'])} per elev, "
        f"normen {norm_lokal} per elev."
    )


def _forutsattningar(j: pl.DataFrame, fordelning: Fordelning, norm: NormResultat) -> list[str]:
    ar = fordelning.modell.ar
    punkter = [
        f"Normen är {VARIANT_TEXT.get(norm.variant, norm.variant)} för normåret {norm.normar} "
        f"(kostnader från {norm.kostnadsar}, elever {norm.elevar}); modellen gäller "
        f"kalenderåret {ar}."
        + (" Beloppen är inte omräknade mellan åren." if norm.normar != ar else ""),
        "Kommunens genomsnitt av normen är vägt med modellens elever per skolenhet och "
        "stadium, så att skillnaden gäller samma elever.",
        "Modellens belopp är summan av de potter modellen fördelar till skolenheterna; "
        "kostnader som inte fördelas genom modellen ingår inte.",
    ]
    saknas = j.filter((pl.col("niva") == "skolenhet") & (pl.col("stadium") != ALLA)).filter(
        pl.col("norm_kr_per_elev").is_null()
    )
    if saknas.height:
        lista = ", ".join(
            f"{r['namn']} ({r['skolenhetskod']}, {STADIUM_TEXT.get(r['stadium'], r['stadium'])})"
            for r in saknas.iter_rows(named=True)
        )
        punkter.append(f"Saknas i normen och ingår därför inte i jämförelsen: {lista}.")
    return punkter


def beaktande_text(
    fordelning: Fordelning, norm: NormResultat, jamforelse: pl.DataFrame | None = None
) -> str:
    """Fördelningen och normen (och jämförelsen, annars beräknad) -> texten om beaktandet
    (Markdown, svenska). Alla tal kommer ur jämförelsen."""
    j = jamfor_med_normen(fordelning, norm) if jamforelse is None else jamforelse
    kommun = j.filter((pl.col("niva") == "huvudman") & (pl.col("stadium") == ALLA)).row(
        0, named=True
    )
    enheter = j.filter(
        (pl.col("niva") == "skolenhet")
        & (pl.col("stadium") == ALLA)
        & pl.col("norm_kr_per_elev").is_not_null()
    )
    modell = fordelning.modell
    verksamhet = (
        "fritidshem" if modell.verksamhet == "fritidshem" else "förskoleklass och grundskola"
    )
    summa = kommun["skillnad_kr"] * kommun["elever"]
    rader = [
        f"# Beaktande av den nationella normen – {kommun['namn']} {modell.ar}",
        "",
        f"Inför beslutet om resursfördelning till {verksamhet} i egen regi för {modell.ar} har "
        f"{kommun['namn']} beaktat {VARIANT_TEXT.get(norm.variant, 'normen')} för {norm.normar}. "
        "Enligt "
        "SOU 2025:72 avsnitt 9.4.1 ska kommunen inför sitt beslut om resursfördelning beakta "
        "normen och dokumentera beslutsunderlaget. Jämförelsen avser resursfördelningsmodellen "
        f"”{modell.namn}” och omfattar {enheter.height} kommunala skolenheter med "
        f"{heltal(kommun['elever'])} elever.",
        "",
        "## Jämförelsens nyckeltal",
        "",
        f"- Modellen ger i genomsnitt {kr(kommun['modell_kr_per_elev'])} per elev; normen "
        f"motsvarar {kr(kommun['norm_kr_per_elev'])} per elev för samma elever. Modellen ligger "
        f"{_skillnad(kommun)}, sammanlagt {mnkr(abs(summa))}.",
        f"- {_stadier(j)}",
        *[f"- {t}" for t in _enheter(j)],
        f"- {_socioekonomi(kommun, norm)}",
        f"- {_lokaler(kommun, fordelning)}",
        "",
        "## Jämförelsens förutsättningar",
        "",
        *[f"- {t}" for t in _forutsattningar(j, fordelning, norm)],
        "",
        "## Överväganden",
        "",
        "Normen är vägledande. Att den beaktas innebär att den är en av flera aspekter i en "
        "sammantagen bedömning; kommunen kan också beakta andra aspekter, såsom kvalitet och "
        "effektivitet (SOU 2025:72 avsnitt 9.4.1).",
        "",
        OVERVAGANDEN,
        "",
    ]
    return "\n".join(rader)
