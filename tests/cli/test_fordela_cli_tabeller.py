"""Ett kommando kräver bara de tabeller det använder (docs/regler/dataformat.md, reviderad): ``skolpeng
fordela`` räknar på ett dataset med bara ``skolenheter``, ``elever`` och
``socioekonomiskt_index``; en saknad tabell för normen hoppar bara över jämförelsen med normen,
med en svensk notering i sammanfattningen, manifestet och ``beaktande.md``; ``skolpeng norm``
kräver fortfarande sina tabeller med ett tydligt fel."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.data.lasning import las_underlag
from skolpeng.data.schema import KOMMANDONS_TABELLER, NORMENS_TABELLER, kravda_tabeller
from skolpeng.fel import IndataFel
from tests.cli.test_fordela_cli import MODELL_2026, _skriv_modell
from tests.data.hjalp import skriv_minimalt_underlag

runner = CliRunner()
TRE = ("skolenheter", "elever", "socioekonomiskt_index")
NORMENS_EGNA = ("kommuner", "lokalkostnadsunderlag", "rakenskapssammandrag", "modersmal",
                "nationellt")  # fmt: skip


def _fordela(modell: Path, data: Path, ut: Path):
    return runner.invoke(app, ["fordela", "--modell", str(modell), "--data", str(data), "--ar",
                               "2026", "--ut", str(ut), "--utan-pdf"], catch_exceptions=False)  # fmt: skip


def _utan(hel: Path, ny: Path, tabeller: tuple[str, ...]) -> Path:
    shutil.copytree(hel, ny)
    for t in tabeller:
        (ny / f"{t}.csv").unlink()
    return ny


@pytest.fixture(scope="module")
def katalog(tmp_path_factory) -> Path:
    k = tmp_path_factory.mktemp("tabeller")
    skriv_minimalt_underlag(k / "hel")
    _skriv_modell(k, "modell.yaml", MODELL_2026)
    _utan(k / "hel", k / "tre", NORMENS_EGNA)
    _utan(k / "hel", k / "utan_modersmal", ("modersmal",))
    return k


@pytest.fixture(scope="module")
def hel(katalog) -> Path:
    res = _fordela(katalog / "modell.yaml", katalog / "hel", katalog / "ut_hel")
    assert res.exit_code == 0, res.output
    return katalog / "ut_hel"


@pytest.fixture(scope="module")
def tre(katalog) -> tuple[Path, str]:
    res = _fordela(katalog / "modell.yaml", katalog / "tre", katalog / "ut_tre")
    assert res.exit_code == 0, res.output
    return katalog / "ut_tre", res.output


def test_kommandonas_tabeller_ar_delmangder_av_datasetets():
    alla = kravda_tabeller(None)
    assert set(NORMENS_TABELLER) <= alla
    for kommando in KOMMANDONS_TABELLER:
        assert kravda_tabeller(kommando) <= alla
    assert kravda_tabeller("fordela") == set(TRE)


def test_las_underlag_for_fordela_utan_normens_tabeller(katalog):
    u = las_underlag(katalog / "tre", "fordela")
    assert all(u.tabell(t) is None for t in NORMENS_EGNA)
    assert all(u.tabell(t).height > 0 for t in TRE)
    with pytest.raises(IndataFel) as fel:
        las_underlag(katalog / "tre")  # hela datasetets kontrakt: alla fem saknas
    saknade = {p.fil for p in fel.value.problem}
    assert saknade == {f"{t}.csv" for t in NORMENS_EGNA}


def test_tre_tabeller_racker_och_ger_samma_fordelning(hel, tre):
    ut, _ = tre
    a = pl.read_csv(hel / "fordelning.csv", infer_schema_length=0).sort(pl.all())
    b = pl.read_csv(ut / "fordelning.csv", infer_schema_length=0).sort(pl.all())
    assert a.height > 0
    assert a.equals(b)  # fördelningen använder ingen av normens tabeller
    potter = pl.read_csv(ut / "fordelning.csv")
    # potterna är andelar 0,85 + 0,10 + 0,05 av ramen: allt fördelas
    assert potter["belopp_kr"].sum() == pytest.approx(MODELL_2026["ram_kr"], abs=1)


def test_saknad_normtabell_ger_notering_i_sammanfattning_manifest_och_beaktande(tre):
    ut, utskrift = tre
    assert "Jämförelsen med normen har inte gjorts" in utskrift
    assert "kommuner.csv" in utskrift and "modersmal.csv" in utskrift
    assert "Kommun 0114, kalenderåret 2026" in utskrift  # utan kommuner.csv: koden, inget namn
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert any(a.startswith("Jämförelsen med normen har inte gjorts")
               for a in manifest["anteckningar"])  # fmt: skip
    beaktande = (ut / "beaktande.md").read_text(encoding="utf-8")
    assert "inte jämförts med den nationella normen" in beaktande
    assert "nationellt.csv" in beaktande
    assert not (ut / "normjamforelse.csv").exists()


def test_en_saknad_normtabell_namns_och_kommunens_namn_finns_kvar(katalog, hel):
    ut = katalog / "ut_utan_modersmal"
    res = _fordela(katalog / "modell.yaml", katalog / "utan_modersmal", ut)
    assert res.exit_code == 0, res.output
    assert "Jämförelsen med normen har inte gjorts: underlaget saknar modersmal.csv." in res.output
    assert "Kommun 0114," not in res.output and "(0114), kalenderåret 2026" in res.output
    assert (hel / "normjamforelse.csv").exists()  # med alla tabeller görs jämförelsen
    assert not (ut / "normjamforelse.csv").exists()


def test_norm_kraver_sina_tabeller(katalog, tmp_path):
    ut = tmp_path / "norm"
    res = runner.invoke(app, ["norm", "--data", str(katalog / "utan_modersmal"), "--ar", "2026",
                              "--variant", "vagledande", "--ut", str(ut)])  # fmt: skip
    assert res.exit_code == 2, res.output
    text = " ".join(res.output.split())
    assert "modersmal.csv" in text and "skolpeng norm behöver den" in text
    assert not ut.exists()
