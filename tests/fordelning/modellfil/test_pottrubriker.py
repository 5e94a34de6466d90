"""Potternas, delpotternas och målgruppernas namn för läsaren: ``rubrik`` och
``malgrupp_rubrik`` ur modellen, annars en läsbar form av identifieraren."""

from __future__ import annotations

from pathlib import Path

import pytest

from skolpeng.fordelning import fordela
from skolpeng.fordelning.modellfil.schema import (
    Delpott,
    Nyckel,
    Pott,
    las_modell,
    lasbart_namn,
    malgruppsnamn,
    pottnamn,
    pottrubriker,
    visningsnamn,
)
from skolpeng.talformat import NBSP
from tests.fordelning.berakning_hjalp import modell, underlag

MODELLER = Path(__file__).resolve().parents[3] / "src" / "skolpeng" / "modeller"
ENHETER = [
    ("10000001", "kommunal", {"F": 20, "1": 30, "7": 50}, 120.0),
    ("10000002", "kommunal", {"3": 40}, 80.0),
]


def test_reservnamnet_ur_identifieraren() -> None:
    assert lasbart_namn("lag_utbildning") == "Låg utbildning"
    assert lasbart_namn("lag_utbildning", versal=False) == "låg utbildning"
    p = Pott(namn="grundersattning", belopp={"summa_kr": 1}, nyckel={"typ": "elever"})
    assert visningsnamn(p) == "Grundersättning"
    d = Delpott(namn="lag_utbildning", andel=1, nyckel={"typ": "elever"})
    assert visningsnamn(d) == "låg utbildning"
    assert malgruppsnamn(Nyckel(typ="malgrupp", malgrupp="invandrade_4ar")) == "invandrade 4ar"
    assert pottnamn("tillagg", "lag_utbildning") == "Tillägg – låg utbildning"
    assert pottnamn("stabilitetsjustering", None, {}) == "Stabilitetsjustering"


def test_rubriken_gar_fore_identifieraren() -> None:
    p = Pott(
        namn="tillagg",
        rubrik="Socioekonomiskt tillägg",
        belopp={"summa_kr": 1},
        delpotter=[
            {"namn": "lag_utbildning", "rubrik": "föräldrar med låg utbildning", "andel": 0.5,
             "nyckel": {"typ": "malgrupp", "malgrupp": "lag_utbildning"}},
            {"namn": "pojkar", "andel": 0.5, "nyckel": {"typ": "malgrupp", "malgrupp": "pojkar"}},
        ],
    )  # fmt: skip
    assert visningsnamn(p) == "Socioekonomiskt tillägg"
    r = {("tillagg", None): "Socioekonomiskt tillägg", ("tillagg", "lag_utbildning"): "föräldrar "
         "med låg utbildning", ("tillagg", "pojkar"): "pojkar"}  # fmt: skip
    m = modell([p.model_dump(exclude_none=True)], ram_kr=None)
    assert pottrubriker(m) == r
    assert pottnamn("tillagg", "lag_utbildning", r) == (
        "Socioekonomiskt tillägg – föräldrar med låg utbildning"
    )


@pytest.mark.parametrize("fil", sorted(MODELLER.glob("*.yaml")), ids=lambda f: f.name)
def test_varje_levererad_pott_har_en_rubrik(fil: Path) -> None:
    """Varje pott, delpott och målgrupp i de levererade modellerna har ett svenskt namn."""
    m = las_modell(fil)
    for p in m.potter:
        assert p.rubrik and p.rubrik[0].isupper(), p.namn
        nycklar = [p.nyckel] if p.nyckel else [d.nyckel for d in p.delpotter or []]
        for d in p.delpotter or []:
            assert d.rubrik, (p.namn, d.namn)
        for n in nycklar:
            assert n.typ != "malgrupp" or n.malgrupp_rubrik, p.namn
    rubriker = " ".join(pottrubriker(m).values())
    assert "_" not in rubriker


def test_levererade_rubriker_med_a_a_o() -> None:
    huddinge = pottrubriker(las_modell(MODELLER / "huddinge_2019.yaml"))
    assert huddinge[("larverktyg", None)] == "Lärverktyg"
    assert huddinge[("socioekonomisk_tillaggsersattning", "lag_utbildning")] == (
        "föräldrar med låg utbildning"
    )
    normen = pottrubriker(las_modell(MODELLER / "normen_som_lokal_modell.yaml"))
    assert normen[("grundersattning", None)] == "Grundersättning"


def test_forklaringen_namnger_malgruppen_med_rubriken() -> None:
    """Pott 300 000 kr till 10 + 5 nyanlända -> 20 000 kr per elev i målgruppen; raden
    nämner målgruppen med ``malgrupp_rubrik``, utan den med identifieraren utan understreck."""
    fu = underlag(
        ENHETER, malgrupper=[("10000001", "ny_anlanda", 10), ("10000002", "ny_anlanda", 5)]
    )
    for rubrik, namn in (("nyanlända elever", "nyanlända elever"), (None, "ny anlanda")):
        nyckel = {"typ": "malgrupp", "malgrupp": "ny_anlanda", "malgrupp_rubrik": rubrik}
        m = modell([{"namn": "ny", "belopp": {"summa_kr": 300_000}, "nyckel": nyckel}])
        texter = set(fordela(m, fu).rader["forklaring"].to_list())
        assert f"5 elever i målgruppen {namn} × 20{NBSP}000{NBSP}kr" in texter, texter
