"""Tillämpning av riskmodellen på årets elever (docs/regler/index.md#tillampning; SKL 2014 steg 3 och
tabell 3).

In: en ``Skattning`` och årets elever som celler (antal elever per skolenhet, kommun och
kombination av faktorer; ``lasning.aktuella_celler``). Ut: per skolenhet antal elever,
enhetens risk (medelvärdet av elevernas skattade risk, som om de gick i årskurs 9),
referensrisken (riket eller kommunen, elevviktad), index = 100 × enhetens risk /
referensrisken och flaggan för små enheter. Att skatta per cell ger exakt samma medelvärde
som att skatta varje elev för sig, eftersom elever med samma faktorer får samma risk.
"""

from __future__ import annotations

import polars as pl

from skolpeng.index.modell import Indexbas
from skolpeng.index.skattning import KONSTANT, Skattning, parameternamn

#: docs/regler/index.md#tillampning: index = 100 × enhetens risk / referensens risk (riket eller kommunen = 100).
INDEXSKALA = 100.0


def _effekter(skattning: Skattning) -> dict[str, dict[str, float]]:
    """För varje faktor: ursprunglig nivå -> koefficient (referensnivån och utgångna faktorer 0)."""
    effekter: dict[str, dict[str, float]] = {}
    ind = skattning.indelning
    for f, karta in ind.karta.items():
        effekter[f] = {
            orig: skattning.parametrar.get(parameternamn(f, ny), 0.0) for orig, ny in karta.items()
        }
    return effekter


def kohorteffekt(skattning: Skattning) -> float:
    """Effekten av den kohort som används vid prediktion (0 för referenskohorten)."""
    m = skattning.modell
    if not m.kohorteffekter or skattning.prediktionskohort is None:
        return 0.0
    return skattning.parametrar.get(parameternamn(m.kohortkolumn, skattning.prediktionskohort), 0.0)


def prediktera(celler: pl.DataFrame, skattning: Skattning) -> pl.DataFrame:
    """Celler med modellens ursprungliga faktornivåer -> samma celler med kolumnen ``risk``
    (skattad sannolikhet för utfallet). Okända nivåer är ett programfel (läsaren har redan
    avvisat dem)."""
    effekter = _effekter(skattning)
    eta = pl.lit(skattning.parametrar[KONSTANT] + kohorteffekt(skattning))
    for f, e in effekter.items():
        eta = eta + pl.col(f).replace_strict(e, return_dtype=pl.Float64)
    return celler.with_columns(risk=1.0 / (1.0 + (-eta).exp()))


def enhetsrisk(celler_med_risk: pl.DataFrame) -> pl.DataFrame:
    """Celler med ``antal`` och ``risk`` -> per skolenhet: skolenhetskod, kommunkod, elever och
    risk (elevviktat medelvärde av elevernas risk)."""
    return (
        celler_med_risk.group_by("skolenhetskod", "kommunkod")
        .agg(
            elever=pl.col("antal").sum(),
            risk=(pl.col("antal") * pl.col("risk")).sum() / pl.col("antal").sum(),
        )
        .sort("skolenhetskod")
    )


def index_mot_referens(risk: float, referensrisk: float) -> float:
    """SKL tabell 3: index = enhetens risk / referensens risk, här × 100 (docs/regler/index.md#tillampning)."""
    return INDEXSKALA * risk / referensrisk


def enhetsindex(
    enheter: pl.DataFrame, indexbas: Indexbas, liten_enhet_grans: int, matt: str = "risk"
) -> pl.DataFrame:
    """Per skolenhet (skolenhetskod, kommunkod, elever och måttet ``matt``) -> samma plus
    ``referens<matt>`` (elevviktat medelvärde av måttet i riket eller i enhetens kommun),
    ``index`` = 100 × mått / referens och ``liten_enhet`` (färre elever än gränsen; index
    beräknas ändå, docs/regler/index.md#sma-enheter). Måttet är risken (riskmodellen) eller poängen
    (vikter × andelar)."""
    viktad = pl.col("elever") * pl.col(matt)
    referens = viktad.sum() / pl.col("elever").sum()
    if indexbas == "kommun":
        referens = referens.over("kommunkod")
    return (
        enheter.with_columns(referens.alias(f"referens{matt}"))
        .with_columns(
            index=INDEXSKALA * pl.col(matt) / pl.col(f"referens{matt}"),
            liten_enhet=pl.col("elever") < liten_enhet_grans,
        )
        .sort("skolenhetskod")
    )


def tillampa(skattning: Skattning, aktuella: pl.DataFrame) -> pl.DataFrame:
    """Skattning + årets elever som celler -> index per skolenhet med modellens indexbas och
    gräns för små enheter. Ut: skolenhetskod, kommunkod, elever, risk, referensrisk, index,
    liten_enhet."""
    m = skattning.modell
    return enhetsindex(enhetsrisk(prediktera(aktuella, skattning)), m.indexbas, m.liten_enhet_grans)
