"""Import av Skolenhetsregistrets översikt (SCB för Skolverket), blad "Grundskola".

In: översiktsarbetsboken (.xlsx, bladet ``Grundskola`` eller det första) eller samma blad
sparat som CSV – kolumner ``HUVUDMANNATYP``, ``ORGANISATIONSNR``, ``KOMMUN``,
``SKOLENHETSKOD``, ``NAMN``, ``HUVUDMANS NAMN``, ``ELEVER FKLASS``, ``ELEVER ÅR1`` …
``ELEVER ÅR9``, ``INRIKTNING``. Ut: ``Importresultat`` med ``skolenheter`` och ``elever``
(fk_gr, förskoleklass och årskurs 1–9). Filen anger inte läsåret; det måste anges.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from skolpeng.data.officiella_export import Importresultat, kolumner_och_tolkare, las_export
from skolpeng.data.officiella_skolverket import (
    ELEVER_SCHEMA,
    HUVUDMANNATYP,
    arskursantal,
    huvudman_id,
    skolenheter_ram,
)
from skolpeng.fel import IndataFel, Problem

REGISTER_ARSKURSER: dict[str, tuple[str, ...]] = {
    "F": ("ELEVER FKLASS", "ELEVER F-KLASS"),
    **{str(g): (f"ELEVER ÅR{g}", f"ELEVER ÅR {g}") for g in range(1, 10)},
}


def las_skolenhetsregister(path: Path, lasar: str | None) -> Importresultat:
    """Skolenhetsregistrets blad Grundskola -> ``skolenheter`` och ``elever``.

    ``internationell`` = 1 när ``INRIKTNING`` är "Internationell". Huvudmannatypen
    "Region" behålls som ``region`` (räknas som kommunal enligt docs/regler/dataformat.md#skolenheter). ``lasar`` krävs
    eftersom registret inte anger vilket läsår elevantalen avser."""
    alias = {
        "typ": ("HUVUDMANNATYP",),
        "orgnr": ("ORGANISATIONSNR",),
        "kommunkod": ("KOMMUN",),
        "kod": ("SKOLENHETSKOD",),
        "namn": ("NAMN",),
        "huvudman": ("HUVUDMANS NAMN",),
        **{f"ak{g}": a for g, a in REGISTER_ARSKURSER.items()},
    }
    export = las_export(
        path, [("SKOLENHETSKOD",), ("ELEVER ÅR1", "ELEVER ÅR 1")], blad="Grundskola"
    )
    idx, t = kolumner_och_tolkare(export, alias, {"inriktning": ("INRIKTNING",)})
    if not lasar:
        raise IndataFel(
            [
                Problem(
                    export.fil,
                    "registret anger inte läsåret för elevantalen; ange läsåret (--period, t.ex. 2019/20)",
                )
            ]
        )
    namn = export.rubriker
    enheter, elever = [], []
    for rad, c in export.rader:
        kod = t.kod(rad, namn[idx["kod"]], c[idx["kod"]], 8)
        kommun = t.kod(rad, namn[idx["kommunkod"]], c[idx["kommunkod"]], 4)
        typ = HUVUDMANNATYP.get(c[idx["typ"]].strip().casefold())
        if typ not in ("kommunal", "enskild", "statlig", "region"):
            t.problem.append(
                Problem(t.fil, f"okänd huvudmannatyp {c[idx['typ']]!r}", rad, namn[idx["typ"]])
            )
            continue
        skola = t.text(rad, namn[idx["namn"]], c[idx["namn"]]) or ""
        huvudman = c[idx["huvudman"]].strip()
        orgnr = c[idx["orgnr"]].strip() or None
        if kod is None or kommun is None:
            continue
        inriktning = c[idx["inriktning"]].strip().casefold() if "inriktning" in idx else ""
        enheter.append(
            (
                kod,
                skola,
                kommun,
                typ,
                huvudman_id(typ, kommun, orgnr, huvudman),
                huvudman,
                int(inriktning == "internationell"),
            )
        )
        for a in arskursantal(t, rad, idx, c, namn, tuple(REGISTER_ARSKURSER)):
            elever.append((kod, "fk_gr", lasar, *a))
    t.kasta_om_problem()
    skolenheter = skolenheter_ram(enheter)
    dubbletter = skolenheter.filter(pl.col("skolenhetskod").is_duplicated())
    if dubbletter.height:
        raise IndataFel(
            [
                Problem(
                    export.fil,
                    f"skolenhetskoden {k} förekommer flera gånger",
                    kolumn="SKOLENHETSKOD",
                )
                for k in dubbletter["skolenhetskod"].unique().sort().to_list()
            ]
        )
    return Importresultat(
        "skolenhetsregister",
        export.fil,
        lasar,
        {
            "skolenheter": skolenheter,
            "elever": pl.DataFrame(elever, schema=ELEVER_SCHEMA, orient="row"),
        },
        tuple(t.anteckningar()),
    )
