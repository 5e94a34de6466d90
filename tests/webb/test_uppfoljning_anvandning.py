"""Kommunens årliga uppföljningsrapport i webben tar med rektorernas inskickade redovisningar
av de riktade medlen (det senaste året med redovisningar), med summor som räknas om här ur
det som rektorn skickade in; utan redovisningar finns avsnittet inte."""

from __future__ import annotations

from fastapi import FastAPI

from skolpeng.talformat import MELLANSLAG, kr
from tests.webb.hjalp import GBG, REKTORNS_ENHETER, logga_in
from tests.webb.test_anvandning import beslut  # noqa: F401

RUBRIK = "Hur de riktade medlen använts"


def test_rapporten_utan_redovisningar_saknar_avsnittet(webbapp: FastAPI) -> None:
    h = logga_in(webbapp, "gbg")
    html = h.get(f"/uppfoljning/{GBG}/rapport.html")
    assert html.status_code == 200
    assert RUBRIK not in html.text


def test_rapporten_tar_med_de_inskickade_redovisningarna(
    webbapp: FastAPI,
    beslut: dict,  # noqa: F811
) -> None:
    ar = beslut["ar"]
    r = logga_in(webbapp, "rektor")
    belopp = {0: 12500, 1: 3000, 7: 500}  # Ledning och administration, Ordinarie …, Annat
    data = {f"belopp-{i}": str(v) for i, v in belopp.items()}
    data |= {f"text-{i}": f"insats {i}" for i in belopp} | {"handling": "skicka"}
    svar = r.post_form(f"/anvandning/{GBG}/{ar}/{REKTORNS_ENHETER[0]}", data,
                       follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303, svar.text
    h = logga_in(webbapp, "gbg")
    html = h.get(f"/uppfoljning/{GBG}/rapport.html").text
    assert f"{RUBRIK} {ar}</h2>" in html
    assert html.index(RUBRIK) < html.index("Om underlaget")
    summa = sum(belopp.values())
    riktat = beslut["riktat"][REKTORNS_ENHETER[0]]
    m = MELLANSLAG
    assert f"fick {kr(riktat, mellanrum=m)} i riktade medel" in html
    assert f"redovisade {kr(summa, mellanrum=m)}" in html
    for v in belopp.values():
        assert f"<td>{kr(v, mellanrum=m)}</td>" in html
    pdf = h.get(f"/uppfoljning/{GBG}/rapport.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_kommandoraden_laser_samma_redovisningar_ur_databasen(
    webbapp: FastAPI,
    beslut: dict,  # noqa: F811
    tmp_path,
) -> None:
    """Efter testet ovan: ``skolpeng uppfoljning rapport --ar N --databas URL`` ger samma
    avsnitt som webben."""
    from skolpeng.cli.uppfolj_rapport import kor_rapport

    with webbapp.state.sessionsfabrik() as db:
        url = db.get_bind().url.render_as_string(hide_password=False)
    ar = beslut["ar"]
    rapport = kor_rapport(GBG, tmp_path / "ut", databas=url, ar=ar, utskrift=lambda _: None)
    webben = logga_in(webbapp, "gbg").get(f"/uppfoljning/{GBG}/rapport.html").text
    start = f"{RUBRIK} {ar}</h2>"
    slut = "Om underlaget"
    assert start in rapport.html
    del_cli = rapport.html[rapport.html.index(start) : rapport.html.index(slut)]
    del_webb = webben[webben.index(start) : webben.index(slut)]
    assert del_cli == del_webb
