"""``uppfoljning riktade-medel --anvandning FIL``: analysen av alla riktade medel tar med
rektorernas redovisningar; andelen räknas mot de riktade medlen i fördelningens utdata
(oberoende här: Σ belopp_kr i fordelning.csv för de riktade potterna). Fel i filen: exitkod 2
och ingen utkatalog."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.uppfoljning.test_fran_fordelning import _kor, kataloger  # noqa: F401

RIKTADE = ("strukturbelopp", "statsbidrag_likvardig_skola")  # KLASS i test_fran_fordelning


def _riktat(katalog: Path) -> dict[str, float]:
    f = pl.read_csv(katalog / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    f = f.filter(pl.col("pott").is_in(RIKTADE))
    return dict(f.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum()).iter_rows())


def test_redovisningarna_i_analysen(kataloger, tmp_path: Path) -> None:  # noqa: F811
    _, ut1, ut2 = kataloger
    riktat = _riktat(ut1)
    a, b = sorted(riktat)[:2]
    fil = tmp_path / "anv.csv"
    fil.write_text(
        "skolenhetskod;ar;kategori;belopp_kr;arsarbetare;text\n"
        f"{a};2026;1;1 000;;x\n{a};2026;Annat;3 000;;y\n{b};2026;2;2 500,5;;z\n",
        encoding="utf-8",
    )
    ut = tmp_path / "ut"
    res = _kor("uppfoljning", "riktade-medel", "--belopp", f"{ut1},{ut2}", "--anvandning",
               str(fil), "--ut", str(ut))  # fmt: skip
    assert res.exit_code == 0, res.output
    enh = pl.read_csv(ut / "riktade_medel_anvandning_enheter.csv",
                      schema_overrides={"skolenhetskod": pl.String})  # fmt: skip
    rad = {r["skolenhetskod"]: r for r in enh.iter_rows(named=True)}
    assert rad[a]["andel_redovisad"] == pytest.approx(4000 / riktat[a])
    assert rad[a]["andel_utanfor"] == pytest.approx(3000 / riktat[a])
    assert rad[b]["redovisat_kr"] == pytest.approx(2500.5)
    kat = pl.read_csv(ut / "riktade_medel_anvandning_kategorier.csv")
    assert kat["belopp_kr"].sum() == pytest.approx(6500.5)
    andel = dict(kat.select("kategori", "andel_av_riktat").iter_rows())
    assert andel["Annat"] == pytest.approx(3000 / (riktat[a] + riktat[b]))
    html = (ut / "riktade_medel.html").read_text(encoding="utf-8")
    assert "Hur de riktade medlen använts" in html and "Användningen per kategori" in html


def test_fel_i_filen_skriver_inget(kataloger, tmp_path: Path) -> None:  # noqa: F811
    _, ut1, _ = kataloger
    fil = tmp_path / "anv.csv"
    fil.write_text("skolenhetskod;ar;kategori;belopp_kr;arsarbetare;text\n"
                   "99999999;2026;1;100;;x\n", encoding="utf-8")  # fmt: skip
    ut = tmp_path / "ut"
    res = _kor("uppfoljning", "riktade-medel", "--belopp", str(ut1), "--anvandning", str(fil),
               "--ut", str(ut))  # fmt: skip
    assert res.exit_code == 2
    assert (
        "anv.csv, rad 2, kolumn 'skolenhetskod': skolenheten 99999999 har inga riktade medel för 2026 i --belopp"
        in " ".join(res.output.split())
    )
    assert not ut.exists()
