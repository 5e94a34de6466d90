"""Socioekonomiska index (docs/regler/index.md): riskmodellen (SKL:s alternativ 2 – logistisk regression
på historiska avgångselever, tillämpad på årets elever) och vikter × andelar (SKL tabell 1–2),
samt jämförelsen mellan dem.

In: elevdata på individnivå (läses strömmande och släpps; skrivs aldrig), en modellfil.
Ut: aggregat per skolenhet (elever, risk, index, liten_enhet) och modellens koefficienter,
anpassningsmått och kalibrering.
"""

import importlib
from typing import Any

# Namn -> modulen som definierar det. Modulerna laddas först när ett namn används, så att
# t.ex. fördelningens indexkälla (som bara behöver viktning och tillämpning) inte drar in
# statsmodels vid start.
_MODUL: dict[str, str] = {
    "Jamforelse": "jamforelse",
    "jamfor_index": "jamforelse",
    "kr_per_elev": "jamforelse",
    "aktuella_celler": "lasning",
    "las_aktuella": "lasning",
    "las_traningsdata": "lasning",
    "modellnivaer": "lasning",
    "traningsceller": "lasning",
    "IndexModell": "modell",
    "ViktModell": "modell",
    "las_modell": "modell",
    "las_viktmodell": "modell",
    "Nivaindelning": "nivaer",
    "dela_in_nivaer": "nivaer",
    "Skattning": "skattning",
    "skatta": "skattning",
    "enhetsindex": "tillampning",
    "enhetsrisk": "tillampning",
    "index_mot_referens": "tillampning",
    "prediktera": "tillampning",
    "tillampa": "tillampning",
    "poang_fran_andelar": "viktning",
    "viktindex": "viktning",
}


def __getattr__(namn: str) -> Any:
    if namn in _MODUL:
        return getattr(importlib.import_module(f"skolpeng.index.{_MODUL[namn]}"), namn)
    raise AttributeError(namn)


__all__ = [
    "IndexModell",
    "Jamforelse",
    "Nivaindelning",
    "Skattning",
    "ViktModell",
    "aktuella_celler",
    "dela_in_nivaer",
    "enhetsindex",
    "enhetsrisk",
    "index_mot_referens",
    "jamfor_index",
    "kr_per_elev",
    "las_aktuella",
    "las_modell",
    "las_traningsdata",
    "las_viktmodell",
    "modellnivaer",
    "poang_fran_andelar",
    "prediktera",
    "skatta",
    "tillampa",
    "traningsceller",
    "viktindex",
]
