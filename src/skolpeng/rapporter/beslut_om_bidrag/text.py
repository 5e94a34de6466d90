"""De fasta texterna i beslut om bidrag till enskild huvudman: lagrum, kostnadsslagens namn,
avdraget, lokalkostnaden och hur man överklagar (skollagen 9 kap. 19–21 §§, 10 kap. 37–39 §§,
14 kap. 15–17 §§, 28 kap. 5 §; skolförordningen 14 kap. 1, 2, 4–7 a, 7 b och 10 §§, de
senare i den lydelse som föreslås i SOU 2025:72 författningsförslag 1.2).

In: kalenderåret, verksamheten, satserna och deras källor. Ut: svensk text. Ingen regellogik.
"""

from __future__ import annotations

from dataclasses import dataclass

from skolpeng.talformat import procent

#: Rubrik för varje del av bidraget per elev (``bidrag_enheter.DELAR`` + ``bidrag``).
DELRUBRIK_FK_GR: dict[str, str] = {
    "undervisning": "Undervisning",
    "larverktyg": "Lärverktyg",
    "elevhalsa": "Elevhälsa",
    "maltider": "Måltider",
    "lokalkostnad": "Lokalkostnader",
    "administration": "Administration",
    "avdrag_utbudsansvar": "Avdrag för merkostnader för utbudsansvar",
    "tillaggsbelopp": "Tilläggsbelopp",
    "villkorat_belopp": "Villkorat belopp",
    "moms": "Mervärdesskatt",
    "bidrag": "Bidrag per elev och år",
}
#: Fritidshemmets kostnadsslag (skolförordningen 14 kap. 5 §).
DELRUBRIK_FRITIDSHEM: dict[str, str] = {
    **DELRUBRIK_FK_GR,
    "undervisning": "Omsorg och pedagogisk verksamhet",
    "larverktyg": "Pedagogiskt material och utrustning",
}
STADIUM_RUBRIK: dict[str, str] = {
    "F": "Förskoleklass",
    "1-3": "Åk 1–3",
    "4-6": "Åk 4–6",
    "7-9": "Åk 7–9",
}
STADIUM_RUBRIK_FRITIDSHEM: dict[str, str] = {
    "F": "Fritidshem, förskoleklass",
    "1-3": "Fritidshem, åk 1–3",
    "4-6": "Fritidshem, åk 4–6",
}
VERKSAMHET_TEXT: dict[str, str] = {
    "fk_gr": "förskoleklass och grundskola",
    "fritidshem": "fritidshem",
    "anpassad_gr": "anpassad grundskola",
}
STADIUM_RUBRIK_ANPASSAD: dict[str, str] = {
    "1-3": "Anpassad grundskola, åk 1–3",
    "4-6": "Anpassad grundskola, åk 4–6",
    "7-9": "Anpassad grundskola, åk 7–9",
}


def delrubriker(verksamhet: str) -> dict[str, str]:
    """Rubrikerna för bidragets delar i verksamheten."""
    return DELRUBRIK_FRITIDSHEM if verksamhet == "fritidshem" else DELRUBRIK_FK_GR


def stadierubrik(stadium: str, verksamhet: str) -> str:
    """Stadiets rubrik i beslutet, t.ex. ``"Åk 1–3"``."""
    tabell = {
        "fritidshem": STADIUM_RUBRIK_FRITIDSHEM,
        "anpassad_gr": STADIUM_RUBRIK_ANPASSAD,
    }.get(verksamhet, STADIUM_RUBRIK)
    return tabell.get(stadium, stadium)


def lagrum(verksamhet: str, med_anpassad_gr: bool = False) -> list[str]:
    """Lagrummen för beslutet i verksamheten (``med_anpassad_gr``: grundskolan och anpassade
    grundskolan i samma modell, då båda skollagens rum)."""
    if med_anpassad_gr:
        fk, *resten = lagrum(verksamhet)
        return [fk, lagrum("anpassad_gr")[0], *resten]
    skollag = {
        "fritidshem": "Skollagen (2010:800) 14 kap. 15–17 §§ (bidrag till enskild huvudman för "
        "fritidshem: grundbelopp och tilläggsbelopp).",
        "anpassad_gr": "Skollagen (2010:800) 11 kap. 36–38 §§ (anpassad grundskola): bidrag "
        "till enskild huvudman; grundbeloppet efter samma grunder som hemkommunen tillämpar "
        "för den egna anpassade grundskolan, med avdrag för merkostnaderna för ansvaret enligt "
        "24 § (11 kap. 37 §), villkorat belopp (37 a §) och tilläggsbelopp (38 §), i den "
        "lydelse som föreslås i SOU 2025:72.",
    }.get(
        verksamhet,
        "Skollagen (2010:800) 9 kap. 19–21 §§ (förskoleklass) och 10 kap. 37–39 §§ "
        "(grundskola): bidrag till enskild huvudman, grundbelopp och tilläggsbelopp.",
    )
    kostnadsslag = "5 §" if verksamhet == "fritidshem" else "4 §"
    return [
        skollag,
        f"Skolförordningen (2011:185) 14 kap. 1 § (bidraget fastställs inför kalenderåret; "
        f"elever som börjar under året), 2 § (tillskott och minskning under budgetåret), "
        f"{kostnadsslag} (kostnadsslagen, administration 3 % och mervärdesskatt 6 %) och 6 § "
        "(lokalkostnader).",
        "Skolförordningen 14 kap. 7 a § (avdrag för merkostnader för kommunens ansvar att "
        "anordna utbildning), 7 b § (återbetalning av villkorat belopp) och 10 § (redovisningen "
        "av bidraget) i den lydelse som föreslås i SOU 2025:72 (författningsförslag 1.2; "
        "tillämpas första gången för kalenderåret 2028, med avdraget 3 % det året).",
    ]


