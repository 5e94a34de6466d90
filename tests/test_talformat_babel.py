"""Den svenska talformateringen mot babel: ``talformat.decimal`` ger samma
text som babels ``format_decimal`` för ``sv_SE`` (med projektets äkta minustecken och utan
tecken för ett tal som avrundats till noll), och ``tolka`` (babels ``parse_decimal``) läser
tillbaka det som skrevs. Babel är här det oberoende facit; projektet formaterar med Pythons
format för att det går snabbt."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from skolpeng import talformat as tf


def _babel(x: float, n: int) -> str:
    avrundat = Decimal(f"{x:.{n}f}")
    if avrundat == 0:
        avrundat = abs(avrundat)
    monster = "#,##0" + ("." + "0" * n if n else "")
    return format_decimal(avrundat, format=monster, locale="sv_SE").replace("-", tf.MINUS)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 4))
def test_samma_text_som_babel(x: float, n: int) -> None:
    assert tf.decimal(x, n) == _babel(x, n)
    assert tf.decimal(x, n, mellanrum=tf.MELLANSLAG) == _babel(x, n).replace(tf.NBSP, " ")


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 3))
def test_tolka_laser_tillbaka(x: float, n: int) -> None:
    text = tf.decimal(x, n)
    assert tf.tolka(text) == float(f"{x:.{n}f}") or tf.tolka(text) == 0.0 == round(x, n)


def test_enheter_och_vanligt_mellanslag() -> None:
    assert tf.tolka("8\u00a0412\u00a0kr") == 8412.0
    assert tf.tolka("1 234 567,9") == 1234567.9
    assert tf.tolka("\u22123,5") == -3.5
    assert tf.tolka("12,3\u00a0%") == 12.3
