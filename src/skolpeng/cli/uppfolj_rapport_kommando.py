"""Kommandot ``skolpeng uppfoljning rapport`` (argumenten; arbetet i ``uppfolj_rapport``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from skolpeng.cli.gemensamt import med_felhantering
from skolpeng.cli.serve import DatabasOption
from skolpeng.cli.uppfolj_kataloger import varden


def _kor_rapport() -> Callable[..., object]:
    """``uppfolj_rapport.kor_rapport``, laddad först när kommandot körs (hjälpen ska vara snabb)."""
    from skolpeng.cli.uppfolj_rapport import kor_rapport

    return kor_rapport


def registrera_rapport(grupp: typer.Typer, utskrift: Callable[[str], None]) -> None:
    """Lägger till ``rapport`` i kommandogruppen ``uppfoljning``."""

    @grupp.command("rapport")
    def rapport(
        kommun: Annotated[str, typer.Option("--kommun", help="Kommunkoden (fyra siffror).")],
        ut: Annotated[Path, typer.Option("--ut", help="Utkatalog (skrivs atomiskt).")],
        fordelning: Annotated[
            list[str] | None,
            typer.Option(
                "--fordelning",
                help="Utdatakatalog från skolpeng fordela, en per budgetår (upprepa flaggan "
                "eller skilj med komma).",
            ),
        ] = None,
        resultat: Annotated[
            str,
            typer.Option(
                "--resultat",
                help="Resultatserien: det medföljande datasetet resultatserie eller en katalog "
                "med resultat.csv, bakgrund.csv och enheter.csv.",
            ),
        ] = "resultatserie",
        analys: Annotated[Path | None, typer.Option("--analys", help="Analysfil (YAML).")] = None,
        anvandning: Annotated[
            Path | None,
            typer.Option(
                "--anvandning",
                help="Rektorernas redovisningar av de riktade medlen (CSV/XLSX som "
                "uppfoljning anvandning --fil), prövade mot de riktade medlen i --fordelning.",
            ),
        ] = None,
        databas: DatabasOption = None,
        ar: Annotated[
            int | None,
            typer.Option(
                "--ar",
                help="Året vars inskickade redovisningar av de riktade medlen i webbens "
                "databas (--databas) tas med.",
            ),
        ] = None,
    ) -> None:
        """Kommunens årliga uppföljningsrapport för nämnden (HTML och PDF)."""
        med_felhantering(
            lambda: _kor_rapport()(
                kommun,
                ut,
                resultat,
                varden(fordelning),
                analys,
                utskrift=utskrift,
                anvandning=anvandning,
                databas=databas,
                ar=ar,
            )
        )
