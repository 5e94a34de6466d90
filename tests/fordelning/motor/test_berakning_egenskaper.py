"""Egenskaper hos fördelningen på slumpade kommuner och modeller (hypothesis; docs/regler/fordelning-och-bidrag.md#bevarande): varje pott bevaras exakt, de avrundade raderna summerar till den avrundade
potten, ingen utanför en potts omfattning får pengar ur den, taken håller, den förstärkta
formen behåller medlet och skalar spridningen med faktorn, tröskeln ger 0 vid eller under t."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skolpeng.data.schema import ARSKURS_TILL_STADIUM, ARSKURSER, STADIER_FK_GR
from skolpeng.fordelning import fordela
from tests.fordelning.berakning_hjalp import modell, underlag

INSTALLNINGAR = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def kommuner(draw: st.DrawFn) -> list[tuple[str, str, dict[str, float], float]]:
    """1–25 enheter, minst en kommunal och en enskild, elever i slumpade årskurser."""
    n = draw(st.integers(2, 25))
    enheter = []
    for i in range(n):
        typ = (
            "kommunal"
            if i == 0
            else "enskild"
            if i == 1
            else draw(st.sampled_from(["kommunal", "enskild"]))
        )
        arskurser = draw(st.lists(st.sampled_from(ARSKURSER), min_size=1, max_size=10, unique=True))
        elever = {a: float(draw(st.integers(1, 120))) for a in arskurser}
        index = draw(st.floats(40, 250))
        enheter.append((f"{10000000 + i}", typ, elever, index))
    return enheter


def _omfattning(draw: st.DrawFn, enheter: list) -> dict[str, Any]:
    o: dict[str, Any] = {"huvudmannatyp": draw(st.sampled_from(["alla", "kommunal", "enskild"]))}
    val = draw(st.sampled_from(["alla", "stadier", "arskurser", "enheter"]))
    if val == "stadier":
        o["stadier"] = draw(st.lists(st.sampled_from(STADIER_FK_GR), min_size=1, unique=True))
    elif val == "arskurser":
        o["arskurser"] = draw(st.lists(st.sampled_from(ARSKURSER), min_size=1, unique=True))
    elif val == "enheter":
        o["enheter"] = draw(
            st.lists(st.sampled_from([e[0] for e in enheter]), min_size=1, unique=True)
        )
    return o


def _nar(o: dict[str, Any], e: tuple) -> dict[str, float]:
    """Enhetens elever per årskurs som omfattningen når (oberoende av motorn)."""
    if o["huvudmannatyp"] != "alla" and e[1] != o["huvudmannatyp"]:
        return {}
    if "enheter" in o and e[0] not in o["enheter"]:
        return {}
    ut = {}
    for a, n in e[2].items():
        if "stadier" in o and ARSKURS_TILL_STADIUM[a] not in o["stadier"]:
            continue
        if "arskurser" in o and a not in o["arskurser"]:
            continue
        ut[a] = n
    return ut


@st.composite
def fall(draw: st.DrawFn) -> tuple[list, list[dict[str, Any]], list]:
    """En kommun och 1–5 potter som når minst en elev var."""
    enheter = draw(kommuner())
    malgrupp = [(e[0], "ny", float(draw(st.integers(0, 20)))) for e in enheter]
    potter = []
    for i in range(draw(st.integers(1, 5))):
        o = _omfattning(draw, enheter)
        if not any(_nar(o, e) for e in enheter):
            o = {"huvudmannatyp": "alla"}
        typ = draw(st.sampled_from(["elever", "index", "malgrupp", "klumpsumma"]))
        nyckel: dict[str, Any] = {"typ": typ}
        if typ in ("elever", "index") and draw(st.booleans()):
            nyckel["vikter"] = {
                "per": "arskurs",
                "varden": {a: draw(st.floats(0.3, 2.0)) for a in ARSKURSER},
            }
        if typ == "index":
            nyckel["form"] = draw(st.sampled_from(["linjar", "forstarkt", "troskel", "progressiv"]))
            nyckel |= {
                "forstarkt": {"faktor": draw(st.floats(1.0, 3.0))},
                "progressiv": {"exponent": draw(st.floats(1.0, 3.0))},
            }.get(nyckel["form"], {})
            if nyckel["form"] == "troskel":
                h = sorted(e[3] / 100 for e in enheter if _nar(o, e))
                nyckel["troskel"] = draw(st.floats(0.0, 0.999)) * h[-1]
            if nyckel["form"] != "troskel" and draw(st.booleans()):
                nyckel["tak_per_elev_kr"] = "tak"  # sätts nedan när beloppet är känt
        if typ == "malgrupp":
            nyckel["malgrupp"] = "ny"
            if not any(m[2] > 0 for m, e in zip(malgrupp, enheter, strict=True) if _nar(o, e)):
                nyckel = {"typ": "elever"}
        belopp = draw(
            st.sampled_from(
                [
                    {"summa_kr": draw(st.floats(0, 5e8))},
                    {"per_elev_kr": draw(st.floats(0, 9e4))},
                    {"andel_av_ram": draw(st.floats(0, 0.2))},
                ]
            )
        )
        if nyckel.get("tak_per_elev_kr") == "tak":
            elever = sum(sum(_nar(o, e).values()) for e in enheter)
            snitt = _pottbelopp(belopp, elever) / elever
            nyckel["tak_per_elev_kr"] = max(1.0, snitt * draw(st.floats(1.01, 2.0)))
        pott: dict[str, Any] = {"namn": f"p{i}", "belopp": belopp, "omfattning": o}
        if draw(st.booleans()):
            # två delpotter; den andra per elev i en egen stadieomfattning (inom pottens)
            x = draw(st.floats(0.05, 0.95))
            stadier = draw(st.lists(st.sampled_from(STADIER_FK_GR), min_size=1, unique=True))
            od = {"huvudmannatyp": "alla", "stadier": stadier}
            d1: dict[str, Any] = {"namn": "d1", "andel": 1 - x, "nyckel": {"typ": "elever"}}
            if any(set(_nar(o, e)) & set(_nar(od, e)) for e in enheter):
                d1["omfattning"] = od
            pott["delpotter"] = [{"namn": "d0", "andel": x, "nyckel": nyckel}, d1]
        else:
            pott["nyckel"] = nyckel
        potter.append(pott)
    return enheter, potter, malgrupp


RAM = 1e9


def _pottbelopp(belopp: dict[str, float], elever: float) -> float:
    if "summa_kr" in belopp:
        return belopp["summa_kr"]
    if "per_elev_kr" in belopp:
        return belopp["per_elev_kr"] * elever
    return belopp["andel_av_ram"] * RAM


@INSTALLNINGAR
@given(fall())
def test_potter_bevaras_och_omfattning_halls(f: tuple) -> None:
    enheter, potter, malgrupp = f
    fu = underlag(enheter, malgrupper=malgrupp)
    res = fordela(modell(potter, ram_kr=RAM), fu)
    per_kod = {e[0]: e for e in enheter}
    for p in potter:
        o = p["omfattning"]
        elever = sum(sum(_nar(o, e).values()) for e in enheter)
        P = _pottbelopp(p["belopp"], elever)
        r = res.rader.filter(pl.col("pott") == p["namn"])
        assert r["belopp_kr"].sum() == pytest.approx(P, rel=1e-9, abs=1e-6)
        assert r["belopp_kr_avrundat"].sum() == int(np.floor(P + 0.5))
        # ingen rad utanför omfattningen, och raden har omfattningens elever i stadiet
        delar = p.get("delpotter") or [{"namn": None, "nyckel": p["nyckel"]}]
        for d in delar:
            rd = r.filter(pl.col("delpott") == d["namn"]) if d["namn"] else r
            if d["namn"]:
                assert rd["belopp_kr"].sum() == pytest.approx(P * d["andel"], rel=1e-9, abs=1e-6)
            for kod, stadium, el in rd.select("skolenhetskod", "stadium", "elever").iter_rows():
                nar = _nar(o, per_kod[kod])
                if "omfattning" in d:
                    nar = {a: n for a, n in nar.items() if a in _nar(d["omfattning"], per_kod[kod])}
                assert (
                    el == sum(n for a, n in nar.items() if ARSKURS_TILL_STADIUM[a] == stadium) > 0
                )
            tak = d["nyckel"].get("tak_per_elev_kr")
            if tak is not None:
                u = rd.group_by("skolenhetskod").agg(
                    pl.col("belopp_kr").sum() / pl.col("elever").sum()
                )
                assert (u["belopp_kr"] <= tak * (1 + 1e-8)).all()
            if d["nyckel"].get("form") == "troskel":
                t = d["nyckel"]["troskel"]
                under = [e[0] for e in enheter if e[3] / 100 <= t]
                assert rd.filter(pl.col("skolenhetskod").is_in(under))["belopp_kr"].abs().max() in (
                    None,
                    0,
                )
    assert res.potter["fordelat_kr"].to_list() == pytest.approx(
        res.potter["belopp_kr"].to_list(), rel=1e-9, abs=1e-6
    )


@INSTALLNINGAR
@given(kommuner(), st.floats(1.0, 4.0), st.floats(1e5, 1e9))
def test_forstarkt_behaller_medlet_och_skalar_spridningen(
    enheter: list, a: float, P: float
) -> None:
    """Per elev: förstärkt − medel = a × (linjär − medel), medel = P / elever."""
    fu = underlag(enheter)
    lin = fordela(
        modell([{"namn": "s", "belopp": {"summa_kr": P}, "nyckel": {"typ": "index"}}]), fu
    )
    fst = fordela(
        modell(
            [
                {
                    "namn": "s",
                    "belopp": {"summa_kr": P},
                    "nyckel": {"typ": "index", "form": "forstarkt", "faktor": a},
                }
            ]
        ),
        fu,
    )
    medel = P / sum(sum(e[2].values()) for e in enheter)
    x = lin.rader.sort("skolenhetskod", "stadium")["kr_per_elev"].to_numpy()
    y = fst.rader.sort("skolenhetskod", "stadium")["kr_per_elev"].to_numpy()
    assert fst.rader["belopp_kr"].sum() == pytest.approx(P, rel=1e-9)
    assert y - medel == pytest.approx(a * (x - medel), rel=1e-7, abs=1e-6 * medel)
