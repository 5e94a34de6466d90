"""``skolpeng fordela --tillaggsbelopp FIL`` (docs/regler/fordelning-och-bidrag.md#tillaggsbelopp; skolförordningen 14 kap. 4 § 6
i den lydelse som föreslås i SOU 2025:72): tilläggsbeloppen når bidrag.csv, besluten (HTML,
PDF, bidragsbeslut.xlsx) och manifestet, med moms 6 % och utan administration och avdrag;
dålig indata ger alla problem på svenska med fil, rad och kolumn, exitkod 2 och inget
skrivet. Beloppen räknas för hand här ur bidrag.csv utan tilläggsbelopp."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.talformat import kr
from skolpeng.utdata import sha256_fil
from tests.cli.test_fordela_cli import MODELL_2026
from tests.data.hjalp import skriv_minimalt_underlag

runner = CliRunner()
SCHEMA = {"skolenhetskod": pl.String, "huvudman_id": pl.String}


def _kor(*arg: str):
    return runner.invoke(app, ["fordela", *arg], catch_exceptions=False)


@pytest.fixture(scope="module")
def katalog(tmp_path_factory) -> Path:
    k = tmp_path_factory.mktemp("tillagg")
    skriv_minimalt_underlag(k / "data")
    (k / "modell.yaml").write_text(yaml.safe_dump(MODELL_2026, allow_unicode=True), "utf-8")
    res = _kor("--modell", str(k / "modell.yaml"), "--data", str(k / "data"),
               "--ut", str(k / "utan"), "--utan-pdf")  # fmt: skip
    assert res.exit_code == 0, res.output
    return k


def _rad(b: pl.DataFrame, kod: str, stadium: str) -> dict:
    return b.filter((pl.col("skolenhetskod") == kod) & (pl.col("stadium") == stadium)).row(
        0, named=True
    )


def test_tillaggsbelopp_i_bidrag_csv_beslut_och_excel(katalog: Path) -> None:
    bas = pl.read_csv(katalog / "utan" / "bidrag.csv", schema_overrides=SCHEMA)
    forsta = bas.row(0, named=True)
    enhet, stadium, hm = forsta["skolenhetskod"], forsta["stadium"], forsta["huvudman_id"]
    elever = forsta["elever"]
    summa = 60_000
    fil = katalog / "tillagg.csv"
    fil.write_text(
        "skolenhetskod,stadium,andamal,belopp_kr\n"
        f"{enhet},{stadium},Särskilt stöd,{summa // 2}\n"
        f"{enhet},{stadium},Modersmålsundervisning,{summa // 2}\n",
        encoding="utf-8",
    )
    ut = katalog / "med"
    res = _kor("--modell", str(katalog / "modell.yaml"), "--data", str(katalog / "data"),
               "--ut", str(ut), "--tillaggsbelopp", str(fil))  # fmt: skip
    assert res.exit_code == 0, res.output
    assert f"varav tilläggsbelopp {kr(summa)} före mervärdesskatt" in res.output
    b = pl.read_csv(ut / "bidrag.csv", schema_overrides=SCHEMA)
    rad, fore = _rad(b, enhet, stadium), _rad(bas, enhet, stadium)
    per_elev = summa / elever
    assert rad["tillaggsbelopp_ar_kr"] == summa and fore["tillaggsbelopp_ar_kr"] == 0
    assert rad["tillaggsbelopp"] == pytest.approx(per_elev, abs=0.5)
    assert rad["moms_tillaggsbelopp"] == pytest.approx(0.06 * per_elev, abs=0.5)
    # moms 6 % på tillägget, ingen administration och inget avdrag (hela kronor: ±1 kr)
    assert rad["administration"] == fore["administration"]
    assert rad["avdrag_utbudsansvar"] == fore["avdrag_utbudsansvar"]
    assert rad["moms"] == pytest.approx(fore["moms"] + 0.06 * per_elev, abs=1)
    assert rad["bidrag"] == pytest.approx(fore["bidrag"] + 1.06 * per_elev, abs=1)
    assert rad["bidrag_totalt_kr"] == pytest.approx(
        fore["bidrag_totalt_kr"] + 1.06 * summa, abs=elever
    )
    andra = b.filter(pl.col("skolenhetskod") != enhet)
    assert andra.equals(bas.filter(pl.col("skolenhetskod") != enhet))
    # beslutet (HTML och PDF) visar det
    beslut = (ut / "beslut" / f"{hm}.html").read_text(encoding="utf-8")
    assert '<th scope="row">Tilläggsbelopp</th>' in beslut
    assert "<h2>Tilläggsbelopp</h2>" in beslut and kr(summa) in beslut
    assert "Särskilt stöd; Modersmålsundervisning" in beslut
    assert "14 kap. 4 § 6" in beslut
    assert (ut / "beslut" / f"{hm}.pdf").read_bytes().startswith(b"%PDF")
    # bidragsbeslut.xlsx
    bok = openpyxl.load_workbook(ut / "bidragsbeslut.xlsx", read_only=True)
    ark = bok["Alla enheter"]
    rader = list(ark.iter_rows(values_only=True))
    rubriker = list(rader[0])
    i_ar = rubriker.index("Varav tilläggsbelopp per år (utan mervärdesskatt), kr")
    i_elev = rubriker.index("Tilläggsbelopp, kr per elev")
    i_kod = rubriker.index("Skolenhetskod")
    med = [r for r in rader[1:] if r[i_kod] == enhet and r[i_ar]]
    assert len(med) == 1 and med[0][i_ar] == summa
    assert med[0][i_elev] == pytest.approx(per_elev, abs=0.5)
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["indata_sha256"]["bidrag/tillagg.csv"] == sha256_fil(fil)
    assert manifest["argument"]["tillaggsbelopp"] == str(fil)


def test_dalig_fil_alla_problem_exitkod_2_inget_skrivet(katalog: Path) -> None:
    bas = pl.read_csv(katalog / "utan" / "bidrag.csv", schema_overrides=SCHEMA)
    enhet = bas["skolenhetskod"][0]
    kommunal = pl.read_csv(katalog / "utan" / "fordelning.csv", schema_overrides=SCHEMA).join(
        bas.select("skolenhetskod").unique(), on="skolenhetskod", how="anti"
    )["skolenhetskod"][0]
    fil = katalog / "fel.csv"
    fil.write_text(
        "skolenhetskod,stadium,andamal,belopp_kr\n"
        f"{kommunal},1-3,Stöd,1000\n"
        f"{enhet},1-3,,-5\n"
        f"{enhet},åk 2,Stöd,sju\n",
        encoding="utf-8",
    )
    ut = katalog / "fel_ut"
    res = _kor("--modell", str(katalog / "modell.yaml"), "--data", str(katalog / "data"),
               "--ut", str(ut), "--tillaggsbelopp", str(fil), "--utan-pdf")  # fmt: skip
    assert res.exit_code == 2
    text = " ".join(res.output.split())
    assert "fel.csv" in text
    assert "rad 3, kolumn 'belopp_kr'" in text
    assert "rad 4, kolumn 'stadium'" in text and "rad 4, kolumn 'belopp_kr'" in text
    assert not ut.exists()
    # cellerna rätt men enheten kommunal respektive okänd: upptäcks mot fördelningen
    fil.write_text(
        "skolenhetskod,stadium,andamal,belopp_kr\n"
        f"{kommunal},1-3,Stöd,1000\n99999999,1-3,Stöd,500\n",
        encoding="utf-8",
    )
    res = _kor("--modell", str(katalog / "modell.yaml"), "--data", str(katalog / "data"),
               "--ut", str(ut), "--tillaggsbelopp", str(fil), "--utan-pdf")  # fmt: skip
    assert res.exit_code == 2
    text = " ".join(res.output.split())
    assert "rad 2, kolumn 'skolenhetskod'" in text and "inte en enskild huvudman" in text
    assert "rad 3, kolumn 'skolenhetskod'" in text and "finns inte bland kommunens" in text
    assert not ut.exists()
