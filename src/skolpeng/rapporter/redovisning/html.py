"""Redovisningen per skolenhet som HTML (och därmed PDF): varje krona med sin nyckel.

In: en ``Enhetsredovisning`` (``fordelning.redovisning_och_forandring.redovisning``). Ut: en fristående, tillgänglig
HTML-sida på svenska (skalet i ``rapporter.html``) med elever per stadium, varje pott per elev
och totalt med nyckeln som gav beloppet, standardvärden, tak och golv som band, summan och
förändringen från förra året som tabell och vattenfall. Sidan byggs med strängmallar (ingen
diagramrendering per enhet) så att 150 enheter tar en bråkdel av en sekund. Ordval enligt
SKL 2014 steg 5: "ersättning" för kommunens egna enheter, behov av stöd och stimulans.
Belopp i hela kronor ur ``belopp_kr_avrundat`` så att raderna summerar till enhetens belopp.
"""

from __future__ import annotations

from skolpeng.fordelning.redovisning_och_forandring.redovisning import (
    Enhetsredovisning,
    Pottrad,
    Pottsumma,
)
from skolpeng.norm.publicering import STADIUM_TEXT
from skolpeng.rapporter.html import LIGGANDE, figur, html_sida, lista, rubrik, stycke, tabell
from skolpeng.rapporter.redovisning.vattenfall import (
    DEL_TEXT,
    olika_hall_text,
    per_elev,
    vattenfall,
    vattenfall_svg,
    vattenfall_text,
)
from skolpeng.talformat import SAKNAS, decimal, heltal, kr

NYCKEL_TEXT: dict[str, str] = {
    "elever": "per elev",
    "index": "elever × socioekonomiskt index (behov av stöd och stimulans)",
    "malgrupp": "per elev i målgruppen",
    "klumpsumma": "lika belopp per skolenhet",
    "givet": "givet belopp för skolenheten",
    "behovsniva": "per elev efter elevens behovsnivå",
    "stabilitet": "stabilitetsjustering mot förra året (inom ramen)",
}
KOSTNADSSLAG_TEXT: dict[str, str] = {
    "undervisning": "undervisning",
    "larverktyg": "lärverktyg",
    "elevhalsa": "elevhälsa",
    "maltider": "måltider",
    "lokalkostnader": "lokalkostnader",
}
VERKSAMHET_TEXT = {
    "fk_gr": "förskoleklass och grundskola",
    "fritidshem": "fritidshem",
    "anpassad_gr": "anpassad grundskola",
}


def stadietext(stadium: str | None) -> str:
    """``"1-3"`` -> ``"åk 1–3"``; None -> ``"hela enheten"``."""
    return STADIUM_TEXT.get(stadium, stadium) if stadium else "hela enheten"


def elevtal(x: float) -> str:
    """Elever: heltal utan decimaler, annars en decimal."""
    return heltal(x) if float(x).is_integer() else decimal(x, 1)


def _per_elev(belopp: float, elever: float) -> str:
    return kr(belopp / elever) if elever > 0 else SAKNAS


def _nyckel(p: Pottsumma | Pottrad) -> str:
    return NYCKEL_TEXT.get(p.nyckel, p.nyckel)


def titel(red: Enhetsredovisning) -> str:
    """Sidans titel: ``"Ersättning 2026 till Ekskolan (10000001)"``."""
    return f"Ersättning {red.ar} till {red.namn} ({red.skolenhetskod})"


