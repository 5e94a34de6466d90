"""Uppföljningen läser fördelningsmotorns utdata (docs/regler/uppfoljning.md#fran-fordelning): ``skolpeng fordela`` körs två år i följd
(andra året med ``--forra-aret``) på det minimala datasetet, och katalogerna ges till
``uppfoljning volatilitet`` och ``riktade-medel``. Beloppen ska vara exakt fordelas (Σ över
potterna = enhetens totala belopp i ``fordelning.csv``), uppdelningen ska vara
``forandring.csv``:s och summera till förändringen, och potterna klassas enligt reglerna i
``uppfoljning.fran_fordelning``."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from skolpeng.cli import app
from skolpeng.cli.uppfolj_kataloger import varden
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, lasbart_namn
from skolpeng.uppfoljning.fran_fordelning import (
    belopp_fran_fordelning,
    dekomposition_fran_forandring,
    pottklassning,
)
from tests.cli.test_fordela_cli import MODELL_2026, _modell_2027
from tests.data.hjalp import skriv_minimalt_underlag

runner = CliRunner()

#: Två potter till i testmodellen: ett statsbidrag utanför lika villkor (elevnyckel, riktat
#: eftersom samma_grunder är false) och en pott med delpotter index + elever (blandad: varken
#: riktad eller socioekonomisk enligt regeln "varje delpotts nyckel").
EXTRA_POTTER = [
    {
        "namn": "statsbidrag_likvardig_skola",
        "kalla": "test",
        "belopp": {"summa_kr": 1_000_000},
        "omfattning": {"huvudmannatyp": "kommunal"},
        "samma_grunder": False,
        "nyckel": {"typ": "elever"},
    },
    {
        "namn": "tillagg_blandat",
        "kalla": "test",
        "belopp": {"summa_kr": 2_000_000},
        "delpotter": [
            {"namn": "efter_index", "andel": 0.5, "nyckel": {"typ": "index"}},
            {"namn": "per_elev", "andel": 0.5, "nyckel": {"typ": "elever"}},
        ],
    },
]
KLASS = {
    "grundbelopp": (0, 0),
    "strukturbelopp": (1, 1),
    "lokaler": (0, 0),
    "statsbidrag_likvardig_skola": (1, 0),
    "tillagg_blandat": (0, 0),
    "stabilitetsjustering": (0, 0),
}


def _modell(m: dict) -> dict:
    m = json.loads(json.dumps(m))
    m["potter"][0]["belopp"]["andel_av_ram"] -= 0.05  # plats för de två extra potterna
    m["potter"] += EXTRA_POTTER
    return m


def _kor(*arg: str):
    return runner.invoke(app, list(arg), catch_exceptions=False)


@pytest.fixture(scope="module")
def kataloger(tmp_path_factory) -> tuple[Path, Path, Path]:
    k = tmp_path_factory.mktemp("fran_fordelning")
    skriv_minimalt_underlag(k / "data")
    for namn, m in (("m1.yaml", _modell(MODELL_2026)), ("m2.yaml", _modell(_modell_2027()))):
        (k / namn).write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    r1 = _kor("fordela", "--modell", str(k / "m1.yaml"), "--data", str(k / "data"),
              "--ar", "2026", "--ut", str(k / "ut2026"), "--utan-pdf")  # fmt: skip
    assert r1.exit_code == 0, r1.output
    r2 = _kor("fordela", "--modell", str(k / "m2.yaml"), "--data", str(k / "data"), "--ar",
              "2027", "--ut", str(k / "ut2027"), "--forra-aret", str(k / "ut2026"), "--utan-pdf")  # fmt: skip
    assert r2.exit_code == 0, r2.output
    return k, k / "ut2026", k / "ut2027"


@pytest.fixture(scope="module")
def volatilitet_ut(kataloger) -> Path:
    k, ut1, ut2 = kataloger
    ut = k / "vol"
    # Upprepad flagga; uppdelningen och namnen hämtas ur katalogerna.
    res = _kor("uppfoljning", "volatilitet", "--belopp", str(ut1), "--belopp", str(ut2),
               "--ut", str(ut))  # fmt: skip
    assert res.exit_code == 0, res.output
    return ut


@pytest.fixture(scope="module")
def riktade_ut(kataloger) -> Path:
    k, ut1, ut2 = kataloger
    ut = k / "riktade"
    res = _kor("uppfoljning", "riktade-medel", "--belopp", f"{ut1},{ut2}", "--ut", str(ut))
    assert res.exit_code == 0, res.output
    return ut


def _totaler(katalog: Path) -> dict[str, float]:
    """Oberoende: enhetens totala belopp = Σ belopp_kr i fordelning.csv."""
    f = pl.read_csv(katalog / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    return dict(f.group_by("skolenhetskod").agg(pl.col("belopp_kr").sum()).iter_rows())


def _elever(katalog: Path) -> dict[str, float]:
    e = pl.read_csv(katalog / "underlag_elever.csv", schema_overrides={"skolenhetskod": pl.String})
    return dict(e.group_by("skolenhetskod").agg(pl.col("antal").sum()).iter_rows())


def test_riktade_medel_har_fordelas_belopp_exakt(kataloger, riktade_ut):
    _, ut1, ut2 = kataloger
    enheter = pl.read_csv(
        riktade_ut / "riktade_medel_enheter.csv", schema_overrides={"skolenhetskod": pl.String}
    )
    assert sorted(enheter["ar"].unique().to_list()) == [2026, 2027]
    for ar, katalog in ((2026, ut1), (2027, ut2)):
        tot, el = _totaler(katalog), _elever(katalog)
        rad = enheter.filter(pl.col("ar") == ar)
        assert set(rad["skolenhetskod"]) == set(tot)
        for kod, intakt, elever in rad.select("skolenhetskod", "intakt_kr", "elever").iter_rows():
            assert intakt == pytest.approx(tot[kod], rel=1e-12)
            assert elever == el[kod]


def test_riktade_medel_ar_de_riktade_potternas_belopp(kataloger, riktade_ut):
    _, ut1, _ = kataloger
    f = pl.read_csv(ut1 / "fordelning.csv", schema_overrides={"skolenhetskod": pl.String})
    riktade = [p for p, (r, _) in KLASS.items() if r]
    vantat = dict(
        f.filter(pl.col("pott").is_in(riktade))
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr").sum())
        .iter_rows()
    )
    enheter = pl.read_csv(
        riktade_ut / "riktade_medel_enheter.csv", schema_overrides={"skolenhetskod": pl.String}
    ).filter(pl.col("ar") == 2026)
    for kod, riktat in enheter.select("skolenhetskod", "riktat_kr").iter_rows():
        assert riktat == pytest.approx(vantat.get(kod, 0.0), rel=1e-12, abs=1e-6)
    potter = pl.read_csv(riktade_ut / "riktade_medel_potter.csv")
    assert set(potter["pott"]) == set(riktade)


def test_volatilitetens_uppdelning_ar_forandring_csv_och_summerar(kataloger, volatilitet_ut):
    _, ut1, ut2 = kataloger
    v = pl.read_csv(
        volatilitet_ut / "volatilitet_forandringar.csv",
        schema_overrides={"skolenhetskod": pl.String},
    )
    fc = pl.read_csv(ut2 / "forandring.csv", schema_overrides={"skolenhetskod": pl.String})
    assert v.height == fc.height == 3
    t1, t2, e1, e2 = _totaler(ut1), _totaler(ut2), _elever(ut1), _elever(ut2)
    delar = ("elever", "index", "parametrar", "stabilitet")
    for r in v.join(fc, on="skolenhetskod").iter_rows(named=True):
        kod = r["skolenhetskod"]
        assert r["total_kr_per_elev_fore"] == pytest.approx(t1[kod] / e1[kod], rel=1e-12)
        assert r["total_kr_per_elev"] == pytest.approx(t2[kod] / e2[kod], rel=1e-12)
        for d in delar:
            assert r[f"{d}_kr"] == r[f"varav_{d}_kr_per_elev"]
        summa = sum(r[f"{d}_kr"] for d in delar)
        # forandring.csv är i hela kronor: delarna summerar exakt till den avrundade
        # förändringen och högst 1 kr per elev från den oavrundade.
        assert summa == r["andring_kr_per_elev"]
        assert abs(summa - r["andring_kr"]) <= 1.0
    assert (v["stabilitet_kr"] != 0).any(), "testmodellens stabilitetsregel ska ha bitit"


def test_vattenfallet_visar_lasbara_pottnamn(volatilitet_ut):
    html = (volatilitet_ut / "volatilitet.html").read_text(encoding="utf-8")
    assert "Förändring per pott: Grundbelopp" in html
    assert "Statsbidrag likvärdig skola" in html
    assert "statsbidrag_likvardig_skola" not in html


def test_manifestet_har_katalogernas_filer(kataloger, volatilitet_ut):
    _, ut1, ut2 = kataloger
    m = json.loads((volatilitet_ut / "manifest.json").read_text())
    nycklar = set(m["indata_sha256"])
    assert f"belopp:{ut1.name}/fordelning.csv" in nycklar
    assert f"belopp:{ut2.name}/forandring.csv" in nycklar


def test_pottklassning_enligt_regeln(kataloger):
    _, ut1, _ = kataloger
    modell = Fordelningsmodell.model_validate(yaml.safe_load((ut1 / "modell.yaml").read_text()))
    k = {p: (r, s) for p, r, s in pottklassning(modell).iter_rows()}
    assert k == KLASS


def test_malgruppspott_ar_riktad_men_inte_socioekonomisk():
    m = json.loads(json.dumps(MODELL_2026))
    m["potter"][2] = {
        "namn": "nyanlanda",
        "kalla": "test",
        "belopp": {"andel_av_ram": 0.05},
        "nyckel": {"typ": "malgrupp", "malgrupp": "nyanlanda"},
    }
    k = {p: (r, s) for p, r, s in pottklassning(Fordelningsmodell.model_validate(m)).iter_rows()}
    assert k["nyanlanda"] == (1, 0)


def test_ren_omvandling_pa_handraknat_exempel():
    modell = Fordelningsmodell.model_validate(MODELL_2026)
    rader = pl.DataFrame(
        {
            "skolenhetskod": ["10000001"] * 3 + ["10000002"],
            "stadium": ["F", "1-3", "1-3", "F"],
            "pott": ["grundbelopp", "grundbelopp", "strukturbelopp", "grundbelopp"],
            "belopp_kr": [300.0, 700.0, 500.0, 80.0],
        }
    )
    elever = pl.DataFrame({"skolenhetskod": ["10000001", "10000002"], "elever": [10.0, 0.0]})
    b = belopp_fran_fordelning(rader, elever, modell)
    # 10000002 har inga elever och tas inte med; grundbelopp (300 + 700) / 10 = 100 kr.
    assert b.rows() == [
        ("10000001", 2026, "grundbelopp", 100.0, 10.0, 0, 0),
        ("10000001", 2026, "strukturbelopp", 50.0, 10.0, 1, 1),
    ]
    f = pl.DataFrame(
        {
            "skolenhetskod": ["10000001", "10000003"],
            "varav_elever_kr_per_elev": [-5.0, None],
            "varav_index_kr_per_elev": [2.0, None],
            "varav_parametrar_kr_per_elev": [7.0, None],
        }
    )
    d = dekomposition_fran_forandring(f, 2027)
    assert d.rows() == [
        ("10000001", 2027, "elever", -5.0),
        ("10000001", 2027, "index", 2.0),
        ("10000001", 2027, "parametrar", 7.0),
        ("10000001", 2027, "stabilitet", 0.0),
    ]


def test_okand_katalog_och_blandning_ger_svenskt_fel(kataloger, tmp_path):
    _, ut1, _ = kataloger
    (tmp_path / "belopp.csv").write_text("skolenhetskod\n", encoding="utf-8")
    res = _kor("uppfoljning", "riktade-medel", "--belopp", str(ut1), "--belopp",
               str(tmp_path / "belopp.csv"), "--ut", str(tmp_path / "ut"))  # fmt: skip
    assert res.exit_code == 2
    assert "ingen utdatakatalog från skolpeng fordela" in res.output
    assert not (tmp_path / "ut").exists()
    res = _kor("uppfoljning", "volatilitet", "--belopp", f"{ut1},{ut1}", "--ut",
               str(tmp_path / "ut"))  # fmt: skip
    assert res.exit_code == 2 and "året 2026 finns" in " ".join(res.output.split())


def test_kommalista_och_upprepad_flagga():
    assert varden(["a,b", "c"]) == ["a", "b", "c"]
    assert varden(None) == []
    assert varden("x.csv") == ["x.csv"]


def test_lasbart_namn():
    assert lasbart_namn("socioekonomiskt_tillagg") == "Socioekonomiskt tillägg"
    assert lasbart_namn("tillaggsersattning_nyanlanda") == "Tilläggsersättning nyanlända"
