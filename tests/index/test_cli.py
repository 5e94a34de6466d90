"""``skolpeng index`` och ``skolpeng index syntetisk-elevdata`` från början till slut:
resultatet är aggregat per skolenhet och en modellrapport – aldrig elevrader (docs/regler/index.md#dataskydd); fel i indata ger exitkod 2 och inget skrivet."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from skolpeng.cli import app

runner = CliRunner()
INDEXFILER = {
    "index.csv",
    "koefficienter.csv",
    "kalibrering.csv",
    "sammanslagningar.csv",
    "modellrapport.html",
    "modellrapport.pdf",
    "manifest.json",
}
PDF_SAKNAS = "PDF kunde inte skapas: WeasyPrint eller Pango saknas (testets orsak)"


@pytest.fixture(scope="module")
def syntetiskt(tmp_path_factory) -> Path:
    ut = tmp_path_factory.mktemp("synt") / "elevdata"
    res = runner.invoke(
        app,
        ["index", "syntetisk-elevdata", "--ut", str(ut), "--seed", "5", "--antal-kommuner", "6"],
    )
    assert res.exit_code == 0, res.output
    return ut


def test_syntetiska_filer(syntetiskt) -> None:
    namn = {p.name for p in syntetiskt.iterdir()}
    assert namn == {
        "manifest.json",
        "syntetisk_elevdata_historiska.parquet",
        "syntetisk_elevdata_historiska.csv",
        "syntetisk_elevdata_aktuella.parquet",
        "syntetisk_elevdata_aktuella.csv",
        "syntetisk_elevdata_sanna_koefficienter.csv",
    }
    pq = pl.read_parquet(syntetiskt / "syntetisk_elevdata_historiska.parquet")
    csv = pl.read_csv(syntetiskt / "syntetisk_elevdata_historiska.csv", infer_schema=False)
    assert pq.height == csv.height > 1000
    assert json.loads((syntetiskt / "manifest.json").read_text())["syntetisk"] is True


def _kor(syntetiskt: Path, ut: Path, modellfil: Path, *extra: str):
    return runner.invoke(
        app,
        [
            "index",
            "--elevdata",
            str(syntetiskt / "syntetisk_elevdata_historiska.parquet"),
            "--aktuella",
            str(syntetiskt / "syntetisk_elevdata_aktuella.csv"),
            "--modell",
            str(modellfil),
            "--ut",
            str(ut),
            *extra,
        ],
    )


def test_index_skriver_bara_aggregat(tmp_path, syntetiskt, modellfil, viktfil) -> None:
    fore = sorted(p.name for p in syntetiskt.iterdir())
    ut = tmp_path / "ut"
    res = _kor(syntetiskt, ut, modellfil, "--vikter", str(viktfil), "--pott", "20000000")
    assert res.exit_code == 0, res.output
    assert {p.name for p in ut.iterdir()} == INDEXFILER | {"jamforelse.csv"}
    pdf = (ut / "modellrapport.pdf").read_bytes()  # samma rapport som PDF (WeasyPrint)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 20_000
    assert sorted(p.name for p in syntetiskt.iterdir()) == fore  # inget skrivet bredvid indata
    assert [p.name for p in tmp_path.iterdir()] == ["ut"]  # inga kvarlämnade temporära kataloger

    aktuella = pl.read_parquet(syntetiskt / "syntetisk_elevdata_aktuella.parquet")
    index = pl.read_csv(ut / "index.csv", schema_overrides={"skolenhetskod": pl.String})
    assert index.columns == ["skolenhetskod", "elever", "risk", "index", "liten_enhet"]
    assert index.height == aktuella["skolenhetskod"].n_unique()
    assert index["skolenhetskod"].is_unique().all()
    assert int(index["elever"].sum()) == aktuella.height
    assert set(index["liten_enhet"].unique()) <= {0, 1}
    assert (index["liten_enhet"] == (index["elever"] < 10).cast(pl.Int64)).all()

    # ingen utdatafil har elevrader: varje tabell har högst en rad per skolenhet, och ingen
    # har elevernas bakgrundsfaktorer som kolumner
    faktorer = {
        "utbildning",
        "kon",
        "invandring",
        "foraldrars_fodelseland",
        "ekonomiskt_bistand",
        "vardnadshavare",
    }
    for fil in ut.glob("*.csv"):
        df = pl.read_csv(fil, infer_schema=False)
        assert df.height <= index.height, fil.name
        assert not faktorer & set(df.columns), fil.name
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["utdata_sha256"]) == INDEXFILER - {"manifest.json"} | {"jamforelse.csv"}
    assert len(manifest["indata_sha256"]) == 4

    html = (ut / "modellrapport.html").read_text(encoding="utf-8")
    koef = pl.read_csv(ut / "koefficienter.csv")
    for parameter in koef["parameter"]:
        if parameter != "konstant":
            assert parameter in html
    assert "<svg" in html and "<figcaption>" in html and 'aria-label="Diagrammet visar' in html
    assert "Pseudo-R²" in html and "AUC" in html and "Jämförelse" in html
    assert "Sammanslagna nivåer" in html


def test_utan_weasyprint_skrivs_allt_utom_pdf(tmp_path, syntetiskt, modellfil, monkeypatch) -> None:
    """Saknas WeasyPrint eller Pango hoppas PDF:en över med en svensk notering; allt annat
    skrivs och kommandot lyckas (som uppföljningskommandona)."""
    from skolpeng.rapporter import pdf

    monkeypatch.setattr(pdf, "pdf_saknas", lambda: PDF_SAKNAS)
    ut = tmp_path / "ut"
    res = _kor(syntetiskt, ut, modellfil)
    assert res.exit_code == 0, res.output
    assert {p.name for p in ut.iterdir()} == INDEXFILER - {"modellrapport.pdf"}
    assert f"{PDF_SAKNAS}; HTML-rapporten är skriven." in " ".join(res.output.split())
    manifest = json.loads((ut / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pdf"] == PDF_SAKNAS


def test_fel_i_indata_ger_exitkod_2_och_inget_skrivet(tmp_path, syntetiskt, modellfil) -> None:
    trasig = tmp_path / "akt.csv"
    pl.read_csv(syntetiskt / "syntetisk_elevdata_aktuella.csv", infer_schema=False).head(
        50
    ).with_columns(kon=pl.lit("okänt")).write_csv(trasig)
    ut = tmp_path / "ut"
    res = runner.invoke(
        app,
        [
            "index",
            "--elevdata",
            str(tmp_path / "finns_inte.parquet"),
            "--aktuella",
            str(trasig),
            "--modell",
            str(modellfil),
            "--ut",
            str(ut),
        ],
    )
    assert res.exit_code == 2
    text = "".join(res.output.split())  # rich radbryter långa rader (även i sökvägar)
    assert "finns_inte.parquet:filenfinnsinte" in text
    assert "kolumn'kon':okändnivå" in text  # båda filernas fel på en gång
    assert not ut.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["akt.csv"]


def test_ogiltig_nation_ger_exitkod_2(tmp_path) -> None:
    ut = tmp_path / "ut"
    res = runner.invoke(app, ["index", "syntetisk-elevdata", "--ut", str(ut), "--skala", "0"])
    assert res.exit_code == 2
    assert "skala" in res.output
    assert not ut.exists()


def test_saknade_argument(tmp_path) -> None:
    res = runner.invoke(app, ["index", "--ut", str(tmp_path / "ut")])
    assert res.exit_code == 2
    assert "--elevdata" in res.output and "--modell" in res.output
    assert not (tmp_path / "ut").exists()


def test_hjalpen_visar_att_underkommandot_ar_valfritt_och_vad_som_kravs() -> None:
    """``skolpeng index --help``: underkommandot är valfritt och de fyra flaggorna som krävs
    utan underkommando är märkta."""
    res = runner.invoke(app, ["index", "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "[UNDERKOMMANDO]" in res.output and "COMMAND" not in res.output
    for flagga in ("--elevdata", "--aktuella", "--modell", "--ut"):
        rad = next(r for r in res.output.splitlines() if r.lstrip("│ ").startswith(flagga + " "))
        assert "(Krävs.)" in rad, rad
    for flagga in ("--vikter", "--pott"):
        rad = next(r for r in res.output.splitlines() if r.lstrip("│ ").startswith(flagga + " "))
        assert "(Krävs.)" not in rad, rad
