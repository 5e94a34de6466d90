"""Kommandot ``skolpeng serve``: startar webbapplikationen (uvicorn) på en databas.

In: ``--databas`` (URL; standard SQLite i ``skolpeng-webb/skolpeng.db`` i arbetskatalogen,
eller miljövariabeln ``SKOLPENG_DATABAS``; PostgreSQL: ``postgresql://användare@värd/db``),
``--vard``, ``--port`` och ``--saker-kaka`` (Secure på kakan bakom TLS). Vid start migreras
databasen och det medföljande datasetet ``sverige`` importeras om databasen saknar dataset.
Skapa den första administratören med ``skolpeng anvandare skapa``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from skolpeng.cli.gemensamt import konsol, med_felhantering

STANDARD_KATALOG = Path("skolpeng-webb")

DatabasOption = Annotated[
    str | None,
    typer.Option(
        "--databas",
        envvar="SKOLPENG_DATABAS",
        help="Databasens URL (standard: SQLite i skolpeng-webb/skolpeng.db; "
        "PostgreSQL: postgresql://användare:lösenord@värd/databas).",
    ),
]


def databas_url(databas: str | None) -> str:
    """Den angivna URL:en, annars SQLite i ``skolpeng-webb/``."""
    from skolpeng.web.installningar import standard_databas

    return databas or standard_databas(STANDARD_KATALOG)


def registrera(app: typer.Typer) -> None:
    """Lägger till kommandot ``serve``."""

    @app.command("serve")
    def serve(
        databas: DatabasOption = None,
        vard: Annotated[str, typer.Option("--vard", help="Adressen att lyssna på.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="Porten.")] = 8000,
        saker_kaka: Annotated[
            bool, typer.Option("--saker-kaka", help="Sätt Secure på kakorna (bakom TLS).")
        ] = False,
        arbetare: Annotated[
            int,
            typer.Option(
                "--arbetare",
                min=1,
                help="Antal serverprocesser (en per processorkärna ger fler samtidiga "
                "beräkningar; varje process har sitt eget minne av underlag och normer).",
            ),
        ] = 1,
        proxy: Annotated[
            str | None,
            typer.Option(
                "--proxy",
                help="Adressen till den omvända proxy som servern står bakom (t.ex. "
                "127.0.0.1; flera med komma). Bara från den litar servern på "
                "X-Forwarded-For; utan --proxy används alltid anslutningens adress.",
            ),
        ] = None,
    ) -> None:
        """Starta webbapplikationen (utforska, besluta och förklara i webbläsaren)."""

        def kor() -> None:
            import os

            import uvicorn

            from skolpeng.web.app import skapa_app
            from skolpeng.web.installningar import Installningar

            url = databas_url(databas)
            with konsol.status("Förbereder databasen …"):
                app_ = skapa_app(
                    Installningar(
                        databas_url=url, saker_kaka=saker_kaka, forvarm_minnet=arbetare == 1
                    )
                )
            konsol.print(f"skolpeng körs på http://{vard}:{port}/ (databas: {_dold(url)})",
                         highlight=False, markup=False)  # fmt: skip
            # X-Forwarded-For bara från proxyn som administratören anger (uvicorn litar annars
            # på 127.0.0.1 som standard).
            proxyval = {"proxy_headers": proxy is not None, "forwarded_allow_ips": proxy or ""}
            if arbetare == 1:
                uvicorn.run(app_, host=vard, port=port, log_level="warning", access_log=False,
                            **proxyval)  # type: ignore[arg-type]  # fmt: skip
                return
            # Flera processer: databasen är redan migrerad och datasetet importerat ovan;
            # varje process bygger appen med samma inställningar ur miljön.
            os.environ["SKOLPENG_DATABAS"] = url
            os.environ["SKOLPENG_SAKER_KAKA"] = "1" if saker_kaka else ""
            uvicorn.run("skolpeng.web.app:asgi_app", factory=True, host=vard, port=port,
                        workers=arbetare, log_level="warning", access_log=False,
                        **proxyval)  # type: ignore[arg-type]  # fmt: skip

        med_felhantering(kor)


def _dold(url: str) -> str:
    """URL:en utan lösenord (för utskrift)."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
