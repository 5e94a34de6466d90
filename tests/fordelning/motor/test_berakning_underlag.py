"""Från dataset till fördelning: ``forbered_underlag`` (kommunens enheter, läsår, målgrupper,
givna belopp) och en hel körning på en kommun i det medföljande datasetet ``sverige``."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from skolpeng.data import hitta_underlag, las_underlag
from skolpeng.fel import IndataFel
from skolpeng.fordelning import forbered_underlag, fordela
from tests.data.hjalp import minimala_tabeller, skriv_minimalt_underlag
from tests.fordelning.berakning_hjalp import modell

A, B, C = "10000001", "10000002", "10000003"


@pytest.fixture(scope="module")
def katalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Det minimala datasetet plus malgrupper.csv och givna_belopp.csv."""
    k = skriv_minimalt_underlag(tmp_path_factory.mktemp("underlag"))
    (k / "malgrupper.csv").write_text(
        "skolenhetskod,lasar,malgrupp,antal\n"
        f"{A},2026/27,nyanlanda,12\n{B},2026/27,nyanlanda,3\n{A},2025/26,nyanlanda,99\n"
        "20000001,2026/27,nyanlanda,7\n",
        encoding="utf-8",
    )
    (k / "givna_belopp.csv").write_text(
        f"skolenhetskod,ar,pott,belopp_kr\n{A},2026,hyra,250000\n{B},2026,hyra,50000\n{A},2025,hyra,1\n",
        encoding="utf-8",
    )
    return k


def test_las_underlag_laser_de_valfria_tabellerna(katalog: Path) -> None:
    u = las_underlag(katalog)
    assert u.malgrupper is not None and u.malgrupper.height == 4
    assert u.givna_belopp is not None and u.givna_belopp["belopp_kr"].sum() == 300_001
    assert "malgrupper.csv" in u.filhashar and "givna_belopp.csv" in u.filhashar


def test_valfria_tabellerna_valideras(tmp_path: Path) -> None:
    k = skriv_minimalt_underlag(tmp_path / "u")
    (k / "givna_belopp.csv").write_text(
        "skolenhetskod,ar,pott,belopp_kr\n99999999,2026,hyra,x\n", encoding="utf-8"
    )
    with pytest.raises(IndataFel) as fel:
        las_underlag(k)
    problem = {(p.fil, p.rad, p.kolumn) for p in fel.value.problem}
    assert ("givna_belopp.csv", 2, "belopp_kr") in problem
    assert ("givna_belopp.csv", 2, "skolenhetskod") in problem  # finns inte i skolenheter


