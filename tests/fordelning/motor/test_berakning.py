"""Fördelningens motor: belopp, omfattning, nycklar, delpotter, avrundning och förklaringar
(docs/regler/fordelning-och-bidrag.md#modellen-som-data, docs/regler/fordelning-och-bidrag.md#bevarande). Varje förväntat tal är handräknat
i testet."""

from __future__ import annotations

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.fordelning import FORDELNING_KOLUMNER, fordela
from tests.fordelning.berakning_hjalp import modell, per_enhet, underlag

NBSP = "\u00a0"

# Tre enheter: A kommunal (F: 20, åk 1: 30, åk 7: 50), B kommunal (åk 3: 40), C enskild
# (åk 1: 10, åk 8: 30).
ENHETER = [
    ("10000001", "kommunal", {"F": 20, "1": 30, "7": 50}, 120.0),
    ("10000002", "kommunal", {"3": 40}, 80.0),
    ("10000003", "enskild", {"1": 10, "8": 30}, 100.0),
]


def test_per_elev_och_andel_av_ram() -> None:
    """Ram 10 mnkr, pott 60 % per elev: 6 mnkr / 180 elever; A 100, B 40, C 40 elever."""
    m = modell(
        [{"namn": "bas", "belopp": {"andel_av_ram": 0.6}, "nyckel": {"typ": "elever"}}],
        ram_kr=10_000_000,
    )
    f = fordela(m, underlag(ENHETER))
    b = per_enhet(f.rader, "bas")
    sats = 6_000_000 / 180
    assert b == pytest.approx(
        {"10000001": 100 * sats, "10000002": 40 * sats, "10000003": 40 * sats}
    )
    assert set(FORDELNING_KOLUMNER) <= set(f.rader.columns)
    rad = f.rader.filter((pl.col("skolenhetskod") == "10000001") & (pl.col("stadium") == "7-9"))
    assert rad["elever"].item() == 50
    assert rad["kr_per_elev"].item() == pytest.approx(sats)
    assert rad["forklaring"].item() == f"33{NBSP}333{NBSP}kr per elev"
    # A har elever i tre stadier (F, 1-3, 7-9): tre rader, inga rader för 4-6
    assert sorted(f.rader.filter(pl.col("skolenhetskod") == "10000001")["stadium"]) == [
        "1-3",
        "7-9",
        "F",
    ]


def test_per_elev_kr_ger_pottens_belopp_ur_omfattningen() -> None:
    """per_elev_kr 1 000 kr för stadium 1-3: elever i 1-3 = A 30 + B 40 + C 10 = 80 -> 80 000 kr."""
    m = modell(
        [
            {
                "namn": "lag",
                "belopp": {"per_elev_kr": 1000},
                "omfattning": {"stadier": ["1-3"]},
                "nyckel": {"typ": "elever"},
            }
        ]
    )
    f = fordela(m, underlag(ENHETER))
    assert f.potter["belopp_kr"].item() == pytest.approx(80_000)
    assert f.potter["elever"].item() == 80
    assert per_enhet(f.rader, "lag") == pytest.approx(
        {"10000001": 30_000, "10000002": 40_000, "10000003": 10_000}
    )
    assert set(f.rader["stadium"]) == {"1-3"}


def test_vikter_per_arskurs_och_forklaring() -> None:
    """Vikter F 1,00, åk 1 1,00, åk 3 1,31, åk 7 1,42, åk 8 1,43 (Göteborgstyp): viktade
    elever A 20 + 30 + 71 = 121, B 52,4, C 10 + 42,9 = 52,9 -> Σ 226,3; summa 22 630 000 kr
    ger 100 000 kr per viktad elev."""
    vikter = {"F": 1.0, "1": 1.0, "2": 1.18, "3": 1.31, "7": 1.42, "8": 1.43, "9": 1.43}
    m = modell(
        [
            {
                "namn": "bas",
                "belopp": {"summa_kr": 22_630_000},
                "nyckel": {"typ": "elever", "vikter": {"per": "arskurs", "varden": vikter}},
            }
        ]
    )
    f = fordela(m, underlag(ENHETER))
    assert per_enhet(f.rader, "bas") == pytest.approx(
        {"10000001": 12_100_000, "10000002": 5_240_000, "10000003": 5_290_000}
    )
    rad = f.rader.filter(pl.col("skolenhetskod") == "10000002")
    assert rad["kr_per_elev"].item() == pytest.approx(131_000)
    assert rad["nyckelvarde"].item() == pytest.approx(1.31)
    assert rad["forklaring"].item() == f"vikt 1,31 × 100{NBSP}000{NBSP}kr"


