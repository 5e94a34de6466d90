"""Varje modellfil i ``modeller/`` läses (schemat), citerar sin källa och bevarar varje pott
på en verklig kommun i det medföljande datasetet ``sverige`` (Σ belopp_kr per pott = potten,
och avrundat Σ = potten avrundad)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from skolpeng.fordelning.modellfil.schema import Indexkalla
from skolpeng.parametrar import load_parameters
from tests.fordelning.exempelmodeller_hjalp import (
    MODELLER,
    MODELLFILER,
    ROT,
    kor,
    modell,
    skl_underlag,
    sverige,
    sverige_med_huddinges_malgrupper,
)


def test_alla_modellfiler_finns_med():
    """Listan i testhjälpen täcker alla YAML-filer i modeller/ (utom indexmodellerna)."""
    filer = sorted(p.name for p in MODELLER.glob("*.yaml"))
    assert filer == sorted(MODELLFILER)


@pytest.mark.parametrize("namn", MODELLFILER)
def test_modellfilen_lases_och_citerar_kallan(namn):
    m = modell(namn)
    assert len(m.kalla) > 40
    assert all(p.kalla for p in m.potter), "varje pott ska ange sin källa"


def _kontrollera_potterna(f) -> None:
    """Σ belopp_kr per pott = pottens belopp; avrundat: Σ hela kronor = potten avrundad."""
    summa = f.rader.group_by("pott").agg(
        pl.col("belopp_kr").sum().alias("s"), pl.col("belopp_kr_avrundat").sum().alias("r")
    )
    potter = f.potter.join(summa, on="pott")
    assert potter.height == len(f.modell.potter)
    for p in potter.iter_rows(named=True):
        assert p["s"] == pytest.approx(p["belopp_kr"], rel=1e-12, abs=1e-6), p["pott"]
        assert p["r"] == round(p["belopp_kr"]), p["pott"]
        assert p["belopp_kr"] > 0


def _verklig(namn: str):
    m = modell(namn)
    if m.kommunkod == "0000":
        # SKL:s exempel gäller en påhittad kommun; samma potter och nycklar på Huddinge med
        # datasetets index (SKL tabell 3 = ett givet riskindex, omskalat till kommunens medel)
        m = m.model_copy(update={"kommunkod": "0126", "ar": 2026, "index": Indexkalla()})
    u = sverige_med_huddinges_malgrupper() if m.kommunkod == "0126" else sverige()
    return kor(m, u)


@pytest.mark.parametrize("namn", MODELLFILER)
def test_varje_pott_bevaras_pa_en_verklig_kommun(namn):
    f = _verklig(namn)
    assert f.enheter.height >= (5 if f.modell.verksamhet == "anpassad_gr" else 30)
    _kontrollera_potterna(f)
    # enheternas summor = potternas summor
    assert f.enheter["belopp_kr"].sum() == pytest.approx(f.potter["belopp_kr"].sum(), rel=1e-12)


@pytest.mark.parametrize("namn", [n for n in MODELLFILER if n.startswith("skl_")])
def test_skl_modellerna_bevarar_potten_i_exempelkommunen(namn):
    _kontrollera_potterna(kor(modell(namn), skl_underlag({"A": 100, "B": 100, "C": 800})))


def _elever_f_9(kommunkod: str, verksamhet: str, lasar: str = "2025/26") -> float:
    u = sverige()
    koder = u.skolenheter.filter(
        (pl.col("kommunkod") == kommunkod) & pl.col("huvudmannatyp").is_in(["kommunal", "enskild"])
    )["skolenhetskod"]
    e = u.elever.filter(
        (pl.col("verksamhet") == verksamhet)
        & (pl.col("lasar") == lasar)
        & pl.col("skolenhetskod").is_in(koder.implode())
    )
    return float(e["antal"].sum())


@pytest.mark.parametrize("namn", ["goteborg_typ.yaml", "normen_som_lokal_modell.yaml"])
def test_ramen_ar_den_angivna_harledningen_ur_datasetet(namn):
    """ram = (nettokostnad per elev i egen regi 2024 − lokalkostnad per elev 2024) × elever F–9
    2025/26; lokalkostnaden för enskilda = kommunens lokalkostnad per elev 2024."""
    m = modell(namn)
    u = sverige()
    kostnad = u.kostnader_huvudman.filter(
        (pl.col("huvudman_id") == m.kommunkod) & (pl.col("ar") == 2024)
    )["kostnad_per_elev"][0]
    lokal = u.lokalkostnadsunderlag.filter(
        (pl.col("kommunkod") == m.kommunkod) & (pl.col("ar") == 2024)
    )["lokalkostnad_per_elev"][0]
    assert m.ram_kr == round((kostnad - lokal) * _elever_f_9(m.kommunkod, "fk_gr"))
    assert m.bidrag.lokalkostnad_per_elev_kr == lokal


def test_fritidshemmets_ram_ar_den_angivna_harledningen():
    """(nettokostnad − interna lokalkostnader) per inskriven i egen regi 2024 × inskrivna."""
    m = modell("goteborg_typ_fritidshem.yaml")
    rs = sverige().rakenskapssammandrag.filter(
        (pl.col("kommunkod") == "1480") & (pl.col("ar") == 2024) & (pl.col("verksamhet") == "fritidshem")
    ).row(0, named=True)  # fmt: skip
    per_inskriven = (rs["nettokostnad"] - rs["interna_lokalkostnader"]) / rs["elever_kommunal"]
    assert m.ram_kr == round(per_inskriven * _elever_f_9("1480", "fritidshem"))
    lokal = rs["interna_lokalkostnader"] / rs["elever_kommunal"]
    assert m.bidrag.lokalkostnad_per_elev_kr == round(lokal)


def test_normen_som_lokal_modell_har_normens_parametrar():
    """Stadieindex, 92 % och 8 % är desamma som normens parametrar (SOU 2025:72, 6.2.1)."""
    lage = load_parameters(dt.date(2026, 1, 1))
    m = modell("normen_som_lokal_modell.yaml")
    grund, socio = m.potter
    assert grund.nyckel.vikter.per == "stadium"
    assert grund.nyckel.vikter.varden == lage.mappning("norm.fordelning.stadieindex_fk_gr")
    assert grund.belopp.andel_av_ram == lage.tal("norm.fordelning.grundersattning_andel")
    assert socio.belopp.andel_av_ram == lage.tal("norm.fordelning.socioekonomisk_andel")
    assert socio.nyckel.typ == "index" and socio.nyckel.form == "linjar"
    assert m.index.skala_om_till_kommunmedel is False
    assert m.index.standard_saknas == lage.tal("norm.fordelning.index_saknas")


def test_readmes_exempel_ar_goteborgsmodellen():
    """README, "Allocation models": det fullständiga exemplet är giltigt och räknar som
    ``modeller/goteborg_typ.yaml`` (samma ram, index, potter, nycklar och bidragsregler)."""
    import yaml

    from skolpeng.fordelning.modellfil.schema import Fordelningsmodell

    text = (ROT / "README.md").read_text(encoding="utf-8")
    avsnitt = text.split("## Allocation models", 1)[1]
    block = avsnitt.split("```yaml\n", 1)[1].split("```", 1)[0]
    readme = Fordelningsmodell.model_validate(yaml.safe_load(block))
    fil = modell("goteborg_typ.yaml")
    for falt in ("kommunkod", "ar", "verksamhet", "ram_kr", "index", "bidrag"):
        assert getattr(readme, falt) == getattr(fil, falt), falt
    for a, b in zip(readme.potter, fil.potter, strict=True):
        assert (a.namn, a.belopp, a.nyckel, a.omfattning, a.kostnadsslag) == (
            b.namn, b.belopp, b.nyckel, b.omfattning, b.kostnadsslag
        )  # fmt: skip
