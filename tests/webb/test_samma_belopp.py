"""Samma skolenhet har samma avrundade belopp på modellens resultatsida, på beslutets sida
och i beslutets fördelning.csv (Σ belopp_kr_avrundat) (48 517 751 kr mot
48 517 750 kr kom av att resultatsidan avrundade det oavrundade beloppet)."""

from __future__ import annotations

import io
import re

import polars as pl
from fastapi import FastAPI

from skolpeng.lagring.tabeller import Beslut
from skolpeng.talformat import tolka
from tests.webb.hjalp import logga_in
from tests.webb.test_beslut import frysta  # noqa: F401  (fixturen)


def _belopp(sida: str, caption: str, kodmonster: str) -> dict[str, int]:
    start = re.search(r"<caption[^>]*>" + re.escape(caption), sida)
    assert start is not None, caption
    tabell = sida[start.end() :].split("</table>", 1)[0].split("<tfoot")[0]
    ut = {}
    for rad in re.findall(r"<tr>(.*?)</tr>", tabell, re.S):
        kod = re.search(kodmonster, rad)
        celler = re.findall(r'<td class="tal"[^>]*>([^<]*kr)</td>', rad)
        if kod and celler:
            ut[kod.group(1)] = round(tolka(celler[0]))
    return ut


def test_samma_avrundade_belopp_pa_sidorna_och_i_filen(webbapp: FastAPI, frysta: dict) -> None:  # noqa: F811
    k = logga_in(webbapp, "gbg")
    resultat = k.get(f"/modeller/{frysta['modell_id']}/resultat").text
    pa_resultatsidan = _belopp(resultat, "Belopp per skolenhet", r"<td>(\d{8})</td>")
    beslutssidan = k.get(f"/beslut/{frysta['forsta']}").text
    pa_beslutssidan = _belopp(beslutssidan, "Belopp per skolenhet", r"<td>(\d{8})</td>")
    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, frysta["forsta"])
        assert b is not None
        fil = next(f.innehall for f in b.filer if f.filnamn == "fordelning.csv")
    i_filen = dict(
        pl.read_csv(io.BytesIO(fil), schema_overrides={"skolenhetskod": pl.String})
        .group_by("skolenhetskod")
        .agg(pl.col("belopp_kr_avrundat").sum())
        .iter_rows()
    )
    assert len(pa_resultatsidan) > 100
    assert pa_resultatsidan == pa_beslutssidan == {k: int(v) for k, v in i_filen.items()}


def test_avstandet_till_normen_forklarar_att_lokalerna_ligger_utanfor_ramen(
    webbapp: FastAPI,
    frysta: dict,  # noqa: F811
) -> None:
    """Göteborgstypens ram har ingen pott för lokalkostnader, så avståndet
    till normen förklaras med normens lokalkostnad (Σ normens lokaldel per elev × elever över
    de kommunala enheterna, räknat här ur beslutets normjamforelse.csv)."""
    k = logga_in(webbapp, "gbg")
    sida = k.get(f"/modeller/{frysta['modell_id']}/resultat").text
    assert "Modellens ram omfattar inte lokalkostnader" in sida
    with webbapp.state.sessionsfabrik() as db:
        b = db.get(Beslut, frysta["forsta"])
        assert b is not None
        fil = next(f.innehall for f in b.filer if f.filnamn == "normjamforelse.csv")
    n = pl.read_csv(io.BytesIO(fil)).filter(
        (pl.col("niva") == "skolenhet") & (pl.col("stadium") == "alla")
    )
    assert float(n["modell_varav_lokalkostnad_kr"].abs().sum()) == 0
    lokaler = float((n["norm_varav_lokalkostnad_kr"] * n["elever"]).sum())
    m = re.search(r"normens lokalkostnad för de kommunala enheterna är ([^,<]+kr)", sida)
    assert m is not None and round(tolka(m.group(1))) == round(lokaler)
