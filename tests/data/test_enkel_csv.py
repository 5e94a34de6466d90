"""``skolpeng.data.enkel_csv``: den gemensamma läsningen av elevserier och kostnadspaneler."""

from __future__ import annotations

from pathlib import Path

import pytest

from skolpeng.data.enkel_csv import las_enkel_csv
from skolpeng.fel import IndataFel, Problem


def test_semikolon_ger_decimalkomma_radnummer_och_utfyllda_rader(tmp_path: Path) -> None:
    fil = tmp_path / "serie.csv"
    fil.write_bytes("ar;antal_elever;extra\n\n2020; 1 234,5 \n2021;x;y\n".encode("cp1252"))
    csv = las_enkel_csv(fil)
    assert csv.rubrik == ["ar", "antal_elever", "extra"]
    assert csv.decimalkomma
    # Den tomma raden hoppas över; raderna fylls ut till rubrikradens längd.
    assert csv.rader == [(2, ["2020", "1 234,5", ""]), (3, ["2021", "x", "y"])]
    assert csv.tal(2, csv.rader[0][1], "antal_elever", "ett antal") == (1234.5, True)
    assert csv.tal(2, csv.rader[0][1], "extra", "ett antal") == (None, True)
    assert csv.tal(3, csv.rader[1][1], "antal_elever", "ett antal") == (None, False)
    assert csv.artal(2, csv.rader[0][1]) == 2020
    assert csv.problem == [Problem(str(fil), "förväntade ett antal, fick 'x'", 3, "antal_elever")]


def test_artal_maste_vara_ett_heltal(tmp_path: Path) -> None:
    fil = tmp_path / "panel.csv"
    fil.write_text("kommunkod,ar\n0114,2020.5\n0114,\n", encoding="utf-8")
    csv = las_enkel_csv(fil)
    assert not csv.decimalkomma
    assert [csv.artal(r, c) for r, c in csv.rader] == [None, None]
    assert [str(p) for p in csv.problem] == [
        f"{fil}, rad 2, kolumn 'ar': förväntade ett årtal, fick '2020.5'",
        f"{fil}, rad 3, kolumn 'ar': förväntade ett årtal, fick ''",
    ]


@pytest.mark.parametrize(
    ("innehall", "meddelande"), [(None, "filen finns inte"), ("\n \n", "filen är tom")]
)
def test_saknad_eller_tom_fil(tmp_path: Path, innehall: str | None, meddelande: str) -> None:
    fil = tmp_path / "x.csv"
    if innehall is not None:
        fil.write_text(innehall, encoding="utf-8")
    with pytest.raises(IndataFel) as e:
        las_enkel_csv(fil)
    assert e.value.problem == [Problem(str(fil), meddelande)]
