"""Månadsbeloppet per elev, med budgetändringar under året (föreslagen skolförordning 14 kap.
2 §; SOU 2025:72 avsnitt 3.1.2).

Bidraget betalas med en tolftedel per månad (skolförordningen 14 kap.). Ges ytterligare
resurser till hemkommunens verksamhet under budgetåret ska motsvarande tillskott ges till de
enskilda huvudmännen, om det inte finns synnerliga skäl mot det; minskar hemkommunen
ersättningen till sin verksamhet får bidraget minskas i motsvarande mån genom att
*återstående utbetalningar under budgetåret sätts ner*.

Regeln här: årsbeloppet per elev före ändringen är ``p0``; en ändring från månaden ``c``
ger det nya årsbeloppet ``p1`` (modellen räknad om med den nya ramen). Skillnaden
``p1 − p0`` för året sprids lika över de återstående utbetalningarna ``c … 12``:

    månadsbelopp(m) = p0 / 12                              för m < c
    månadsbelopp(m) = p0 / 12 + (p1 − p0) / (13 − c)       för m ≥ c

så att en elev som går hela året får exakt ``p1`` (8 · p0/12 + 4 · (p0/12 + (p1 − p0)/4) = p1
för c = september). Flera ändringar läggs på varandra på samma sätt.

In: årsbeloppen per linje och version (från månad). Ut: månadsbeloppet per linje och månad.
"""

from __future__ import annotations

import polars as pl


def manadsbelopp(versioner: list[tuple[int, pl.DataFrame]], nyckel: list[str]) -> pl.DataFrame:
    """Månadsbeloppet per elev för varje linje och månad 1–12.

    In: ``versioner`` = [(från månad, ram med ``nyckel`` + ``arsbelopp_kr``), …] i
    tidsordning, den första från månad 1. En linje som saknas i en senare version behåller
    föregående versions belopp; en linje som bara finns i en senare version har det beloppet
    för hela året (dess pris fanns inte tidigare). Ut: ``nyckel, manad, manadsbelopp_kr,
    arsbelopp_kr`` (årsbeloppet som gäller månaden)."""
    if not versioner or versioner[0][0] != 1:
        raise ValueError("den första versionen ska gälla från januari")
    alla = pl.concat([v.select(nyckel) for _, v in versioner]).unique()
    priser = alla
    for i, (_, v) in enumerate(versioner):
        priser = priser.join(
            v.select(*nyckel, pl.col("arsbelopp_kr").cast(pl.Float64).alias(f"_p{i}")),
            on=nyckel,
            how="left",
        )
    n = len(versioner)
    # saknade belopp: föregående versions, och för den första den första kända
    priser = priser.with_columns(pl.coalesce(*(f"_p{j}" for j in range(n))).alias("_p0"))
    for i in range(1, n):  # coalesce i ordning så att kedjan fylls framåt
        priser = priser.with_columns(pl.coalesce(f"_p{i}", f"_p{i - 1}").alias(f"_p{i}"))
    manader = pl.DataFrame({"manad": list(range(1, 13))}, schema={"manad": pl.Int64})
    ut = priser.join(manader, how="cross")
    belopp = pl.col("_p0") / 12.0
    arsbelopp = pl.col("_p0")
    for i in range(1, n):
        c = versioner[i][0]
        steg = (pl.col(f"_p{i}") - pl.col(f"_p{i - 1}")) / float(13 - c)
        belopp = belopp + pl.when(pl.col("manad") >= c).then(steg).otherwise(0.0)
        arsbelopp = pl.when(pl.col("manad") >= c).then(pl.col(f"_p{i}")).otherwise(arsbelopp)
    return ut.select(
        *nyckel, "manad", belopp.alias("manadsbelopp_kr"), arsbelopp.alias("arsbelopp_kr")
    )
