"""Läsning i Sveriges storlek: ~4 600 skolenheter, ~156 000 elevrader, utan förluster.

Tiden (~0,25 s för ``las_underlag`` på utvecklingsmaskinen) mäts i ``benchmarks/``, inte här.
"""

from __future__ import annotations

from pathlib import Path

from skolpeng.data import las_underlag
from tests.data.hjalp import minimala_tabeller, skriv_minimalt_underlag

ANTAL_ENHETER = 4_600


def _stort_underlag(katalog: Path) -> Path:
    t = minimala_tabeller()
    kommuner = [f"{k:04d}" for k in range(114, 114 + 290)]
    t["kommuner"] = (
        t["kommuner"][0],
        [[k, f"Kommun {k}", "B3", "SE11", "100", "100"] for k in kommuner],
    )
    enheter = [(f"{10_000_000 + i}", kommuner[i % 290]) for i in range(ANTAL_ENHETER)]
    t["skolenheter"] = (
        t["skolenheter"][0],
        [
            [e, f"Skola {e}", k, "kommunal" if i % 5 else "enskild", k, "Huvudman", "0"]
            for i, (e, k) in enumerate(enheter)
        ],
    )
    elever = [
        [e, verksamhet, lasar, arskurs, str((i * 7 + j * 3) % 60)]
        for i, (e, _) in enumerate(enheter)
        for lasar in ("2024/25", "2025/26")
        for verksamhet, arskurser in (("fk_gr", "F123456789"), ("fritidshem", "F123456"))
        for j, arskurs in enumerate(arskurser)
    ]
    t["elever"] = (t["elever"][0], elever)
    t["socioekonomiskt_index"] = (
        t["socioekonomiskt_index"][0],
        [[e, "2026", "fk_gr", f"{60 + i % 90}.5"] for i, (e, _) in enumerate(enheter)],
    )
    for namn in ("lokalkostnadsunderlag", "rakenskapssammandrag", "modersmal"):
        rubrik, rader = t[namn]
        t[namn] = (rubrik, [[k, *r[1:]] for k in kommuner for r in rader if r[0] == "0114"])
    return skriv_minimalt_underlag(katalog, t)


def test_sverigestort_underlag_lases_fullstandigt(tmp_path: Path) -> None:
    """Ett underlag i Sveriges storlek läses utan förluster (tiden mäts i benchmarks/)."""
    katalog = _stort_underlag(tmp_path / "stor")
    u = las_underlag(katalog)
    assert u.skolenheter.height == ANTAL_ENHETER
    assert u.elever.height == ANTAL_ENHETER * 2 * 17