def _inledning(red: Enhetsredovisning) -> list[str]:
    verksamhet = VERKSAMHET_TEXT.get(red.verksamhet, red.verksamhet)
    delar = [
        stycke(
            f"Redovisningen visar hur skolenhetens ersättning för {verksamhet} {red.ar} har "
            f"beräknats enligt resursfördelningsmodellen ”{red.modellnamn}”: varje pott, "
            "nyckeln som gav beloppet och summan."
        ),
        tabell(
            ["Uppgift", "Värde"],
            [
                ["Ersättning", kr(red.belopp_kr_avrundat)],
                ["Elever", elevtal(red.elever)],
                ["Ersättning per elev", _per_elev(red.belopp_kr, red.elever)],
                [
                    "Socioekonomiskt index (100 = genomsnitt)",
                    SAKNAS
                    if red.index is None
                    else decimal(red.index, 2 if abs(red.index) < 10 else 1)
                    + (" (standardvärde)" if red.index_standard else ""),
                ],
            ],
            "Sammanfattning",
        ),
    ]
    if red.huvudmannatyp == "enskild":
        delar.append(
            stycke(
                "Skolenheten drivs av en enskild huvudman. Beloppen visar vad modellen ger "
                "enheten på samma grunder som kommunens egna skolor; bidraget till huvudmannen "
                "(med lokalkostnad, administration, avdrag för utbudsansvar och moms) framgår "
                "av beslutet om bidrag.",
                "not",
            )
        )
    return delar


def _elevtabell(red: Enhetsredovisning) -> str:
    rader = [[stadietext(s), elevtal(n)] for s, n in red.elever_per_stadium]
    rader.append(["Summa", elevtal(red.elever)])
    return rubrik("Elever") + tabell(["Stadium", "Elever"], rader, "Elever per stadium")


def _nar_alla(red: Enhetsredovisning) -> bool:
    """Sant när varje pott når alla enhetens elever: då är kr per elev som potten når samma
    tal som per elev i enheten, och tabellen visar en kolumn i stället för två."""
    return all(abs(p.elever - red.elever) <= 1e-9 for p in red.potter)


def _pottabell(red: Enhetsredovisning) -> str:
    en_kolumn = _nar_alla(red)
    rader = [
        [
            red.pottnamn(p.pott, p.delpott),
            KOSTNADSSLAG_TEXT.get(p.kostnadsslag, p.kostnadsslag),
            _nyckel(p),
            p.forklaring or SAKNAS,
            elevtal(p.elever),
            _per_elev(p.belopp_kr, p.elever),
            *([] if en_kolumn else [_per_elev(p.belopp_kr, red.elever)]),
            kr(p.belopp_kr_avrundat),
        ]
        for p in red.potter
    ]
    summa_per_elev = _per_elev(red.belopp_kr, red.elever)
    rader.append(
        [
            "Summa",
            "",
            "",
            "",
            elevtal(red.elever),
            summa_per_elev,
            *([] if en_kolumn else [summa_per_elev]),
            kr(red.belopp_kr_avrundat),
        ]
    )
    forklaring = (
        "Varje pott når alla enhetens elever, så ”kr per elev” summerar till ersättningen per elev."
        if en_kolumn
        else "”Kr per elev” är beloppet delat med de elever potten når (t.ex. eleverna i "
        "målgruppen); ”per elev i enheten” är beloppet delat med alla enhetens elever – "
        "de summerar till ersättningen per elev."
    )
    kolumner = ["Pott", "Kostnadsslag", "Nyckel", "Beräkning", "Elever", "Kr per elev"]
    kolumner += [] if en_kolumn else ["Per elev i enheten"]
    return (
        rubrik("Ersättning per pott")
        + stycke(forklaring)
        + tabell(
            [*kolumner, "Belopp"],
            rader,
            "Ersättning per pott med nyckeln som gav beloppet",
            textkolumner=(1, 2, 3),
        )
    )


def _stadietabell(red: Enhetsredovisning) -> str:
    if len(red.rader) == len(red.potter):
        return ""
    rader = [
        [
            red.pottnamn(r.pott, r.delpott),
            stadietext(r.stadium),
            r.forklaring or SAKNAS,
            elevtal(r.elever),
            _per_elev(r.belopp_kr, r.elever),
            kr(r.belopp_kr_avrundat),
        ]
        for r in red.rader
    ]
    return rubrik("Per stadium", 3) + tabell(
        ["Pott", "Stadium", "Beräkning", "Elever", "Kr per elev", "Belopp"],
        rader,
        "Potterna per stadium",
        textkolumner=(1, 2),
    )


