"""Socioekonomiska index (INDEX.md): riskmodellen (SKL:s alternativ 2 – logistisk regression
på historiska avgångselever, tillämpad på årets elever) och vikter × andelar (SKL tabell 1–2),
samt jämförelsen mellan dem.

In: elevdata på individnivå (läses strömmande och släpps; skrivs aldrig), en modellfil.
Ut: aggregat per skolenhet (elever, risk, index, liten_enhet) och modellens koefficienter,
anpassningsmått och kalibrering.
"""

from skolpeng.index.jamforelse import Jamforelse, jamfor_index, kr_per_elev
from skolpeng.index.lasning import (
    aktuella_celler,
    las_aktuella,
    las_traningsdata,
    modellnivaer,
    traningsceller,
)
from skolpeng.index.modell import IndexModell, ViktModell, las_modell, las_viktmodell
from skolpeng.index.nivaer import Nivaindelning, dela_in_nivaer
from skolpeng.index.skattning import Skattning, skatta
from skolpeng.index.tillampning import (
    enhetsindex,
    enhetsrisk,
    index_mot_referens,
    prediktera,
    tillampa,
)
from skolpeng.index.viktning import poang_fran_andelar, viktindex

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
