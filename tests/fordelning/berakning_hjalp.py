"""Testhjälp för fördelningens motor: små handgjorda underlag och modeller.

``underlag([...])`` bygger ett ``Fordelningsunderlag`` ur en lista med skolenheter
``(kod, huvudmannatyp, {årskurs: antal}, index)`` (index på 100-skalan, None = saknas);
``modell(potter, ...)`` en validerad ``Fordelningsmodell``.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from skolpeng.fordelning import Fordelningsmodell, Fordelningsunderlag

Enhet = tuple[str, str, dict[str, float], float | None]


def underlag(
    enheter: list[Enhet],
    malgrupper: list[tuple[str, str, float]] | None = None,
    givna: list[tuple[str, str, float]] | None = None,
) -> Fordelningsunderlag:
    """Skolenheter (kod, typ, elever per årskurs, index) + målgrupper (kod, målgrupp, antal)
    + givna belopp (kod, pott, belopp) -> ``Fordelningsunderlag``."""
    enh = pl.DataFrame(
        {
            "skolenhetskod": [e[0] for e in enheter],
            "namn": [f"Skola {e[0]}" for e in enheter],
            "huvudmannatyp": [e[1] for e in enheter],
            "huvudman_id": ["0114" if e[1] == "kommunal" else f"hm{e[0]}" for e in enheter],
            "huvudman_namn": ["Kommunen" if e[1] == "kommunal" else f"AB {e[0]}" for e in enheter],
            "kommunkod": ["0114"] * len(enheter),
        }
    )
    elever = pl.DataFrame(
        [(e[0], a, float(n)) for e in enheter for a, n in e[2].items() if n > 0],
        schema={"skolenhetskod": pl.String, "arskurs": pl.String, "antal": pl.Float64},
        orient="row",
    )
    index = None
    if any(e[3] is not None for e in enheter):
        index = pl.DataFrame(
            {
                "skolenhetskod": [e[0] for e in enheter if e[3] is not None],
                "index": [float(e[3]) for e in enheter if e[3] is not None],
                "index_standard": [False for e in enheter if e[3] is not None],
            }
        )
    return Fordelningsunderlag(
        enheter=enh,
        elever=elever,
        index=index,
        malgrupper=pl.DataFrame(
            malgrupper or [],
            schema={"skolenhetskod": pl.String, "malgrupp": pl.String, "antal": pl.Float64},
            orient="row",
        ),
        givna_belopp=pl.DataFrame(
            givna or [],
            schema={"skolenhetskod": pl.String, "pott": pl.String, "belopp_kr": pl.Float64},
            orient="row",
        ),
    )


def modell(potter: list[dict[str, Any]], **kw: Any) -> Fordelningsmodell:
    """Potter (som i en modellfil) -> validerad modell för kommunen 0114, år 2026."""
    data: dict[str, Any] = {"namn": "test", "kommunkod": "0114", "ar": 2026, "potter": potter}
    if any(_nyckeltyp(p) == "index" for p in potter):
        data["index"] = {"typ": "given"}
    data.update(kw)
    return Fordelningsmodell.model_validate(data)


def _nyckeltyp(p: dict[str, Any]) -> str | None:
    if "nyckel" in p:
        return p["nyckel"]["typ"]
    return next(
        (d["nyckel"]["typ"] for d in p.get("delpotter", []) if d["nyckel"]["typ"] == "index"), None
    )


def per_enhet(rader: pl.DataFrame, pott: str) -> dict[str, float]:
    """Pottens belopp per skolenhet (summa över stadier)."""
    d = (
        rader.filter(pl.col("pott") == pott)
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    return dict(d.iter_rows())
