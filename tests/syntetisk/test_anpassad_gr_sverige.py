"""Det medföljande ``sverige``: anpassad grundskola som en dokumenterad approximation
förankrad i SOU 2025:72 avsnitt 5.1.1–5.1.3 (drygt 16 000 elever läsåret 2023/24, i
genomsnitt 55 per kommun, cirka 95 % i kommunal skola, 55 enskilda skolenheter,
fem kommuner utan elever). Testet kontrollerar att de publicerade filerna håller totalerna
och går igenom datasetets kontroller."""

from __future__ import annotations

import polars as pl

from skolpeng.data import hitta_underlag, las_underlag


def test_sverige_har_sou_totalerna_for_anpassad_grundskola() -> None:
    u = las_underlag(hitta_underlag("sverige"))
    a = u.elever.filter((pl.col("verksamhet") == "anpassad_gr") & (pl.col("lasar") == "2025/26"))
    a = a.join(u.skolenheter, on="skolenhetskod")
    assert a["antal"].sum() == 16_000  # SOU 5.1.1: drygt 16 000 elever
    kommuner = u.kommuner.height
    assert kommuner == 290
    assert kommuner - a["kommunkod"].n_unique() == 5  # fem kommuner utan elever
    assert round(16_000 / kommuner) == 55  # SOU 5.1.2: i genomsnitt 55 elever per kommun
    enskild = a.filter(pl.col("huvudmannatyp") == "enskild")
    assert enskild["skolenhetskod"].n_unique() == 55  # SOU 5.1.3: 55 enskilda skolenheter
    assert enskild["antal"].sum() / 16_000 <= 0.05 + 1e-9  # cirka 95 % i kommunal skola
    assert set(a["arskurs"]) <= {str(k) for k in range(1, 10)}
    assert u.elever_behovsniva is not None
    niva = u.elever_behovsniva.filter(pl.col("lasar") == "2025/26")
    assert niva["antal"].sum() == 16_000  # varje elev har en behovsnivå
