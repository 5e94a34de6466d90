"""Kommandoradens hjälp: svensk rakt igenom och utan de tunga biblioteken.
``skolpeng --help`` bygger programmet med alla kommandon; det får inte ladda polars,
statsmodels, scipy, altair eller webbens bibliotek (de laddas i kommandots funktion). Tiden mäts
i ``benchmarks/cli/`` (en tidsgräns i ett test vore beroende av maskinen)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from skolpeng.cli import KOMMANDON, bygg_app

ENGELSKA = ("Show this message", "Usage:", "Options", "Commands", "Arguments", "[default:")
TUNGA = ("polars", "numpy", "statsmodels", "scipy", "altair", "fastapi", "sqlalchemy", "weasyprint")


@pytest.mark.parametrize("kommando", [None, *KOMMANDON])
def test_hjalpen_ar_svensk(kommando: str | None) -> None:
    args = ["--help"] if kommando is None else [kommando, "--help"]
    ut = CliRunner().invoke(bygg_app(), args)
    assert ut.exit_code == 0, ut.output
    text = " ".join(ut.output.replace("│", " ").split())  # rich bryter raderna i rutor
    assert "Visa den här hjälpen och avsluta." in text
    assert "Användning: skolpeng" in text
    assert [e for e in ENGELSKA if e in text] == []


def test_hjalpen_laddar_inga_tunga_bibliotek() -> None:
    kod = (
        "import sys\n"
        "from skolpeng.cli import bygg_app\n"
        "bygg_app()\n"
        f"print(sorted(m for m in {TUNGA!r} if m in sys.modules))\n"
    )
    ut = subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, check=True)
    assert ut.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "vantat"),
    [
        (["fordela"], "Flaggan '--modell' saknas."),
        (["norm", "--ar", "x", "--data", "sverige", "--ut", "ut"], "ett heltal väntades"),
        (["nrom"], "Okänt kommando 'nrom'. Menade du 'norm'?"),
        (["fordela", "--modell", "m", "--data", "d", "--ut", "u", "--okand"], "Okänd flagga"),
    ],
)
def test_fel_i_argumenten_pa_svenska(args: list[str], vantat: str) -> None:
    ut = CliRunner().invoke(bygg_app(), args)
    assert ut.exit_code == 2
    text = " ".join(ut.output.replace("│", " ").split())
    assert vantat in text
    assert "Fel" in text and "Error" not in text
