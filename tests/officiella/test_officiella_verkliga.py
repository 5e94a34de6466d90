"""Importörerna på de fullständiga verkliga filerna, och ombyggnad av ``sverige``.

Kräver katalogen ``../shared/data/real`` bredvid arbetskopian (finns i CI); saknas den hoppas
testerna över med en tydlig anledning. Förväntade tal är de som står i respektive SOURCE.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import polars as pl
import pytest

from skolpeng.data.officiella import importera

ROT = Path(__file__).resolve().parents[2]
REAL = ROT / ".." / "shared" / "data" / "real"
pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"de verkliga filerna saknas ({REAL.resolve()} finns inte)"
)


def test_skolniva_2025_som_source_md() -> None:
    """urbanpulse/SOURCE.md: 4 628 enheter (3 819 kommunala, 809 enskilda), summa 1 094 731
    (911 676 / 183 055), 16 075 celler ``.`` i årskurserna, 757 ``..`` och 95 ``~100`` i andelarna."""
    res = importera(
        REAL / "urbanpulse/Grundskola - Antal elever per årskurs 2025 Skolnivå.csv",
        "elever-skolniva",
    )
    enheter = res.tabeller["skolenheter"]
    assert enheter.height == 4628
    assert dict(enheter.group_by("huvudmannatyp").len().rows()) == {
        "kommunal": 3819,
        "enskild": 809,
    }
    elever = res.tabeller["elever"].join(
        enheter.select("skolenhetskod", "huvudmannatyp"), on="skolenhetskod"
    )
    assert elever["antal"].sum() == 1_094_731
    assert dict(elever.group_by("huvudmannatyp").agg(pl.col("antal").sum()).rows()) == {
        "kommunal": 911_676,
        "enskild": 183_055,
    }
    assert (elever["markering"] == ".").sum() == 16_075
    assert res.tabeller["skolenheter_bakgrund"]["elever_1_9"].sum() == 1_094_731

    def antal(markering: str) -> int:
        return sum(
            int(n.split(" celler")[0].rsplit(" ", 1)[1])
            for n in res.anteckningar
            if f"celler {markering}" in n
        )

    assert antal("'..'") == 757
    assert antal("'~'") == 95


@pytest.mark.parametrize(
    ("ar", "summa"),
    [(2020, 1_097_180), (2021, 1_106_258), (2022, 1_111_580), (2023, 1_110_078), (2024, 1_104_634)],
)
def test_kommunfilerna_samtliga(ar: int, summa: int) -> None:
    """skolverket-examen/SOURCE.md: rikets summa av raderna Samtliga, åk 1–9."""
    res = importera(
        REAL / f"skolverket-examen/Grundskola - Antal elever per årskurs {ar} Kommun.csv",
        "elever-kommun",
    )
    e = res.tabeller["elever_kommun"]
    assert e.filter(pl.col("huvudmannatyp") == "samtliga")["antal"].sum() == summa
    assert e["kommunkod"].n_unique() == 290
    assert res.period == f"{ar}/{(ar + 1) % 100:02d}"


@pytest.mark.parametrize(("ar", "riket"), [(2020, 118_200), (2022, 126_700), (2024, 142_900)])
def test_kostnadsfilerna(ar: int, riket: float) -> None:
    """skolverket-examen/SOURCE.md: 290 kommuner; elevviktad "Totalt per elev" i riket."""
    res = importera(
        REAL / f"skolverket-examen/Grundskola - Kostnader per kommun {ar} Kommun.csv",
        "kostnader-kommun",
    )
    k = res.tabeller["kostnader_kommun"]
    assert k.height == 290 and res.period == str(ar)
    viktat = (k["totalt_per_elev"] * k["elever"]).sum() / k["elever"].sum()
    assert viktat == pytest.approx(riket, abs=100)


def test_slutbetyg_som_source_md() -> None:
    """skolverket-data-extractor/SOURCE.md: 1 714 enheter, 1 582 med meritvärde, medel 227,4,
    min 82,5, max 311,2."""
    res = importera(
        REAL
        / "skolverket-data-extractor/Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet.csv",
        "slutbetyg",
    )
    r = res.tabeller["resultat"]
    merit = r["meritvarde"].drop_nulls()
    assert r.height == 1714 and merit.len() == 1582
    assert merit.mean() == pytest.approx(227.4, abs=0.05)
    assert (merit.min(), merit.max()) == (82.5, 311.2)


def test_register_som_source_md() -> None:
    """skolstatistik-jplusplus/SOURCE.md: 4 894 enheter (4 044 kommunala, 849 enskilda, 1 region),
    F 120 881, F–9 1 199 826."""
    res = importera(
        REAL / "skolstatistik-jplusplus/skolenhetsregistret_2020_grundskola.csv",
        "skolenhetsregister",
        "2019/20",
    )
    enheter = res.tabeller["skolenheter"]
    assert dict(enheter.group_by("huvudmannatyp").len().rows()) == {
        "kommunal": 4044,
        "enskild": 849,
        "region": 1,
    }
    e = res.tabeller["elever"]
    assert e.filter(pl.col("arskurs") == "F")["antal"].sum() == 120_881
    assert e["antal"].sum() == 1_199_826


def test_scb_inkomst() -> None:
    res = importera(REAL / "urbanpulse/sverige_snittinkomst_2024.csv", "scb-pxweb")
    r = res.tabeller["scb_region"].filter(pl.col("variabel") == "Medianinkomst, tkr")
    assert r.height == 290 and r["regionkod"].str.len_chars().unique().to_list() == [4]


# Indexet skattas med np.linalg.lstsq (LAPACK/OpenBLAS), vars sista binära siffror beror på
# processorns kärnor (FMA, blockning): på en annan maskin skiljer sig indexet med ~1e-13.
# Den filen jämförs därför som tal med en relativ tolerans på 1e-11; alla andra byte för byte.
_FLYTTAL_FRAN_LAPACK = {"socioekonomiskt_index.csv": ["index"]}


def _lika_filer(ny: Path, medfoljande: Path) -> None:
    """Filerna är lika: byte för byte, eller som tal inom 1e-11 för kolumner ur LAPACK."""
    kolumner = _FLYTTAL_FRAN_LAPACK.get(ny.name)
    if kolumner is None:
        assert ny.read_bytes() == medfoljande.read_bytes(), ny.name
        return
    a, b = pl.read_csv(ny), pl.read_csv(medfoljande)
    assert a.columns == b.columns and a.height == b.height, ny.name
    ovriga = [c for c in a.columns if c not in kolumner]
    assert a.select(ovriga).equals(b.select(ovriga)), ny.name
    for c in kolumner:
        skillnad = ((a[c] - b[c]).abs() / b[c].abs()).max()
        assert skillnad is not None and skillnad < 1e-11, (ny.name, c, skillnad)


def test_ombyggnad_ger_samma_filer(tmp_path: Path) -> None:
    """Byggskriptet är deterministiskt och det medföljande datasetet är aktuellt: en ny
    byggnad ger samma filer (byte för byte, utom indexets sista siffror, se ovan)."""
    spec = importlib.util.spec_from_file_location(
        "bygg_sverige", ROT / "scripts" / "bygg_sverige.py"
    )
    assert spec is not None and spec.loader is not None
    modul = importlib.util.module_from_spec(spec)
    sys.modules["bygg_sverige"] = modul
    spec.loader.exec_module(modul)
    ut = tmp_path / "sverige"
    assert modul.main(["--kalla", str(REAL), "--ut", str(ut)]) == 0
    medfoljande = ROT / "src" / "skolpeng" / "dataset" / "sverige"
    namn = sorted(p.name for p in medfoljande.iterdir())
    assert sorted(p.name for p in ut.iterdir()) == namn
    for n in namn:
        _lika_filer(ut / n, medfoljande / n)
