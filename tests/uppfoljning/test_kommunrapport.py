"""Kommunens årliga uppföljningsrapport (``skolpeng uppfoljning rapport``).

Stockholm (0180) utan fördelning och Göteborg (1480) med två års ``skolpeng fordela`` (den
medföljande Göteborgsmodellen 2026 och samma modell 2027 med 21 % strukturbelopp och 3 %
större ram, på ``sverige`` med 2026 års index också för 2027). Rapporten skrivs som HTML och
PDF; texten kontrolleras mot talen i de CSV-filer rapporten bygger på och mot en oberoende
räkning ur fordela-katalogerna. Små enheter och bakgrundsandelar publiceras inte; kroken för
extra delar; felaktiga indata ger svenska fel, exitkod 2 och inga filer.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.cli.uppfolj_rapport import kor_rapport
from skolpeng.rapporter.html import stycke
from skolpeng.rapporter.uppfoljning.rapportdel import Rapportdel
from skolpeng.talformat import decimal, heltal

ROT = Path(__file__).resolve().parents[2]
SERIE = ROT / "src" / "skolpeng" / "dataset" / "resultatserie"
runner = CliRunner()


def _kor(*arg: str):
    return runner.invoke(app, list(arg), catch_exceptions=False)


@pytest.fixture(scope="module")
def fordelningar(tmp_path_factory) -> tuple[Path, Path]:
    k = tmp_path_factory.mktemp("fordela_gbg")
    data = k / "sverige"
    shutil.copytree(ROT / "src" / "skolpeng" / "dataset" / "sverige", data)
    idx = pl.read_csv(
        data / "socioekonomiskt_index.csv", schema_overrides={"skolenhetskod": pl.String}
    )
    pl.concat(
        [idx, idx.filter(pl.col("ar") == 2026).with_columns(ar=pl.lit(2027, pl.Int64))]
    ).write_csv(data / "socioekonomiskt_index.csv")
    m = yaml.safe_load(
        (ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml").read_text(encoding="utf-8")
    )
    m["ar"], m["ram_kr"] = 2027, round(m["ram_kr"] * 1.03)
    m["potter"][0]["belopp"] = {"andel_av_ram": 0.79}
    m["potter"][1]["belopp"] = {"andel_av_ram": 0.21}
    (k / "m2027.yaml").write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    r = _kor("fordela", "--modell", str(ROT / "src" / "skolpeng" / "modeller" / "goteborg_typ.yaml"), "--data",
             str(data), "--ut", str(k / "f2026"), "--utan-pdf")  # fmt: skip
    assert r.exit_code == 0, r.output
    r = _kor("fordela", "--modell", str(k / "m2027.yaml"), "--data", str(data), "--ut",
             str(k / "f2027"), "--forra-aret", str(k / "f2026"), "--utan-pdf")  # fmt: skip
    assert r.exit_code == 0, r.output
    return k / "f2026", k / "f2027"


@pytest.fixture(scope="module")
def rapporter(tmp_path_factory, fordelningar) -> dict[str, Path]:
    k = tmp_path_factory.mktemp("kommunrapport")
    r = _kor("uppfoljning", "rapport", "--kommun", "0180", "--ut", str(k / "sthlm"))
    assert r.exit_code == 0, r.output
    f26, f27 = fordelningar
    r = _kor("uppfoljning", "rapport", "--kommun", "1480", "--ut", str(k / "gbg"),
             "--fordelning", str(f26), "--fordelning", str(f27))  # fmt: skip
    assert r.exit_code == 0, r.output
    return {"0180": k / "sthlm", "1480": k / "gbg"}


def _pdftext(pdf: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def _normalisera(t: str) -> str:
    return " ".join(t.replace("\xa0", " ").split())


@pytest.mark.parametrize(("kommun", "namn"), [("0180", "Stockholm"), ("1480", "Göteborg")])
def test_rapporten_har_gapet_per_lasar_och_pdf(rapporter, kommun, namn):
    ut = rapporter[kommun]
    html = (ut / "uppfoljningsrapport.html").read_text(encoding="utf-8")
    pdf = ut / "uppfoljningsrapport.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert f"Uppföljning av resursfördelningen – {namn}" in html
    gap = pl.read_csv(ut / "gap_per_ar.csv", schema_overrides={"omrade": pl.String})
    egen = gap.filter((pl.col("omrade") == kommun) & (pl.col("utfall") == "meritvarde"))
    assert egen.height >= 4
    text = _pdftext(pdf)
    for g in egen["gap"].to_list():
        assert decimal(g, 1) in html
        if text is not None:
            assert decimal(g, 1).replace("\xa0", " ") in _normalisera(text)
    if text is not None:
        t = _normalisera(text)
        for rubrik in ("1. Resultatgapet över tid", "2. Förväntat mot faktiskt per enhet över åren",
                       "3. Indexets träffsäkerhet", "Om underlaget"):  # fmt: skip
            assert rubrik in t
        assert "en indikation, inte en rangordning" in t
    # Varje diagram har en textbeskrivning (alternativtext) och finns som PNG bredvid.
    png = sorted(p.name for p in ut.iterdir() if p.suffix == ".png")
    assert len(png) >= 6
    for namn in png:
        assert f'data-png="{namn}"' in html
    assert html.count("aria-label=") >= len(png)
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert {"uppfoljningsrapport.pdf", "uppfoljningsrapport.html", *png} <= set(
        manifest["utdata_sha256"]
    )


def test_goteborgs_rapport_har_fordelningens_delar(rapporter, fordelningar):
    ut = rapporter["1480"]
    html = _normalisera((ut / "uppfoljningsrapport.html").read_text(encoding="utf-8"))
    for rubrik in ("4. Graden av omfördelning", "5. Volatilitet och dess drivkrafter",
                   "6. Alla riktade medel per enhet och resultaten", "7. Om underlaget"):  # fmt: skip
        assert rubrik in html
    # Oberoende: strukturbeloppets (indexpottens) andel av budgeten ur fordelning.csv.
    for katalog, ar in zip(fordelningar, (2026, 2027), strict=True):
        f = pl.read_csv(katalog / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
        andel = (
            f.filter(pl.col("pott") == "strukturbelopp")["belopp_kr"].sum() / f["belopp_kr"].sum()
        )
        assert (
            f"Fördelningen {ar}: de socioekonomiska potterna är {decimal(100 * andel, 1)} %" in html
        )
    # Täckningen: enheter i fördelningen 2027 (minst 10 elever) med meritvärde eller prov i
    # årskurs 6 i serien, räknat ur underlag_elever.csv och resultat.csv.
    kod = {"skolenhetskod": pl.String}
    elever = pl.read_csv(fordelningar[1] / "underlag_elever.csv", schema_overrides=kod)
    n = elever.group_by("skolenhetskod").agg(pl.col("antal").sum()).filter(pl.col("antal") >= 10)
    res = pl.read_csv(SERIE / "resultat.csv", schema_overrides=kod)
    med = res.filter(pl.col("meritvarde").is_not_null() | pl.col("np6_matematik").is_not_null())
    antal_med = n.join(med.select("skolenhetskod").unique(), on="skolenhetskod").height
    assert 0 < antal_med < n.height
    assert f"{heltal(antal_med)} av {heltal(n.height)} enheter i fördelningen 2027 har" in html
    riktat = pl.read_csv(ut / "riktade_medel_enheter.csv", schema_overrides=kod)
    assert {"meritvarde", "np6_matematik", "np6_matematik_avvikelse"} <= set(riktat.columns)
    assert riktat["elever"].min() >= 10  # små enheter redovisas inte enhet för enhet
    storst = (
        riktat.filter(pl.col("ar") == 2027)
        .sort("riktat_kr_per_elev", descending=True)
        .row(0, named=True)
    )
    assert heltal(storst["riktat_kr_per_elev"]).replace("\xa0", " ") in html


def test_inga_bakgrundsandelar_eller_elevuppgifter_i_utdata(rapporter):
    for ut in rapporter.values():
        for fil in ut.glob("*.csv"):
            kolumner = pl.read_csv(fil, n_rows=1).columns
            assert not any(c.startswith("andel_eftergymnasial") or c.startswith("andel_utlandsk")
                           for c in kolumner), fil  # fmt: skip
        html = (ut / "uppfoljningsrapport.html").read_text(encoding="utf-8")
        assert "eftergymnasialt utbildade föräldrar</th>" not in html


def test_kroken_for_extra_delar(tmp_path):
    del_ = Rapportdel("Rektorernas redovisning av de riktade medlen", stycke("Provdel."))
    rapport = kor_rapport("1480", tmp_path / "ut", extra_delar=[del_], utskrift=lambda _: None)
    html = rapport.html
    assert "4. Rektorernas redovisning av de riktade medlen" in html
    assert html.index("Rektorernas redovisning") < html.index("5. Om underlaget")
    manifest = json.loads((tmp_path / "ut" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["argument"]["extra_delar"] == ["Rektorernas redovisning av de riktade medlen"]


def test_felaktiga_indata_ger_svenska_fel_och_inga_filer(tmp_path, fordelningar):
    r = _kor("uppfoljning", "rapport", "--kommun", "18", "--ut", str(tmp_path / "a"),
             "--fordelning", str(tmp_path / "finnsinte"))  # fmt: skip
    assert r.exit_code == 2
    assert "ska vara fyra siffror" in r.output and "finnsinte" in r.output
    assert not (tmp_path / "a").exists()
    r = _kor("uppfoljning", "rapport", "--kommun", "9999", "--ut", str(tmp_path / "b"))
    assert r.exit_code == 2 and "har inga skolenheter i resultatserien" in r.output
    r = _kor("uppfoljning", "rapport", "--kommun", "0180", "--ut", str(tmp_path / "c"),
             "--fordelning", str(fordelningar[0]))  # fmt: skip
    assert r.exit_code == 2 and "andra kommuner än 0180" in r.output
    assert not (tmp_path / "b").exists() and not (tmp_path / "c").exists()


def test_sma_enheter_redovisas_inte_enhet_for_enhet(tmp_path):
    """Även när analysfilen tillåter enheter med 5 elever visas ingen enhet med färre än 10."""
    (tmp_path / "a.yaml").write_text(
        "minsta_antal_elever: 5\nutfall: [meritvarde]\n", encoding="utf-8"
    )
    kor_rapport("0180", tmp_path / "ut", analys=tmp_path / "a.yaml", utskrift=lambda _: None)
    e = pl.read_csv(
        tmp_path / "ut" / "forvantat_enheter.csv", schema_overrides={"skolenhetskod": pl.String}
    )
    assert e.height > 0 and e["antal_elever"].min() >= 10
    b = pl.read_csv(
        tmp_path / "ut" / "bestandighet_enheter.csv", schema_overrides={"skolenhetskod": pl.String}
    )
    assert set(b["skolenhetskod"]) <= set(e["skolenhetskod"])
