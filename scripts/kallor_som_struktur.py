"""Omvandlar fria källtexter i parameterfiler (``kalla: "…"`` och ``citat: "…"``) till
källan som struktur (``kalla: [{dokument, avsnitt, sida, citat, url, anmarkning}]``).

Så omvandlades filerna under ``src/skolpeng/parametrar/data/``; skriptet går att köra om på en
parameterfil som en annan gren har lagt till med fria källtexter::

    .venv/bin/python scripts/kallor_som_struktur.py src/skolpeng/parametrar/data/<fil>.yaml

De vanliga mönstren (``SOU 2025:72, avsnitt X``, ``bilagan …, X``, ``Skolförordningen (2011:185)
X``) omvandlas av reglerna nedan, de andra står i ``SARSKILDA`` (omvandlade för hand); en text
som inget av dem känner igen stoppar skriptet. Granska resultatet för hand efteråt.
"""

import re
import sys
from pathlib import Path

import yaml

BILAGAN = re.compile(r"^(?:SOU 2025:72, )?bilagan(?: Beräkning av den vägledande normen)?, (.+)$")
SOU = re.compile(r"^SOU 2025:72, (?:avsnitt )?(.+)$")

# Texter som inte följer mönstren: översatta för hand (kontrollerade mot texten).
SARSKILDA = {
    "Gällande rätt före förslaget i SOU 2025:72 kapitel 10: inget avdrag": [
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "kapitel 10",
            "anmarkning": "gällande rätt före förslaget: inget avdrag",
        }
    ],
    "SOU 2025:72, förslag till förordning om ändring i skolförordningen, övergångsbestämmelse 3": [
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "förslag till förordning om ändring i skolförordningen, övergångsbestämmelse 3",
        }
    ],
    "SOU 2025:72, förslag till skolförordningen 14 kap. 7 a §; kapitel 10": [
        {"dokument": "SOU 2025:72", "avsnitt": "förslag till skolförordningen 14 kap. 7 a §"},
        {"dokument": "SOU 2025:72", "avsnitt": "kapitel 10"},
    ],
    "SOU 2025:72, avsnitt 6.2.2 och 7.2": [
        {"dokument": "SOU 2025:72", "avsnitt": "6.2.2"},
        {"dokument": "SOU 2025:72", "avsnitt": "7.2"},
    ],
    "SOU 2025:72, avsnitt 6.2.1 och kapitel 10; bilagan Beräkning av den vägledande normen, Parametrar 2": [
        {"dokument": "SOU 2025:72", "avsnitt": "6.2.1"},
        {"dokument": "SOU 2025:72", "avsnitt": "kapitel 10"},
        {"dokument": "SOU 2025:72 bilagan", "avsnitt": "Parametrar 2"},
    ],
    "SOU 2025:72, avsnitt 7.2 (fritidshemmets beräkningsmodell)": [
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "7.2",
            "anmarkning": "fritidshemmets beräkningsmodell",
        }
    ],
    "SOU 2025:72, avsnitt 10.3.3, fotnot 19 (lokaler och undervisning m.m.); måltider och lärverktyg = 1 − 0,73 − 0,17 (härledd)": [
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "10.3.3, fotnot 19",
            "anmarkning": "lokaler och undervisning m.m.; måltider och lärverktyg = 1 − 0,73 − 0,17 (härledd)",
        }
    ],
    "SOU 2025:72, avsnitt 10.3.3, Tidigare beräkningar av överkapaciteten (återger SOU 2020:28)": [
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "10.3.3, Tidigare beräkningar av överkapaciteten",
            "anmarkning": "återger SOU 2020:28",
        }
    ],
    "SOU 2025:72, avsnitt 10.3.3, fotnot 19 (hänvisar till SOU 2020:28 s. 442)": [
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "10.3.3, fotnot 19",
            "anmarkning": "hänvisar till SOU 2020:28 s. 442",
        }
    ],
    "SOU 2025:72, avsnitt 10.3.3, tabell 10.2, modell 3 (standardfel 0,052, 0,10 och 0,078)": [
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "10.3.3, tabell 10.2, modell 3",
            "anmarkning": "standardfel 0,052, 0,10 och 0,078",
        }
    ],
    "SOU 2025:72, avsnitt 10.3.4, tabell 10.3, rad F och anmärkningen": [
        {"dokument": "SOU 2025:72", "avsnitt": "10.3.4, tabell 10.3, rad F och anmärkningen"}
    ],
    "Projektbeslut (docs/regler/norm.md#simulering): SOU 2025:72, avsnitt 6.3, tog bort enheter med kraftigt avvikande intäkter utan att ange någon gräns; projektet anger regeln uttryckligen": [
        {
            "dokument": "docs/regler/norm.md#beslut-simulering-urval",
            "avsnitt": "Uteslutning i simuleringen",
            "anmarkning": "projektet anger regeln uttryckligen",
        },
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "6.3",
            "anmarkning": "tog bort enheter med kraftigt avvikande intäkter utan att ange någon gräns",
        },
    ],
    "docs/regler/utbudsansvar.md#beslut-trend: SOU 2025:72 avsnitt 10.3.3 skattar 'den korta trenden 2010–2023' över en period, låter referenskapaciteten löpa 'parallellt med den långsiktiga trenden' och skriver fram den med en 'Trend baserad på kända data' (figur 10.11); det kan en Hodrick–Prescott-trend inte. Med λ = 100 tar Hodrick–Prescott upp ungefär halva en 20-årscykel i trenden och mäter därför bara en del av vågorna.": [
        {
            "dokument": "docs/regler/utbudsansvar.md#beslut-trend",
            "avsnitt": "Trenden (reviderad december 2026)",
            "anmarkning": "SOU 2025:72 avsnitt 10.3.3 skattar 'den korta trenden 2010–2023' över en period, låter referenskapaciteten löpa 'parallellt med den långsiktiga trenden' och skriver fram den med en 'Trend baserad på kända data' (figur 10.11); det kan en Hodrick–Prescott-trend inte. Med λ = 100 tar Hodrick–Prescott upp ungefär halva en 20-årscykel i trenden och mäter därför bara en del av vågorna.",
        },
        {
            "dokument": "SOU 2025:72",
            "avsnitt": "10.3.3, Denna utrednings justeringar av sättet att beräkna referenskapaciteten",
        },
    ],
    "docs/regler/utbudsansvar.md#beslut-trend (SOU 2025:72 avsnitt 10.3.3 anger en långsiktig trend men inte metoden; λ = 100 är det vanliga värdet för årsdata)": [
        {
            "dokument": "docs/regler/utbudsansvar.md#beslut-trend",
            "avsnitt": "Trenden",
            "anmarkning": "SOU 2025:72 avsnitt 10.3.3 anger en långsiktig trend men inte metoden; λ = 100 är det vanliga värdet för årsdata",
        },
        {"dokument": "SOU 2025:72", "avsnitt": "10.3.3"},
    ],
    'KPMG (2020), Granskning av resursfördelningen till grundskolan, Huddinge kommun, avsnitt 3.8.2 "Hur har dessa ytterligare medel använts?" (kategorierna 1–7); kategorin "Annat" är projektets.': [
        {
            "dokument": "KPMG 2020",
            "avsnitt": '3.8.2 "Hur har dessa ytterligare medel använts?"',
            "anmarkning": 'kategorierna 1–7; kategorin "Annat" är projektets',
        }
    ],
}