def test_omfattning_huvudmannatyp_och_namngivna_enheter() -> None:
    """Kommunal pott når inte C; en pott för den namngivna enheten B når bara B."""
    m = modell(
        [
            {
                "namn": "kommunal",
                "belopp": {"summa_kr": 700_000},
                "omfattning": {"huvudmannatyp": "kommunal"},
                "nyckel": {"typ": "elever"},
                "samma_grunder": False,
            },
            {
                "namn": "fokus",
                "belopp": {"summa_kr": 123_456.7},
                "omfattning": {"enheter": ["10000002"]},
                "nyckel": {"typ": "elever"},
            },
        ]
    )
    f = fordela(m, underlag(ENHETER))
    assert per_enhet(f.rader, "kommunal") == pytest.approx(
        {"10000001": 500_000, "10000002": 200_000}
    )
    assert per_enhet(f.rader, "fokus") == pytest.approx({"10000002": 123_456.7})
    assert f.rader.filter(pl.col("pott") == "fokus")["belopp_kr_avrundat"].sum() == 123_457
    assert not f.rader.filter(pl.col("pott") == "kommunal")["samma_grunder"].any()


def test_delpotter_med_egen_omfattning() -> None:
    """Huddinges struktur (KPMG 3.4.1, 28,6 %-delen): 50 % till fokusskolan A, 50 % per elev
    F–3. Pott 1 mnkr: A får 500 000 + 500 000·50/100 (F 20 + åk 1 30 av 100 elever F–3),
    B 500 000·40/100, C 500 000·10/100."""
    m = modell(
        [
            {
                "namn": "likvardig",
                "belopp": {"summa_kr": 1_000_000},
                "delpotter": [
                    {
                        "namn": "fokus",
                        "andel": 0.5,
                        "nyckel": {"typ": "klumpsumma"},
                        "omfattning": {"enheter": ["10000001"]},
                    },
                    {
                        "namn": "f3",
                        "andel": 0.5,
                        "nyckel": {"typ": "elever"},
                        "omfattning": {"stadier": ["F", "1-3"]},
                    },
                ],
            }
        ]
    )
    f = fordela(m, underlag(ENHETER))
    b = per_enhet(f.rader, "likvardig")
    assert b == pytest.approx(
        {
            "10000001": 500_000 + 500_000 * 50 / 100,
            "10000002": 500_000 * 40 / 100,
            "10000003": 500_000 * 10 / 100,
        }
    )
    assert f.rader["belopp_kr_avrundat"].sum() == 1_000_000
    assert set(f.rader["delpott"]) == {"fokus", "f3"}
    # klumpsumman till A delas på A:s stadier efter elever: F 20, 1-3 30, 7-9 50 av 100
    fokus = f.rader.filter(pl.col("delpott") == "fokus").sort("stadium")
    assert dict(zip(fokus["stadium"], fokus["belopp_kr"], strict=True)) == pytest.approx(
        {"1-3": 150_000, "7-9": 250_000, "F": 100_000}
    )
    assert fokus.filter(pl.col("stadium") == "7-9")["forklaring"].item() == (
        f"klumpsumma 500{NBSP}000{NBSP}kr × 50,0{NBSP}% (stadiets andel av enhetens elever i potten)"
    )


def test_klumpsumma_lika_per_enhet() -> None:
    m = modell([{"namn": "k", "belopp": {"summa_kr": 750_000}, "nyckel": {"typ": "klumpsumma"}}])
    f = fordela(m, underlag(ENHETER))
    assert per_enhet(f.rader, "k") == pytest.approx(
        {k: 250_000 for k in ("10000001", "10000002", "10000003")}
    )
    b = f.rader.filter(pl.col("skolenhetskod") == "10000002")
    assert b["forklaring"].item() == f"klumpsumma 250{NBSP}000{NBSP}kr"


def test_malgrupp_per_elev_i_malgruppen() -> None:
    """Nyanlända A 10, B 0, C 5: pott 300 000 kr -> 20 000 kr per elev i målgruppen."""
    fu = underlag(ENHETER, malgrupper=[("10000001", "nyanlanda", 10), ("10000003", "nyanlanda", 5)])
    m = modell(
        [
            {
                "namn": "ny",
                "belopp": {"summa_kr": 300_000},
                "nyckel": {"typ": "malgrupp", "malgrupp": "nyanlanda"},
            }
        ]
    )
    f = fordela(m, fu)
    assert per_enhet(f.rader, "ny") == pytest.approx(
        {"10000001": 200_000, "10000002": 0, "10000003": 100_000}
    )
    # A:s tio fördelas på stadierna efter elever: 7-9 har 50 av 100 -> 5 elever
    rad = f.rader.filter((pl.col("skolenhetskod") == "10000001") & (pl.col("stadium") == "7-9"))
    assert rad["nyckelvarde"].item() == pytest.approx(5)
    assert rad["forklaring"].item() == f"5 elever i målgruppen nyanlända × 20{NBSP}000{NBSP}kr"


