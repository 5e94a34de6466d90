"""Ordlistan (``/ordlista``): orden som sidorna, besluten och redovisningarna
använder, förklarade för en tjänsteman. Sidan visas för alla inloggade och länkas från
sidfoten. In: ingenting. Ut: sidan.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from skolpeng.api import svensk_sortering
from skolpeng.web.beroenden import Inloggning
from skolpeng.web.mallar import sida

router = APIRouter()

#: (ord, förklaring); sidan visar dem i svensk bokstavsordning.
ORDLISTA: tuple[tuple[str, str], ...] = (
    (
        "Avdrag",
        "Det som dras från grundbeloppet i bidraget till en enskild huvudman, t.ex. för "
        "kommunens merkostnader för att erbjuda utbildning till alla (utbudsansvaret).",
    ),
    (
        "Avrundning",
        "Beloppen per skolenhet och stadium visas i hela kronor. Potternas öresrester "
        "fördelas så att summan av de avrundade beloppen blir exakt pottens belopp: de rader som "
        "tappat mest på avrundningen får en krona var.",
    ),
    (
        "Beslut (fastställt)",
        "Årets fördelning som kommunen har fastställt. Ett beslut ändras "
        "aldrig; ett nytt beslut för samma år får nästa löpnummer.",
    ),
    (
        "Bidrag på lika villkor",
        "Bidraget till en enskild huvudman för varje elev: grundbelopp "
        "och, i förekommande fall, tilläggsbelopp, på samma grunder som kommunen fördelar till sina "
        "egna skolor (skollagen 10 kap. 37–39 §§).",
    ),
    ("Budgetram", "Den summa kommunen fördelar i modellen till sina skolenheter."),
    (
        "Fördelningsnyckel",
        "Grunden för hur en pott delas mellan skolenheterna: per elev, efter "
        "index, efter elever i en målgrupp, lika per enhet eller givna belopp.",
    ),
    (
        "Grundbelopp",
        "Bidraget per elev till en enskild huvudman för undervisning, lärverktyg, "
        "elevhälsa, måltider, administration, mervärdesskatt och lokalkostnader.",
    ),
    (
        "Huvudman",
        "Den som driver skolan: kommunen (kommunal huvudman) eller en enskild huvudman "
        "(ett bolag, en förening eller en stiftelse), med organisationsnummer.",
    ),
    ("Huvudmannatyp", "Om skolenheten har kommunal eller enskild huvudman."),
    (
        "Index (socioekonomiskt)",
        "Ett tal per skolenhet som visar elevernas förväntade behov "
        "utifrån bakgrund (t.ex. föräldrarnas utbildning); 100 är genomsnittet.",
    ),
    (
        "Normen (skolpengsnormen)",
        "Den nationella prislappen per elev och stadium för varje skolenhet enligt SOU 2025:72.",
    ),
    (
        "Omfördelning",
        "Den del av beloppen som fördelas annorlunda än lika mycket per elev, "
        "t.ex. efter index: skolor med större behov får mer per elev.",
    ),
    (
        "Pott",
        "En del av budgetramen som fördelas efter en egen nyckel, t.ex. ett belopp per "
        "elev eller ett strukturbelopp efter index.",
    ),
    (
        "Redovisning per skolenhet",
        "Hur skolenhetens belopp har räknats fram, pott för pott, och "
        "hur det har förändrats sedan förra året.",
    ),
    (
        "Scenario",
        "En variant av en modell som kan räknas om och jämföras utan att sparas som beslut.",
    ),
    (
        "Skolenhet",
        "En skola eller del av en skola med en egen skolenhetskod (åtta siffror) i "
        "Skolverkets register.",
    ),
    (
        "Stabilitetsregel",
        "En gräns för hur mycket en skolenhets belopp per elev får minska från förra årets beslut.",
    ),
    (
        "Strukturbelopp",
        "En pott som fördelas efter skolenheternas socioekonomiska index eller "
        "elever i en målgrupp, för att ge mer till skolor med större behov.",
    ),
    (
        "Tilläggsbelopp",
        "Bidrag för en enskild elev med omfattande behov av särskilt stöd eller "
        "modersmålsundervisning, utöver grundbeloppet.",
    ),
    (
        "Villkorat belopp",
        "Ett belopp som ges på villkor (t.ex. för ett visst uppdrag) och därför "
        "inte ingår i grundbeloppet till alla huvudmän.",
    ),
    (
        "Vattenfall",
        "Diagrammet som visar stegen från förra årets belopp till årets: ändrat "
        "antal elever, ändrat belopp per elev och övriga ändringar.",
    ),
)


@router.get("/ordlista")
def ordlista(request: Request, inl: Inloggning) -> Response:
    """Ordlistan för alla inloggade roller."""
    return sida(request, "ordlista.html", inl, ordlista=svensk_sortering(ORDLISTA, lambda o: o[0]))