def del_till_kalla(d: str) -> dict[str, str]:
    d = d.strip()
    m = re.match(r"^Skolförordningen \(2011:185\) (.+)$", d)
    if m:
        return {"dokument": "skolförordningen", "avsnitt": m.group(1)}
    m = re.match(r"^återgiven i SOU 2025:72, (.+)$", d)
    if m:
        return {
            "dokument": "SOU 2025:72",
            "avsnitt": m.group(1),
            "anmarkning": "återger skolförordningen",
        }
    m = BILAGAN.match(d)
    if m:
        return {"dokument": "SOU 2025:72 bilagan", "avsnitt": m.group(1)}
    m = SOU.match(d)
    if m:
        return {"dokument": "SOU 2025:72", "avsnitt": m.group(1)}
    raise SystemExit(f"okänt mönster: {d!r}")


def konvertera(kalla: str, citat: str | None) -> list[dict[str, str]]:
    kalla = " ".join(kalla.split())
    poster = SARSKILDA.get(kalla) or [del_till_kalla(d) for d in kalla.split(";")]
    poster = [dict(p) for p in poster]
    if citat:
        # Citatet står i bilagan när en del av hänvisningen är bilagan (kontrollerat i texten),
        # annars i den första delen.
        mal = next((p for p in poster if p["dokument"] == "SOU 2025:72 bilagan"), None)
        if mal is None:
            mal = next(p for p in poster if not p["dokument"].startswith("docs/"))
        mal["citat"] = " ".join(citat.split())
    return poster


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(poster: list[dict[str, str]], indrag: str) -> list[str]:
    rader = [f"{indrag}kalla:"]
    for p in poster:
        forsta = True
        for k in ("dokument", "avsnitt", "sida", "citat", "url", "anmarkning"):
            if k in p:
                pre = f"{indrag}  - " if forsta else f"{indrag}    "
                rader.append(f"{pre}{k}: {q(p[k])}")
                forsta = False
    return rader


def skriv_om(fil: Path) -> None:
    data = yaml.safe_load(fil.read_text(encoding="utf-8"))
    rader = fil.read_text(encoding="utf-8").splitlines()
    ut: list[str] = []
    i = 0
    # varje värde i filordning
    varden = [v for p in data.values() for v in p["varden"]]
    n = 0
    while i < len(rader):
        r = rader[i]
        m = re.match(r"^(\s+)kalla:", r)
        if m:
            indrag = m.group(1)
            # hoppa över kalla och citat (inkl. fortsättningsrader)
            i += 1
            while i < len(rader) and (
                rader[i].startswith(indrag + " ") or rader[i].startswith(indrag + "citat:")
            ):
                i += 1
            v = varden[n]
            n += 1
            ut += block(konvertera(v["kalla"], v.get("citat")), indrag)
            continue
        ut.append(r)
        i += 1
    assert n == len(varden), fil
    fil.write_text("\n".join(ut) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for f in sys.argv[1:]:
        skriv_om(Path(f))
