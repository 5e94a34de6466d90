"""Lönejusteringens bas (docs/regler/norm.md#beslut-lonebas) på slumpade nationer.

Tillägget w⁺ = (LI − 100)/100 · (P + S + L + [PG + GL]) · 0,771 räknas efter lokal- och
ansvarstilläggen; avdraget d_w är lika per elev så att Σ n·W = 0, och potterna bevaras:
Σ n·M = NGB. Allt kontrolleras här ur utdatans kolumner och kommunernas löneindex.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings

from skolpeng.norm import berakna_norm
from tests.norm.hjalp import parametrar, underlag_fran_exempel
from tests.norm.strategier import nationer

LONEKOSTNADSANDEL = 0.771  # SOU 2025:72, bilagan, Strukturtillägg 2 (Löneläge)
INSTALLNING = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("variant", ["vagledande", "bindande", "fritidshem"])
@INSTALLNING
@given(data=nationer())
def test_lonetillagget_pa_alla_ovriga_ersattningar_och_nollsumma(
    variant: str, data: dict[str, Any]
) -> None:
    r = berakna_norm(underlag_fran_exempel(data), parametrar(), data["normar"], variant)
    s, f = r.sammanfattning, r.sammanfattning["upprakningsfaktor"]
    li = {k["kommunkod"]: k["loneindex"] for k in data["kommuner"]}
    e = r.enheter.with_columns(
        li=pl.col("kommunkod").replace_strict(li, return_dtype=pl.Float64),
        # w⁺ (normårets nivå) = W + f·d_w
        w_plus=pl.col("lonejustering") + f * s["lonejustering_avdrag"],
    )
    ovriga = pl.sum_horizontal(
        "grundersattning", "socioekonomiskt_tillagg", "lokaljustering", "platsgaranti", "gleshet"
    )
    forvantat = (
        pl.when(pl.col("li") > 100)
        .then((pl.col("li") - 100) / 100 * ovriga * LONEKOSTNADSANDEL)
        .otherwise(0.0)
    )
    skala = float(e.get_column("modellvarde").abs().max())
    avvikelse = e.select((pl.col("w_plus") - forvantat).abs().max()).item()
    assert avvikelse <= 1e-9 * skala
    # Enskilda enheter har inga ansvarstillägg i basen.
    enskilda = e.filter(pl.col("huvudmannatyp") == "enskild")
    assert (enskilda["platsgaranti"] == 0).all() and (enskilda["gleshet"] == 0).all()
    # d_w = Σ n·w⁺ / Σ n, så Σ n·W = 0; och Σ n·M = NGB (före uppräkning).
    n = e.get_column("elever")
    assert float((n * e["w_plus"]).sum() / n.sum()) / f == pytest.approx(
        s["lonejustering_avdrag"], rel=1e-9, abs=1e-9 * skala
    )
    assert abs(float((n * e["lonejustering"]).sum())) / f <= 1e-9 * s["normgrundande_belopp"]
    assert float((n * e["modellvarde"]).sum()) / f == pytest.approx(
        s["normgrundande_belopp"], rel=1e-9
    )
