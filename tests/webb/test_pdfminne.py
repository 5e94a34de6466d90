"""Beslutens PDF:er om bidrag skapas en gång per (beslut, huvudman) och process;
behörigheten prövas fortfarande före uppslaget (``test_beslut``)."""

from __future__ import annotations

from skolpeng.web.pdfminne import minnesvard_bidrags_pdf

A, B = "a" * 64, "b" * 64  # två beslutens innehållshashar


def test_samma_beslut_och_huvudman_skapas_en_gang() -> None:
    anrop: list[tuple[str, str]] = []

    def skapa(b: str, h: str):  # type: ignore[no-untyped-def]
        def f() -> bytes:
            anrop.append((b, h))
            return f"%PDF {b} {h}".encode()

        return f

    a1 = minnesvard_bidrags_pdf(A, "h1", skapa(A, "h1"))
    a2 = minnesvard_bidrags_pdf(A, "h1", skapa(A, "h1"))
    b = minnesvard_bidrags_pdf(A, "h2", skapa(A, "h2"))
    c = minnesvard_bidrags_pdf(B, "h1", skapa(B, "h1"))
    assert a1 == a2 == f"%PDF {A} h1".encode()
    assert b == f"%PDF {A} h2".encode() and c == f"%PDF {B} h1".encode()
    assert anrop == [(A, "h1"), (A, "h2"), (B, "h1")]
