"""Det medföljande datasetet ``resultatserie`` mot de verkliga källfilerna.

Allt räknas oberoende i testet med polars/csv på råfilerna: radantal per indikator och läsår,
publicerade värden, prickningar per kod, källfilernas SHA-256, att prickade värden är saknade
(aldrig noll), att bakgrunden är 2025/26 års för varje läsår och att skriptet återskapar filerna
byte för byte.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
from pathlib import Path

import polars as pl
import pytest

ROT = Path(__file__).resolve().parents[2]
DATASET = ROT / "src" / "skolpeng" / "dataset" / "resultatserie"
KALLA = Path("/work/shared/data/real")
LANG = KALLA / "skolverket-ak9-karta" / "planned_educations_statistics_gr_long.csv"
ELEVER = KALLA / "urbanpulse" / "Grundskola - Antal elever per årskurs 2025 Skolnivå.csv"

pytestmark = pytest.mark.skipif(not LANG.is_file(), reason="de verkliga källfilerna saknas")

# Skolverkets indikator -> kolumn och de läsår som ska med (SOURCE.md).
AK9 = ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
KOLUMN = {
    "averageGradesMeritRating9thGrade": "meritvarde",
    "ratioOfPupilsIn9thGradeWithAllSubjectsPassed": "andel_alla_amnen",
    "ratioOfPupils9thGradeEligibleForNationalProgramYR": "andel_behoriga",
    "ratioOfPupils9thGradeEligibleForNationalProgramES": "andel_behoriga_es",
    "ratioOfPupils9thGradeEligibleForNationalProgramSAEKHU": "andel_behoriga_saekhu",
    "ratioOfPupils9thGradeEligibleForNationalProgramNATE": "andel_behoriga_nate",
    "averageResultNationalTestsSubjectENG6thGrade": "np6_engelska",
    "averageResultNationalTestsSubjectMA6thGrade": "np6_matematik",
    "averageResultNationalTestsSubjectSVE6thGrade": "np6_svenska",
    "averageResultNationalTestsSubjectSVA6thGrade": "np6_svenska_som_andrasprak",
}


def _las(namn: str) -> pl.DataFrame:
    return pl.read_csv(DATASET / f"{namn}.csv", infer_schema_length=0)


@pytest.fixture(scope="module")
def ra() -> pl.DataFrame:
    """Råfilen, bara de tio indikatorerna och deras läsår."""
    r = pl.read_csv(LANG, infer_schema_length=0)
    r = r.filter(pl.col("indicator").is_in(list(KOLUMN)) & pl.col("timePeriod").is_in(AK9))
    ak6 = pl.col("indicator").str.contains("6thGrade")
    return r.filter(~(ak6 & (pl.col("timePeriod") == "2020/21"))).with_columns(
        kolumn=pl.col("indicator").replace_strict(KOLUMN)
    )


@pytest.fixture(scope="module")
def resultat() -> pl.DataFrame:
    return _las("resultat").with_columns(pl.exclude("skolenhetskod", "lasar").cast(pl.Float64))


def test_kallornas_hash_stammer():
    kallor = _las("kallor")
    readme = (DATASET / "README.md").read_text(encoding="utf-8")
    for fil, h in kallor.select("fil", "sha256").iter_rows():
        faktisk = hashlib.sha256((KALLA / fil).read_bytes()).hexdigest()
        assert h == faktisk, fil
        assert h in readme


def test_radantal_per_indikator_och_lasar(ra, resultat):
    """Varje rad i råfilen är antingen ett publicerat värde i resultat.csv eller en rad i
    prickade.csv; antalet publicerade värden per kolumn och läsår är råfilens EXISTS."""
    prickade = _las("prickade")
    for (kolumn, lasar), del_ in ra.group_by("kolumn", "timePeriod"):
        finns = int((del_["valueType"] == "EXISTS").sum())
        publicerade = resultat.filter(pl.col("lasar") == lasar)[kolumn].drop_nulls().len()
        prick = prickade.filter((pl.col("utfall") == kolumn) & (pl.col("lasar") == lasar)).height
        assert publicerade == finns, (kolumn, lasar)
        assert publicerade + prick == del_.height, (kolumn, lasar)
    # Meritvärdet 2024/25: SOURCE.md säger 723 enheter.
    assert resultat.filter(pl.col("lasar") == "2024/25")["meritvarde"].drop_nulls().len() == 723


def test_prickningar_per_kod(ra):
    prickade = _las("prickade")
    vantat = ra.filter(pl.col("valueType") != "EXISTS").group_by("valueType").len()
    faktiskt = dict(prickade.group_by("kod").len().iter_rows())
    assert dict(vantat.iter_rows()) == faktiskt
    # Texten i cellen följer med: ".." för få elever, "~100" avrundat, "." saknas.
    t = dict(prickade.group_by("kod").agg(pl.col("kallvarde").unique()).iter_rows())
    assert set(t["OMITTED_DUE_TO_BASED_ON_FEW_PUPILS"]) == {".."}
    assert set(t["ROUNDED_OFF_DUE_TO_FEW_PUPILS_NOT_ELIGIBLE"]) == {"~100"}


def test_prickade_ar_saknade_aldrig_noll_och_varden_oforandrade(ra, resultat):
    prickade = _las("prickade")
    for kolumn in KOLUMN.values():
        p = prickade.filter(pl.col("utfall") == kolumn).select("skolenhetskod", "lasar")
        v = p.join(resultat, on=["skolenhetskod", "lasar"])[kolumn]
        assert v.null_count() == v.len(), kolumn
    finns = ra.filter(pl.col("valueType") == "EXISTS").with_columns(
        tal=pl.col("value").str.replace(",", ".").cast(pl.Float64)
        / pl.when(pl.col("kolumn").str.starts_with("andel")).then(100.0).otherwise(1.0)
    )
    lang = resultat.unpivot(
        index=["skolenhetskod", "lasar"], on=list(KOLUMN.values()), value_name="bundlat"
    )
    j = finns.join(
        lang,
        left_on=["schoolUnitCode", "timePeriod", "kolumn"],
        right_on=["skolenhetskod", "lasar", "variable"],
    )
    assert j.height == finns.height
    assert (j["tal"] - j["bundlat"]).abs().max() < 1e-9


def _urbanpulse() -> dict[str, dict[str, str]]:
    with open(ELEVER, encoding="utf-8-sig") as f:
        rader = list(csv.reader(f, delimiter=";"))
    i = next(n for n, r in enumerate(rader) if r and r[0] == "Skola")
    rubrik = rader[i]
    return {r[1]: dict(zip(rubrik, r, strict=False)) for r in rader[i + 1 :] if len(r) > 5}


def _tal(s: str) -> float | None:
    s = s.strip()
    return None if s in ("", ".", "..", "~100") else float(s.replace(",", ".").replace(" ", ""))


def test_bakgrund_och_vikter_ar_2025_26_for_varje_lasar(resultat):
    bak = _las("bakgrund")
    up = _urbanpulse()
    assert set(bak["matt_lasar"].unique()) == {"2025/26"}
    assert sorted(bak["lasar"].unique()) == AK9
    # Samma andelar alla år.
    assert (
        bak.group_by("skolenhetskod")
        .agg(pl.col("andel_eftergymnasial").n_unique())["andel_eftergymnasial"]
        .max()
        == 1
    )
    eg = "Andel (%) elever med föräldrar med eftergymnasial utb., åk 1-9"
    for kod, andel in (
        bak.unique("skolenhetskod").select("skolenhetskod", "andel_eftergymnasial").rows()
    ):
        v = _tal(up[kod][eg])
        assert (andel is None and v is None) or abs(float(andel) - v / 100) < 1e-9
    # Vikterna: elever i årskurs 9 och 6 läsåret 2025/26.
    for kod, n9, n6 in (
        resultat.unique("skolenhetskod")
        .select("skolenhetskod", "antal_elever", "antal_elever_ak6")
        .rows()
    ):
        if kod in up:
            assert n9 == _tal(up[kod]["Elever, årskurs 9"])
            assert n6 == _tal(up[kod]["Elever, årskurs 6"])


def test_kommun_och_readme_sager_approximationen():
    e = _las("enheter")
    up = _urbanpulse()
    for kod, kommun in e.drop_nulls("kommunkod").select("skolenhetskod", "kommunkod").rows():
        assert up[kod]["Kommun-kod"] == kommun
    readme = (DATASET / "README.md").read_text(encoding="utf-8")
    assert "Approximation – samma bakgrund alla år" in readme
    assert "2025/26" in readme


def test_skriptet_aterskapar_filerna_byte_for_byte(tmp_path):
    spec = importlib.util.spec_from_file_location("bygg", ROT / "scripts" / "bygg_resultatserie.py")
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    delar = modul.bygg(KALLA)
    for namn, ram in delar.items():
        if isinstance(ram, str):
            assert ram == (DATASET / f"{namn}.md").read_text(encoding="utf-8")
        else:
            ram.write_csv(tmp_path / f"{namn}.csv")
            assert (tmp_path / f"{namn}.csv").read_bytes() == (DATASET / f"{namn}.csv").read_bytes()
