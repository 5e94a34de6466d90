"""``skolpeng.minne.Minne``: räknar bara det som saknas och glömmer det äldst använda."""

from __future__ import annotations

from skolpeng.minne import Minne


def test_raknar_en_gang_och_glommer_det_aldst_anvanda() -> None:
    anrop: list[str] = []

    def berakna(nyckel: str) -> str:
        anrop.append(nyckel)
        return nyckel.upper()

    m: Minne[str] = Minne(2)
    assert m.hamta("a", lambda: berakna("a")) == "A"
    assert m.hamta("b", lambda: berakna("b")) == "B"
    assert m.hamta("a", lambda: berakna("a")) == "A"  # ur minnet; a blir senast använd
    assert m.hamta("c", lambda: berakna("c")) == "C"  # b glöms
    assert m.hamta("a", lambda: berakna("a")) == "A"
    assert m.hamta("b", lambda: berakna("b")) == "B"
    assert anrop == ["a", "b", "c", "b"]