def _noteringar(red: Enhetsredovisning) -> str:
    delar = []
    if red.standardvarden:
        delar.append(rubrik("Standardvärden som använts", 3) + lista(list(red.standardvarden)))
    if red.begransningar:
        delar.append(
            rubrik("Tak och golv som påverkat beloppet", 3) + lista(list(red.begransningar))
        )
    if red.anteckningar:
        delar.append(rubrik("Övriga noteringar", 3) + lista(list(red.anteckningar)))
    if not delar:
        return ""
    return rubrik("Standardvärden, tak och golv") + "".join(delar)


def publicerat_belopp(red: Enhetsredovisning) -> int | None:
    """Enhetens publicerade belopp (Σ avrundade rader) som vattenfallets slut, när
    förändringens belopp i år är enhetens belopp (annars avrundas förändringens eget)."""
    f = red.forandring
    if f is not None and abs(f.belopp_kr - red.belopp_kr) <= 1e-6 * max(1.0, abs(red.belopp_kr)):
        return red.belopp_kr_avrundat
    return None


STATUS_TEXT = {
    "ny": "Skolenheten är ny i år: hela förändringen räknas till elever.",
    "nedlagd": "Skolenheten är nedlagd: hela förändringen räknas till elever.",
}


def _forandring(red: Enhetsredovisning) -> str:
    f = red.forandring
    if f is None:
        return ""
    v = vattenfall(f, publicerat_belopp(red))
    pe = per_elev(f)
    per = dict(pe.delar) if pe else {}

    def rad(etikett: str, belopp: int, per_elev_kr: int | None) -> list[str]:
        return [etikett, kr(belopp), SAKNAS if per_elev_kr is None else kr(per_elev_kr)]

    rader = [rad("Förra året", v.forra, pe.forra if pe else None)]
    rader += [rad(f"Varav {DEL_TEXT[k]}", d, per.get(k)) for k, d in v.delar]
    olika = [t for k, d in v.delar if (t := olika_hall_text(DEL_TEXT[k], d, per.get(k)))]
    rader += [
        rad("Förändring", v.andring, pe.andring if pe else None),
        rad("I år", v.iar, pe.iar if pe else None),
    ]
    return (
        rubrik("Förändring från förra året")
        + stycke(
            "Förändringen är uppdelad på tre orsaker – elevernas antal och fördelning på "
            "stadier, det socioekonomiska indexet och modellens parametrar. Varje orsaks del är "
            "ett genomsnitt av dess effekt i alla ordningar som ändringarna kan göras i, så att "
            "delarna summerar exakt till förändringen."
        )
        + (
            stycke(STATUS_TEXT[f.enhetens_status], "not")
            if f.enhetens_status in STATUS_TEXT
            else ""
        )
        + tabell(["Steg", "Belopp", "Per elev"], rader, "Förändringen uppdelad på orsaker")
        + "".join(stycke(t) for t in olika)
        + figur(vattenfall_svg(v), vattenfall_text(v), "Från förra årets ersättning till årets")
    )


def _om_potterna(red: Enhetsredovisning) -> str:
    if not red.pottbeskrivningar:
        return ""
    return rubrik("Om potterna") + lista(
        [f"{red.pottnamn(p)}: {text}" for p, text in red.pottbeskrivningar]
    )


AVRUNDNING = (
    "Beräkningen görs utan avrundning. Beloppen visas i hela kronor, avrundade per pott så att "
    "raderna summerar till potternas och enhetens belopp: öresresterna går som en krona var "
    "till de rader som tappat mest på avrundningen."
)


def redovisning_html(red: Enhetsredovisning) -> str:
    """En enhets redovisning -> en fristående HTML-sida (svenska, WCAG 2.1 AA); som PDF på
    liggande A4 så att pottabellens kolumner får plats."""
    return html_sida(
        titel(red),
        [
            *_inledning(red),
            _elevtabell(red),
            _pottabell(red),
            _stadietabell(red),
            _noteringar(red),
            _forandring(red),
            _om_potterna(red),
            stycke(AVRUNDNING),
        ],
        extra_stil=LIGGANDE,
    )


def filnamn(red: Enhetsredovisning) -> str:
    """Filnamnet utan ändelse: skolenhetskoden (åtta siffror), annars ett säkert namn."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in red.skolenhetskod)
