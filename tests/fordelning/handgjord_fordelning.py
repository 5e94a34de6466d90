"""Hjälp för testerna av stabilitetsregler och förändringens uppdelning: små handgjorda
``Fordelning``/``Fordelningsunderlag`` och en enkel, oberoende ersättare för ``fordela``
(potter som andel av ramen eller summa, nycklarna elever – med vikter per årskurs – och
index, linjär form) så att Shapley-maskineriet kan provas utan motorn."""

from __future__ import annotations

import numpy as np
import polars as pl

from skolpeng.data.schema import ARSKURS_TILL_STADIUM
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell
from skolpeng.fordelning.underlag_och_resultat import Fordelning, Fordelningsunderlag

RADSCHEMA = {
    "skolenhetskod": pl.String,
    "stadium": pl.String,
    "pott": pl.String,
    "delpott": pl.String,
    "elever": pl.Float64,
    "kr_per_elev": pl.Float64,
    "belopp_kr": pl.Float64,
    "kostnadsslag": pl.String,
    "samma_grunder": pl.Boolean,
    "nyckel": pl.String,
    "nyckelvarde": pl.Float64,
    "forklaring": pl.String,
    "belopp_kr_avrundat": pl.Int64,
}
POTTSCHEMA = {
    "pott": pl.String,
    "kostnadsslag": pl.String,
    "samma_grunder": pl.Boolean,
    "belopp_kr": pl.Float64,
    "fordelat_kr": pl.Float64,
    "fordelat_avrundat_kr": pl.Int64,
    "antal_enheter": pl.Int64,
    "elever": pl.Float64,
}


def kod(i: int) -> str:
    """Skolenhetskod nummer i (åtta siffror)."""
    return f"{10000000 + i:08d}"


def modell(
    ram_kr: float, potter: list[dict], index: bool = True, **kw: object
) -> Fordelningsmodell:
    """En giltig modell med ramen och potterna (kortform: namn, andel, nyckel, vikter)."""
    return Fordelningsmodell.model_validate(
        {
            "namn": "test",
            "kommunkod": "0180",
            "ar": kw.pop("ar", 2026),
            "ram_kr": ram_kr,
            "index": {"typ": "given"} if index else None,
            "potter": [
                {
                    "namn": p["namn"],
                    "belopp": {"andel_av_ram": p["andel"]},
                    "nyckel": {"typ": p.get("nyckel", "elever"), "vikter": p.get("vikter")},
                }
                for p in potter
            ],
            **kw,
        }
    )


def underlag(
    elever: dict[str, dict[str, float]],
    index: dict[str, float] | None = None,
    huvudmannatyp: dict[str, str] | None = None,
) -> Fordelningsunderlag:
    """Ett underlag: elever per enhet och årskurs, index per enhet (valfritt)."""
    koder = sorted(elever)
    typ = huvudmannatyp or {}
    enheter = pl.DataFrame(
        {
            "skolenhetskod": koder,
            "namn": [f"Skola {k[-2:]}" for k in koder],
            "huvudmannatyp": [typ.get(k, "kommunal") for k in koder],
            "huvudman_id": ["h" + k for k in koder],
            "huvudman_namn": ["Huvudman" for _ in koder],
            "kommunkod": ["0180" for _ in koder],
        }
    )
    rader = [(k, ak, float(n)) for k in koder for ak, n in elever[k].items()]
    elevram = pl.DataFrame(
        rader,
        schema={"skolenhetskod": pl.String, "arskurs": pl.String, "antal": pl.Float64},
        orient="row",
    )
    idx = None
    if index is not None:
        idx = pl.DataFrame(
            {
                "skolenhetskod": sorted(index),
                "index": [float(index[k]) for k in sorted(index)],
                "index_standard": [False] * len(index),
            }
        )
    return Fordelningsunderlag(
        enheter=enheter,
        elever=elevram,
        index=idx,
        malgrupper=pl.DataFrame(
            schema={"skolenhetskod": pl.String, "malgrupp": pl.String, "antal": pl.Float64}
        ),
        givna_belopp=pl.DataFrame(
            schema={"skolenhetskod": pl.String, "pott": pl.String, "belopp_kr": pl.Float64}
        ),
    )


