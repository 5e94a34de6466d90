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
