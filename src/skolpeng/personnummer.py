"""Upptäckt av personnummer och samordningsnummer i text (uppgifter om enskilda personer
tas aldrig emot, se docs/sakerhet.md).

In: text (en cell, ett värde). Ut: sant när texten innehåller något som är ett giltigt
personnummer eller samordningsnummer: tio siffror ``ÅÅMMDD-NNNN`` (avgränsare ``-``, ``+``
eller ingen) eller tolv ``ÅÅÅÅMMDDNNNN``, där datumet finns (för samordningsnummer är dagen
ökad med 60) och kontrollsiffran stämmer med Luhn-algoritmen (Skatteverket, SKV 704).
Numret självt skrivs aldrig ut; anroparen anger bara var det stod.
"""

from __future__ import annotations

import datetime as dt
import re

from skolpeng.fel import Problem

#: Tolv siffror (sekel först) eller tio, med valfri avgränsare före de fyra sista; inte
#: omgivet av fler siffror.
_KANDIDAT = re.compile(r"(?<![0-9])((?:19|20)?)([0-9]{6})[-+]?([0-9]{4})(?![0-9])")
#: Snabb förkontroll: tio siffror med valfri avgränsare någonstans i texten.
_FORKONTROLL = re.compile(r"[0-9]{6}[-+]?[0-9]{4}")
#: Samordningsnummer: födelsedagen plus 60.
SAMORDNING_TILLAGG = 60


def luhn_giltig(siffror: str) -> bool:
    """Stämmer kontrollsiffran (den sista) med Luhn-algoritmen för de tio siffrorna?"""
    summa = 0
    for i, c in enumerate(siffror[:-1]):
        v = int(c) * (2 if i % 2 == 0 else 1)
        summa += v - 9 if v > 9 else v
    return (10 - summa % 10) % 10 == int(siffror[-1])


def _datum_finns(sekel: str, datum: str) -> bool:
    ar, man, dag = int(datum[:2]), int(datum[2:4]), int(datum[4:6])
    if dag > SAMORDNING_TILLAGG:
        dag -= SAMORDNING_TILLAGG
    helt_ar = int(sekel) * 100 + ar if sekel else 2000 + ar  # skottår: 00 räknas som 2000
    try:
        dt.date(helt_ar, man, dag)
    except ValueError:
        return False
    return True


def har_personnummer(text: str) -> bool:
    """Innehåller texten ett giltigt person- eller samordningsnummer (10 eller 12 siffror,
    datum som finns, rätt kontrollsiffra)?"""
    if not _FORKONTROLL.search(text):
        return False
    for m in _KANDIDAT.finditer(text):
        sekel, datum, slut = m.groups()
        if _datum_finns(sekel[:2] if sekel else "", datum) and luhn_giltig(datum + slut):
            return True
    return False


def kan_ha_personnummer(text: str) -> bool:
    """Snabb förkontroll för en hel fil: har texten alls tio siffror i följd (med valfri
    avgränsare)? Falskt betyder att ingen cell kan innehålla ett personnummer."""
    return _FORKONTROLL.search(text) is not None


#: En SHA-256 i hexform (manifestens hashar) kan av en slump innehålla tio siffror i följd.
_HASH = re.compile(r"^[0-9a-f]{64}$")
#: Meddelandet när ett nummer hittas (numret självt visas aldrig).
MEDDELANDE = (
    "cellen innehåller ett personnummer eller samordningsnummer; uppgifter om enskilda "
    "personer tas inte emot (numret visas inte här)"
)
#: Flest fynd som rapporteras per fil.
MAX_FYND = 20
_TAL = re.compile(r"^\s*[+-]?[0-9][0-9 \u00a0]*([.,][0-9]+)?([eE][+-]?[0-9]+)?\s*$")
_TOLV_ELLER_AVGRANSAT = re.compile(
    r"(?<![0-9])(?:(?:19|20)[0-9]{10}|[0-9]{6}[-+][0-9]{4})(?![0-9])"
)


