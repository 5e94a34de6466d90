"""``skolpeng kontrollera`` och ``hitta_underlag``."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from click.testing import CliRunner, Result

import skolpeng
from skolpeng.cli import app
from skolpeng.data import hitta_underlag
from skolpeng.fel import IndataFel
from tests.data.hjalp import minimala_tabeller, skriv_minimalt_underlag


def _kor(*argument: str) -> Result:
    """Kör ``skolpeng kontrollera ...`` (med bred terminal så att raderna inte bryts)."""
    kommando = typer.main.get_command(app)
    args = list(argument)
    if hasattr(kommando, "commands"):  # en grupp: fler kommandon än ett (det vanliga)
        args = ["kontrollera", *args]
    return CliRunner().invoke(kommando, args, env={"COLUMNS": "250"})


def _tusental(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def test_giltig_katalog_ger_sammanfattning_och_exitkod_0(tmp_path: Path) -> None:
    katalog = skriv_minimalt_underlag(tmp_path / "u")
    res = _kor("--data", str(katalog), "--ar", "2026", "--variant", "fritidshem")
    assert res.exit_code == 0, res.output
    elever = minimala_tabeller()["elever"][1]
    fk_gr_2025 = sum(int(r[4]) for r in elever if r[1] == "fk_gr" and r[2] == "2025/26")
    rad = next(r for r in res.output.splitlines() if "2025/26" in r and "fk_gr" in r)
    assert _tusental(fk_gr_2025) in rad
    assert (
        "Inga fel hittades i datasetet. Underlaget räcker för normår 2026 (variant fritidshem)."
        in res.output
    )
    assert "kostnader_huvudman" in res.output and "saknas (valfri)" in res.output


def test_noteringar_skrivs_ut(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["skolenheter"][1][0][3] = "region"
    res = _kor("--data", str(skriv_minimalt_underlag(tmp_path / "u", t)))
    assert res.exit_code == 0, res.output
    assert "skolenheter.csv: 1 rader med huvudmannatyp 'region' räknas som 'kommunal'" in res.output


def test_felaktig_katalog_ger_exitkod_2_och_alla_problem(tmp_path: Path) -> None:
    t = minimala_tabeller()
    t["elever"][1][0][4] = "-2"
    t["kommuner"][1][1][5] = "80"
    res = _kor("--data", str(skriv_minimalt_underlag(tmp_path / "u", t)))
    assert res.exit_code == 2
    assert "Fel i indata – ingenting har skrivits." in res.output
    assert "Indata innehåller 2 fel:" in res.output
    assert "elever.csv, rad 2, kolumn 'antal': värdet -2 är mindre än 0" in res.output
    assert "kommuner.csv, rad 3, kolumn 'gleshetsindex': värdet 80 är mindre än 100" in res.output


def test_saknade_ar_for_normen_ger_exitkod_2(tmp_path: Path) -> None:
    res = _kor("--data", str(skriv_minimalt_underlag(tmp_path / "u")), "--ar", "2027")
    assert res.exit_code == 2
    assert (
        "nationellt.csv, kolumn 'ar': år 2027 saknas (behövs: KPIF för uppräkningen till normår 2027)"
        in res.output
    )


def test_okand_variant_och_okant_dataset_ger_exitkod_2(tmp_path: Path) -> None:
    katalog = skriv_minimalt_underlag(tmp_path / "u")
    res = _kor("--data", str(katalog), "--ar", "2026", "--variant", "gymnasium")
    assert res.exit_code == 2
    assert "okänd variant 'gymnasium'" in res.output
    res = _kor("--data", "finns-inte-någonstans")
    assert res.exit_code == 2
    assert "finns varken som katalog eller som medföljande dataset" in res.output


def test_hitta_underlag_katalog_och_medfoljande_namn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    katalog = skriv_minimalt_underlag(tmp_path / "egen")
    assert hitta_underlag(str(katalog)) == katalog
    # ett låtsat paket med två medföljande dataset och en katalog som inte är ett dataset
    paket = tmp_path / "paket"
    skriv_minimalt_underlag(paket / "dataset" / "testland")
    skriv_minimalt_underlag(paket / "dataset" / "annatland")
    (paket / "dataset" / "inte_ett_dataset").mkdir()
    monkeypatch.setattr(skolpeng, "__file__", str(paket / "__init__.py"))
    assert hitta_underlag("testland") == paket / "dataset" / "testland"
    with pytest.raises(IndataFel) as info:
        hitta_underlag("sverige")
    assert info.value.problem[0].meddelande == (
        "finns varken som katalog eller som medföljande dataset; medföljande dataset: annatland, testland"
    )
