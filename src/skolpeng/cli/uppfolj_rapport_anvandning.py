"""Rektorernas redovisningar av de riktade medlen i ``skolpeng uppfoljning rapport``:
``--anvandning FIL`` (CSV/XLSX som ``uppfoljning anvandning --fil``, prövad mot de riktade
medlen per enhet och år i ``--fordelning``) och/eller ``--ar N`` (med ``--databas``: de
inskickade redovisningarna i webbens databas för året, samma tal som handläggarens översikt).

In: kommunens uppföljning (för de riktade medlen ur fördelningen), argumenten. Ut: rapportdelarna
och tabellerna som skrivs som CSV bredvid rapporten. Fel: ``IndataFel`` med alla problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skolpeng.api import IndataFel, Problem


def kontrollera_argument(anvandning: Path | None, ar: int | None) -> list[Problem]:
    """Flaggorna före all läsning (``--databas`` används bara med ``--ar``)."""
    problem = []
    if anvandning is not None and not anvandning.is_file():
        problem.append(Problem("--anvandning", f"filen {anvandning} finns inte"))
    if ar is not None and not 1990 <= ar <= 2100:
        problem.append(Problem("--ar", f"året {ar} är inte ett rimligt budgetår"))
    return problem


def anvandningsdelar(
    k: Any, kommun: str, anvandning: Path | None, databas_url: str, ar: int | None
) -> tuple[list[Any], dict[str, Any]]:
    """Delarna ur filen och/eller databasen (alla problem från båda på en gång)."""
    delar: list[Any] = []
    tabeller: dict[str, Any] = {}
    problem: list[Problem] = []
    if anvandning is not None:
        try:
            del_, tabeller = fran_fil(k, anvandning)
            delar.append(del_)
        except IndataFel as fel:
            problem += fel.problem
    if ar is not None:
        try:
            delar.append(fran_databas(kommun, databas_url, ar))
        except IndataFel as fel:
            problem += fel.problem
    if problem:
        raise IndataFel(problem)
    return delar, tabeller


def fran_fil(k: Any, fil: Path) -> tuple[Any, dict[str, Any]]:
    """Filens redovisningar mot fördelningens riktade medel -> (rapportdel, tabeller)."""
    from skolpeng.api import anvandningsdel_ur_tabeller
    from skolpeng.cli.uppfolj_anvandning import anvandningstabeller

    if k.ekonomi is None:
        raise IndataFel([Problem("--anvandning", "kräver --fordelning: redovisningarna prövas "
                                 "mot de riktade medlen per skolenhet och år i fördelningen")])  # fmt: skip
    tabeller = anvandningstabeller(k.ekonomi.riktade.per_enhet, fil, "--fordelning")
    del_ = anvandningsdel_ur_tabeller(
        tabeller["riktade_medel_anvandning_kategorier"],
        tabeller["riktade_medel_anvandning_enheter"],
    )
    if del_ is None:
        raise IndataFel([Problem(fil.name, "filen har inga redovisningsrader")])
    return del_, tabeller


def fran_databas(kommun: str, databas_url: str, ar: int) -> Any:
    """De inskickade redovisningarna för kommunen och året i databasen -> rapportdel."""
    from skolpeng.api import (
        anvandning_avsnitt,
        anvandningsdel_ur_avsnitt,
        oversikt,
        sessionsfabrik,
        skapa_motor,
    )

    if databas_url.startswith("sqlite:///") and not Path(databas_url[10:]).is_file():
        raise IndataFel([Problem("--databas", "databasen finns inte")])
    motor = skapa_motor(databas_url)
    with sessionsfabrik(motor)() as db:
        o = oversikt(db, kommun, ar)
    if not (o.enheter.height and (o.enheter["status"] == "inskickad").any()):
        raise IndataFel([Problem("--ar", f"databasen har inga inskickade redovisningar för "
                                 f"kommun {kommun} år {ar}")])  # fmt: skip
    return anvandningsdel_ur_avsnitt(anvandning_avsnitt(o.sammanstallning, o.enheter, ar))