def avdragstext(ar: int, andel: float, avstatt: bool, skal: str | None, kalla: str) -> str:
    """Vad beslutet säger om avdraget för merkostnader för utbudsansvar."""
    if avstatt:
        motivering = f" Skälen: {skal.strip()}" if skal and skal.strip() else ""
        if motivering and not motivering.endswith("."):
            motivering += "."
        return (
            f"Kommunen har av särskilda skäl avstått från avdraget för merkostnader för "
            f"utbudsansvar för kalenderåret {ar}. Avståendet gäller alla enskilda huvudmän "
            f"lika; inget avdrag görs (skollagen i den lydelse som föreslås i SOU 2025:72 "
            f"avsnitt 10.5.1).{motivering}"
        )
    if andel == 0:
        return (
            f"Inget avdrag för merkostnader för utbudsansvar görs för kalenderåret {ar}: "
            f"avdraget tillämpas första gången för kalenderåret 2028 (källa: {kalla})."
        )
    return (
        f"Avdraget för merkostnader för kommunens ansvar att erbjuda utbildning är "
        f"{procent(andel, 0)} av grundbeloppet (kostnadsslagen, lokalkostnaderna och "
        f"administrationen) för kalenderåret {ar}, samma sats för alla enskilda huvudmän "
        f"(källa: {kalla})."
    )


@dataclass(frozen=True)
class Overklagandemottagare:
    """Kommunens inställningar för överklagandet: den ansvariga nämnden, dess postadress och
    (valfritt) kommunens egen text om hur man överklagar (stycken åtskilda av tomma rader)."""

    namnd: str
    postadress: str
    text: str = ""


def overklagande(kommun: str, mottagare: Overklagandemottagare | None = None) -> list[str]:
    """Hur man överklagar beslutet (skollagen 28 kap. 5 §; förvaltningslagen 43–45 §§).
    Med ``mottagare`` ges överklagandet in till nämnden på dess adress, och kommunens egen
    text (när den finns) ersätter standardtexten."""
    if mottagare is not None and mottagare.text.strip():
        return [s.strip() for s in mottagare.text.split("\n\n") if s.strip()]
    if mottagare is not None:
        adress = ", ".join(r.strip() for r in mottagare.postadress.splitlines() if r.strip())
        kommun = f"{mottagare.namnd} ({adress})" if adress else mottagare.namnd
    return [
        "Beslutet kan överklagas hos förvaltningsrätten (allmän förvaltningsdomstol), "
        "skollagen (2010:800) 28 kap. 5 §.",
        f"Överklagandet ska vara skriftligt och ges in till {kommun}, som skickar det vidare "
        "till förvaltningsrätten. Det ska ha kommit in inom tre veckor från den dag då "
        "huvudmannen fick del av beslutet (förvaltningslagen (2017:900) 43–44 §§).",
        "Ange vilket beslut som överklagas (kalenderår och huvudman), vilken ändring som "
        "begärs och varför.",
    ]


def ny_elev_text() -> str:
    """Elever som börjar under kalenderåret."""
    return (
        "För elever som börjar under kalenderåret beslutar kommunen bidraget omgående "
        "(skolförordningen 14 kap. 1 §). Bidraget följer eleven från och med den månad då "
        "eleven börjar: för varje månad från och med den månaden till och med december "
        "lämnas en tolftedel av årsbeloppet per elev för skolenheten och stadiet."
    )


def tillskott_text() -> str:
    """Tillskott och minskning under budgetåret (14 kap. 2 § i föreslagen lydelse)."""
    return (
        "Om kommunen under budgetåret ger ytterligare resurser till sin egen verksamhet ges "
        "motsvarande tillskott till de enskilda huvudmännen, om det inte finns synnerliga skäl "
        "mot det. Om kommunen minskar ersättningen till sin egen verksamhet får bidraget "
        "minskas i motsvarande mån genom att återstående utbetalningar sätts ned "
        "(skolförordningen 14 kap. 2 §)."
    )
