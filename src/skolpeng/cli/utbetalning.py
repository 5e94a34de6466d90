"""Kommandot ``skolpeng utbetalning``: månadens (eller årets) utbetalningar av bidrag och
interkommunal ersättning, och fordringarna på andra hemkommuner.

In: ``--modell`` (modellfilen med ``utbetalning``-regeln), ``--data`` (datasetet, med
tabellen ``elever_hemkommun``), ``--manad ÅÅÅÅ-MM`` eller ``--ar N`` (hela året),
``--ut`` (utkatalog), valfritt ``--tidigare`` (en tidigare körnings utkatalog: dess månader
är utbetalda och frysta), ``--prislista`` (överenskommen interkommunal ersättning) och
``--villkorade-belopp``/``--faktiska-lokalkostnader`` som i ``skolpeng fordela``.
Ut: utkatalogen (``rapporter.utbetalning_utdata``) och en svensk sammanfattning.
Dålig indata: alla problem på svenska, exitkod 2, ingenting skrivet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from skolpeng.cli.gemensamt import konsol, med_felhantering

if TYPE_CHECKING:
    from skolpeng.api import Utbetalningsresultat


def _manader(
    manad: str | None, ar: int | None, modellens_ar: int, frysta: set[int]
) -> tuple[tuple[int, ...], list]:
    """Månaderna som körs och problemen med argumenten."""
    from skolpeng.api import Problem

    if (manad is None) == (ar is None):
        return (), [Problem("--manad/--ar", "ange antingen --manad ÅÅÅÅ-MM eller --ar ÅÅÅÅ")]
    if manad is not None:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", manad):
            return (), [Problem("--manad", f"'{manad}' är ingen månad; ange ÅÅÅÅ-MM")]
        if int(manad[:4]) != modellens_ar:
            return (), [
                Problem("--manad", f"månaden ligger inte i modellens budgetår {modellens_ar}")
            ]
        return (int(manad[5:]),), []
    if ar != modellens_ar:
        return (), [Problem("--ar", f"modellen gäller budgetåret {modellens_ar}, inte {ar}")]
    return tuple(m for m in range(1, 13) if m not in frysta), []


def kor_utbetalning(
    modell: Path,
    data: str,
    ut: Path,
    manad: str | None = None,
    ar: int | None = None,
    tidigare: Path | None = None,
    prislista: Path | None = None,
    villkorade_belopp: Path | None = None,
    faktiska_lokalkostnader: Path | None = None,
) -> Utbetalningsresultat:
    """Hela kommandot: läs och kontrollera allt, beräkna, skriv atomiskt. Ut: resultatet."""
    from skolpeng.api import (
        TABELLER,
        IndataFel,
        Problem,
        berakna_korning,
        berakna_utbetalningar,
        hitta_tabellfil,
        las_prislista,
        las_tabell_med_rader,
        las_tidigare,
        perioder_utanfor_aret,
        sha256_fil,
        skriv_utbetalning_utdata,
    )

    with konsol.status("Läser modell och underlag och beräknar fördelningen …"):
        korning = berakna_korning(
            Path(modell), data, None, None, villkorade_belopp, faktiska_lokalkostnader
        )
    m = korning.modell
    problem: list[Problem] = []
    tabell = korning.underlag.elever_hemkommun
    if tabell is None:
        problem.append(
            Problem(
                "elever_hemkommun.csv",
                "tabellen saknas i datasetet; utbetalningarna räknas per hemkommun och månad",
            )
        )
    elif korning.datakatalog is not None:
        fil, _ = hitta_tabellfil(korning.datakatalog, "elever_hemkommun")
        if fil is not None:
            last = las_tabell_med_rader(fil, TABELLER["elever_hemkommun"])
            problem += perioder_utanfor_aret(last.data, m.ar, fil.name)
    historik = None
    if tidigare is not None:
        try:
            historik = las_tidigare(Path(tidigare), m.kommunkod, m.ar)
        except IndataFel as fel:
            problem += fel.problem
    lista = None
    if prislista is not None:
        try:
            lista = las_prislista(Path(prislista))
        except IndataFel as fel:
            problem += fel.problem
    frysta = set() if historik is None else set(historik["manad"].to_list())
    manader, p = _manader(manad, ar, m.ar, frysta)
    problem += p
    if not problem and not manader:
        problem.append(Problem("--tidigare", "alla årets månader är redan utbetalda och frysta"))
    if problem:
        raise IndataFel(problem)
    assert tabell is not None
    with konsol.status("Beräknar utbetalningarna …"):
        resultat = berakna_utbetalningar(korning, tabell, manader, lista, historik)
    argument = {
        "modell": str(modell),
        "data": data,
        "manad": manad,
        "ar": ar,
        "ut": str(ut),
        "tidigare": None if tidigare is None else str(tidigare),
        "prislista": None if prislista is None else str(prislista),
    }
    hashar = {p.name: sha256_fil(p) for p in (modell, prislista) if p is not None}
    hashar |= dict(korning.underlag.filhashar)
    if tidigare is not None:
        for namn in ("utbetalningar.csv", "fordringar.csv"):
            hashar[f"tidigare/{namn}"] = sha256_fil(Path(tidigare) / namn)

    def skriv(text: str) -> None:
        konsol.print(text, highlight=False, markup=False, soft_wrap=True)

    filer = skriv_utbetalning_utdata(korning, resultat, Path(ut), argument, hashar, skriv)
    skriv(f"Skrev {len(filer)} filer till {ut}")
    return resultat


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``utbetalning`` i appen."""

    @app.command("utbetalning")
    def utbetalning(
        modell: Annotated[Path, typer.Option("--modell", help="Modellfilen (YAML eller TOML).")],
        data: Annotated[
            str,
            typer.Option("--data", help="Datasetkatalog med elever_hemkommun, eller sverige."),
        ],
        ut: Annotated[Path, typer.Option("--ut", help="Utkatalog (skrivs atomiskt).")],
        manad: Annotated[
            str | None, typer.Option("--manad", help="Månaden som betalas ut, ÅÅÅÅ-MM.")
        ] = None,
        ar: Annotated[
            int | None, typer.Option("--ar", help="Hela budgetåret (alla ej frysta månader).")
        ] = None,
        tidigare: Annotated[
            Path | None,
            typer.Option(
                "--tidigare",
                help="En tidigare körnings utkatalog: dess månader är utbetalda och frysta; "
                "rättelser blir korrigeringar i nästa utbetalning.",
            ),
        ] = None,
        prislista: Annotated[
            Path | None,
            typer.Option(
                "--prislista",
                help="Överenskommen interkommunal ersättning (CSV/XLSX: kommunkod, stadium, "
                "kr_per_elev).",
            ),
        ] = None,
        villkorade_belopp: Annotated[
            Path | None, typer.Option("--villkorade-belopp", help="Som i skolpeng fordela.")
        ] = None,
        faktiska_lokalkostnader: Annotated[
            Path | None, typer.Option("--faktiska-lokalkostnader", help="Som i skolpeng fordela.")
        ] = None,
    ) -> None:
        """Betala ut bidrag och interkommunal ersättning för en månad eller ett år, per
        hemkommun och elev som följer med från bytets månad."""
        med_felhantering(
            lambda: kor_utbetalning(
                modell,
                data,
                ut,
                manad,
                ar,
                tidigare,
                prislista,
                villkorade_belopp,
                faktiska_lokalkostnader,
            )
        )
