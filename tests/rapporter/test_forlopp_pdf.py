"""Förloppet när redovisningar och beslut skrivs som PDF: ``framsteg`` anropas en gång per
dokument (det är vad CLI:ns förloppsindikator räknar)."""

from __future__ import annotations

from pathlib import Path

import pytest

from skolpeng.rapporter.pdf import pdf_saknas


@pytest.mark.skipif(pdf_saknas() is not None, reason="WeasyPrint/Pango saknas på maskinen")
def test_framsteg_en_gang_per_pdf(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from skolpeng.cli import app
    from tests.data.hjalp import skriv_minimalt_underlag

    data = skriv_minimalt_underlag(tmp_path / "data")
    modell = tmp_path / "modell.yaml"
    modell.write_text(
        "namn: test\nkommunkod: '0114'\nar: 2026\nram_kr: 10000000\n"
        "potter:\n  - namn: bas\n    belopp: {andel_av_ram: 1.0}\n    nyckel: {typ: elever}\n",
        encoding="utf-8",
    )
    ut = tmp_path / "ut"
    r = CliRunner().invoke(
        app, ["fordela", "--modell", str(modell), "--data", str(data), "--ut", str(ut)]
    )
    assert r.exit_code == 0, r.output
    redovisningar = list((ut / "redovisning").glob("*.pdf"))
    beslut = list((ut / "beslut").glob("*.pdf")) if (ut / "beslut").exists() else []
    html = [p for p in (ut / "redovisning").glob("*.html") if p.name != "index.html"]
    assert len(redovisningar) == len(html) > 0
    assert all(p.read_bytes().startswith(b"%PDF") for p in redovisningar + beslut)


def test_framsteg_anropas_per_redovisning(tmp_path: Path) -> None:
    import skolpeng.data as data
    from skolpeng.fordelning import forbered_underlag, fordela, las_modell
    from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
    from skolpeng.rapporter.redovisning import filer as redovisning_filer
    from tests.data.hjalp import skriv_minimalt_underlag

    u = data.las_underlag(skriv_minimalt_underlag(tmp_path / "data"))
    fil = tmp_path / "m.yaml"
    fil.write_text(
        "namn: t\nkommunkod: '0114'\nar: 2026\nram_kr: 1000000\n"
        "potter:\n  - namn: bas\n    belopp: {andel_av_ram: 1.0}\n    nyckel: {typ: elever}\n",
        encoding="utf-8",
    )
    m = las_modell(fil)
    f = fordela(m, forbered_underlag(m, u))
    anrop: list[int] = []
    red = redovisning(f)
    filer = redovisning_filer.skriv_redovisning(
        red, tmp_path / "ut", f.potter, pdf=pdf_saknas() is None, framsteg=lambda: anrop.append(1)
    )
    assert len(anrop) == len(filer.pdf)
    if pdf_saknas() is None:
        assert len(anrop) == len(red) > 0
