"""JSON-API: normen (som ``skolpeng norm``) och fördelningen (som ``skolpeng fordela``).

In: en datasetversion och normens år och variant, respektive en modell (text, sparad modell
eller scenario). Ut: normen per skolenhet och stadium (``norm_skolenheter.csv``:s rader) och
fördelningen per pott och skolenhet, bidragen i hela kronor (``bidrag.csv``), jämförelsen med
normen och noteringarna. Beräkningarna görs av biblioteket via ``web.korning``.
"""

from __future__ import annotations

from typing import Annotated

import polars as pl
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from skolpeng.api import Anvandare, Dataset, Fordelningskorning, IndataFel
from skolpeng.web.api_gemensamt import krav_kommun, rader
from skolpeng.web.api_scheman import (
    BidragUt,
    EnhetsbeloppUt,
    Felsvar,
    FordelningIn,
    FordelningUt,
    NormjamforelseUt,
    NormRad,
    NormUt,
    Normvariant,
    PottUt,
)
from skolpeng.web.behoriga_objekt import hamta_dataset, hamta_modell, hamta_scenario
from skolpeng.web.beroenden import Db, Handlaggare
from skolpeng.web.korning import kor_med_forra_aret, kor_modell, las_webbmodell, norm_for

router = APIRouter()

_FEL_400 = {400: {"model": Felsvar, "description": "Felaktig modell eller otillräckligt underlag."},
            404: {"model": Felsvar, "description": "Objektet finns inte eller får inte ses."}}  # fmt: skip


@router.get("/norm", response_model=NormUt, summary="Normen per skolenhet och stadium",
            responses=_FEL_400)  # fmt: skip
def api_norm(
    request: Request,
    db: Db,
    inl: Handlaggare,
    dataset_id: Annotated[int, Query(description="Datasetversionen.")],
    ar: Annotated[int, Query(description="Normåret.", ge=2000, le=2100)],
    variant: Annotated[Normvariant, Query(description="Normens variant.")] = "vagledande",
    kommunkod: Annotated[
        str | None, Query(description="Bara enheter i kommunen.", max_length=4)
    ] = None,  # fmt: skip
    skolenhetskod: Annotated[
        str | None, Query(description="Bara skolenheten.", max_length=20)
    ] = None,  # fmt: skip
) -> NormUt:
    """Den nationella normen per skolenhet och stadium (som ``norm_skolenheter.csv`` från
    ``skolpeng norm``), valfritt för en kommun eller en skolenhet."""
    ds = hamta_dataset(db, inl.anvandare, dataset_id)
    norm = norm_for(request.app.state, ds, ar, variant)
    if norm is None:
        raise HTTPException(
            400, f"Normen kan inte beräknas med datasetet {ds.namn} v{ds.version} för år {ar} "
            f"({variant}): underlaget eller parametrarna räcker inte."
        )  # fmt: skip
    enheter = norm.enheter
    if kommunkod:
        enheter = enheter.filter(pl.col("kommunkod") == kommunkod)
    if skolenhetskod:
        enheter = enheter.filter(pl.col("skolenhetskod") == skolenhetskod)
    lista = [NormRad.model_validate(r) for r in rader(enheter, list(NormRad.model_fields))]
    return NormUt(dataset_id=ds.id, ar=norm.normar, variant=norm.variant,
                  kostnadsar=norm.kostnadsar, elevar=norm.elevar, antal=len(lista), rader=lista)  # fmt: skip


def _modelltext_och_dataset(db: Db, anv: Anvandare, indata: FordelningIn) -> tuple[str, Dataset]:
    """Modelltexten och datasetversionen ur förfrågan (exakt en av text, modell, scenario);
    objekten kontrolleras mot användarens behörighet (404)."""
    valda = [v for v in (indata.modelltext, indata.modell_id, indata.scenario_id) if v is not None]
    if len(valda) != 1:
        raise HTTPException(400, "Ange exakt en av modelltext, modell_id och scenario_id.")
    if indata.modelltext is not None:
        if indata.dataset_id is None:
            raise HTTPException(400, "Ange dataset_id tillsammans med modelltext.")
        return indata.modelltext, hamta_dataset(db, anv, indata.dataset_id)
    if indata.modell_id is not None:
        m = hamta_modell(db, anv, indata.modell_id)
        text, standard = m.text, m.dataset_id
    else:
        s = hamta_scenario(db, anv, int(indata.scenario_id or 0))
        text, standard = s.text, s.modell.dataset_id
    return text, hamta_dataset(db, anv, indata.dataset_id or standard)


def fordelning_svar(korning: Fordelningskorning, ds: Dataset) -> FordelningUt:
    """Körningen -> svaret: potter, enheter (med enhetens belopp i hela kronor), bidragen avrundade som
    ``bidrag.csv`` (``avrunda_bidrag``) och kommunens rader i jämförelsen med normen."""
    from skolpeng.api import avrunda_bidrag

    f = korning.fordelning
    jamforelse = None
    if korning.normjamforelse is not None:
        kommun = korning.normjamforelse.filter(pl.col("niva") == "huvudman")
        jamforelse = [NormjamforelseUt.model_validate(r) for r in rader(kommun)]
    m = korning.modell
    return FordelningUt(
        modellnamn=m.namn,
        kommunkod=m.kommunkod,
        ar=m.ar,
        verksamhet=m.verksamhet,
        dataset_id=ds.id,
        potter=[PottUt.model_validate(r) for r in rader(f.potter)],
        enheter=[EnhetsbeloppUt.model_validate(r) for r in rader(f.enheter)],
        bidrag=[BidragUt.model_validate(r) for r in rader(avrunda_bidrag(korning.bidrag))],
        normjamforelse=jamforelse,
        beaktande=korning.beaktande,
        anteckningar=list(korning.anteckningar),
    )


@router.post("/fordelning", response_model=FordelningUt, summary="Räkna en fördelning",
             responses=_FEL_400)  # fmt: skip
def api_fordelning(
    request: Request, db: Db, inl: Handlaggare, indata: FordelningIn
) -> Response | FordelningUt:
    """Räknar modellen på datasetversionen (samma tal som ``skolpeng fordela`` skriver i
    ``fordelning.csv`` och ``bidrag.csv``). Modellen måste gälla användarens kommun
    (administratören: alla), annars 403. Ingenting sparas."""

    text, ds = _modelltext_och_dataset(db, inl.anvandare, indata)
    try:
        modell = las_webbmodell(text)
        krav_kommun(inl.anvandare, modell.kommunkod)
        korning = (kor_med_forra_aret(request.app.state, db, modell, ds)
                   if indata.med_forra_arets_beslut
                   else kor_modell(request.app.state, modell, ds))  # fmt: skip
    except IndataFel as fel:
        return JSONResponse(
            {"fel": "Modellen kan inte räknas; ingenting har beräknats.",
             "problem": [str(p) for p in fel.problem]},
            status_code=400,
        )  # fmt: skip
    return fordelning_svar(korning, ds)