def test_malgrupp_med_stadieomfattning_proportionellt() -> None:
    """Pott för F–3 (A: 50 av 100 elever i F–3 -> 5 av 10 nyanlända; C: 10 av 40 -> 1,25):
    pott 62 500 kr -> 10 000 kr per målgruppselev."""
    fu = underlag(ENHETER, malgrupper=[("10000001", "nyanlanda", 10), ("10000003", "nyanlanda", 5)])
    m = modell(
        [
            {
                "namn": "ny",
                "belopp": {"summa_kr": 62_500},
                "omfattning": {"stadier": ["F", "1-3"]},
                "nyckel": {"typ": "malgrupp", "malgrupp": "nyanlanda"},
            }
        ]
    )
    b = per_enhet(fordela(m, fu).rader, "ny")
    assert b == pytest.approx({"10000001": 50_000, "10000002": 0, "10000003": 12_500})


def test_givna_belopp_tas_som_de_ar() -> None:
    """Givna belopp A 100 000, C 50 000 (summa 150 000 = pottens summa_kr)."""
    fu = underlag(ENHETER, givna=[("10000001", "hyra", 100_000), ("10000003", "hyra", 50_000)])
    m = modell(
        [
            {
                "namn": "hyra",
                "kostnadsslag": "lokalkostnader",
                "belopp": {"summa_kr": 150_000},
                "nyckel": {"typ": "givet"},
            }
        ]
    )
    f = fordela(m, fu)
    assert per_enhet(f.rader, "hyra") == pytest.approx(
        {"10000001": 100_000, "10000002": 0, "10000003": 50_000}
    )
    assert f.potter["belopp_kr"].item() == pytest.approx(150_000)
    assert set(f.rader["kostnadsslag"]) == {"lokalkostnader"}
    c = f.rader.filter(pl.col("skolenhetskod") == "10000003").sort("stadium")
    assert c["belopp_kr"].to_list() == pytest.approx([12_500, 37_500])  # 1-3: 10, 7-9: 30 elever


def test_givna_belopp_som_inte_stammer_ar_fel() -> None:
    fu = underlag(ENHETER, givna=[("10000001", "hyra", 100_000), ("10000003", "hyra", 50_000)])
    m = modell([{"namn": "hyra", "belopp": {"summa_kr": 200_000}, "nyckel": {"typ": "givet"}}])
    with pytest.raises(IndataFel) as fel:
        fordela(m, fu)
    assert "de givna beloppen summerar till 150" in str(fel.value)
    # ett givet belopp till en enhet utanför omfattningen (C är enskild)
    m2 = modell(
        [
            {
                "namn": "hyra",
                "belopp": {"summa_kr": 150_000},
                "omfattning": {"huvudmannatyp": "kommunal"},
                "nyckel": {"typ": "givet"},
            }
        ]
    )
    with pytest.raises(IndataFel, match="utan elever i omfattningen: 10000003"):
        fordela(m2, fu)


def test_avrundning_storsta_rest_per_pott() -> None:
    """Tre lika enheter och 100 kr: 33,33 var; avrundat 34 + 33 + 33 = 100."""
    enh = [(f"1000000{i}", "kommunal", {"1": 1}, None) for i in range(1, 4)]
    m = modell(
        [
            {"namn": "a", "belopp": {"summa_kr": 100}, "nyckel": {"typ": "elever"}},
            {"namn": "b", "belopp": {"summa_kr": 200.5}, "nyckel": {"typ": "elever"}},
        ]
    )
    f = fordela(m, underlag(enh))
    a = f.rader.filter(pl.col("pott") == "a")["belopp_kr_avrundat"]
    assert sorted(a.to_list()) == [33, 33, 34]
    assert f.rader.filter(pl.col("pott") == "b")["belopp_kr_avrundat"].sum() == 201
    assert f.potter["fordelat_avrundat_kr"].to_list() == [100, 201]


def test_enheter_och_potter() -> None:
    m = modell(
        [
            {"namn": "bas", "belopp": {"summa_kr": 1_800_000}, "nyckel": {"typ": "elever"}},
            {"namn": "s", "belopp": {"summa_kr": 0}, "nyckel": {"typ": "index"}},
        ]
    )
    f = fordela(m, underlag(ENHETER))
    e = f.enheter.sort("skolenhetskod")
    assert e["elever"].to_list() == [100, 40, 40]
    assert e["belopp_kr"].to_list() == pytest.approx([1_000_000, 400_000, 400_000])
    assert e["kr_per_elev"].to_list() == pytest.approx([10_000] * 3)
    assert e["index"].to_list() == [120, 80, 100]
    p = f.potter
    assert p["pott"].to_list() == ["bas", "s"]
    assert p["antal_enheter"].to_list() == [3, 3]
    assert p["fordelat_kr"].to_list() == pytest.approx([1_800_000, 0])


