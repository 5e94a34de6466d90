"""Bygger det medföljande datasetet ``sverige`` ur verkliga offentliga filer.

Körs om med::

    .venv/bin/python scripts/bygg_sverige.py [--kalla ../shared/data/real] [--ut src/skolpeng/dataset/sverige]

In: katalogen med de verkliga filerna (``data/real``: Skolverkets exporter,
Skolenhetsregistret 2019/20, SCB:s inkomster, Koladas kommungrupper; se varje SOURCE.md).
Ut: en CSV-fil per tabell i ``TABELLER`` och ``README.md`` (på svenska, med varje kolumns
ursprung: verklig, härledd eller syntetisk), skrivna atomiskt. Samma indata ger byte för
byte samma filer. Normår N = 2026, kostnadsår C = 2024, elevår 2025 = ½·2024/25 + ½·2025/26.
Alla approximationer står i ``scripts/sverige/antaganden.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sverige.antaganden import NORMAR  # noqa: E402
from sverige.ekonomi import (  # noqa: E402
    bygg_kostnader_huvudman,
    bygg_lokalkostnadsunderlag,
    bygg_modersmal,
    bygg_nationellt,
    bygg_rakenskapssammandrag,
)
from sverige.elever import bygg_elever, bygg_skolenheter  # noqa: E402
from sverige.index import bygg_index  # noqa: E402
from sverige.kallor import las_kallor  # noqa: E402
from sverige.kommuner import bygg_kommuner  # noqa: E402
from sverige.readme import skriv_readme  # noqa: E402

from skolpeng.data.schema import Underlag  # noqa: E402
from skolpeng.data.skrivning import skriv_underlag  # noqa: E402
from skolpeng.parametrar import load_parameters  # noqa: E402
from skolpeng.syntetisk.anpassad_gr import anpassad_gr_tabeller  # noqa: E402
from skolpeng.syntetisk.hemkommun import harled_elever_hemkommun  # noqa: E402
from skolpeng.utdata import atomisk_katalog  # noqa: E402

ROT = Path(__file__).resolve().parents[1]
KALLA = ROT.parent / "shared" / "data" / "real"
UT = ROT / "src" / "skolpeng" / "dataset" / "sverige"


def bygg(kalla: Path) -> tuple[Underlag, dict[str, object]]:
    """Läser källorna och bygger alla tabeller. Ut: ``Underlag`` och fakta för README."""
    k = las_kallor(kalla)
    skolenheter, fakta = bygg_skolenheter(k)
    elever, f = bygg_elever(k, skolenheter)
    fakta |= f
    per_kommun = (
        elever.filter(
            (pl.col("verksamhet") == "fk_gr")
            & (pl.col("lasar") == "2025/26")
            & (pl.col("arskurs") != "F")
        )
        .join(skolenheter.select("skolenhetskod", "kommunkod"), on="skolenhetskod")
        .group_by("kommunkod")
        .agg(pl.col("antal").sum().cast(pl.Float64).alias("elever"))
    )
    kommuner, f = bygg_kommuner(k, per_kommun)
    fakta |= f
    parametrar = load_parameters(dt.date(2024, 7, 1))
    admin = parametrar.tal("bidrag.administration_andel")
    moms = parametrar.tal("bidrag.moms_andel")
    rs, f = bygg_rakenskapssammandrag(k, kommuner, admin, moms)
    fakta |= f
    index, f = bygg_index(k, elever)
    fakta |= f
    resultat = k.slutbetyg.tabeller["resultat"].filter(
        pl.col("skolenhetskod").is_in(skolenheter["skolenhetskod"].implode())
    )
    fakta |= {
        "resultat_enheter": resultat.height,
        "resultat_bortfall": k.slutbetyg.tabeller["resultat"].height - resultat.height,
        "admin": admin,
        "moms": moms,
        "filer": k.filer,
        "kostnader_huvudman_2024": bygg_kostnader_huvudman(k, fakta["egen_regi"]),  # type: ignore[arg-type]
    }
    underlag = Underlag(
        skolenheter=skolenheter,
        elever=elever,
        socioekonomiskt_index=index,
        kommuner=kommuner.drop("medianinkomst_relativ"),
        lokalkostnadsunderlag=bygg_lokalkostnadsunderlag(k, kommuner),
        rakenskapssammandrag=rs,
        modersmal=bygg_modersmal(k),
        nationellt=bygg_nationellt(),
        kostnader_huvudman=fakta["kostnader_huvudman_2024"],  # type: ignore[arg-type]
        resultat=resultat.sort("skolenhetskod"),
        # härledd med en uttalad regel (scripts/bygg_elever_hemkommun.py)
        elever_hemkommun=harled_elever_hemkommun(skolenheter, elever, "2025/26", NORMAR),
        namn="sverige",
    )
    # anpassad grundskola: en dokumenterad approximation (scripts/bygg_anpassad_gr.py,
    # skolpeng.syntetisk.anpassad_gr), förankrad i SOU 2025:72 avsnitt 5.1
    lasar = tuple(sorted(elever["lasar"].unique().to_list()))
    anpassad, nivaer, nivanamn = anpassad_gr_tabeller(skolenheter, elever, lasar)
    underlag = replace(
        underlag,
        elever=pl.concat([elever, anpassad.select(elever.columns)]),
        elever_behovsniva=nivaer,
        behovsnivaer=nivanamn,
    )
    return underlag, fakta


def main(argv: list[str] | None = None) -> int:
    """Kommandoraden: ``--kalla`` (data/real) och ``--ut`` (datasetkatalogen)."""
    tolk = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    tolk.add_argument("--kalla", type=Path, default=KALLA, help="katalogen data/real")
    tolk.add_argument("--ut", type=Path, default=UT, help="datasetkatalogen som skrivs")
    arg = tolk.parse_args(argv)
    underlag, fakta = bygg(arg.kalla)
    with atomisk_katalog(arg.ut) as tmp:
        skriv_underlag(underlag, tmp)
        skriv_readme(tmp / "README.md", underlag, fakta)
    arg.ut.chmod(0o755)  # mkdtemp skapar katalogen med 0700; paketdata ska vara läsbar
    print(f"Skrev datasetet sverige (normår {NORMAR}) till {arg.ut}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
