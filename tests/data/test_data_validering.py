"""Validering inom och mellan tabeller: ett test per felklass i docs/regler/dataformat.md#validering.

Radnummer som i ett kalkylprogram: rubrikraden = 1, första dataraden (index 0) = rad 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skolpeng.data import las_underlag
from skolpeng.data.problemlista import MAX_PER_FEL
from skolpeng.fel import IndataFel, Problem
from tests.data.hjalp import Tabelltext, minimala_tabeller, skriv_minimalt_underlag


def _problem(tmp_path: Path, t: dict[str, Tabelltext]) -> list[Problem]:
    with pytest.raises(IndataFel) as info:
        las_underlag(skriv_minimalt_underlag(tmp_path / "u", t))
    return info.value.problem


def _satt(t: dict[str, Tabelltext], tabell: str, index: int, kolumn: str, varde: str) -> int:
    """Sätter en cell och ger dess radnummer i filen."""
    rubrik, rader = t[tabell]
    rader[index][rubrik.index(kolumn)] = varde
    return index + 2


def test_negativt_elevantal(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "elever", 7, "antal", "-3")
    assert _problem(tmp_path, t) == [
        Problem("elever.csv", "värdet -3 är mindre än 0", rad, "antal")
    ]


def test_elevantal_som_inte_ar_heltal(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "elever", 11, "antal", "12.5")
    assert _problem(tmp_path, t) == [
        Problem("elever.csv", "'12.5' är inte ett heltal", rad, "antal")
    ]


def test_elevantal_som_inte_ar_tal(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "elever", 0, "antal", "tolv")
    assert _problem(tmp_path, t) == [Problem("elever.csv", "'tolv' är inte ett tal", rad, "antal")]


def test_dubbel_nyckel_namner_bada_raderna(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rader = t["elever"][1]
    rader.append(list(rader[4]))  # en kopia av rad 6 sist i filen
    sista = len(rader) + 1
    assert _problem(tmp_path, t) == [
        Problem(
            "elever.csv",
            "dubblett: samma nyckel (skolenhetskod=10000001, verksamhet=fk_gr, lasar=2025/26, "
            "arskurs=4) som rad 6",
            sista,
            "skolenhetskod, verksamhet, lasar, arskurs",
        )
    ]


def test_dubbel_skolenhetskod(tmp_path: Path) -> None:
    t = minimala_tabeller()
    _satt(t, "skolenheter", 1, "skolenhetskod", "10000001")
    t["elever"] = (t["elever"][0], [r for r in t["elever"][1] if r[0] != "10000002"])
    t["socioekonomiskt_index"] = (
        t["socioekonomiskt_index"][0],
        [r for r in t["socioekonomiskt_index"][1] if r[0] != "10000002"],
    )
    assert _problem(tmp_path, t) == [
        Problem(
            "skolenheter.csv",
            "dubblett: samma nyckel (skolenhetskod=10000001) som rad 2",
            3,
            "skolenhetskod",
        )
    ]


def test_skolenhet_utan_kommun(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "skolenheter", 2, "kommunkod", "")
    assert _problem(tmp_path, t) == [Problem("skolenheter.csv", "värde saknas", rad, "kommunkod")]


def test_skolenhetens_kommun_saknas_i_kommuner(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "skolenheter", 1, "kommunkod", "0999")
    assert _problem(tmp_path, t) == [
        Problem("skolenheter.csv", "kommunkod 0999 finns inte i kommuner.csv", rad, "kommunkod")
    ]


def test_kommunuppgifter_for_kommun_som_saknas_i_kommuner(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad_rs = _satt(t, "rakenskapssammandrag", 0, "kommunkod", "0180")
    rad_lok = _satt(t, "lokalkostnadsunderlag", 2, "kommunkod", "0180")
    rad_mm = _satt(t, "modersmal", 0, "kommunkod", "0180")
    assert _problem(tmp_path, t) == [
        Problem(
            "lokalkostnadsunderlag.csv",
            "kommunkod 0180 finns inte i kommuner.csv",
            rad_lok,
            "kommunkod",
        ),
        Problem(
            "rakenskapssammandrag.csv",
            "kommunkod 0180 finns inte i kommuner.csv",
            rad_rs,
            "kommunkod",
        ),
        Problem("modersmal.csv", "kommunkod 0180 finns inte i kommuner.csv", rad_mm, "kommunkod"),
    ]


def test_elever_och_index_for_skolenhet_som_saknas(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad_el = _satt(t, "elever", 3, "skolenhetskod", "99999999")
    rad_ix = _satt(t, "socioekonomiskt_index", 0, "skolenhetskod", "99999999")
    assert _problem(tmp_path, t) == [
        Problem(
            "elever.csv",
            "skolenhetskod 99999999 finns inte i skolenheter.csv",
            rad_el,
            "skolenhetskod",
        ),
        Problem(
            "socioekonomiskt_index.csv",
            "skolenhetskod 99999999 finns inte i skolenheter.csv",
            rad_ix,
            "skolenhetskod",
        ),
    ]


@pytest.mark.parametrize("varde", ["0", "-4.5"])
def test_index_som_inte_ar_storre_an_noll(tmp_path: Path, varde: str) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "socioekonomiskt_index", 5, "index", varde)
    assert _problem(tmp_path, t) == [
        Problem("socioekonomiskt_index.csv", f"värdet {varde} måste vara större än 0", rad, "index")
    ]


def test_gleshetsindex_under_100(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "kommuner", 1, "gleshetsindex", "95")
    assert _problem(tmp_path, t) == [
        Problem("kommuner.csv", "värdet 95 är mindre än 100", rad, "gleshetsindex")
    ]


def test_belopp_som_inte_ar_tal(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "rakenskapssammandrag", 2, "nettokostnad", "okänt")
    rad2 = _satt(t, "rakenskapssammandrag", 3, "externa_lokalhyror", "1.234,5")  # punkt och komma
    assert _problem(tmp_path, t) == [
        Problem("rakenskapssammandrag.csv", "'okänt' är inte ett tal", rad, "nettokostnad"),
        Problem(
            "rakenskapssammandrag.csv", "'1.234,5' är inte ett tal", rad2, "externa_lokalhyror"
        ),
    ]


def test_ogiltigt_varde_i_fast_lista(tmp_path: Path) -> None:
    t = minimala_tabeller()
    rad = _satt(t, "elever", 2, "verksamhet", "gymnasium")
    rad2 = _satt(t, "elever", 5, "arskurs", "10")
    assert _problem(tmp_path, t) == [
        Problem(
            "elever.csv",
            "ogiltigt värde 'gymnasium'; tillåtna värden: fk_gr, fritidshem, anpassad_gr",
            rad,
            "verksamhet",
        ),
        Problem(
            "elever.csv",
            "ogiltigt värde '10'; tillåtna värden: F, 1, 2, 3, 4, 5, 6, 7, 8, 9",
            rad2,
            "arskurs",
        ),
    ]


def test_alla_fel_i_alla_filer_rapporteras_pa_en_gang(tmp_path: Path) -> None:
    t = minimala_tabeller()
    r1 = _satt(t, "elever", 0, "antal", "-1")
    r2 = _satt(t, "kommuner", 0, "loneindex", "hög")
    r3 = _satt(t, "nationellt", 2, "kpif_prognos", "ja")
    r4 = _satt(t, "skolenheter", 4, "kommunkod", "0999")
    rubrik, rader = t["modersmal"]
    t["modersmal"] = (rubrik[:2], [r[:2] for r in rader])
    problem = _problem(tmp_path, t)
    assert sorted(problem, key=str) == sorted(
        [
            Problem("elever.csv", "värdet -1 är mindre än 0", r1, "antal"),
            Problem("kommuner.csv", "'hög' är inte ett tal", r2, "loneindex"),
            Problem("nationellt.csv", "'ja' ska vara 0 eller 1", r3, "kpif_prognos"),
            Problem("skolenheter.csv", "kommunkod 0999 finns inte i kommuner.csv", r4, "kommunkod"),
            Problem(
                "modersmal.csv", "kolumnen 'arsarbetskrafter' saknas", None, "arsarbetskrafter"
            ),
        ],
        key=str,
    )


def test_manga_lika_fel_sammanfattas_utan_att_doljas(tmp_path: Path) -> None:
    t = minimala_tabeller()
    for i in range(30):
        _satt(t, "elever", i, "antal", f"x{i}")
    problem = _problem(tmp_path, t)
    assert len(problem) == MAX_PER_FEL + 1
    assert [p.rad for p in problem[:MAX_PER_FEL]] == list(range(2, 2 + MAX_PER_FEL))
    assert problem[-1] == Problem(
        "elever.csv",
        f"ytterligare {30 - MAX_PER_FEL} rader från rad {2 + MAX_PER_FEL} med samma fel ('…' är inte ett tal)",
        None,
        "antal",
    )
