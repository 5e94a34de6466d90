"""Resultatgapet på den verkliga serien (Stockholm 2022-frågan).

``skolpeng uppfoljning resultatgap --resultat resultatserie`` körs en gång; gapet och lutningen
per läsår för riket, Stockholm (0180) och Göteborg (1480) räknas om oberoende i testet med
numpy på **råfilerna** (Skolverkets långa fil och elevfilen 2025/26): behovsindex = 100 ×
(1 − andel med eftergymnasialt utbildade föräldrar) / elevviktat medel, kvartiler efter rang,
elevviktade medel och vägd minsta kvadrat. Dessutom: beständighetens t-intervall mot scipy,
årskurs 6 utan årskurs 9, och felaktiga indata.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import yaml
from scipy import stats
from typer.testing import CliRunner

from skolpeng.cli import app

KALLA = Path("/work/shared/data/real")
LANG = KALLA / "skolverket-ak9-karta" / "planned_educations_statistics_gr_long.csv"
ELEVER = KALLA / "urbanpulse" / "Grundskola - Antal elever per årskurs 2025 Skolnivå.csv"
pytestmark = pytest.mark.skipif(not LANG.is_file(), reason="de verkliga källfilerna saknas")
runner = CliRunner()
INDIKATORER = {
    "averageGradesMeritRating9thGrade": "meritvarde",
    "averageResultNationalTestsSubjectMA6thGrade": "np6_matematik",
}
SERIENS = {  # alla indikatorer som ger en enhet en rad i serien (skriptets urval)
    "averageGradesMeritRating9thGrade",
    "ratioOfPupilsIn9thGradeWithAllSubjectsPassed",
    "ratioOfPupils9thGradeEligibleForNationalProgramYR",
    "ratioOfPupils9thGradeEligibleForNationalProgramES",
    "ratioOfPupils9thGradeEligibleForNationalProgramSAEKHU",
    "ratioOfPupils9thGradeEligibleForNationalProgramNATE",
    "averageResultNationalTestsSubjectENG6thGrade",
    "averageResultNationalTestsSubjectMA6thGrade",
    "averageResultNationalTestsSubjectSVE6thGrade",
    "averageResultNationalTestsSubjectSVA6thGrade",
}


def _tal(s: str) -> float | None:
    s = s.strip()
    return (
        None
        if s in ("", ".", "..", "~100")
        else float(s.replace(",", ".").replace(" ", "").replace("\xa0", ""))
    )


@pytest.fixture(scope="module")
def ra() -> dict:
    """Oberoende underlag ur råfilerna: per enhet kommun, andel, elever 1–9, åk 9, åk 6 och
    per (indikator, läsår) de publicerade värdena."""
    with open(ELEVER, encoding="utf-8-sig") as f:
        rader = list(csv.reader(f, delimiter=";"))
    i = next(n for n, r in enumerate(rader) if r and r[0] == "Skola")
    h = {k: j for j, k in enumerate(rader[i])}
    enheter = {}
    for r in rader[i + 1 :]:
        if len(r) < 10:
            continue
        enheter[r[h["Skol-enhetskod"]]] = {
            "kommun": r[h["Kommun-kod"]],
            "typ": r[h["Typ av huvudman"]],
            "eg": _tal(r[h["Andel (%) elever med föräldrar med eftergymnasial utb., åk 1-9"]]),
            "n19": _tal(r[h["Elever, årskurs 1-9"]]),
            "n9": _tal(r[h["Elever, årskurs 9"]]),
            "n6": _tal(r[h["Elever, årskurs 6"]]),
        }
    lang = pl.read_csv(LANG, infer_schema_length=0)
    perioder = ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    i_serien = set(
        lang.filter(
            pl.col("indicator").is_in(list(SERIENS)) & pl.col("timePeriod").is_in(perioder)
        )["schoolUnitCode"].to_list()
    )
    varden = {}
    for ind, kol in INDIKATORER.items():
        d = lang.filter((pl.col("indicator") == ind) & (pl.col("valueType") == "EXISTS"))
        for kod, per, v in d.select("schoolUnitCode", "timePeriod", "value").rows():
            varden.setdefault((kol, per), {})[kod] = float(v.replace(",", "."))
    return {"enheter": enheter, "i_serien": i_serien, "varden": varden}


def oberoende_gap(
    ra: dict, utfall: str, lasar: str, kommun: str | None, typ: str | None = None
) -> dict:
    """Gap (kvartil 1 − 4) och lutningen på behovsindexet, räknat direkt ur råfilerna."""
    e = ra["enheter"]
    bas = [k for k in ra["i_serien"] if k in e and e[k]["eg"] is not None and e[k]["n19"]]
    behov = np.array([1 - e[k]["eg"] / 100 for k in bas])
    w19 = np.array([e[k]["n19"] for k in bas])
    skala = np.sum(behov * w19) / np.sum(w19)
    index = dict(zip(bas, 100 * behov / skala, strict=True))
    vikt = "n6" if utfall.startswith("np6") else "n9"
    rader = sorted(
        (index[k], k, v, e[k][vikt])
        for k, v in ra["varden"][(utfall, lasar)].items()
        if k in index
        and e[k][vikt] is not None
        and e[k][vikt] >= 15
        and (kommun is None or e[k]["kommun"] == kommun)
        and (typ is None or e[k]["typ"] == typ)
    )
    n = len(rader)
    x = np.array([r[0] for r in rader])
    y = np.array([r[2] for r in rader])
    w = np.array([r[3] for r in rader])
    kv = np.arange(n) * 4 // n + 1
    medel = {q: np.sum(y[kv == q] * w[kv == q]) / np.sum(w[kv == q]) for q in (1, 4)}
    X = np.column_stack([np.ones(n), x]) * np.sqrt(w)[:, None]
    b = np.linalg.lstsq(X, y * np.sqrt(w), rcond=None)[0]
    return {"n": n, "gap": medel[1] - medel[4], "lutning": b[1]}


@pytest.fixture(scope="module")
def gap_ut(tmp_path_factory) -> Path:
    k = tmp_path_factory.mktemp("serie")
    (k / "analys.yaml").write_text(
        yaml.safe_dump({"utfall": ["meritvarde", "np6_matematik"]}), encoding="utf-8"
    )
    res = runner.invoke(
        app,
        ["uppfoljning", "resultatgap", "--resultat", "resultatserie", "--analys",
         str(k / "analys.yaml"), "--ut", str(k / "ut")],
        catch_exceptions=False,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return k / "ut"


@pytest.mark.parametrize("omrade", ["riket", "0180", "1480"])
@pytest.mark.parametrize("utfall", ["meritvarde", "np6_matematik"])
def test_gap_och_lutning_per_lasar_som_oberoende_berakning(ra, gap_ut, omrade, utfall):
    per_ar = pl.read_csv(gap_ut / "resultatgap_per_ar.csv", schema_overrides={"omrade": pl.String})
    d = per_ar.filter((pl.col("omrade") == omrade) & (pl.col("utfall") == utfall)).sort("ar")
    assert d.height >= 4
    for ar, n, gap, lutning in d.select("ar", "antal_enheter", "gap", "lutning").rows():
        lasar = f"{ar - 1}/{str(ar)[2:]}"
        o = oberoende_gap(ra, utfall, lasar, None if omrade == "riket" else omrade)
        assert n == o["n"]
        assert gap == pytest.approx(o["gap"], rel=1e-9)
        assert lutning == pytest.approx(o["lutning"], rel=1e-9)


def test_kommuner_som_redovisas_och_minimikravet(ra, gap_ut):
    """Göteborg har 13 enheter med meritvärde 2020/21: det året är inte med i dess trend
    (minst 20 enheter); Malmö har för få enheter alla år och redovisas inte."""
    k = pl.read_csv(gap_ut / "resultatgap_kommuner.csv", schema_overrides={"kommunkod": pl.String})
    merit = k.filter(pl.col("utfall") == "meritvarde")
    redovisade = set(merit.filter("redovisas")["kommunkod"].to_list())
    assert {"0180", "1480"} <= redovisade
    assert "1280" not in redovisade
    per_ar = pl.read_csv(gap_ut / "resultatgap_per_ar.csv", schema_overrides={"omrade": pl.String})
    gbg = per_ar.filter((pl.col("omrade") == "1480") & (pl.col("utfall") == "meritvarde"))
    assert 2021 not in gbg["ar"].to_list()
    assert oberoende_gap(ra, "meritvarde", "2020/21", "1480")["n"] < 20
    s = json.loads((gap_ut / "resultatgap.json").read_text(encoding="utf-8"))
    assert s["minsta_antal_enheter_kommun"] == 20
    assert "Stockholm" in s["slutsats"] and "Göteborg" in s["slutsats"]


def test_trendens_intervall_som_ols_over_aren(gap_ut):
    per_ar = pl.read_csv(gap_ut / "resultatgap_per_ar.csv", schema_overrides={"omrade": pl.String})
    tr = pl.read_csv(gap_ut / "resultatgap_trender.csv", schema_overrides={"omrade": pl.String})
    d = per_ar.filter((pl.col("omrade") == "riket") & (pl.col("utfall") == "meritvarde"))
    r = stats.linregress(d["ar"].to_numpy().astype(float), d["gap"].to_numpy())
    t = tr.filter(
        (pl.col("omrade") == "riket")
        & (pl.col("utfall") == "meritvarde")
        & (pl.col("matt") == "gap")
    ).row(0, named=True)
    tq = stats.t.ppf(0.975, d.height - 2)
    assert t["per_ar"] == pytest.approx(r.slope)
    assert t["ki_lag"] == pytest.approx(r.slope - tq * r.stderr)
    assert t["bedomning"] == (
        "minskar" if r.slope + tq * r.stderr < 0 else "ökar" if r.slope - tq * r.stderr > 0
        else "oförändrat"
    )  # fmt: skip


def test_bestandighetens_intervall_och_bedomning(gap_ut):
    e = pl.read_csv(gap_ut / "forvantat_enheter.csv", infer_schema_length=10000)
    b = pl.read_csv(gap_ut / "bestandighet_enheter.csv", infer_schema_length=10000)
    b = b.with_columns(pl.col("skolenhetskod").cast(pl.String))
    e = e.with_columns(pl.col("skolenhetskod").cast(pl.String))
    for rad in b.filter(pl.col("antal_ar") >= 3).head(25).iter_rows(named=True):
        r = e.filter(
            (pl.col("skolenhetskod") == rad["skolenhetskod"]) & (pl.col("utfall") == rad["utfall"])
        )["residual"].to_numpy()
        lo, hi = stats.t.interval(0.95, len(r) - 1, loc=r.mean(), scale=stats.sem(r))
        assert rad["ki_lag"] == pytest.approx(lo) and rad["ki_hog"] == pytest.approx(hi)
    over = b.filter(pl.col("bedomning") == "över förväntat varje år")
    assert over.height > 0
    assert (over["ki_lag"] > 0).all() and (over["ar_over"] == over["antal_ar"]).all()


def test_arskurs_6_analyseras_for_enheter_utan_arskurs_9(gap_ut):
    e = pl.read_csv(gap_ut / "forvantat_enheter.csv", infer_schema_length=10000)
    e = e.with_columns(pl.col("skolenhetskod").cast(pl.String))
    res = pl.read_csv(
        Path(__file__).resolve().parents[2] / "src/skolpeng/dataset/resultatserie/resultat.csv",
        schema_overrides={"skolenhetskod": pl.String},
    )
    utan9 = set(
        res.group_by("skolenhetskod").agg(pl.col("meritvarde").null_count() == pl.len())
        .filter("meritvarde")["skolenhetskod"].to_list()
    )  # fmt: skip
    ak6 = set(e.filter(pl.col("utfall") == "np6_matematik")["skolenhetskod"].to_list())
    assert len(ak6 & utan9) > 300


def test_utan_bakgrund_ger_fel_pa_svenska(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "resultat.csv").write_text(
        "skolenhetskod,lasar,meritvarde,antal_elever\n12345678,2024/25,200,30\n", encoding="utf-8"
    )
    res = runner.invoke(
        app, ["uppfoljning", "resultatgap", "--resultat", str(tmp_path / "d"), "--ut", str(tmp_path / "ut")]
    )  # fmt: skip
    assert res.exit_code == 2
    assert "bakgrund.csv saknas" in res.output and "enheter.csv med kommunkod saknas" in res.output
    assert not (tmp_path / "ut").exists()


def test_forvantat_med_arskurs_6_pa_serien(tmp_path):
    """``utfall: [np6_matematik]`` i ``forvantat``: läsåret utan prov (2020/21) hoppas över,
    vikten är eleverna i årskurs 6 och enheter utan årskurs 9 är med."""
    (tmp_path / "a.yaml").write_text("utfall: [np6_matematik]\n", encoding="utf-8")
    res = runner.invoke(
        app,
        ["uppfoljning", "forvantat", "--resultat", "resultatserie", "--analys",
         str(tmp_path / "a.yaml"), "--ut", str(tmp_path / "ut")],
        catch_exceptions=False,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    k = pl.read_csv(tmp_path / "ut" / "forvantat_koefficienter.csv")
    assert sorted(k["lasar"].unique()) == ["2021/22", "2022/23", "2023/24", "2024/25"]
    e = pl.read_csv(
        tmp_path / "ut" / "forvantat_enheter.csv", schema_overrides={"skolenhetskod": pl.String}
    )
    res_ = pl.read_csv(
        Path(__file__).resolve().parents[2] / "src/skolpeng/dataset/resultatserie/resultat.csv",
        schema_overrides={"skolenhetskod": pl.String},
    )
    j = e.join(
        res_.select("skolenhetskod", "lasar", "antal_elever_ak6"), on=["skolenhetskod", "lasar"]
    )
    assert (j["antal_elever"] == j["antal_elever_ak6"]).all()


def test_bara_kommunala_enheter_som_stockholm_2022(ra):
    """``huvudmannatyp: kommunal``: bara kommunala enheter (Stockholm 2022 jämförde kommunala
    skolor); behovsindexets skala är fortfarande alla enheters."""
    from skolpeng.uppfoljning.indata import Analysinstallningar, las_tabeller
    from skolpeng.uppfoljning.serieanalys import serieanalys

    d = Path(__file__).resolve().parents[2] / "src/skolpeng/dataset/resultatserie"
    t = las_tabeller({n: d / f"{n}.csv" for n in ("resultat", "bakgrund", "enheter")})
    inst = Analysinstallningar(huvudmannatyp="kommunal", utfall=["meritvarde"])
    s = serieanalys(t["resultat"], t["bakgrund"], t["enheter"], inst)
    g = s.gap.per_ar.filter(pl.col("omrade") == "0180").sort("ar")
    assert g.height == 5
    for ar, n, gap, lutning in g.select("ar", "antal_enheter", "gap", "lutning").rows():
        o = oberoende_gap(ra, "meritvarde", f"{ar - 1}/{str(ar)[2:]}", "0180", "Kommunal")
        assert (
            n == o["n"]
            and gap == pytest.approx(o["gap"])
            and lutning == pytest.approx(o["lutning"])
        )
