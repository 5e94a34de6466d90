"""``skolpeng uppfoljning rapport --anvandning FIL`` (och ``--ar N`` med ``--databas``):
rektorernas redovisningar av de riktade medlen blir ett numrerat avsnitt i kommunens årliga
rapport, med summorna per kategori ur filen (räknade här ur filens rader) och andelarna mot
de riktade medlen i fördelningen; fel ger svenska meddelanden, exitkod 2 och inga filer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.talformat import heltal

ROT = Path(__file__).resolve().parents[2]
runner = CliRunner()
GBG = "1480"


def _kor(*arg: str):
    return runner.invoke(app, list(arg), catch_exceptions=False)


@pytest.fixture(scope="module")
def fordelning(tmp_path_factory) -> Path:
    k = tmp_path_factory.mktemp("fordela_anv")
    data = k / "sverige"
    shutil.copytree(ROT / "src" / "skolpeng" / "dataset" / "sverige", data)
    modell = ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"
    r = _kor("fordela", "--modell", str(modell), "--data", str(data), "--ut", str(k / "f"),
             "--utan-pdf")  # fmt: skip
    assert r.exit_code == 0, r.output
    return k / "f"


def _riktade_enheter(fordelning: Path) -> dict[str, float]:
    """Oberoende: strukturbeloppet (Göteborgstypens enda pott med indexnyckel) per enhet."""
    f = pl.read_csv(fordelning / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    f = f.filter(pl.col("pott") == "strukturbelopp")
    return dict(f.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum()).iter_rows())


def test_avsnittet_ur_filen_med_ratt_summor(fordelning: Path, tmp_path: Path) -> None:
    riktat = {k: v for k, v in _riktade_enheter(fordelning).items() if v > 0}
    a, b = sorted(riktat)[:2]
    rader = [(a, 1, 1000), (a, "Annat", 3000), (b, 2, 2500), (b, 1, 500)]
    fil = tmp_path / "anv.csv"
    fil.write_text(
        "skolenhetskod;ar;kategori;belopp_kr;arsarbetare;text\n"
        + "".join(f"{k};2026;{kat};{v};;insats\n" for k, kat, v in rader),
        encoding="utf-8",
    )
    ut = tmp_path / "ut"
    r = _kor("uppfoljning", "rapport", "--kommun", GBG, "--ut", str(ut), "--fordelning",
             str(fordelning), "--anvandning", str(fil))  # fmt: skip
    assert r.exit_code == 0, r.output
    html = (ut / "uppfoljningsrapport.html").read_text(encoding="utf-8")
    assert "Hur de riktade medlen använts 2026</h2>" in html
    assert html.index("Hur de riktade medlen använts") < html.index("Om underlaget")
    kat = pl.read_csv(ut / "riktade_medel_anvandning_kategorier.csv")
    summor = dict(kat.select("kategori", "belopp_kr").iter_rows())
    assert summor["Ledning och administration"] == pytest.approx(1500)
    assert summor["Ordinarie klassverksamhet"] == pytest.approx(2500)
    assert summor["Annat"] == pytest.approx(3000)
    assert kat["belopp_kr"].sum() == pytest.approx(7000)
    andel = dict(kat.select("kategori", "andel_av_riktat").iter_rows())
    assert andel["Annat"] == pytest.approx(3000 / (riktat[a] + riktat[b]))
    assert (ut / "riktade_medel_anvandning_enheter.csv").is_file()
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["argument"]["anvandning"] == str(fil)
    assert manifest["argument"]["extra_delar"] == ["Hur de riktade medlen använts 2026"]
    for v in (1500, 2500, 3000):  # tabellens belopp som de skrivs i rapporten
        assert f'<td class="tal">{heltal(v)}</td>' in html


def test_fel_i_filen_eller_argumenten_skriver_inget(fordelning: Path, tmp_path: Path) -> None:
    fil = tmp_path / "anv.csv"
    fil.write_text("skolenhetskod;ar;kategori;belopp_kr;arsarbetare;text\n"
                   "99999999;2026;1;100;;x\n", encoding="utf-8")  # fmt: skip
    ut = tmp_path / "ut"
    r = _kor("uppfoljning", "rapport", "--kommun", GBG, "--ut", str(ut), "--fordelning",
             str(fordelning), "--anvandning", str(fil))  # fmt: skip
    assert r.exit_code == 2
    assert "skolenheten 99999999 har inga riktade medel för 2026 i --fordelning" in " ".join(
        r.output.split()
    )
    assert not ut.exists()
    r = _kor("uppfoljning", "rapport", "--kommun", GBG, "--ut", str(ut), "--anvandning", str(fil))
    assert r.exit_code == 2 and "kräver --fordelning" in " ".join(r.output.split())
    r = _kor("uppfoljning", "rapport", "--kommun", GBG, "--ut", str(ut), "--ar", "2026",
             "--databas", f"sqlite:///{tmp_path / 'finnsinte.db'}")  # fmt: skip
    assert r.exit_code == 2 and "databasen finns inte" in r.output
    assert not ut.exists()