def test_fritidshem_aldersgrupper() -> None:
    """Fritidshem (Göteborgstyp): 6–9 år (F–3) vikt 1,00, 10–12 år (4–6) 0,34. A: F–3 40,
    4–6 50 -> 57 viktade; B: F–3 43 -> 43; Σ 100 -> 10 000 kr per viktad elev av 1 mnkr."""
    enh = [
        ("10000001", "kommunal", {"F": 10, "2": 30, "5": 50}, None),
        ("10000002", "enskild", {"1": 43}, None),
    ]
    m = modell(
        [
            {
                "namn": "fritids",
                "belopp": {"summa_kr": 1_000_000},
                "nyckel": {
                    "typ": "elever",
                    "vikter": {"per": "aldersgrupp", "varden": {"6-9": 1.0, "10-12": 0.34}},
                },
            }
        ],
        verksamhet="fritidshem",
    )
    f = fordela(m, underlag(enh))
    assert per_enhet(f.rader, "fritids") == pytest.approx(
        {"10000001": 570_000, "10000002": 430_000}
    )
    rad = f.rader.filter(pl.col("stadium") == "4-6")
    assert rad["kr_per_elev"].item() == pytest.approx(3_400)


def test_fel_modell_mot_data_alla_pa_en_gang() -> None:
    """Saknad målgrupp, namngiven enhet utanför kommunen, pott utan elever, okänt stadium
    och okänd viktnyckel: fem problem på svenska i ett och samma fel."""
    m = modell(
        [
            {
                "namn": "ny",
                "belopp": {"summa_kr": 1},
                "nyckel": {"typ": "malgrupp", "malgrupp": "nyanlanda"},
            },
            {
                "namn": "fokus",
                "belopp": {"summa_kr": 1},
                "omfattning": {"enheter": ["99999999"]},
                "nyckel": {"typ": "elever"},
            },
            {
                "namn": "tom",
                "belopp": {"summa_kr": 1},
                "omfattning": {"arskurser": ["5"]},
                "nyckel": {"typ": "elever"},
            },
            {
                "namn": "stadium",
                "belopp": {"summa_kr": 1},
                "omfattning": {"stadier": ["1-3", "lag"]},
                "nyckel": {"typ": "elever"},
            },
            {
                "namn": "vikt",
                "belopp": {"summa_kr": 1},
                "nyckel": {
                    "typ": "elever",
                    "vikter": {"per": "stadium", "varden": {"1-3": 1, "mellan": 2}},
                },
            },
        ]
    )
    with pytest.raises(IndataFel) as fel:
        fordela(m, underlag(ENHETER))
    text = str(fel.value)
    assert "målgruppen 'nyanlanda' saknas" in text
    assert "skolenheten 99999999 finns inte bland kommunens" in text
    assert "potten 'tom' når inga elever" in text
    assert "okänt stadium 'lag'" in text
    assert "okänd nyckel 'mellan' för per=stadium" in text
    assert "potter.1.omfattning.enheter" in text
    assert len(fel.value.problem) >= 5


def test_index_saknas_i_omfattningen_ar_fel() -> None:
    enh = [("10000001", "kommunal", {"1": 10}, 100.0), ("10000002", "enskild", {"1": 10}, None)]
    m = modell([{"namn": "s", "belopp": {"summa_kr": 100}, "nyckel": {"typ": "index"}}])
    with pytest.raises(IndataFel, match="saknar index: 10000002"):
        fordela(m, underlag(enh))


def test_namngiven_enhet_utan_elever_i_omfattningen_antecknas() -> None:
    """Fokuspott för åk 7–9 på A och B: B har bara åk 3 och får ingen rad, men det antecknas."""
    m = modell(
        [
            {
                "namn": "fokus",
                "belopp": {"summa_kr": 50_000},
                "omfattning": {"enheter": ["10000001", "10000002"], "stadier": ["7-9"]},
                "nyckel": {"typ": "klumpsumma"},
            }
        ]
    )
    f = fordela(m, underlag(ENHETER))
    assert per_enhet(f.rader, "fokus") == pytest.approx({"10000001": 50_000})
    assert f.anteckningar == (
        "Potten 'fokus': skolenheten 10000002 är namngiven men har inga elever i omfattningen "
        "och får ingen rad.",
    )
