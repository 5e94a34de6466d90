"""Svensk talformatering (skolpeng.talformat): decimalkomma, hårt mellanslag som
tusentalsavgränsare, äkta minustecken och tankstreck för saknade värden – samma utdata som
rapporternas tidigare egna formaterare."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from skolpeng.talformat import (
    MELLANSLAG,
    NBSP,
    decimal,
    heltal,
    kr,
    mnkr,
    procent,
)


def test_exempel() -> None:
    assert decimal(1234567.891, 1) == "1\u00a0234\u00a0567,9"
    assert decimal(-0.5, 2) == "\u22120,50"
    assert decimal(None) == "–" and decimal(float("nan"), 3) == "–"
    assert heltal(1234567.4) == "1\u00a0234\u00a0567"
    assert heltal(-1234.5) == "\u22121\u00a0234"  # Pythons avrundning: hälften till jämnt
    assert kr(1234567.4) == "1\u00a0234\u00a0567\u00a0kr"
    assert kr(1234567.4, mellanrum=MELLANSLAG) == "1 234 567 kr"
    assert kr(None) == "–"
    assert procent(0.1234) == "12,3\u00a0%"
    assert procent(0.0604, 2) == "6,04\u00a0%"  # SOU 2025:72 tabell 10.3: avdraget 6,04 %
    assert procent(0.049, mellanrum=MELLANSLAG) == "4,9 %"
    assert procent(None) == "–"
    assert mnkr(2_345_678.0, mellanrum=MELLANSLAG) == "2,3 mnkr"
    assert mnkr(-813_000_000.0) == "\u2212813,0\u00a0mnkr"


def _tillbaka(text: str, mellanrum: str) -> float:
    """Texten tillbaka till ett tal (inversen av formateringen)."""
    return float(text.replace(mellanrum, "").replace(",", ".").replace("\u2212", "-"))


@settings(max_examples=50, deadline=None)
@given(
    x=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    n=st.integers(min_value=0, max_value=4),
    mellanrum=st.sampled_from([NBSP, MELLANSLAG]),
)
def test_formateringen_gar_att_lasa_tillbaka(x: float, n: int, mellanrum: str) -> None:
    """Invariant: utan avgränsare och med decimalpunkt är texten Pythons avrundning av talet;
    grupperna mellan avgränsarna har tre siffror."""
    text = decimal(x, n, mellanrum=mellanrum)
    assert _tillbaka(text, mellanrum) == float(f"{x:.{n}f}")
    heltalsdel = text.lstrip("\u2212").split(",")[0]
    grupper = heltalsdel.split(mellanrum)
    assert 1 <= len(grupper[0]) <= 3 and all(len(g) == 3 for g in grupper[1:])
    assert ("." not in text) and ("-" not in text)


@settings(max_examples=50, deadline=None)
@given(x=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_samma_som_simuleringens_tidigare_kr(x: float) -> None:
    """Simuleringens tidigare ``kr``: f"{x:,.0f}" med mellanslag och minustecken."""
    tidigare = f"{x:,.0f}".replace(",", " ").replace("-", "−")
    tidigare = "0" if tidigare == "−0" else tidigare  # utom −0 (se test_minus_noll)
    assert heltal(x, mellanrum=MELLANSLAG) == tidigare
    assert kr(x, mellanrum=MELLANSLAG) == f"{tidigare} kr"


@settings(max_examples=50, deadline=None)
@given(x=st.floats(min_value=0, max_value=1, allow_nan=False), n=st.integers(0, 3))
def test_procent_ar_hundra_ganger_andelen(x: float, n: int) -> None:
    text = procent(x, n)
    assert text.endswith("\u00a0%")
    assert math.isclose(_tillbaka(text[:-2], NBSP), float(f"{100 * x:.{n}f}"))


def test_minus_noll_har_inget_tecken() -> None:
    """Ett negativt tal som avrundas till noll skrivs utan minustecken (t.ex. en förändring
    på −0,3 kr i fördelningens sammanfattning); ett som inte gör det behåller det."""
    assert kr(-0.3) == "0\u00a0kr"
    assert kr(-0.0) == "0\u00a0kr"
    assert decimal(-0.04, 1) == "0,0"
    assert procent(-0.00001) == "0,0\u00a0%"
    assert kr(-0.6) == "−1\u00a0kr"
    assert decimal(-0.05, 2) == "−0,05"
    assert heltal(-1000.2, mellanrum=MELLANSLAG) == "−1 000"


def test_falttext_ger_svenska_tal_som_tolka_laser_tillbaka() -> None:
    """Formulärfältens värden: mellanslag mellan tusental, decimalkomma, bara de
    decimaler som behövs; tolka läser samma text tillbaka till talet."""
    from skolpeng.talformat import falttext, tolka

    fall = {6467827953: "6 467 827 953", 24.5: "24,5", 0.19: "0,19", 12.5: "12,5",
            1234.5: "1 234,5", 0: "0", -3.25: "\u22123,25", 81.0: "81"}  # fmt: skip
    for tal, text in fall.items():
        assert falttext(tal) == text
        assert tolka(text) == tal
    assert falttext("24.5") == "24,5" and falttext(None) == "" and falttext("") == ""


def test_organisationsnummer_med_bindestreck() -> None:
    from skolpeng.talformat import organisationsnummer

    assert organisationsnummer("8572054065") == "857205-4065"
    assert organisationsnummer("857205-4065") == "857205-4065"
    assert organisationsnummer("1480") == "1480"  # en kommunkod lämnas som den är
    assert organisationsnummer(None) == ""


def test_lokal_tid_ar_svensk_tid_vinter_och_sommar() -> None:
    """Loggens UTC-tider visas i svensk tid: +1 h på vintern, +2 h på sommaren."""
    import datetime as dt

    from skolpeng.web.mallar import lokal_tid

    assert lokal_tid(dt.datetime(2026, 12, 4, 19, 5)) == "2026-12-04 20:05"
    assert lokal_tid(dt.datetime(2026, 7, 1, 22, 30)) == "2026-07-02 00:30"
    assert lokal_tid(None) == "–"