def har_personnummer_i_tal(text: str) -> bool:
    """Som ``har_personnummer`` för en cell i en talkolumn: bara tolv siffror eller ett
    nummer med avgränsare räknas (ett tiosiffrigt belopp kan av en slump se ut som ett
    personnummer utan avgränsare)."""
    return _TOLV_ELLER_AVGRANSAT.search(text) is not None and har_personnummer(text)


def ar_talkolumn(celler: list[str | None]) -> bool:
    """Är varje icke-tom cell i kolumnen ett tal?"""
    return all(_TAL.match(c) for c in celler if c is not None and c.strip())


def personnummer_i_kolumner(
    fil: str,
    rubrik: list[str],
    kolumner: list[list[str | None]],
    forsta_rad: int = 2,
    talkolumner: list[bool] | None = None,
) -> list[Problem]:
    """Tabellens celler (kolumn för kolumn, rad ``forsta_rad`` först) -> ett problem per cell
    med ett person- eller samordningsnummer (högst ``MAX_FYND``), med fil, rad och kolumn.
    I en talkolumn (``ar_talkolumn``) räknas bara tolvsiffriga och avgränsade nummer.
    Rubrikerna prövas också (rad 1). ``talkolumner`` anger vilka kolumner som är talkolumner
    när anroparen redan vet det (t.ex. Excelbladets typer); annars avgör cellerna."""
    fynd: list[tuple[int, int]] = [(1, i) for i, r in enumerate(rubrik) if har_personnummer(r)]
    for i, celler in enumerate(kolumner):
        tal = talkolumner[i] if talkolumner is not None else ar_talkolumn(celler)
        prova = har_personnummer_i_tal if tal else har_personnummer
        for j, c in enumerate(celler):
            if c and prova(c):
                fynd.append((forsta_rad + j, i))
                if len(fynd) >= MAX_FYND:
                    break
    fynd.sort()
    return [
        Problem(fil, MEDDELANDE, rad, (rubrik[i] if i < len(rubrik) else "") or f"nr {i + 1}")
        for rad, i in fynd[:MAX_FYND]
    ]


def personnummer_i_varde(fil: str, varde: object) -> list[Problem]:
    """Ett läst värde (YAML eller JSON: ordböcker, listor, texter, tal) -> ett problem per
    text eller tal med ett person- eller samordningsnummer, med nyckelns sökväg som kolumn
    (högst ``MAX_FYND``). Tal prövas som i en talkolumn."""
    ut: list[Problem] = []
    stack: list[tuple[str, object]] = [("", varde)]
    while stack and len(ut) < MAX_FYND:
        sokvag, v = stack.pop()
        if isinstance(v, str) and _HASH.match(v):
            continue
        if isinstance(v, dict):
            for k, x in v.items():
                stack.append((f"{sokvag}.{k}" if sokvag else str(k), x))
                if isinstance(k, str) and har_personnummer(k):
                    ut.append(Problem(fil, MEDDELANDE.replace("cellen", "nyckeln"), kolumn=sokvag))
        elif isinstance(v, list):
            stack.extend((f"{sokvag}.{i}" if sokvag else str(i), x) for i, x in enumerate(v))
        elif _ar_nummer(v):
            ut.append(Problem(fil, MEDDELANDE.replace("cellen", "värdet"), kolumn=sokvag))
    return ut


def _ar_nummer(v: object) -> bool:
    if isinstance(v, str):
        return har_personnummer(v)
    if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) < 1e13:
        return har_personnummer_i_tal(f"{v:.0f}")
    return False


def personnummer_i_rader(fil: str, text: str) -> list[Problem]:
    """En text rad för rad (t.ex. en modellfil med kommentarer) -> ett problem per rad med
    ett tolvsiffrigt eller avgränsat person- eller samordningsnummer (som i en talkolumn:
    ett tiosiffrigt belopp som ``ram_kr: 6467827953`` räknas inte), med radnumret."""
    if not kan_ha_personnummer(text):
        return []
    ut = []
    for nr, rad in enumerate(text.splitlines(), start=1):
        if har_personnummer_i_tal(rad):
            ut.append(Problem(fil, MEDDELANDE.replace("cellen", "raden"), nr))
            if len(ut) >= MAX_FYND:
                break
    return ut
