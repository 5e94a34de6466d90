"""``skolpeng uppfoljning anvandning --fil FIL --kommun KOD``: rektorernas redovisningar av de
riktade medlens användning ur en fil (CSV/XLSX; kolumnerna i ``uppfoljning.anvandning_fil``)
in i webbapplikationens databas (``--databas``, samma som ``skolpeng serve``).

Varje skolenhet och år i filen blir en ny inskickad version (källa: fil) med de riktade
medlen ur kommunens fastställda beslut för året, precis som när rektorn skickar in i webben;
handläggarens översikt, Excelexporten och avsnittet i den årliga uppföljningen läser dem
därifrån. Allt prövas först; vid minsta fel skrivs ingenting (exitkod 2, alla problem med fil,
rad och kolumn). Allt sparas i en transaktion med en rad per redovisning i granskningsloggen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from skolpeng.api import IndataFel, Problem
from skolpeng.cli.gemensamt import konsol, med_felhantering
from skolpeng.cli.serve import DatabasOption, databas_url

#: ``uppfoljning riktade-medel --anvandning FIL``.
AnvandningFil = Annotated[
    Path | None,
    typer.Option(
        "--anvandning",
        help="Rektorernas redovisningar (CSV/XLSX som uppfoljning anvandning --fil; valfritt).",
    ),
]


def importera(fil: Path, kommun: str, databas_url: str, anvandare: str) -> int:
    """Läser, prövar och sparar filen. Ut: antalet sparade redovisningar. ``IndataFel`` med
    alla problem (inget sparat)."""
    from skolpeng.api import (
        kontrollera_anvandningsfil,
        las_anvandningsfil,
        migrera,
        riktat_underlag,
        sessionsfabrik,
        skapa_motor,
    )
    from skolpeng.api import lagring_anvandning as la

    if not (len(kommun) == 4 and kommun.isdigit()):
        raise IndataFel([Problem("--kommun", "kommunkoden ska vara fyra siffror")])
    if databas_url.startswith("sqlite:///") and not Path(databas_url[10:]).is_file():
        raise IndataFel([Problem("--databas", "databasen finns inte (starta skolpeng serve "
                                 "en gång, eller ange --databas)")])  # fmt: skip
    rader, problem = las_anvandningsfil(fil)
    motor = skapa_motor(databas_url)
    migrera(motor)
    with sessionsfabrik(motor)() as db:
        underlag = {ar: riktat_underlag(db, kommun, ar) for ar in {r.ar for r in rader}}

        def riktat(kod: str, ar: int) -> int | None:
            u = underlag[ar]
            return None if u.enhet(kod) is None else u.for_enhet(kod)[0]

        kategorier = la.kategorier_for(db, kommun)
        grupper, fel = kontrollera_anvandningsfil(rader, fil.name, kategorier, riktat)
        problem += fel
        if not rader and not problem:
            problem.append(Problem(fil.name, "filen har inga redovisningsrader"))
        if problem:
            raise IndataFel(sorted(problem, key=lambda p: (p.rad or 0, p.kolumn or "")))
        for (kod, ar), (redov, forklaring) in grupper.items():
            belopp, potter = underlag[ar].for_enhet(kod)
            la.importera_inskickad(db, kommunkod=kommun, kod=kod, ar=ar, rader=redov,
                                   forklaring=forklaring, riktat_kr=belopp, underlag=potter,
                                   anvandare=anvandare, filnamn=fil.name)  # fmt: skip
        db.commit()
    return len(grupper)


def registrera_anvandning(grupp: typer.Typer) -> None:
    """Lägger till ``anvandning`` i kommandogruppen ``uppfoljning``."""

    @grupp.command("anvandning")
    def anvandning_(
        fil: Annotated[
            Path, typer.Option("--fil", help="CSV- eller XLSX-fil med redovisningarna.")
        ],
        kommun: Annotated[str, typer.Option("--kommun", help="Kommunkoden (fyra siffror).")],
        databas: DatabasOption = None,
        anvandare: Annotated[
            str, typer.Option("--anvandare", help="Namnet i granskningsloggen.")
        ] = "kommandoraden",
    ) -> None:
        """Rektorernas redovisningar av de riktade medlen ur en fil in i webbens databas."""

        def kor() -> None:
            n = importera(fil, kommun, databas_url(databas), anvandare)
            konsol.print(f"Sparade {n} redovisningar för kommun {kommun} ur {fil.name} som "
                         "inskickade versioner.", highlight=False, markup=False)  # fmt: skip

        med_felhantering(kor)


def anvandningstabeller(
    riktade_per_enhet: object, fil: Path, flagga: str = "--belopp"
) -> dict[str, object]:
    """För ``uppfoljning riktade-medel --anvandning FIL`` (och ``uppfoljning rapport``): filen
    (samma kolumner som ``anvandning --fil``) prövas mot de riktade medlen per enhet och år i
    analysen (en enhet och ett år som inte finns där är ett fel; felet nämner ``flagga``) och
    standardlistans kategorier. Ut: tabellerna
    ``riktade_medel_anvandning_kategorier`` och ``riktade_medel_anvandning_enheter``.
    ``IndataFel`` med alla problem."""
    import polars as pl

    from skolpeng.api import (
        kontrollera_anvandningsfil,
        las_anvandningsfil,
        per_ar,
        standardkategorier,
    )

    assert isinstance(riktade_per_enhet, pl.DataFrame)
    rader, problem = las_anvandningsfil(fil)
    kategorier = standardkategorier()
    riktat = {(k, int(a)): float(v) for k, a, v in
              riktade_per_enhet.select("skolenhetskod", "ar", "riktat_kr").iter_rows()}  # fmt: skip
    grupper, fel = kontrollera_anvandningsfil(
        rader, fil.name, kategorier, lambda kod, ar: riktat.get((kod, ar)),
        "har inga riktade medel för {ar} i " + flagga,
    )  # fmt: skip
    problem += fel
    if problem:
        raise IndataFel(problem)
    ram = pl.DataFrame(
        [(kod, ar, r.kategori, r.belopp_kr, r.arsarbetare)
         for (kod, ar), (redov, _) in grupper.items() for r in redov],
        schema={"skolenhetskod": pl.String, "ar": pl.Int64, "kategori": pl.String,
                "belopp_kr": pl.Float64, "arsarbetare": pl.Float64},
        orient="row",
    )  # fmt: skip
    rikt = riktade_per_enhet.select("skolenhetskod", pl.col("ar").cast(pl.Int64), "riktat_kr")
    kat, enh = per_ar(ram, rikt, kategorier)
    return {"riktade_medel_anvandning_kategorier": kat, "riktade_medel_anvandning_enheter": enh}


def med_anvandningens_html(html: str, tabeller: dict[str, object]) -> str:
    """HTML-rapporten med avsnittet om användningen före sidans slut (oförändrad utan den)."""
    from skolpeng.api import analysens_html

    kat = tabeller.get("riktade_medel_anvandning_kategorier")
    enh = tabeller.get("riktade_medel_anvandning_enheter")
    if kat is None or enh is None:
        return html
    return html.replace("\n</main>", "\n" + analysens_html(kat, enh) + "\n</main>", 1)  # type: ignore[arg-type]
