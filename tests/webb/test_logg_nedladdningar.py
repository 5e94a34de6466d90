"""Granskningsloggen: nedladdningar av modeller, scenarier och datasetfiler loggas med vem
och vilket objekt (granskningsloggen: vem gjorde vad och när)."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select

from skolpeng.lagring.tabeller import Logghandelse
from tests.webb.hjalp import logga_in


def _logg(app: FastAPI, handling: str) -> list[tuple[str, str]]:
    with app.state.sessionsfabrik() as db:
        fraga = select(Logghandelse).where(Logghandelse.handling == handling)
        return [(r.anvandare, r.objekt) for r in db.scalars(fraga)]


def test_nedladdningar_loggas(webbapp: FastAPI) -> None:
    k = logga_in(webbapp, "gbg")
    svar = k.post_form("/modeller/ny", {"exempel": "goteborg_typ.yaml", "dataset_id": "1"},
                       follow_redirects=False)  # fmt: skip
    modell_id = svar.headers["location"].split("/")[-1].split("?")[0]
    assert k.get(f"/modeller/{modell_id}/modell.yaml").status_code == 200
    assert ("gbg", f"modell {modell_id}") in _logg(webbapp, "laddade ned modell")
    svar = k.post_form(f"/modeller/{modell_id}/scenarier", {"namn": "s"}, follow_redirects=False)
    scenario_id = svar.headers["location"].split("/")[-1]
    assert k.get(f"/scenarier/{scenario_id}/modell.yaml").status_code == 200
    assert ("gbg", f"scenario {scenario_id}") in _logg(webbapp, "laddade ned scenario")
    assert k.get("/dataset/1/filer/kommuner.csv").status_code == 200
    assert ("gbg", "sverige v1/kommuner.csv") in _logg(webbapp, "laddade ned datasetfil")
    # en nekad nedladdning loggas inte som nedladdning
    malmo = logga_in(webbapp, "malmo")
    assert malmo.get(f"/modeller/{modell_id}/modell.yaml").status_code == 404
    assert all(a == "gbg" for a, _ in _logg(webbapp, "laddade ned modell"))
