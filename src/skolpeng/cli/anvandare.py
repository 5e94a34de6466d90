"""Kommandot ``skolpeng anvandare``: skapa och lista användare i webbapplikationens databas.

``skolpeng anvandare skapa --anvandarnamn NAMN --roll administrator`` skapar den första
administratören; lösenordet frågas efter (dolt, två gånger) eller tas ur miljövariabeln
``SKOLPENG_LOSENORD``. Roller: administrator, handlaggare (med ``--kommun``), rektor (med
``--kommun`` och ``--skolenhet``, flera gånger), huvudman (med ``--huvudman``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from skolpeng.cli.gemensamt import konsol, med_felhantering
from skolpeng.cli.serve import DatabasOption, databas_url


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandogruppen ``anvandare`` (skapa, lista)."""
    grupp = typer.Typer(help="Användare i webbapplikationen.", no_args_is_help=True)

    @grupp.command("skapa")
    def skapa(
        anvandarnamn: Annotated[str, typer.Option("--anvandarnamn", help="Inloggningsnamnet.")],
        roll: Annotated[
            str,
            typer.Option("--roll", help="administrator, handlaggare, rektor eller huvudman."),
        ],
        losenord: Annotated[
            str,
            typer.Option(
                "--losenord",
                envvar="SKOLPENG_LOSENORD",
                prompt="Lösenord",
                hide_input=True,
                confirmation_prompt="Upprepa lösenordet",
                help="Frågas efter om det inte anges (minst 12 tecken).",
            ),
        ],
        namn: Annotated[str, typer.Option("--namn", help="Namnet som visas.")] = "",
        kommun: Annotated[
            str | None, typer.Option("--kommun", help="Kommunkod (handläggare, rektor).")
        ] = None,
        skolenhet: Annotated[
            list[str] | None,
            typer.Option("--skolenhet", help="Rektorns skolenhetskoder (flera gånger)."),
        ] = None,
        huvudman: Annotated[
            str | None,
            typer.Option("--huvudman", help="Den enskilda huvudmannens organisationsnummer."),
        ] = None,
        databas: DatabasOption = None,
    ) -> None:
        """Skapa en användare (den första bör vara en administratör)."""

        def kor() -> None:
            from skolpeng.api import logga, migrera, sessionsfabrik, skapa_anvandare, skapa_motor

            motor = skapa_motor(databas_url(databas))
            migrera(motor)
            with sessionsfabrik(motor)() as db:
                anv = skapa_anvandare(db, anvandarnamn, namn, losenord, roll, kommun,
                                      list(skolenhet or []), huvudman)  # fmt: skip
                logga(db, "kommandoraden", "skapade användare", anv.anvandarnamn, roll,
                      anv.kommunkod)  # fmt: skip
                db.commit()
            konsol.print(f"Användaren {anvandarnamn} ({roll}) är skapad.", highlight=False,
                         markup=False)  # fmt: skip

        med_felhantering(kor)

    @grupp.command("lista")
    def lista(databas: DatabasOption = None) -> None:
        """Lista användarna (namn, roll, kommun)."""

        def kor() -> None:
            from rich.table import Table
            from sqlalchemy import select

            from skolpeng.api import ROLLNAMN, Anvandare, migrera, sessionsfabrik, skapa_motor

            motor = skapa_motor(databas_url(databas))
            migrera(motor)
            tabell = Table("Användarnamn", "Roll", "Kommun", "Namn", "Aktiv")
            with sessionsfabrik(motor)() as db:
                for a in db.scalars(select(Anvandare).order_by(Anvandare.anvandarnamn)):
                    tabell.add_row(a.anvandarnamn, ROLLNAMN[a.roll], a.kommunkod or "", a.namn,
                                   "ja" if a.aktiv else "nej")  # fmt: skip
            konsol.print(tabell)

        med_felhantering(kor)

    app.add_typer(grupp, name="anvandare")
