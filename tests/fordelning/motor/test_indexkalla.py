"""Skolenheternas index i en fördelningsmodell (docs/regler/fordelning-och-bidrag.md#index): vikter × andelar (SKL 2014 tabell 1–2), given indexfil med
omskalning (SKL tabell 3), datasetets index, standardvärden för enheter utan index."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import polars as pl
import pytest

from skolpeng.data import Underlag, las_underlag
from skolpeng.fel import IndataFel
from skolpeng.fordelning import forbered_underlag, fordela
from tests.data.hjalp import skriv_minimalt_underlag
from tests.fordelning.berakning_hjalp import modell

A, B, C = "10000001", "10000002", "10000003"  # kommunal, enskild, enskild utan index (0114)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Underlag:
    return las_underlag(skriv_minimalt_underlag(tmp_path_factory.mktemp("minimal")))


def _med_elever(u: Underlag, antal: dict[str, int]) -> Underlag:
    """Samma dataset men med ``antal`` elever i åk 5 per skolenhet, fk_gr 2026/27."""
    el = pl.DataFrame(
        {
            "skolenhetskod": list(antal),
            "verksamhet": ["fk_gr"] * len(antal),
            "lasar": ["2026/27"] * len(antal),
            "arskurs": ["5"] * len(antal),
            "antal": list(antal.values()),
        }
    )
    return dataclasses.replace(u, elever=el)


def _index(fu) -> dict[str, float]:
    return dict(fu.index.select("skolenhetskod", "index").iter_rows())


POTT = [{"namn": "s", "belopp": {"summa_kr": 1_000_000}, "nyckel": {"typ": "index"}}]

# SKL 2014 tabell 1: vikter och andelar (skola A, skola B, kommunen).
SKL_VIKTER = {
    "forgymnasial": 3,
    "gymnasial": 2,
    "eftergymnasial": 1,
    "flickor": 1,
    "pojkar": 1.5,
    "ej_forsorjningsstod": 1,
    "forsorjningsstod": 3,
}
SKL_A = [0.15, 0.30, 0.55, 0.37, 0.63, 0.76, 0.24]
SKL_B = [0.00, 0.05, 0.95, 0.66, 0.34, 1.00, 0.00]
SKL_KOMMUN = [0.06, 0.29, 0.65, 0.49, 0.51, 0.92, 0.08]


def test_skl_tabell_1_2_vikter_ganger_andelar(minimal: Underlag, tmp_path: Path) -> None:
    """SKL tabell 1–2 med oavrundade poäng: A 4,395 / 3,825 = 1,149; B 3,22 / 3,825 = 0,842.
    Kommunens andelar är andelarna över alla dess elever: med A 100, B 100 och C 800 elever
    har C andelarna (1000·kommunen − 100·A − 100·B)/800, så kommunens poäng blir 3,825."""
    c = [
        (1000 * k - 100 * a - 100 * b) / 800
        for k, a, b in zip(SKL_KOMMUN, SKL_A, SKL_B, strict=True)
    ]
    rader = [",".join(["skolenhetskod", *SKL_VIKTER])]
    rader += [",".join([kod, *map(str, x)]) for kod, x in ((A, SKL_A), (B, SKL_B), (C, c))]
    (tmp_path / "andelar.csv").write_text("\n".join(rader) + "\n", encoding="utf-8")
    u = _med_elever(minimal, {A: 100, B: 100, C: 800})
    m = modell(POTT, index={"typ": "vikter", "fil": "andelar.csv", "vikter": SKL_VIKTER})
    fu = forbered_underlag(m, u, tmp_path)
    idx = _index(fu)
    assert idx[A] / 100 == pytest.approx(4.395 / 3.825) and round(idx[A] / 100, 3) == 1.149
    assert idx[B] / 100 == pytest.approx(3.22 / 3.825) and round(idx[B] / 100, 3) == 0.842
    assert idx[C] / 100 == pytest.approx(
        sum(w * x for w, x in zip(SKL_VIKTER.values(), c, strict=True)) / 3.825
    )
    f = fordela(m, fu)
    assert (
        f.rader.filter(pl.col("skolenhetskod") == A)["forklaring"]
        .item()
        .startswith("index 1,15 × ")
    )


def test_skl_tabell_3_given_indexfil_omskalad(minimal: Underlag, tmp_path: Path) -> None:
    """SKL tabell 3: risk 20 % och 6 % mot kommunens 12 % -> 1,67 och 0,50. Filen har
    riskerna (A 20, B 6, C 11 med 100, 100 och 200 elever: kommunens medel 12)."""
    (tmp_path / "risk.csv").write_text(
        f"skolenhetskod,index,risk_text\n{A},20,x\n{B},6,y\n{C},11,z\n", encoding="utf-8"
    )
    u = _med_elever(minimal, {A: 100, B: 100, C: 200})
    m = modell(POTT, index={"typ": "given", "fil": "risk.csv"})
    fu = forbered_underlag(m, u, tmp_path)
    idx = _index(fu)
    assert round(idx[A] / 100, 2) == 1.67 and idx[A] == pytest.approx(100 * 20 / 12)
    assert idx[B] / 100 == pytest.approx(0.50)
    assert not fu.index["index_standard"].any()
    f = fordela(m, fu)
    assert (
        f.rader.filter(pl.col("skolenhetskod") == A)["forklaring"]
        .item()
        .startswith("index 1,67 × ")
    )


def test_indexfil_pa_skalan_ett_utan_omskalning(minimal: Underlag, tmp_path: Path) -> None:
    (tmp_path / "ix.csv").write_text(f"skolenhetskod;index\n{A};1,2\n{B};0,8\n", encoding="utf-8")
    u = _med_elever(minimal, {A: 100, B: 100, C: 50})
    m = modell(
        POTT,
        index={
            "typ": "given",
            "fil": "ix.csv",
            "skala_om_till_kommunmedel": False,
            "standard_saknas": 90,
        },
    )
    fu = forbered_underlag(m, u, tmp_path)
    assert _index(fu) == pytest.approx({A: 120, B: 80, C: 90})
    assert any("tolkas som skalan medel 1" in t for t in fu.anteckningar)
    assert any(f"Skolenheten {C}" in t and "standardvärdet 90,0" in t for t in fu.anteckningar)


def test_datasetets_index_och_standardvarden(minimal: Underlag) -> None:
    """Datasetets index 2026: A 87,5, B 72,0; C saknar index (tests/data/hjalp.py)."""
    u = _med_elever(minimal, {A: 300, B: 100, C: 100})
    ej_omskalad = {"typ": "given", "skala_om_till_kommunmedel": False}
    fu = forbered_underlag(
        modell(POTT, index=ej_omskalad | {"standard_saknas": "medel_enskilda"}), u
    )
    assert _index(fu) == pytest.approx({A: 87.5, B: 72.0, C: 72.0})
    assert dict(fu.index.select("skolenhetskod", "index_standard").iter_rows()) == {
        A: False,
        B: False,
        C: True,
    }
    assert [t for t in fu.anteckningar if "saknar socioekonomiskt index" in t] == [
        f"Skolenheten {C} (Internationella skolan) saknar socioekonomiskt index; standardvärdet "
        "72,0 (elevviktat medel för kommunens enskilda enheter) används."
    ]
    fu = forbered_underlag(modell(POTT, index=ej_omskalad | {"standard_saknas": "medel_alla"}), u)
    assert _index(fu)[C] == pytest.approx((300 * 87.5 + 100 * 72) / 400)
    # omskalad till elevviktat medel 100 över enheterna med index; C får medlet 100
    fu = forbered_underlag(modell(POTT, index={"typ": "given", "standard_saknas": "medel_alla"}), u)
    idx = _index(fu)
    assert (300 * idx[A] + 100 * idx[B]) / 400 == pytest.approx(100)
    assert idx[A] / idx[B] == pytest.approx(87.5 / 72) and idx[C] == pytest.approx(100)


def test_indexfel_pa_svenska(minimal: Underlag, tmp_path: Path) -> None:
    with pytest.raises(IndataFel, match="inget index för år 2031"):
        forbered_underlag(modell(POTT, ar=2031), minimal)
    with pytest.raises(IndataFel, match="saknas.csv: filen finns inte"):
        forbered_underlag(
            modell(POTT, index={"typ": "given", "fil": "saknas.csv"}), minimal, tmp_path
        )
    (tmp_path / "a.csv").write_text(f"skolenhetskod,x\n{A},0.5\n{B},1.5\n", encoding="utf-8")
    m = modell(POTT, index={"typ": "vikter", "fil": "a.csv", "vikter": {"x": 1}})
    with pytest.raises(IndataFel) as fel:
        forbered_underlag(m, minimal, tmp_path)
    assert [(p.fil, p.rad, p.kolumn) for p in fel.value.problem] == [("a.csv", 3, "x")]
    assert "andelen ska vara mellan 0 och 1" in str(fel.value)


def test_indexrader_utanfor_modellen_antecknas(minimal: Underlag, tmp_path: Path) -> None:
    """Rader i indexet för skolenheter som inte ingår i modellen tas bort med en
    anteckning, inte tyst: ur en indexfil (okända koder) och ur datasetet (kommunens enheter
    utan elever i modellen)."""
    (tmp_path / "ix.csv").write_text(
        f"skolenhetskod,index\n{A},110\n{B},90\n99999999,150\n99999998,70\n", encoding="utf-8"
    )
    u = _med_elever(minimal, {A: 100, B: 100})
    fu = forbered_underlag(modell(POTT, index={"typ": "given", "fil": "ix.csv"}), u, tmp_path)
    noter = [t for t in fu.anteckningar if "inte ingår i modellen" in t]
    assert noter == [
        "Indexfilen ix.csv har 2 rader för skolenheter som inte ingår i modellen (inga elever "
        "i modellens verksamhet i kommunen); de används inte: 99999998, 99999999."
    ]
    assert set(_index(fu)) == {A, B}
    # datasetets index: B har index men inga elever i modellen
    fu = forbered_underlag(modell(POTT, index={"typ": "given"}), _med_elever(minimal, {A: 100}))
    assert [t for t in fu.anteckningar if "inte ingår i modellen" in t] == [
        "Socioekonomiskt index finns för 1 av kommunens skolenheter som inte ingår i modellen "
        f"(inga elever i modellens verksamhet); det används inte: {B}."
    ]
    # alla enheter med index ingår: ingen anteckning
    fu = forbered_underlag(modell(POTT, index={"typ": "given"}), _med_elever(minimal, {A: 1, B: 1}))
    assert not [t for t in fu.anteckningar if "inte ingår i modellen" in t]


def test_standardvarde_ges_efter_omskalningen_och_redovisningen_sager_det(
    minimal: Underlag,
) -> None:
    """docs/regler/fordelning-och-bidrag.md#beslut-standardindex: enheterna med index skalas om till elevviktat
    medel 100 först; standardvärdet 90 ges sedan på den skalan, så att C får exakt 90 och
    kommunens medel över alla enheter blir (300·A' + 100·B' + 100·90)/500 = 98, inte 100.
    Datasetets index 2026: A 87,5 och B 72,0 (tests/data/hjalp.py); räknat här för hand."""
    from skolpeng.fordelning.redovisning_och_forandring.redovisning import redovisning
    from skolpeng.rapporter.redovisning.html import redovisning_html

    u = _med_elever(minimal, {A: 300, B: 100, C: 100})
    m = modell(POTT, index={"typ": "given", "standard_saknas": 90})
    fu = forbered_underlag(m, u)
    idx = _index(fu)
    faktor = 100 / ((300 * 87.5 + 100 * 72.0) / 400)
    assert idx[A] == pytest.approx(87.5 * faktor, rel=1e-12)
    assert idx[B] == pytest.approx(72.0 * faktor, rel=1e-12)
    assert idx[C] == 90.0  # exakt det angivna värdet, inte 90 × en omskalningsfaktor
    medel_alla = (300 * idx[A] + 100 * idx[B] + 100 * idx[C]) / 500
    assert medel_alla == pytest.approx(98.0, rel=1e-12)
    # den andra ordningen (standardvärdet först, sedan omskalning) hade gett C ett annat värde
    annan_ordning = 90.0 * 100 / ((300 * 87.5 + 100 * 72.0 + 100 * 90.0) / 500)
    assert abs(annan_ordning - idx[C]) > 1
    text = [t for t in fu.anteckningar if f"Skolenheten {C}" in t]
    assert len(text) == 1
    assert "standardvärdet ges därefter på den skalan, så enheten får exakt 90,0" in text[0]
    assert "medel över alla enheter blir därför 98,0 i stället för 100" in text[0]
    # meningen står i enhetens redovisning (och i dess HTML), inte i de andra enheternas
    reds = {r.skolenhetskod: r for r in redovisning(fordela(m, fu))}
    assert any("exakt 90,0" in t for t in reds[C].standardvarden)
    assert not any("exakt" in t for t in reds[A].standardvarden + reds[B].standardvarden)
    assert "blir därför 98,0 i stället för 100" in redovisning_html(reds[C])


def test_standardvarde_medel_alla_efter_omskalning_behaller_medlet_100(
    minimal: Underlag,
) -> None:
    """Med ``medel_alla`` efter omskalningen får enheten 100 och kommunens medel förblir 100;
    anteckningen säger det i stället för att påstå en skillnad."""
    u = _med_elever(minimal, {A: 300, B: 100, C: 100})
    fu = forbered_underlag(modell(POTT, index={"typ": "given", "standard_saknas": "medel_alla"}), u)
    assert _index(fu)[C] == pytest.approx(100.0, rel=1e-12)
    (text,) = [t for t in fu.anteckningar if f"Skolenheten {C}" in t]
    assert "medel över alla enheter förblir därför 100." in text and "i stället för" not in text


def test_utan_omskalning_ingen_mening_om_ordningen(minimal: Underlag) -> None:
    """Utan omskalning finns ingen ordning att förklara: anteckningen nämner den inte."""
    u = _med_elever(minimal, {A: 300, B: 100, C: 100})
    ej = {"typ": "given", "skala_om_till_kommunmedel": False, "standard_saknas": 90}
    fu = forbered_underlag(modell(POTT, index=ej), u)
    assert _index(fu)[C] == 90.0
    assert not any("skalats om" in t for t in fu.anteckningar)
