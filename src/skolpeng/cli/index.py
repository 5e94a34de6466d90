"""``skolpeng index``: skatta riskmodellen på historiska avgångselever och beräkna index per
skolenhet för årets elever (docs/regler/index.md#tillampning); ``skolpeng index syntetisk-elevdata``: skriv påhittade
elevdata med kända sanna koefficienter för den syntetiska nationens skolenheter.

In: ``--elevdata`` (fil eller katalog), ``--aktuella`` (fil eller katalog), ``--modell``
(YAML), ``--ut`` (katalog), valfritt ``--vikter`` (viktmodell) och ``--pott`` (kr) för
jämförelsen med vikter × andelar. Ut: aggregat per skolenhet och modellrapporten – aldrig
elevrader. Fel i indata: alla problem på svenska, exitkod 2, inget skrivet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from skolpeng.cli.gemensamt import felkonsol, konsol, med_felhantering

PREFIX = "syntetisk_elevdata_"


def _kor(
    elevdata: Path, aktuella: Path, modell: Path, ut: Path, vikter: Path | None, pott: float | None
) -> None:
    # statsmodels och scipy importeras först här, så att andra kommandon inte väntar på dem
    from skolpeng.api import decimal, heltal, kor_index, skriv_indexutdata

    korning = kor_index(elevdata, aktuella, modell, vikter, pott)
    argument = {
        "elevdata": str(elevdata),
        "aktuella": str(aktuella),
        "modell": str(modell),
        "ut": str(ut),
        "vikter": None if vikter is None else str(vikter),
        "pott": pott,
    }
    skriv_indexutdata(
        korning, ut, argument, lambda t: konsol.print(t, highlight=False, markup=False)
    )
    s, ix = korning.skattning, korning.index
    konsol.print(
        f"Modellen skattad på {heltal(s.antal_elever)} elever (pseudo-R² {decimal(s.pseudo_r2, 3)}, "
        f"AUC {decimal(s.auc, 3)}); index för {heltal(ix.height)} skolenheter, varav "
        f"{heltal(int(ix['liten_enhet'].sum()))} små."
    )
    if s.indelning.sammanslagningar.height:
        konsol.print(f"Sammanslagna nivåer: {s.indelning.sammanslagningar.height} (se rapporten).")
    if korning.jamforelse is not None:
        j = korning.jamforelse
        konsol.print(
            f"Jämförelse med vikter × andelar: korrelation {decimal(j.korrelation, 3)}, största "
            f"skillnad {heltal(j.storsta_skillnad_kr)} kr per elev."
        )
    konsol.print(f"Skrivet till {ut}")


def _syntetisk(ut: Path, seed: int, skala: float, antal_kommuner: int) -> None:
    import polars as pl

    from skolpeng.api import (
        FAKTORER,
        atomisk_katalog,
        generera_elevdata,
        generera_nation,
        heltal,
        skriv_csv,
        skriv_manifest,
    )

    try:
        nation = generera_nation(seed=seed, antal_kommuner=antal_kommuner, skala=skala)
    except ValueError as fel:
        felkonsol.print(f"Ogiltigt argument: {fel}", markup=False)
        raise typer.Exit(code=2) from None
    data = generera_elevdata(nation.skolenheter, nation.elever, seed=seed)
    sanna = data.sanna.parametrar()
    koef = pl.DataFrame({"parameter": list(sanna), "koefficient": list(sanna.values())})
    with atomisk_katalog(ut) as tmp:
        for namn, df in (("historiska", data.historiska), ("aktuella", data.aktuella)):
            df.write_parquet(tmp / f"{PREFIX}{namn}.parquet")
            skriv_csv(df, tmp / f"{PREFIX}{namn}.csv")
        skriv_csv(koef, tmp / f"{PREFIX}sanna_koefficienter.csv")
        skriv_manifest(
            tmp,
            kommando="index syntetisk-elevdata",
            argument={"seed": seed, "skala": skala, "antal_kommuner": antal_kommuner},
            indatahashar={},
            parameterhashar={},
            extra={
                "nation": nation.namn,
                "faktorer": {f: list(n) for f, n in FAKTORER.items()},
                "syntetisk": True,
            },
        )
    konsol.print(
        f"Syntetiska elevdata för {nation.namn}: {heltal(data.historiska.height)} historiska "
        f"avgångselever och {heltal(data.aktuella.height)} elever i F–9 i "
        f"{heltal(data.aktuella['skolenhetskod'].n_unique())} skolenheter. Skrivet till {ut}"
    )


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandogruppen ``index`` i ``app``."""
    index_app = typer.Typer(
        help=(
            "Socioekonomiskt index: skatta riskmodellen och beräkna index per skolenhet. "
            "Utan underkommando krävs --elevdata, --aktuella, --modell och --ut."
        ),
        add_completion=False,
        subcommand_metavar="[UNDERKOMMANDO]",
    )

    @index_app.callback(invoke_without_command=True)
    def index(
        ctx: typer.Context,
        elevdata: Annotated[
            Path | None,
            typer.Option(
                help="(Krävs.) Historiska avgångselever (parquet/CSV, fil eller katalog): en "
                "rad per elev med modellens utfall och faktorer (och kohort)."
            ),
        ] = None,
        aktuella: Annotated[
            Path | None,
            typer.Option(
                help="(Krävs.) Årets elever i F–9 (parquet/CSV, fil eller katalog): "
                "skolenhetskod, kommunkod (utom med indexbas riket) och modellens faktorer."
            ),
        ] = None,
        modell: Annotated[Path | None, typer.Option(help="(Krävs.) Modellfil (YAML).")] = None,
        ut: Annotated[Path | None, typer.Option(help="(Krävs.) Katalog för resultatet.")] = None,
        vikter: Annotated[
            Path | None,
            typer.Option(help="Viktmodell (YAML) att jämföra med (vikter × andelar)."),
        ] = None,
        pott: Annotated[
            float | None, typer.Option(help="Potten i kronor som jämförelsen fördelar.")
        ] = None,
    ) -> None:
        """Skattar modellen och skriver index.csv, koefficienter, kalibrering och modellrapport."""
        if ctx.invoked_subcommand is not None:
            return
        saknas = [
            f"--{n}"
            for n, v in (
                ("elevdata", elevdata),
                ("aktuella", aktuella),
                ("modell", modell),
                ("ut", ut),
            )
            if v is None
        ]
        if saknas:
            felkonsol.print(
                f"Ange {', '.join(saknas)} (eller underkommandot syntetisk-elevdata).",
                markup=False,
            )
            raise typer.Exit(code=2)
        med_felhantering(lambda: _kor(elevdata, aktuella, modell, ut, vikter, pott))  # type: ignore[arg-type]

    @index_app.command("syntetisk-elevdata")
    def syntetisk_elevdata(
        ut: Annotated[Path, typer.Option(help="Katalog för de syntetiska filerna.")],
        seed: Annotated[int, typer.Option(help="Slumpfrö.")] = 1,
        skala: Annotated[
            float, typer.Option(help="Den syntetiska nationens skala (elever och enheter).")
        ] = 1.0,
        antal_kommuner: Annotated[
            int, typer.Option(help="Antal kommuner i den syntetiska nationen (290 = Sverige).")
        ] = 20,
    ) -> None:
        """Skriver påhittade elevdata (historiska och årets elever) med kända koefficienter
        för skolenheterna i den syntetiska nationen."""
        med_felhantering(lambda: _syntetisk(ut, seed, skala, antal_kommuner))

    app.add_typer(index_app, name="index")
