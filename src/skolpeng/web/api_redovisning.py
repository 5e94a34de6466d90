"""JSON-API: redovisningen per skolenhet (docs/regler/fordelning-och-bidrag.md#redovisning) för ett
scenario eller ett fastställt beslut.

In: scenariots eller beslutets id och skolenhetskoden. Ut: ``RedovisningUt`` ur
``fordelning.redovisning_och_forandring.redovisning.redovisning``. Scenariot räknas med förra årets beslut när det finns;
beslutet räknas om ur sin lagrade modelltext och datasetversion med förra årets beslut (samma
indata som när det fastställdes) och jämförs med beslutets lagrade ``fordelning.csv`` (409 om
beloppet skiljer sig). Behörighet: kommunens handläggare och administratören; för
beslut även rektorn för enheten (``behorighet.far_se_enhet``); annars 404.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from fastapi import APIRouter, HTTPException, Request
from sqlalchemy.orm import Session

from skolpeng.api import Beslut, Dataset, Enhetsredovisning, logga, redovisning
from skolpeng.web.api_gemensamt import hamta_beslut
from skolpeng.web.api_scheman import BeslutId, Felsvar, ScenarioId, Skolenhetskod
from skolpeng.web.api_scheman_beslut import RedovisningUt, StadiumElever
from skolpeng.web.behoriga_objekt import hamta_scenario
from skolpeng.web.behorighet import far_se_enhet
from skolpeng.web.beroenden import Db, Handlaggare, Inloggning, neka_om

router = APIRouter()

_404: dict[int | str, dict[str, Any]] = {
    404: {"model": Felsvar, "description": "Finns inte eller får inte ses."}
}
_409: dict[int | str, dict[str, Any]] = {
    409: {"model": Felsvar, "description": "Beslutet kan inte återskapas ur sina indata."}
}


def enhetens_redovisning(
    tillstand: Any, db: Session, text: str, ds: Dataset, skolenhetskod: str
) -> Enhetsredovisning | None:
    """Modelltexten på datasetversionen (med förra årets beslut) -> enhetens redovisning, None
    när enheten inte finns i fördelningen."""
    from skolpeng.web.korning import kor_med_forra_aret, las_webbmodell

    korning = kor_med_forra_aret(tillstand, db, las_webbmodell(text), ds)
    forandring = korning.forandring.enheter if korning.forandring is not None else None
    for r in redovisning(korning.fordelning, forandring):
        if r.skolenhetskod == skolenhetskod:
            return r
    return None


def lagrat_belopp(beslut: Beslut, skolenhetskod: str) -> int | None:
    """Enhetens belopp i hela kronor i beslutets lagrade ``fordelning.csv`` (None utan filen)."""
    for f in beslut.filer:
        if f.filnamn == "fordelning.csv":
            ram = pl.read_csv(f.innehall, schema_overrides={"skolenhetskod": pl.String})
            return int(ram.filter(pl.col("skolenhetskod") == skolenhetskod)
                       .get_column("belopp_kr_avrundat").sum())  # fmt: skip
    return None


def redovisning_svar(r: Enhetsredovisning, kalla: str, kalla_id: int) -> RedovisningUt:
    """Enhetens redovisning -> svaret."""
    return RedovisningUt.model_validate(
        {
            **{
                k: getattr(r, k)
                for k in RedovisningUt.model_fields
                if k not in ("kalla", "kalla_id", "elever_per_stadium")
            },  # fmt: skip
            "kalla": kalla,
            "kalla_id": kalla_id,
            "elever_per_stadium": [
                StadiumElever(stadium=s, elever=e) for s, e in r.elever_per_stadium
            ],  # fmt: skip
        }
    )


@router.get(
    "/scenarier/{scenario_id}/redovisningar/{skolenhetskod}",
    response_model=RedovisningUt,
    summary="Redovisningen för en skolenhet i ett scenario",
    responses=_404,
)
def api_scenario_redovisning(
    request: Request,
    scenario_id: ScenarioId,
    skolenhetskod: Skolenhetskod,
    db: Db,
    inl: Handlaggare,
) -> RedovisningUt:
    """Varje krona för skolenheten förklarad, för scenariot (kommunens handläggare)."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    ds = db.get(Dataset, s.modell.dataset_id)
    assert ds is not None
    r = enhetens_redovisning(request.app.state, db, s.text, ds, skolenhetskod)
    neka_om(r is None)
    assert r is not None
    return redovisning_svar(r, "scenario", s.id)


@router.get(
    "/beslut/{beslut_id}/redovisningar/{skolenhetskod}",
    response_model=RedovisningUt,
    summary="Redovisningen för en skolenhet i ett beslut",
    responses={**_404, **_409},
)
def api_beslut_redovisning(
    request: Request, beslut_id: BeslutId, skolenhetskod: Skolenhetskod, db: Db, inl: Inloggning
) -> RedovisningUt:
    """Varje krona för skolenheten förklarad, i det fastställda beslutet (kommunens
    handläggare, administratören och enhetens rektor). Hämtningen loggas."""
    b = hamta_beslut(db, inl.anvandare, beslut_id)
    neka_om(not far_se_enhet(inl.anvandare, b.kommunkod, skolenhetskod))
    ds = db.get(Dataset, b.dataset_id)
    assert ds is not None
    r = enhetens_redovisning(request.app.state, db, b.modelltext, ds, skolenhetskod)
    neka_om(r is None)
    assert r is not None
    if lagrat_belopp(b, skolenhetskod) not in (None, r.belopp_kr_avrundat):
        raise HTTPException(
            409, "Redovisningen kan inte återskapas: beslutets modell och dataset ger ett annat "
            "belopp för skolenheten än beslutets lagrade fordelning.csv. Kontakta administratören."
        )  # fmt: skip
    logga(db, inl.anvandare.anvandarnamn, "hämtade redovisning (API)",
          f"beslut {b.id}", f"skolenhet {skolenhetskod}", b.kommunkod)  # fmt: skip
    db.commit()
    return redovisning_svar(r, "beslut", b.id)
