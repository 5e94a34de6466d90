"""Reglerna för redovisningen av de riktade medlen: personnummer med
kontrollsiffra, svenska tal, standardkategorierna ur KPMG 2020 avsnitt 3.8.2, kontrollerna och
sammanställningen (summor och andelar räknade oberoende i testet; hypothesis)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.talinlasning import las_svenskt_tal
from skolpeng.uppfoljning.anvandning import (
    Kategori,
    Rad,
    kontrollera_redovisning,
    riktat_per_enhet,
    sammanstall,
    standardkategorier,
)
from skolpeng.uppfoljning.personnummer import innehaller_personnummer, luhn_stammer


@pytest.mark.parametrize(
    "text",
    [
        "811218-9876",  # Skatteverkets exempel (kontrollsiffran 6 stämmer med Luhn)
        "eleven 19811218-9876 i klass 4",
        "8112189876",
        "198112189876",
        "811218+9876",
        "701063-2391",  # samordningsnummer (dag 63 = 3 + 60)
        "19701063-2391",
    ],
)
def test_personnummer_hittas(text: str) -> None:
    assert innehaller_personnummer(text)


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # fel kontrollsiffra
        "811318-9876",  # månad 13
        "811200-9876",  # dag 0
        "Vi anställde 2 lärare för 12 500 kr och 1 234,5 kr",
        "0701234567",  # telefonnummer: dag 34 finns inte
        "11981121898761",  # ingår i en längre sifferföljd
        "",
    ],
)
def test_inte_personnummer(text: str) -> None:
    assert not innehaller_personnummer(text)


def test_luhn_som_skatteverket() -> None:
    # 8 1 1 2 1 8 9 8 7 6 med vikterna 2 1 2 1 …: 7+1+2+2+2+8+9+8+5+6 = 50
    assert luhn_stammer("8112189876")
    assert not luhn_stammer("8112189877")


@pytest.mark.parametrize(
    ("text", "varde"),
    [("12 500", 12500.0), ("1 234,5", 1234.5), ("12\u00a0500", 12500.0), ("0,8", 0.8),
     ("1234,5", 1234.5), ("", None), ("  ", None), ("\u22123", -3.0)],
)  # fmt: skip
def test_svenska_tal(text: str, varde: float | None) -> None:
    assert las_svenskt_tal(text) == varde


@pytest.mark.parametrize("text", ["tolv", "1,2,3", "12 34", "1e400", "811218-9876"])
def test_inte_tal_och_upprepar_inte_texten(text: str) -> None:
    with pytest.raises(ValueError) as fel:
        las_svenskt_tal(text)
    assert text not in str(fel.value)


def test_standardlistan_ar_kpmgs_sju_och_annat() -> None:
    """KPMG 2020 avsnitt 3.8.2: de sju kategorierna i Huddinges uppföljningsrapport."""
    lista = standardkategorier()
    assert [k.namn for k in lista[:7]] == [
        "Ledning och administration", "Ordinarie klassverksamhet", "Mindre sammanhang",
        "Enskilda elever", "Specifik kompetens", "Fritids-/rastverksamhet",
        "Kompetensutveckling",
    ]  # fmt: skip
    assert all(k.forvantad for k in lista[:7])
    assert lista[7] == Kategori("Annat", False)


def test_kontrollerna() -> None:
    namn = [k.namn for k in standardkategorier()]
    rader = [Rad("Annat", 600.0, None), Rad("Mindre sammanhang", 500.0, None)]
    assert kontrollera_redovisning(rader, namn, 1000, "", inskickning=False) == []
    fel = kontrollera_redovisning(rader, namn, 1000, "", inskickning=True)
    assert [a.falt for a in fel] == ["forklaring"]
    assert kontrollera_redovisning(rader, namn, 1000, "Sparade medel", inskickning=True) == []
    assert kontrollera_redovisning(rader, namn, 1100, "", inskickning=True) == []
    fel = kontrollera_redovisning([Rad("Okänd", -1.0, -2.0, "811218-9876")], namn, 10, "", True)
    assert [a.falt for a in fel] == [
        "rad-1-kategori", "rad-1-belopp_kr", "rad-1-arsarbetare", "rad-1-text"]  # fmt: skip
    assert all("9876" not in a.meddelande for a in fel)
    fel = kontrollera_redovisning([Rad("Annat", None, None, "bara text")], namn, 10, "", True)
    assert [a.falt for a in fel] == ["rad-1-belopp_kr"]


def test_riktat_per_enhet_bara_riktade_potter() -> None:
    fordelning = pl.DataFrame({
        "skolenhetskod": ["1", "1", "1", "2"],
        "pott": ["grund", "socio", "socio", "socio"],
        "belopp_kr_avrundat": ["100", "7", "3", "5"],
    })  # fmt: skip
    klass = pl.DataFrame({"pott": ["grund", "socio"], "riktad": [0, 1]})
    ut = riktat_per_enhet(fordelning, klass)
    assert ut.to_dicts() == [
        {"skolenhetskod": "1", "pott": "socio", "belopp_kr": 10},
        {"skolenhetskod": "2", "pott": "socio", "belopp_kr": 5},
    ]


KATEGORIER = [Kategori("A", True), Kategori("B", True), Kategori("C", False)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["e1", "e2", "e3", "e4"]),
            st.sampled_from(["A", "B", "C"]),
            st.one_of(st.none(), st.integers(0, 10**7)),
            st.one_of(st.none(), st.floats(0, 50, allow_nan=False)),
        ),  # fmt: skip
        max_size=12,
        unique_by=lambda t: (t[0], t[1]),
    ),
    st.dictionaries(st.sampled_from(["e1", "e2", "e3"]), st.integers(1, 10**7), min_size=1),
)
def test_sammanstallningen_summerar(rader: list[tuple], riktat: dict[str, int]) -> None:
    """Per kategori summerar till de redovisade beloppen hos enheterna med riktade medel, och
    andelen är beloppet delat med deras riktade medel (e4 finns inte i beslutet)."""
    ram = pl.DataFrame(rader, schema={"skolenhetskod": pl.String, "kategori": pl.String,
                                      "belopp_kr": pl.Float64, "arsarbetare": pl.Float64},
                       orient="row")  # fmt: skip
    rikt = pl.DataFrame({"skolenhetskod": list(riktat), "riktat_kr": list(riktat.values())})
    s = sammanstall(ram, rikt, KATEGORIER)
    med = [r for r in rader if r[0] in riktat]
    redovisande = {r[0] for r in med}
    namnare = sum(riktat[e] for e in redovisande)
    assert s.riktat_kr == namnare
    assert s.per_kategori["kategori"].to_list() == ["A", "B", "C"]
    for k in s.per_kategori.iter_rows(named=True):
        belopp = sum(r[2] or 0 for r in med if r[1] == k["kategori"])
        assert k["belopp_kr"] == pytest.approx(belopp)
        if namnare:
            assert k["andel_av_riktat"] == pytest.approx(belopp / namnare)
    assert s.per_kategori["belopp_kr"].sum() == pytest.approx(sum(r[2] or 0 for r in med))
    for e in s.per_enhet.iter_rows(named=True):
        utanfor = sum(r[2] or 0 for r in med if r[0] == e["skolenhetskod"] and r[1] == "C")
        assert e["andel_utanfor"] == pytest.approx(utanfor / riktat[e["skolenhetskod"]])
        assert e["mest_utanfor"] == (utanfor / riktat[e["skolenhetskod"]] > 0.5)