def fordelning_fran_rader(
    m: Fordelningsmodell, u: Fordelningsunderlag, rader: list[tuple[str, str, str, float]]
) -> Fordelning:
    """En ``Fordelning`` ur rader (skolenhetskod, stadium, pott, belopp_kr); elever per
    stadium ur underlaget, potter och enheter summerade."""
    st_elever = (
        u.elever.with_columns(
            pl.col("arskurs").replace_strict(ARSKURS_TILL_STADIUM).alias("stadium")
        )
        .group_by("skolenhetskod", "stadium")
        .agg(pl.col("antal").sum().alias("elever"))
    )
    ram = pl.DataFrame(
        rader,
        schema={
            "skolenhetskod": pl.String,
            "stadium": pl.String,
            "pott": pl.String,
            "belopp_kr": pl.Float64,
        },
        orient="row",
    ).join(st_elever, on=["skolenhetskod", "stadium"], how="left")
    avrundat = np.zeros(ram.height, dtype=np.int64)
    from skolpeng.avrundning import avrunda_storsta_rest

    for pott in ram["pott"].unique().to_list():
        mask = (ram["pott"] == pott).to_numpy()
        avrundat[mask] = avrunda_storsta_rest(ram["belopp_kr"].to_numpy()[mask])
    ram = ram.with_columns(
        pl.lit(None, pl.String).alias("delpott"),
        (pl.col("belopp_kr") / pl.col("elever")).alias("kr_per_elev"),
        pl.lit("undervisning").alias("kostnadsslag"),
        pl.lit(True).alias("samma_grunder"),
        pl.lit("elever").alias("nyckel"),
        pl.lit(1.0).alias("nyckelvarde"),
        pl.lit("").alias("forklaring"),
        pl.Series("belopp_kr_avrundat", avrundat),
    ).select([pl.col(k).cast(t) for k, t in RADSCHEMA.items()])
    potter = (
        ram.group_by("pott", maintain_order=True)
        .agg(
            pl.col("kostnadsslag").first(),
            pl.col("samma_grunder").first(),
            pl.col("belopp_kr").sum(),
            pl.col("belopp_kr").sum().alias("fordelat_kr"),
            pl.col("belopp_kr_avrundat").sum().alias("fordelat_avrundat_kr"),
            pl.col("skolenhetskod").n_unique().alias("antal_enheter"),
            pl.col("elever").sum(),
        )
        .select([pl.col(k).cast(t) for k, t in POTTSCHEMA.items()])
    )
    return Fordelning(m, u, ram, potter, _enheter(u, ram))


def _enheter(u: Fordelningsunderlag, rader: pl.DataFrame) -> pl.DataFrame:
    elever = u.elever.group_by("skolenhetskod").agg(pl.col("antal").sum().alias("elever"))
    belopp = rader.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum())
    idx = (
        u.index
        if u.index is not None
        else u.enheter.select("skolenhetskod").with_columns(
            pl.lit(None, pl.Float64).alias("index"),
            pl.lit(None, pl.Boolean).alias("index_standard"),
        )
    )
    return (
        u.enheter.select("skolenhetskod", "namn", "huvudmannatyp", "huvudman_id")
        .join(elever, on="skolenhetskod", how="left")
        .join(
            idx.select("skolenhetskod", "index", "index_standard"), on="skolenhetskod", how="left"
        )
        .join(belopp, on="skolenhetskod", how="left")
        .with_columns(pl.col("elever").fill_null(0.0), pl.col("belopp_kr").fill_null(0.0))
        .with_columns(
            pl.when(pl.col("elever") > 0)
            .then(pl.col("belopp_kr") / pl.col("elever"))
            .alias("kr_per_elev")
        )
    )


def ersattare(m: Fordelningsmodell, u: Fordelningsunderlag) -> Fordelning:
    """En oberoende, förenklad ``fordela``: varje pott = andel × ram (eller summa) fördelas
    per (viktad) elev eller per (viktad) elev × index (linjärt); en rad per enhet och stadium."""
    assert m.ram_kr is not None
    elever = u.elever.with_columns(
        pl.col("arskurs").replace_strict(ARSKURS_TILL_STADIUM).alias("stadium")
    )
    idx = (
        dict(zip(u.index["skolenhetskod"], u.index["index"], strict=True))
        if u.index is not None
        else {}
    )
    rader: list[tuple[str, str, str, float]] = []
    for p in m.potter:
        assert p.nyckel is not None
        pott = (
            p.belopp.andel_av_ram * m.ram_kr
            if p.belopp.andel_av_ram is not None
            else p.belopp.summa_kr
        )
        vikter = p.nyckel.vikter.varden if p.nyckel.vikter is not None else {}
        nyckel = []
        for r in elever.iter_rows(named=True):
            w = vikter.get(r["arskurs"], 1.0) if vikter else 1.0
            x = r["antal"] * w * (idx[r["skolenhetskod"]] if p.nyckel.typ == "index" else 1.0)
            nyckel.append((r["skolenhetskod"], r["stadium"], x))
        total = sum(x for *_, x in nyckel)
        per_st: dict[tuple[str, str], float] = {}
        for k, st, x in nyckel:
            per_st[(k, st)] = per_st.get((k, st), 0.0) + (pott * x / total if total > 0 else 0.0)
        rader += [(k, st, p.namn, b) for (k, st), b in sorted(per_st.items())]
    return fordelning_fran_rader(m, u, rader)
