"""Steg 1 (val av elevår och läsår), steg 3:s kontroll av glesheten, och svenska
``IndataFel`` när indata saknar det som beräkningen behöver."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from skolpeng.fel import IndataFel
from skolpeng.norm import GleshetKonvergensFel, berakna_norm
from skolpeng.norm.belopp import reservationer
from skolpeng.norm.elever import lasar_startar, valj_elevar
from tests.norm.hjalp import las_exempel, parametrar, tabell, underlag_fran_exempel

BAS = las_exempel("liten_nation.yaml")


def _elever(*lasar: str) -> Any:
    return tabell(
        "elever",
        [
            {
                "skolenhetskod": "00000001",
                "verksamhet": "fk_gr",
                "lasar": la,
                "arskurs": "1",
                "antal": 10,
            }
            for la in lasar
        ],
    )


def test_lasar_etiketter() -> None:
    assert lasar_startar("2025/26") == 2025
    assert lasar_startar("1999/00") == 1999
    assert lasar_startar("2025/2026") == 2025
    assert lasar_startar("2025/27") is None
    assert lasar_startar("HT2025") is None


@pytest.mark.parametrize(
    ("lasar", "normar", "elevar", "ar", "beskrivning"),
    [
        (
            ("2023/24", "2024/25", "2025/26"),
            2025,
            None,
            2025,
            "kalenderår 2025 (½·2024/25 + ½·2025/26)",
        ),
        # N:s två läsår finns inte: det senaste Y som har båda.
        (
            ("2020/21", "2021/22", "2022/23"),
            2025,
            None,
            2022,
            "kalenderår 2022 (½·2021/22 + ½·2022/23)",
        ),
        # Angivet år går före standardvalet.
        (
            ("2023/24", "2024/25", "2025/26"),
            2025,
            2024,
            2024,
            "kalenderår 2024 (½·2023/24 + ½·2024/25)",
        ),
        # Ett enda läsår används som det är.
        (("2024/25",), 2025, None, None, "läsår 2024/25"),
    ],
)
def test_val_av_elevar(
    lasar: tuple[str, ...], normar: int, elevar: int | None, ar: int | None, beskrivning: str
) -> None:
    urval = valj_elevar(_elever(*lasar), "fk_gr", normar, elevar)
    assert urval.kalenderar == ar
    assert urval.beskrivning == beskrivning


@pytest.mark.parametrize(
    ("lasar", "elevar", "text"),
    [
        (("2023/24", "2024/25"), 2022, "kalenderår 2022 kräver läsåren 2021/22 och 2022/23"),
        (("2020/21", "2023/24"), None, "inga två på varandra följande"),
        (("2024/25", "hösten 2025"), None, "ogiltigt läsår 'hösten 2025'"),
    ],
)
def test_val_av_elevar_fel(lasar: tuple[str, ...], elevar: int | None, text: str) -> None:
    with pytest.raises(IndataFel) as fel:
        valj_elevar(_elever(*lasar), "fk_gr", 2025, elevar)
    assert text in fel.value.text()


def test_ett_enda_lasar_ger_dess_elevtal() -> None:
    data = copy.deepcopy(BAS)
    data["elever"] = [r for r in data["elever"] if r["lasar"] == "2024/25"]
    r = berakna_norm(underlag_fran_exempel(data), parametrar(), 2024)
    assert r.elevar == "läsår 2024/25"
    rad = r.enheter.filter(
        (r.enheter["skolenhetskod"] == "00000001") & (r.enheter["stadium"] == "F")
    )
    assert rad["elever"][0] == 44.0  # läsåret 2024/25 som det är, inte halverat


def test_angivet_elevar_ger_andra_elevtal() -> None:
    r = berakna_norm(underlag_fran_exempel(BAS), parametrar(), 2024, elevar=2023)
    assert r.elevar == "kalenderår 2023 (½·2022/23 + ½·2023/24)"
    rad = r.enheter.filter(
        (r.enheter["skolenhetskod"] == "00000001") & (r.enheter["stadium"] == "F")
    )
    assert rad["elever"][0] == 0.5 * 999 + 0.5 * 40


def test_glesheten_sluten_form_och_iteration() -> None:
    # Linjär gleshet: samma G, och G = c·R.
    res = reservationer(1e9, 0.054, lambda r: 0.02 * r)
    assert res.gleshet == pytest.approx(1e9 * 0.946 * 0.02 / 1.02, rel=1e-12)
    assert res.gleshet == pytest.approx(0.02 * res.aterstaende, rel=1e-12)
    assert res.iterationer >= 2
    # Ingen gleshet: G = 0, R = NGB − U.
    noll = reservationer(1e9, 0.054, lambda r: 0.0)
    assert noll.gleshet == 0.0 and noll.aterstaende == pytest.approx(0.946e9)
    # En funktion som inte är linjär i R: sluten form och iteration skiljer sig -> fel.
    with pytest.raises(GleshetKonvergensFel):
        reservationer(1e9, 0.054, lambda r: 0.02 * r + 5_000.0)
    # En funktion som inte konvergerar (c > 1): fel.
    with pytest.raises(GleshetKonvergensFel):
        reservationer(1e9, 0.054, lambda r: 1.5 * r)


def _utan(tabellnamn: str, villkor: Callable[[dict], bool]) -> dict:
    data = copy.deepcopy(BAS)
    data[tabellnamn] = [r for r in data[tabellnamn] if not villkor(r)]
    return data


def _med_okand_enhet() -> dict:
    data = copy.deepcopy(BAS)
    data["elever"].append(
        {"skolenhetskod": "99999999", "verksamhet": "fk_gr", "lasar": "2024/25", "antal": {"1": 5}}
    )
    return data


def _med_okand_kommun() -> dict:
    data = copy.deepcopy(BAS)
    data["skolenheter"][0]["kommunkod"] = "9999"
    return data


@pytest.mark.parametrize(
    ("data", "variant", "text"),
    [
        (_utan("nationellt", lambda r: r["ar"] == 2024), "vagledande", "KPIF saknas för år 2024"),
        (_utan("nationellt", lambda r: r["ar"] == 2022), "vagledande", "år 2022 saknas"),
        (
            _utan("rakenskapssammandrag", lambda r: r["verksamhet"] == "fritidshem"),
            "fritidshem",
            "inga rader för år 2022 och verksamhet 'fritidshem'",
        ),
        (
            _med_okand_enhet(),
            "vagledande",
            "elever på skolenheter som saknas i skolenheter: 99999999",
        ),
        (_med_okand_kommun(), "vagledande", "lägeskommunen saknas i kommuner (kommunkod 9999)"),
        (
            _utan("lokalkostnadsunderlag", lambda r: r["kommunkod"] == "0002" and r["ar"] == 2023),
            "vagledande",
            "kommunkod 0002 har deltagande skolenheter men saknar lokalkostnadsunderlag",
        ),
        (
            _utan("lokalkostnadsunderlag", lambda r: r["ar"] < 2023),
            "vagledande",
            "lokalkostnadsindex kräver 3 år till och med 2024; data har 2023, 2024",
        ),
        (
            _utan("elever", lambda r: r["verksamhet"] == "fritidshem"),
            "fritidshem",
            "inga elever i verksamheten 'fritidshem'",
        ),
        (BAS, "okand", "okänd variant 'okand'"),
    ],
)
def test_indatafel_pa_svenska(data: dict, variant: str, text: str) -> None:
    with pytest.raises(IndataFel) as fel:
        berakna_norm(underlag_fran_exempel(data), parametrar(), 2024, variant)
    assert text in fel.value.text()


def test_fritidshem_behover_inte_modersmal_eller_larlon() -> None:
    """Fritidshemmet avräknar inte modersmål: lärarlön för C behövs inte."""
    data = copy.deepcopy(BAS)
    data["modersmal"] = []
    for r in data["nationellt"]:
        if r["ar"] == 2022:
            r["larare_manadslon"] = None
    r = berakna_norm(underlag_fran_exempel(data), parametrar(), 2024, "fritidshem")
    assert r.sammanfattning["modersmal"] == 0.0
