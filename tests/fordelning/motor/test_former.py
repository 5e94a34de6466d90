"""Indexnyckelns former och taket (docs/regler/fordelning-och-bidrag.md#former; SKL 2014 steg 4,
s. 31–32 "Olika grad av omfördelning").

Tre lika stora enheter (100 elever var) med index 0,50, 1,00 och 1,50 (medel 1): en linjär
pott på 10 000 kr per elev ger 5 000, 10 000 och 15 000 kr per elev – lägsta 5 000 kr som i
SKL:s exempel."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.fordelning import fordela
from tests.fordelning.berakning_hjalp import modell, underlag

NBSP = "\u00a0"
ENHETER = [
    ("10000001", "kommunal", {"4": 100}, 50.0),
    ("10000002", "kommunal", {"4": 100}, 100.0),
    ("10000003", "enskild", {"4": 100}, 150.0),
]
POTT = 3_000_000  # 10 000 kr per elev


def _per_elev(
    nyckel: dict, enheter: list = ENHETER, belopp: float = POTT
) -> tuple[dict[str, float], pl.DataFrame, tuple[str, ...]]:
    m = modell(
        [{"namn": "s", "belopp": {"summa_kr": belopp}, "nyckel": {"typ": "index", **nyckel}}]
    )
    f = fordela(m, underlag(enheter))
    d = f.rader.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum() / pl.col("elever").sum())
    return dict(d.iter_rows()), f.rader, f.anteckningar


def test_linjar() -> None:
    kr, rader, _ = _per_elev({})
    assert kr == pytest.approx({"10000001": 5_000, "10000002": 10_000, "10000003": 15_000})
    a = rader.filter(pl.col("skolenhetskod") == "10000001")
    assert a["forklaring"].item() == f"index 0,50 × 10{NBSP}000{NBSP}kr"
    assert a["nyckelvarde"].item() == pytest.approx(0.5)


def test_forstarkt_skl_exempel() -> None:
    """SKL s. 31–32: 10 000 kr per elev med lägsta 5 000 kr; 50 % högre omfördelning = räkna
    på 15 000 kr per elev och dra av 5 000 kr: 15 000·index − 5 000. Medlet 10 000 kr står
    kvar och lägsta beloppet blir 2 500 kr."""
    kr, rader, ant = _per_elev({"form": "forstarkt", "faktor": 1.5})
    assert kr == pytest.approx({"10000001": 2_500, "10000002": 10_000, "10000003": 17_500})
    assert sum(kr.values()) * 100 == pytest.approx(POTT)  # medlet kvar
    assert min(kr.values()) == pytest.approx(2_500)
    a = rader.filter(pl.col("skolenhetskod") == "10000001")
    assert a["forklaring"].item() == f"index 0,50 × 15{NBSP}000{NBSP}kr − 5{NBSP}000{NBSP}kr"
    assert not any("negativa" in t for t in ant)


def test_forstarkt_negativt_belopp_behalls_och_antecknas() -> None:
    """Faktor 3: 30 000·index − 20 000 -> A −5 000 kr per elev; potten bevaras."""
    kr, rader, ant = _per_elev({"form": "forstarkt", "faktor": 3})
    assert kr == pytest.approx({"10000001": -5_000, "10000002": 10_000, "10000003": 25_000})
    assert rader["belopp_kr"].sum() == pytest.approx(POTT)
    assert rader["belopp_kr_avrundat"].sum() == POTT
    assert any("negativa belopp för 1 skolenheter (10000001)" in t for t in ant)


def test_troskel() -> None:
    """∝ max(0, index − 0,9): A 0, B 0,1, C 0,6 -> B 3 000 000·0,1/0,7 = 428 571 kr."""
    kr, rader, _ = _per_elev({"form": "troskel", "troskel": 0.9})
    assert kr == pytest.approx(
        {"10000001": 0, "10000002": POTT * 0.1 / 0.7 / 100, "10000003": POTT * 0.6 / 0.7 / 100}
    )
    a = rader.filter(pl.col("skolenhetskod") == "10000001")["forklaring"].item()
    assert a == f"index 0,50 vid eller under tröskeln 0,9: 0{NBSP}kr"
    # vid tröskeln (index 1,00 = t) blir det också 0
    kr, _, _ = _per_elev({"form": "troskel", "troskel": 1.0})
    assert kr["10000002"] == 0 and kr["10000003"] == pytest.approx(POTT / 100)


def test_progressiv() -> None:
    """∝ index²: 0,25 / 1 / 2,25 (Σ 3,5)."""
    kr, rader, _ = _per_elev({"form": "progressiv", "exponent": 2})
    assert kr == pytest.approx(
        {
            k: POTT / 100 * v / 3.5
            for k, v in zip(("10000001", "10000002", "10000003"), (0.25, 1, 2.25), strict=True)
        }
    )
    c = rader.filter(pl.col("skolenhetskod") == "10000003")["forklaring"].item()
    assert c.startswith("index 1,50^2 × ")


def test_tak_itererar_och_redovisar_bundna_enheter() -> None:
    """Tak 11 000 kr: varv 1 binder C (15 000 -> 11 000), 400 000 kr fördelas på A och B
    efter index (1:2) -> A 6 333, B 12 667; varv 2 binder B (-> 11 000) och 166 667 kr går
    till A -> A 8 000. Summa 800 000 + 1 100 000 + 1 100 000 = 3 000 000."""
    kr, rader, ant = _per_elev({"tak_per_elev_kr": 11_000})
    assert kr == pytest.approx({"10000001": 8_000, "10000002": 11_000, "10000003": 11_000})
    assert rader["belopp_kr"].sum() == pytest.approx(POTT)
    band = dict(rader.select("skolenhetskod", "tak_band").iter_rows())
    assert band == {"10000001": False, "10000002": True, "10000003": True}
    assert any("band för 2 skolenheter (10000002, 10000003)" in t for t in ant)
    # utan tak A 500 000, B 1 000 000, C 1 500 000: enheten under taket (A) fick 300 000 mer
    assert any(f"300{NBSP}000{NBSP}kr omfördelades" in t for t in ant)
    a = rader.filter(pl.col("skolenhetskod") == "10000001")["forklaring"].item()
    assert a == f"index 0,50 × 16{NBSP}000{NBSP}kr"  # 8 000 = 0,5 × 16 000
    b = rader.filter(pl.col("skolenhetskod") == "10000002")["forklaring"].item()
    assert b == f"tak 11{NBSP}000{NBSP}kr per elev (enhetens genomsnitt; index 1,00)"


def test_tak_som_inte_binder_andrar_inget() -> None:
    assert _per_elev({"tak_per_elev_kr": 20_000})[0] == _per_elev({})[0]


def test_tak_som_inte_gar_att_halla_ar_fel() -> None:
    with pytest.raises(IndataFel, match="taket 9\u00a0000\u00a0kr per elev räcker inte"):
        _per_elev({"tak_per_elev_kr": 9_000})


def test_vikter_kombineras_med_index() -> None:
    """Vikt 2 för åk 4 i A och 1 för åk 7 i B: viktade elever × index A 2·100·0,5 = 100,
    B 1·100·1,0 = 100 -> lika belopp."""
    enh = [("10000001", "kommunal", {"4": 100}, 50.0), ("10000002", "kommunal", {"7": 100}, 100.0)]
    m = modell(
        [
            {
                "namn": "s",
                "belopp": {"summa_kr": 2_000_000},
                "nyckel": {
                    "typ": "index",
                    "vikter": {"per": "stadium", "varden": {"4-6": 2, "7-9": 1}},
                },
            }
        ]
    )
    f = fordela(m, underlag(enh))
    assert f.rader["belopp_kr"].to_list() == pytest.approx([1_000_000, 1_000_000])
    a = f.rader.filter(pl.col("skolenhetskod") == "10000001")["forklaring"].item()
    assert a == f"vikt 2,00 × index 0,50 × 10{NBSP}000{NBSP}kr"
