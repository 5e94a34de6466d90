"""Sammanslagning av glesa nivåer (docs/regler/index.md#sammanslagning), med regeln i ``skolpeng.index.nivaer``."""

from __future__ import annotations

import math

import polars as pl
import pytest

from skolpeng.index.lasning import traningsceller
from skolpeng.index.modell import IndexModell
from skolpeng.index.nivaer import anvand_indelning, dela_in_nivaer
from skolpeng.index.skattning import skatta
from skolpeng.index.tillampning import prediktera

_INV = ["fodd_i_sverige", "ankommit_7_ar_eller_mer", "ankommit_4_6_ar", "ankommit_0_3_ar", "okand"]


def _modell(minsta: int, referens: str = "fodd_i_sverige") -> IndexModell:
    return IndexModell.model_validate(
        {
            "namn": "test",
            "kalla": "test",
            "utfall": "ej_behorig",
            "utfall_beskrivning": "test",
            "faktorer": [
                {"namn": "invandring", "beskrivning": "x", "nivaer": _INV, "referens": referens},
                {
                    "namn": "kon",
                    "beskrivning": "x",
                    "nivaer": ["flicka", "pojke"],
                    "referens": "flicka",
                },
            ],
            "minsta_cell": minsta,
        }
    )


def _celler(antal_inv: list[int]) -> pl.DataFrame:
    """Flickor med antal per invandringsnivå + 500 pojkar födda i Sverige."""
    rader = [
        {"invandring": n, "kon": "flicka", "antal": a, "antal_utfall": a // 5}
        for n, a in zip(_INV, antal_inv, strict=True)
        if a
    ]
    rader.append({"invandring": _INV[0], "kon": "pojke", "antal": 500, "antal_utfall": 125})
    return pl.DataFrame(rader)


def test_minsta_gruppen_slas_ihop_med_minsta_grannen() -> None:
    """Antal per nivå 1000, 50, 40, 30, 20 (minst 100): okand (20) -> med 0–3 (30) = 50;
    4–6 (40) har grannarna 50 och 50 -> den föregående (7+) = 90; sedan 50 -> med 90 = 140."""
    celler = _celler([500, 50, 40, 30, 20])  # + 500 pojkar födda i Sverige = 1000
    ind = dela_in_nivaer(celler, _modell(100))
    alla = "+".join(_INV[1:])
    assert ind.nivaer["invandring"] == ["fodd_i_sverige", alla]
    assert ind.karta["invandring"]["okand"] == alla
    assert ind.referenser["invandring"] == "fodd_i_sverige"
    rapport = ind.sammanslagningar.row(0, named=True)
    assert rapport["faktor"] == "invandring"
    assert rapport["antal_elever"] == 140
    assert "okand: 20" in rapport["antal_per_niva"]


def test_tva_steg_och_referens_som_slas_ihop() -> None:
    """1000, 300, 300, 30, 200 med minst 100: bara 0–3 (30) är för liten; grannarna 300 och
    200 -> okand (200). Referensen kan också slås ihop: då är den nya gruppen referens."""
    ind = dela_in_nivaer(_celler([500, 300, 300, 30, 200]), _modell(100))
    assert ind.nivaer["invandring"] == [*_INV[:3], "ankommit_0_3_ar+okand"]
    ind2 = dela_in_nivaer(_celler([500, 300, 300, 30, 200]), _modell(100, referens="okand"))
    assert ind2.referenser["invandring"] == "ankommit_0_3_ar+okand"


def test_inga_glesa_nivaer_inget_rapporteras() -> None:
    ind = dela_in_nivaer(_celler([500, 300, 300, 300, 200]), _modell(100))
    assert ind.sammanslagningar.height == 0
    assert ind.nivaer["invandring"] == _INV


def test_faktor_utan_variation_utgar() -> None:
    """Alla nivåer slås ihop till en -> faktorn utgår och får ingen koefficient."""
    celler = _celler([500, 5, 5, 5, 5])
    m = _modell(10_000)
    ind = dela_in_nivaer(celler, m)
    assert "invandring" in ind.utgangna and "kon" in ind.utgangna


def test_sammanslagna_nivaer_ger_samma_risk_vid_tillampning(elevdata, modell) -> None:
    """Efter sammanslagning får elever i de sammanslagna nivåerna samma koefficient, och
    årets elever med en ursprunglig nivå översätts med samma karta."""
    m = modell.model_copy(update={"minsta_cell": 2500})
    celler = traningsceller(elevdata.historiska, m)
    s = skatta(celler, m)
    assert s.indelning.sammanslagningar.height >= 1
    sammanslagen = s.indelning.sammanslagningar["ny_niva"][0]
    faktor = s.indelning.sammanslagningar["faktor"][0]
    delar = sammanslagen.split("+")
    pred = prediktera(
        pl.DataFrame(
            {
                **{f.namn: [f.referens] * len(delar) for f in m.faktorer},
                faktor: delar,
            }
        ),
        s,
    )
    assert pred["risk"].n_unique() == 1
    assert anvand_indelning(celler, s.indelning)["antal"].sum() == celler["antal"].sum()
    eta = (
        s.parametrar["konstant"]
        + s.parametrar.get(f"{faktor}[{sammanslagen}]", 0.0)
        + s.parametrar["kohort[2024]"]  # den senaste kohorten används vid prediktion
    )
    assert pred["risk"][0] == pytest.approx(1 / (1 + math.exp(-eta)), rel=1e-9)
