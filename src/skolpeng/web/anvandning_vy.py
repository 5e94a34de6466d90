"""Formuläret för rektorns redovisning av de riktade medlen.

In: formulärets fält och kommunens kategorier. Ut: raderna med fel per fält (``las_formular``)
och formulärets fältnamn för en avvikelse i reglerna (``falt_for_avvikelse``). Inga regler
här: kontrollerna är ``uppfoljning.anvandning``. Handläggarens översikt:
``lagring.anvandning_oversikt``.
"""

from __future__ import annotations

from typing import Any

from skolpeng.api import Kategori, Rad, innehaller_personnummer, las_svenskt_tal

#: Så att formuläret (fyra fält per kategori och tre till) ryms i 200 fält per förfrågan.
MAX_KATEGORIER = 45
MAX_TEXT = 1000
MAX_FORKLARING = 2000
MAX_ARSARBETARE = 10_000.0


def _utan_personnummer(text: str) -> str:
    """Texten att visa i formuläret igen: tom när den innehåller ett personnummer (numret
    upprepas aldrig, inte ens i fältet användaren skrev det i)."""
    return "" if innehaller_personnummer(text) else text


def las_formular(
    form: Any, kategorier: list[Kategori]
) -> tuple[list[Rad], str, dict[str, str], dict[str, str]]:
    """Formulärets fält -> (raderna som har något ifyllt, förklaringen, de ifyllda värdena
    per fält för att visa formuläret igen, fel per fält). Talen läses som svenska tal."""
    rader: list[Rad] = []
    varden: dict[str, str] = {}
    fel: dict[str, str] = {}
    for i in range(min(len(kategorier), MAX_KATEGORIER)):
        namn = str(form.get(f"kategori-{i}", kategorier[i].namn))[:200]
        texter = {k: str(form.get(f"{k}-{i}", "")) for k in ("belopp", "arsarbetare", "text")}
        varden.update({f"{k}-{i}": _utan_personnummer(v) for k, v in texter.items()})
        tal: dict[str, float | None] = {}
        for k, grans in (("belopp", 1e11), ("arsarbetare", MAX_ARSARBETARE)):
            try:
                tal[k] = las_svenskt_tal(texter[k], grans)
            except ValueError as e:
                fel[f"{k}-{i}"], tal[k] = f"{namn}: {e}", None
        if len(texter["text"]) > MAX_TEXT:
            fel[f"text-{i}"] = f"{namn}: texten får vara högst {MAX_TEXT} tecken"
        if tal["belopp"] is not None or tal["arsarbetare"] is not None or texter["text"].strip():
            rader.append(Rad(namn, tal["belopp"], tal["arsarbetare"], texter["text"].strip()))
    forklaring = str(form.get("forklaring", ""))
    varden["forklaring"] = _utan_personnummer(forklaring)
    if len(forklaring) > MAX_FORKLARING:
        fel["forklaring"] = f"förklaringen får vara högst {MAX_FORKLARING} tecken"
    return rader, forklaring.strip(), varden, fel


def falt_for_avvikelse(falt: str, rader: list[Rad], kategorier: list[Kategori]) -> str:
    """``rad-<n>-<kolumn>`` (rad i de ifyllda raderna) -> formulärets fältnamn."""
    if not falt.startswith("rad-"):
        return falt
    _, n, kolumn = falt.split("-", 2)
    namn = rader[int(n) - 1].kategori if int(n) <= len(rader) else ""
    i = next((j for j, k in enumerate(kategorier) if k.namn == namn), 0)
    return f"{'belopp' if kolumn == 'belopp_kr' else kolumn}-{i}"