def test_forbered_underlag(katalog: Path) -> None:
    """Kommunen 0114 läsåret 2026/27 (det senaste): A kommunal, B och C enskilda; Kirunas
    enheter och den statliga ingår inte."""
    u = las_underlag(katalog)
    m = modell(
        [
            {
                "namn": "ny",
                "belopp": {"summa_kr": 150_000},
                "nyckel": {"typ": "malgrupp", "malgrupp": "nyanlanda"},
            },
            {"namn": "hyra", "belopp": {"summa_kr": 300_000}, "nyckel": {"typ": "givet"}},
        ]
    )
    fu = forbered_underlag(m, u)
    assert fu.enheter["skolenhetskod"].to_list() == [A, B, C]
    assert fu.index is None
    forvantat = u.elever.filter(
        (pl.col("lasar") == "2026/27")
        & (pl.col("verksamhet") == "fk_gr")
        & pl.col("skolenhetskod").is_in([A, B, C])
    )["antal"].sum()
    assert fu.elever["antal"].sum() == forvantat
    assert dict(fu.malgrupper.select("skolenhetskod", "antal").iter_rows()) == {A: 12, B: 3}
    f = fordela(m, fu)
    ny = (
        f.rader.filter(pl.col("pott") == "ny")
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    assert dict(ny.iter_rows()) == pytest.approx(
        {A: 120_000, B: 30_000, C: 0}
    )  # 10 000 kr per nyanländ
    hyra = (
        f.rader.filter(pl.col("pott") == "hyra")
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
    )
    assert dict(hyra.iter_rows()) == pytest.approx({A: 250_000, B: 50_000, C: 0})


def test_forbered_underlag_fel_alla_pa_en_gang(katalog: Path, tmp_path: Path) -> None:
    u = las_underlag(katalog)
    m = modell(
        [
            {
                "namn": "ny",
                "belopp": {"summa_kr": 1},
                "nyckel": {"typ": "malgrupp", "malgrupp": "okand"},
            },
            {"namn": "hyra", "belopp": {"summa_kr": 300_000}, "nyckel": {"typ": "givet"}},
            {
                "namn": "fokus",
                "belopp": {"summa_kr": 1},
                "omfattning": {"enheter": ["20000001"]},
                "nyckel": {"typ": "elever"},
            },
        ]
    )
    with pytest.raises(IndataFel) as fel:
        forbered_underlag(m, u)
    text = str(fel.value)
    assert "målgruppen 'okand' saknas i tabellen malgrupper" in text
    assert "skolenheten 20000001 finns inte bland kommunens 0114 skolenheter" in text
    # givna belopp till en enhet utanför kommunen
    (tmp_path / "u").mkdir()
    k = skriv_minimalt_underlag(tmp_path / "u")
    (k / "givna_belopp.csv").write_text(
        "skolenhetskod,ar,pott,belopp_kr\n20000001,2026,hyra,5\n", encoding="utf-8"
    )
    with pytest.raises(
        IndataFel, match="skolenheten 20000001 .pott 'hyra'. är inte en av kommunens"
    ):
        forbered_underlag(
            modell([{"namn": "hyra", "belopp": {"summa_kr": 5}, "nyckel": {"typ": "givet"}}]),
            las_underlag(k),
        )
    # tabellen saknas helt
    k2 = skriv_minimalt_underlag(tmp_path / "u2", minimala_tabeller())
    with pytest.raises(IndataFel, match="malgrupper.csv: tabellen saknas i datasetet"):
        forbered_underlag(modell([m.potter[0].model_dump()]), las_underlag(k2))


def test_kommun_utan_elever_ar_fel(katalog: Path) -> None:
    with pytest.raises(
        IndataFel, match="kommunen 9999 har inga kommunala eller enskilda skolenheter"
    ):
        forbered_underlag(
            modell(
                [{"namn": "b", "belopp": {"summa_kr": 1}, "nyckel": {"typ": "elever"}}],
                kommunkod="9999",
            ),
            las_underlag(katalog),
        )


@pytest.fixture(scope="module")
def sverige():
    return las_underlag(hitta_underlag("sverige"))


def test_goteborgstyp_pa_sverige(sverige) -> None:
    """Göteborg (1480) i datasetet sverige med en modell av Göteborgstyp (docs/regler/fordelning-och-bidrag.md#exempel-goteborg): årskursvikter, 81 % bas och 19 % struktur (elever × index, medel 100 över
    stadens enheter, enheter utan index får de enskildas medel). Varje pott bevaras, varje
    enhet med elever får en rad och strukturpottens elevviktade medel per elev är potten per
    elev (index med medel 1)."""
    vikter = {
        "F": 1.0,
        "1": 1.0,
        "2": 1.18,
        "3": 1.31,
        "4": 1.26,
        "5": 1.29,
        "6": 1.35,
        "7": 1.42,
        "8": 1.43,
        "9": 1.43,
    }
    m = modell(
        [
            {
                "namn": "bas",
                "belopp": {"andel_av_ram": 0.81},
                "nyckel": {"typ": "elever", "vikter": {"per": "arskurs", "varden": vikter}},
            },
            {"namn": "struktur", "belopp": {"andel_av_ram": 0.19}, "nyckel": {"typ": "index"}},
        ],
        kommunkod="1480",
        ram_kr=6_000_000_000,
        index={"typ": "given", "standard_saknas": "medel_enskilda"},
    )
    fu = forbered_underlag(m, sverige)
    f = fordela(m, fu)
    assert fu.enheter.height > 100
    assert f.potter["fordelat_kr"].to_list() == pytest.approx([0.81 * 6e9, 0.19 * 6e9], rel=1e-12)
    assert f.rader["belopp_kr_avrundat"].sum() == 6_000_000_000
    assert f.enheter["belopp_kr"].sum() == pytest.approx(6e9, rel=1e-12)
    assert set(f.rader["skolenhetskod"]) == set(fu.enheter["skolenhetskod"])
    e = f.enheter
    assert (e["index"] * e["elever"]).sum() / e["elever"].sum() == pytest.approx(
        100, abs=1.0
    )  # medel 100 över enheterna med index; standardvärdena flyttar det lite
    standard = e.filter(pl.col("index_standard"))
    assert standard.height == sum("saknar socioekonomiskt index" in t for t in f.anteckningar)
