"""Import av Skolverkets exporter *Grundskola – Kostnader per kommun* och *Slutbetyg årskurs 9
… Skolenhet*.

In: exportfilen så som Skolverket publicerar den (se ``officiella_export``). Ut:
``Importresultat``: kostnader -> ``kostnader_kommun`` och ``kostnader_huvudman`` (belopp i
tusen kronor blir kronor); slutbetyg -> ``resultat`` (andelar i procent blir 0–1).
Prickade celler blir saknade värden, aldrig noll.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.officiella_export import Importresultat, kolumner_och_tolkare, las_export
from skolpeng.data.officiella_skolverket import (
    KOMMUNKOD,
    SKOLENHETSKOD,
    TYP,
    exportens_period,
    kontrollera_dubbletter,
    tolka_andel,
    tolka_huvudmannatyp,
)
from skolpeng.fel import IndataFel, Problem

KOSTNAD_PER_ELEV: dict[str, tuple[str, ...]] = {
    "totalt_per_elev": ("Totalt per elev",),
    "undervisning_per_elev": ("Undervisning per elev",),
    "lokaler_per_elev": ("Lokaler per elev",),
    "maltider_per_elev": ("Måltider per elev",),
    "larverktyg_per_elev": ("Lärverktyg per elev",),
    "elevhalsa_per_elev": ("Elevhälsa per elev",),
    "ovrigt_per_elev": ("Övrigt per elev",),
}
KOSTNAD_TKR: dict[str, tuple[str, ...]] = {
    "totalt_kr": ("Totalt", "Totalt (tkr)", "Totalt, tkr"),
    "undervisning_kr": ("Undervisning", "Undervisning (tkr)", "Undervisning, tkr"),
}


def las_kostnader_kommun(path: Path, ar: int | None = None) -> Importresultat:
    """*Grundskola – Kostnader per kommun* (endast kommunal huvudman) -> ``kostnader_kommun``
    (kommunkod, kommunnamn, ar, elever = genomsnittligt elevantal, totalt_kr och
    undervisning_kr i kronor – exporten anger dem i tusen kronor –, kostnad per elev per
    kostnadsslag i kronor) och ``kostnader_huvudman`` (huvudman_id = kommunkod,
    huvudmannatyp kommunal, verksamhet fk_gr, kostnad_per_elev = "Totalt per elev")."""
    alias = {
        "kommunkod": KOMMUNKOD,
        "elever": ("Genomsnittligt elevantal",),
        "totalt_per_elev": ("Totalt per elev",),
    }
    export = las_export(path, [KOMMUNKOD, ("Totalt per elev",), ("Genomsnittligt elevantal",)])
    valfria = {"kommun": ("Kommun",), "typ": TYP, **KOSTNAD_PER_ELEV, **KOSTNAD_TKR}
    idx, t = kolumner_och_tolkare(export, alias, valfria)
    period = str(ar) if ar is not None else exportens_period(export, None, "år")
    if not period.isdigit():
        raise IndataFel([Problem(export.fil, f"året {period!r} är inte ett årtal")])
    namn = export.rubriker
    rader = []
    for rad, c in export.rader:
        kommun = t.kod(rad, namn[idx["kommunkod"]], c[idx["kommunkod"]], 4)
        if "typ" in idx and tolka_huvudmannatyp(t, rad, namn[idx["typ"]], c[idx["typ"]]) not in (
            "kommunal",
            None,
        ):
            t.problem.append(
                Problem(t.fil, "kostnaderna gäller bara kommunal huvudman", rad, namn[idx["typ"]])
            )
        varden: dict[str, float | None] = {}
        for k in ("elever", *KOSTNAD_PER_ELEV, *KOSTNAD_TKR):
            v = t.tal(rad, namn[idx[k]], c[idx[k]])[0] if k in idx else None
            varden[k] = v * 1000.0 if (v is not None and k in KOSTNAD_TKR) else v
        kommunnamn = c[idx["kommun"]].strip() if "kommun" in idx else None
        rader.append({"kommunkod": kommun, "kommunnamn": kommunnamn, "ar": int(period), **varden})
    t.kasta_om_problem()
    schema = {
        "kommunkod": pl.String,
        "kommunnamn": pl.String,
        "ar": pl.Int64,
        **{k: pl.Float64 for k in ("elever", *KOSTNAD_PER_ELEV, *KOSTNAD_TKR)},
    }
    ram = pl.DataFrame(rader, schema=schema)
    kontrollera_dubbletter(export, ram, ["kommunkod"])
    huvudman = ram.select(
        pl.col("kommunkod").alias("huvudman_id"),
        pl.col("ar"),
        pl.lit("fk_gr").alias("verksamhet"),
        pl.lit("kommunal").alias("huvudmannatyp"),
        pl.col("totalt_per_elev").alias("kostnad_per_elev"),
        pl.col("elever"),
    ).filter(pl.col("kostnad_per_elev").is_not_null())
    notering = (
        [
            f"{export.fil}: kolumnerna {', '.join(repr(namn[idx[k]]) for k in KOSTNAD_TKR if k in idx)}"
            " anges i tusen kronor och har räknats om till kronor"
        ]
        if any(k in idx for k in KOSTNAD_TKR)
        else []
    )
    return Importresultat(
        "kostnader-kommun",
        export.fil,
        period,
        {"kostnader_kommun": ram, "kostnader_huvudman": huvudman},
        tuple(notering + t.anteckningar()),
    )


def las_slutbetyg(path: Path, lasar: str | None = None) -> Importresultat:
    """*Grundskola – Slutbetyg årskurs 9 … Skolenhet* -> ``resultat`` (skolenhetskod, lasar,
    meritvarde, andel_alla_amnen och andel_behoriga som andelar 0–1, antal_elever)."""
    merit = (
        "Genomsnittligt meritvärde (17 ämnen)",
        "Genomsnittligt meritvärde (16 ämnen)",
        "Genomsnittligt meritvärde",
    )
    alias = {"kod": SKOLENHETSKOD, "merit": merit, "antal": ("Antal elever",)}
    valfria = {
        "alla": (
            "Andel (%) elever som uppfyllt betygskriterierna i alla ämnen",
            "Andel (%) elever som uppnått kunskapskraven i alla ämnen",
            "Andel (%) elever som uppnått målen i alla ämnen",
        ),
        "behoriga": (
            "Andel (%) elever behöriga till yrkesprog.",
            "Andel (%) elever behöriga till yrkesprogram",
        ),
    }
    export = las_export(path, [SKOLENHETSKOD, merit])
    idx, t = kolumner_och_tolkare(export, alias, valfria)
    lasar = exportens_period(export, lasar, "läsår")
    namn = export.rubriker
    rader = []
    for rad, c in export.rader:
        kod = t.kod(rad, namn[idx["kod"]], c[idx["kod"]], 8)
        m = t.tal(rad, namn[idx["merit"]], c[idx["merit"]])[0]
        alla = tolka_andel(t, rad, namn[idx["alla"]], c[idx["alla"]]) if "alla" in idx else None
        beh = (
            tolka_andel(t, rad, namn[idx["behoriga"]], c[idx["behoriga"]])
            if "behoriga" in idx
            else None
        )
        antal = t.tal(rad, namn[idx["antal"]], c[idx["antal"]])[0]
        rader.append((kod, lasar, m, alla, beh, antal))
    t.kasta_om_problem()
    ram = pl.DataFrame(
        rader,
        schema={
            "skolenhetskod": pl.String,
            "lasar": pl.String,
            "meritvarde": pl.Float64,
            "andel_alla_amnen": pl.Float64,
            "andel_behoriga": pl.Float64,
            "antal_elever": pl.Float64,
        },
        orient="row",
    )
    kontrollera_dubbletter(export, ram, ["skolenhetskod"])
    return Importresultat(
        "slutbetyg", export.fil, lasar, {"resultat": ram}, tuple(t.anteckningar())
    )
