"""``validera_for_norm``: de år och rader normen behöver (docs/regler/norm.md#indata, docs/regler/norm.md#stegen).

Normår N = 2026 ger kostnadsåret C = N − 2 = 2024 (docs/regler/norm.md#indata: kostnadsår C = N − 2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from skolpeng.data import Underlag, las_underlag, validera_for_norm
from skolpeng.fel import Problem
from skolpeng.norm import berakna_norm
from skolpeng.parametrar import load_parameters
from tests.data.hjalp import Tabelltext, minimala_tabeller, skriv_minimalt_underlag

N = 2026


def _underlag(tmp_path: Path, t: dict[str, Tabelltext] | None = None) -> Underlag:
    return las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))


def _utan(t: dict[str, Tabelltext], tabell: str, **villkor: str) -> None:
    """Tar bort raderna i tabellen där alla kolumner i villkor har de givna värdena."""
    rubrik, rader = t[tabell]
    index = {k: rubrik.index(k) for k in villkor}
    t[tabell] = (
        rubrik,
        [r for r in rader if not all(r[index[k]] == v for k, v in villkor.items())],
    )


@pytest.mark.parametrize("variant", ["vagledande", "bindande", "fritidshem"])
def test_minimalt_underlag_racker_for_normar_2026(tmp_path: Path, variant: str) -> None:
    """Inga problem – och normen går då verkligen att beräkna; ett år senare (N = 2027)
    saknas kostnadsåret 2025 och KPIF 2027, och då hittar valideringen det."""
    u = _underlag(tmp_path)
    assert validera_for_norm(u, N, variant, 3) == []
    r = berakna_norm(u, load_parameters(dt.date(N, 1, 1)), N, variant)
    assert r.sammanfattning["antal_enheter"] == 4  # den statliga enheten deltar inte
    problem = validera_for_norm(u, N + 1, variant, 3)
    assert {(p.fil, p.kolumn) for p in problem} >= {
        ("rakenskapssammandrag.csv", "ar"),
        ("nationellt.csv", "ar"),
    }
    assert any("år 2025 saknas" in p.meddelande for p in problem)


def test_kostnadsaret_saknas_for_en_kommun(tmp_path: Path) -> None:
    t = minimala_tabeller()
    _utan(t, "rakenskapssammandrag", kommunkod="0114", ar="2024", verksamhet="fk_gr")
    u = _underlag(tmp_path, t)
    assert validera_for_norm(u, N, "vagledande", 3) == [
        Problem(
            "rakenskapssammandrag.csv",
            "år 2024 saknas för kommun 0114 i verksamheten fk_gr (behövs som kostnadsår för normår 2026)",
            kolumn="ar",
        )
    ]
    # fritidshem behöver bara verksamheten fritidshem
    assert validera_for_norm(u, N, "fritidshem", 3) == []


def test_kostnadsaret_saknas_for_alla_kommuner(tmp_path: Path) -> None:
    u = _underlag(tmp_path)
    assert validera_for_norm(u, 2027, "fritidshem", 3) == [
        Problem(
            "rakenskapssammandrag.csv",
            "år 2025 saknas för alla 2 kommuner i verksamheten fritidshem (behövs som kostnadsår för normår 2027)",
            kolumn="ar",
        ),
        Problem(
            "nationellt.csv",
            "år 2027 saknas (behövs: KPIF för uppräkningen till normår 2027)",
            kolumn="ar",
        ),
    ]


def test_lokalkostnadsunderlagets_ar_foljer_parametern(tmp_path: Path) -> None:
    t = minimala_tabeller()
    _utan(t, "lokalkostnadsunderlag", ar="2022", kommunkod="2584")
    u = _underlag(tmp_path, t)
    vantat = [
        Problem(
            "lokalkostnadsunderlag.csv",
            "år 2022 saknas för kommun 2584 (behövs för lokalkostnadsindex till normår 2026)",
            kolumn="ar",
        )
    ]
    assert validera_for_norm(u, N, "vagledande", 3) == vantat
    assert validera_for_norm(u, N, "vagledande", 2) == []  # bara 2023–2024 behövs
    # utan argument: parametern norm.strukturtillagg.lokalindex_antal_ar = 3 (SOU 2025:72,
    # bilagan: medelvärde för 2020, 2021 och 2022)
    assert validera_for_norm(u, N, "vagledande") == vantat


def test_modersmal_och_lararlon_behovs_bara_for_fk_gr(tmp_path: Path) -> None:
    # en tom obligatorisk cell stoppas redan av läsaren; här ändras underlaget i minnet
    u = _underlag(tmp_path)
    u = dataclasses.replace(
        u,
        modersmal=u.modersmal.filter(pl.col("ar") != 2024),
        nationellt=u.nationellt.with_columns(
            larare_manadslon=pl.when(pl.col("ar") == 2024)
            .then(None)
            .otherwise(pl.col("larare_manadslon"))
        ),
    )
    assert validera_for_norm(u, N, "bindande", 3) == [
        Problem(
            "modersmal.csv",
            "år 2024 saknas för alla 2 kommuner (behövs som kostnadsår för normår 2026)",
            kolumn="ar",
        ),
        Problem(
            "nationellt.csv",
            "år 2024 saknar värde (behövs: lärarlön och PO-pålägg för kostnadsåret till normår 2026)",
            kolumn="larare_manadslon",
        ),
    ]
    assert validera_for_norm(u, N, "fritidshem", 3) == []


def test_kpif_for_varje_ar_efter_kostnadsaret(tmp_path: Path) -> None:
    t = minimala_tabeller()
    _utan(t, "nationellt", ar="2025")
    u = _underlag(tmp_path, t)
    assert validera_for_norm(u, N, "fritidshem", 3) == [
        Problem(
            "nationellt.csv",
            "år 2025 saknas (behövs: KPIF för uppräkningen till normår 2026)",
            kolumn="ar",
        )
    ]


def test_inga_elever_i_verksamheten(tmp_path: Path) -> None:
    t = minimala_tabeller()
    _utan(t, "elever", verksamhet="fritidshem")
    u = _underlag(tmp_path, t)
    assert validera_for_norm(u, N, "fritidshem", 3) == [
        Problem(
            "elever.csv",
            "inga elever i verksamheten fritidshem; minst ett läsår behövs för normår 2026",
            kolumn="verksamhet",
        )
    ]
    assert validera_for_norm(u, N, "vagledande", 3) == []


def test_statliga_enheters_kommun_behover_inga_kostnadsuppgifter(tmp_path: Path) -> None:
    """Statliga enheter deltar inte (docs/regler/norm.md#deltagande): deras kommun behöver inget RS."""
    t = minimala_tabeller()
    t["kommuner"][1].append(["0180", "Stockholm", "A1", "SE11", "110", "100"])
    rubrik, rader = t["skolenheter"]
    rader[4][rubrik.index("kommunkod")] = "0180"  # den statliga enheten
    assert validera_for_norm(_underlag(tmp_path, t), N, "vagledande", 3) == []


def test_kommun_med_bara_enskild_enhet_behover_kostnadsuppgifter(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["kommuner"][1].append(["0180", "Stockholm", "A1", "SE11", "110", "100"])
    rubrik, rader = t["skolenheter"]
    rader[1][rubrik.index("kommunkod")] = "0180"  # Friskolan Norr, enskild
    problem = validera_for_norm(_underlag(tmp_path, t), N, "vagledande", 3)
    assert [p.fil for p in problem] == [
        "rakenskapssammandrag.csv",
        "lokalkostnadsunderlag.csv",
        "lokalkostnadsunderlag.csv",
        "lokalkostnadsunderlag.csv",
        "modersmal.csv",
    ]
    assert all("kommun 0180" in p.meddelande for p in problem)


def test_deltagande_enhets_kommun_saknas_i_kommuner(tmp_path: Path) -> None:
    u = _underlag(tmp_path)
    u = dataclasses.replace(u, kommuner=u.kommuner.filter(pl.col("kommunkod") != "2584"))
    problem = validera_for_norm(u, N, "fritidshem", 3)
    assert problem[0] == Problem(
        "kommuner.csv",
        "kommun 2584 saknas (den har skolenheter som ingår i normen)",
        kolumn="kommunkod",
    )


def test_okand_variant_ar_programfel(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="okänd variant"):
        validera_for_norm(_underlag(tmp_path), N, "gymnasium", 3)


def test_kostnadsaret_foljer_parametern(tmp_path: Path) -> None:
    """C = N − norm.ar.kostnadsar_fore_normar (2 enligt SOU 2025:72, bilagan, Parametrar 1).

    Underlaget har räkenskapssammandrag och modersmål för 2023 och 2024. För N = 2026 ger
    parameterns 2 år C = 2024 (finns), 1 år C = 2025 (saknas) och 4 år C = 2022 (saknas)."""
    u = _underlag(tmp_path)
    assert validera_for_norm(u, N, "vagledande", 3) == []  # parametern: C = 2024
    assert validera_for_norm(u, N, "vagledande", 3, kostnadsar_fore_normar=2) == []
    for fore, c in ((1, 2025), (4, 2022)):
        problem = validera_for_norm(u, N, "vagledande", 3, kostnadsar_fore_normar=fore)
        assert [p.fil for p in problem if p.fil != "nationellt.csv"] == [
            "rakenskapssammandrag.csv",
            "modersmal.csv",
        ]
        assert all(f"år {c} saknas för alla 2 kommuner" in p.meddelande for p in problem[:2])


def test_lokalindexet_kraver_tre_ar_till_och_med_normaret(tmp_path: Path) -> None:
    """docs/regler/norm.md#steg-7: de tre senaste åren (källans simulering för normår 2022 använde
    2020–2022). Med bara två år till och med N är det ett fel; ett år efter N räknas inte."""
    t = minimala_tabeller()
    _utan(t, "lokalkostnadsunderlag", ar="2022")
    problem = validera_for_norm(_underlag(tmp_path, t), N, "vagledande", 3)
    assert problem == [
        Problem(
            "lokalkostnadsunderlag.csv",
            "lokalkostnadsindexet kräver 3 år till och med normåret 2026; filen har 2023, 2024",
            kolumn="ar",
        )
    ]


def test_validering_och_berakning_valjer_samma_lokalindexar(tmp_path: Path) -> None:
    """Valideringen kontrollerar exakt de år som normberäkningen medelvärdesbildar."""
    from skolpeng.data.validering_norm import lokalindexets_ar
    from skolpeng.norm.justeringar import lokalindex_ar

    lok = _underlag(tmp_path).lokalkostnadsunderlag
    for normar in (2024, 2025, 2026, 2030):
        assert (
            lokalindex_ar(lok, normar, 3) == lokalindexets_ar(lok, normar, 3) == [2022, 2023, 2024]
        )
