"""Bidragens indata: villkorade belopp (SOU 2025:72 avsnitt 10.5.2) och faktiska
lokalkostnader (skolförordningen 14 kap. 6 §): läsning och kontroll mot fördelningen, alla
problem på en gång med fil, rad och kolumn."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from skolpeng.fel import IndataFel
from skolpeng.fordelning.lika_villkor.indata import (
    VILLKORAT_KOLUMNER,
    kontrollera_villkorade_belopp,
    las_faktiska_lokalkostnader,
    las_villkorade_belopp,
)
from tests.fordelning import bidrag_hjalp as h


def _skriv(path: Path, rader: list[str]) -> Path:
    path.write_text("\n".join(rader) + "\n", encoding="utf-8")
    return path


def test_las_och_kontrollera_giltig_fil(tmp_path: Path) -> None:
    fil = _skriv(
        tmp_path / "villkorade_belopp.csv",
        [
            "skolenhetskod;stadium;andamal;villkor;kr_per_elev",
            "30000003;;resursskola;mottagandet begränsat till elever i behov av stöd;12 500,50",
            "30000001;F;frukost;frukost serveras varje skoldag;800",
        ],
    )
    ram = kontrollera_villkorade_belopp(las_villkorade_belopp(fil), h.fordelning())
    assert ram.columns == list(VILLKORAT_KOLUMNER)
    assert ram["stadium"].to_list() == [None, "F"]
    assert ram["kr_per_elev"].to_list() == [12_500.5, 800.0]


def test_daliga_celler_rapporteras_med_rad_och_kolumn(tmp_path: Path) -> None:
    fil = _skriv(
        tmp_path / "villkorade_belopp.csv",
        [
            "skolenhetskod,stadium,andamal,villkor,kr_per_elev",
            "30000003,åk 7,resursskola,villkor,abc",
            "30000001,F,,villkor,-5",
        ],
    )
    with pytest.raises(IndataFel) as fel:
        las_villkorade_belopp(fil)
    platser = {(p.rad, p.kolumn) for p in fel.value.problem}
    assert {(2, "stadium"), (2, "kr_per_elev"), (3, "andamal"), (3, "kr_per_elev")} <= platser


def test_kontroll_mot_fordelningen_alla_problem_pa_en_gang() -> None:
    ram = pl.DataFrame(
        {
            "skolenhetskod": ["10000001", "99999999", "30000002", "30000001", "30000001"],
            "stadium": [None, None, "7-9", "F", "F"],
            "andamal": ["profil", "profil", "profil", "frukost", "frukost"],
            "villkor": ["x", "x", "x", "x", "x"],
            "kr_per_elev": [100.0, 100.0, 100.0, 100.0, 100.0],
        },
        schema_overrides={"stadium": pl.String},
    )
    with pytest.raises(IndataFel) as fel:
        kontrollera_villkorade_belopp(ram, h.fordelning(), "villkorade_belopp.csv")
    text = str(fel.value)
    assert "rad 2" in text and "inte en enskild huvudman" in text  # kommunal enhet
    assert "rad 3" in text and "finns inte" in text  # okänd enhet
    assert "rad 4" in text and "inga elever i stadium 7-9" in text
    assert "rad 6" in text and "flera gånger" in text
    assert len(fel.value.problem) == 4


def test_las_faktiska_lokalkostnader(tmp_path: Path) -> None:
    fil = _skriv(
        tmp_path / "faktiska_lokalkostnader.csv",
        ["skolenhetskod;kr_per_elev;skal", "30000003;12 000;nybyggda lokaler", "3000001;-1;"],
    )
    with pytest.raises(IndataFel) as fel:
        las_faktiska_lokalkostnader(fil)
    assert {(p.rad, p.kolumn) for p in fel.value.problem} == {(3, "kr_per_elev"), (3, "skal")}
    fil.write_text("skolenhetskod;kr_per_elev;skal\n30000003;12 000;nybyggda lokaler\n")
    ram = las_faktiska_lokalkostnader(fil)
    assert ram.rows() == [("30000003", 12_000.0, "nybyggda lokaler")]
