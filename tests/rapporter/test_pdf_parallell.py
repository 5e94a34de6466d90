"""PDF:er ritade parallellt i en processpool: samma filer byte för byte som i
följd (alltså samma titel, metadata och innehåll som i dag), i samma ordning, och förloppet
anropat en gång per dokument."""

from __future__ import annotations

from pathlib import Path

import pytest

from skolpeng.rapporter.pdf import html_till_pdf, pdf_saknas
from skolpeng.rapporter.pdf_parallell import MINST_PARALLELLT, html_till_pdf_parallellt

pytestmark = pytest.mark.skipif(pdf_saknas() is not None, reason="WeasyPrint saknas")


def _sida(nr: int) -> str:
    rader = "".join(f"<tr><th scope='row'>Rad {i}</th><td>{i * nr} kr</td></tr>" for i in range(40))
    return (f"<!doctype html><html lang='sv'><head><meta charset='utf-8'><title>Dokument {nr}"
            f"</title></head><body><h1>Dokument {nr}</h1><table>{rader}</table></body></html>")  # fmt: skip


def test_parallellt_ger_samma_pdf_som_i_foljd(tmp_path: Path) -> None:
    antal = MINST_PARALLELLT + 2
    foljd = [html_till_pdf(_sida(n), tmp_path / f"f{n}.pdf") for n in range(antal)]
    steg: list[int] = []
    parallellt = html_till_pdf_parallellt(
        [(_sida(n), tmp_path / f"p{n}.pdf") for n in range(antal)],
        framsteg=lambda: steg.append(1),
        processer=2,
    )
    assert parallellt == [tmp_path / f"p{n}.pdf" for n in range(antal)]
    assert len(steg) == antal
    for f, p in zip(foljd, parallellt, strict=True):
        assert f.read_bytes() == p.read_bytes()


def test_fa_dokument_ritas_i_foljd_utan_pool(tmp_path: Path) -> None:
    steg: list[int] = []
    ut = html_till_pdf_parallellt(
        [(_sida(1), tmp_path / "a.pdf")], lambda: steg.append(1), processer=2
    )
    assert ut == [tmp_path / "a.pdf"] and ut[0].stat().st_size > 0 and steg == [1]
