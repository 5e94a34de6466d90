"""Brödsmulorna överst på varje sida: var sidan ligger i årets arbetsgång.

In: sidans sökväg, användarens roll och mallens innehåll (modellen ``m``, scenariot ``s``,
beslutet ``b``, datasetet ``ds``, redovisningen ``red``, körningens källa ``kalla``). Ut: en
lista av (text, adress) där den sista är sidan själv (adressen None). Startsidan har inga
smulor. ``bas.html`` visar listan med ``brodsmulor.html``.
"""

from __future__ import annotations

from typing import Any

Smula = tuple[str, str | None]

#: Första ledet i adressen -> avsnittets namn (som i huvudmenyn).
AVSNITT: dict[str, str] = {
    "dataset": "Dataset",
    "modeller": "Modeller",
    "scenarier": "Modeller",
    "norm": "Normen",
    "uppfoljning": "Uppföljning",
    "beslut": "Beslut",
    "utbetalningar": "Utbetalningar",
    "logg": "Logg",
    "api": "API",
    "anvandare": "Användare",
    "mina": "Mina dokument",
    "anvandning": "Riktade medel",
}
NORMFLIKAR = {"publicering": "Publiceringstabellen", "simulering": "Normen mot dagens kostnader"}


def _modell(m: Any) -> list[Smula]:
    return [("Modeller", "/modeller"), (m.namn, f"/modeller/{m.id}")]


def _scenario(s: Any) -> list[Smula]:
    return [*_modell(s.modell), ("Scenarier", f"/modeller/{s.modell.id}/scenarier"),
            (s.namn, f"/scenarier/{s.id}")]  # fmt: skip


def _beslut(b: Any, roll: str) -> list[Smula]:
    if roll in ("rektor", "huvudman"):
        return [("Mina dokument", "/mina")]
    return [("Beslut", "/beslut"), (b.namn, f"/beslut/{b.id}")]


def _enhet(kalla: Any, red: Any, roll: str, sokvag: str) -> list[Smula]:
    bas: list[Smula]
    if kalla is not None and kalla.beslut is not None:
        bas = _beslut(kalla.beslut, roll)
    elif kalla is not None and kalla.bas_url.startswith(("/scenarier/", "/modeller/")):
        bas = [("Modeller", "/modeller"), (kalla.beskrivning, kalla.bas_url)]
    else:
        bas = [(AVSNITT.get(sokvag.split("/")[1], "Start"), "/" + sokvag.split("/")[1])]
    namn = getattr(red, "namn", None) or sokvag.rsplit("/", 1)[-1]
    return [*bas, (f"Redovisning för {namn}", None)]


def _led(sokvag: str, roll: str, kontext: dict[str, Any]) -> list[Smula]:
    """Smulorna efter Start (den sista med adress; den görs till sidan själv nedan)."""
    delar = [d for d in sokvag.split("/") if d]
    m, s, b = kontext.get("m"), kontext.get("s"), kontext.get("b")
    if "enheter" in delar and kontext.get("red") is not None:
        return _enhet(kontext.get("kalla"), kontext.get("red"), roll, sokvag)
    if delar[:1] == ["scenarier"] and delar[1:2] == ["jamfor"]:
        return [("Jämför scenarier", "/scenarier/jamfor")]
    if s is not None and hasattr(s, "modell"):
        return _scenario(s)
    if delar[:1] == ["modeller"] and m is not None and hasattr(m, "namn"):
        ut = _modell(m)
        if delar[2:3] == ["resultat"]:
            ut.append(("Resultat", sokvag))
        elif delar[2:3] == ["scenarier"]:
            ut.append(("Scenarier", sokvag))
        return ut
    if delar[:1] == ["beslut"]:
        if delar[1:2] == ["ny"]:
            kalla = kontext.get("scenario")
            bas = _scenario(kalla) if kalla is not None else (
                _modell(kontext["modell"]) if kontext.get("modell") is not None else [])  # fmt: skip
            return [*bas, ("Fastställ som årets beslut", sokvag)]
        if delar[1:2] == ["importera"]:
            return [("Beslut", "/beslut"), ("Importera förra årets fördelning", sokvag)]
        if b is not None and hasattr(b, "namn"):
            return _beslut(b, roll)
    if delar[:1] == ["dataset"]:
        ds = kontext.get("ds")
        if delar[1:2] == ["ny"]:
            return [("Dataset", "/dataset"), ("Ladda upp", sokvag)]
        if ds is not None and hasattr(ds, "namn"):
            return [("Dataset", "/dataset"), (f"{ds.namn} version {ds.version}", sokvag)]
    if delar[:1] == ["norm"] and delar[1:2] and delar[1] in NORMFLIKAR:
        return [("Normen", "/norm"), (NORMFLIKAR[delar[1]], sokvag)]
    if delar and delar[0] in AVSNITT:
        ut = [(AVSNITT[delar[0]], "/" + delar[0])]
        if len(delar) > 1:
            ut.append((str(kontext.get("rubrik") or "Den här sidan"), sokvag))
        return ut
    return [(str(kontext.get("rubrik") or "Den här sidan"), sokvag)]


def brodsmulor(sokvag: str, roll: str | None, kontext: dict[str, Any]) -> list[Smula]:
    """Smulorna för sidan (tom lista för startsidan, inloggningen och utan användare)."""
    if roll is None or sokvag in ("/", "/logga-in"):
        return []
    try:
        led = _led(sokvag, roll, kontext)
    except (AttributeError, KeyError, IndexError):
        led = []
    if not led:
        return []
    *fore, (sista, _) = led
    return [("Start", "/"), *fore, (sista, None)]
