"""Lint: varje CLI-kommando är dokumenterat i README.md (DESIGN.md, vana 4)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from skolpeng.cli import app

README = Path(__file__).parents[2] / "README.md"


def test_varje_kommando_finns_i_readme():
    text = README.read_text(encoding="utf-8")
    kommandon = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert "norm" in kommandon
    saknas = [k for k in kommandon if f"skolpeng {k}" not in text]
    assert not saknas, f"kommandon som saknas i README.md: {saknas}"


def test_readme_har_de_tva_kommandona_och_svensk_sammanfattning():
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
    assert "## Sammanfattning på svenska" in text
    assert "kunskapsbidraget_i_normen.yaml" in text


def test_readme_namner_varje_utfil_for_norm_och_simulera():
    """README:s avsnitt om ``skolpeng norm`` och ``skolpeng simulera`` nämner varje fil som
    kommandona skriver (simulering.pdf saknades en gång)."""
    from skolpeng.cli.norm import UTFILER as NORM_UTFILER
    from skolpeng.cli.simulera import UTFILER as SIMULERA_UTFILER

    text = README.read_text(encoding="utf-8")
    norm = text.split("## Computing the norm", 1)[1].split("\n## ", 1)[0]
    simulera = text.split("## Simulating the norm against today", 1)[1].split("\n## ", 1)[0]
    assert [f for f in NORM_UTFILER if f"`{f}`" not in norm] == []
    assert [f for f in SIMULERA_UTFILER if f"`{f}`" not in simulera] == []
