"""JSON-API: modeller, scenarier och beslut (läsning).

In: den inloggade användaren och objektens id. Ut: objekten som användaren får se (samma
behörighet som sidorna: ``web.behorighet``); andra objekt ger 404.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from skolpeng.api import Beslut, Modell, kontrollera_hash
from skolpeng.web.api_gemensamt import far_se_beslut, hamta_beslut
from skolpeng.web.api_scheman import (
    BeslutId,
    Felsvar,
    ModellId,
    ModellKort,
    ModellUt,
    ScenarioId,
    ScenarioUt,
)
from skolpeng.web.api_scheman_beslut import BeslutKort, BeslutUt
from skolpeng.web.behoriga_objekt import hamta_modell, hamta_scenario
from skolpeng.web.behorighet import far_hantera_kommun
from skolpeng.web.beroenden import Db, Handlaggare, Inloggning

router = APIRouter()

_404 = {404: {"model": Felsvar, "description": "Finns inte eller får inte ses."}}


@router.get("/modeller", response_model=list[ModellKort], summary="Modeller")
def api_modeller(db: Db, inl: Handlaggare) -> list[ModellKort]:
    """Modellerna i användarens kommun (administratören: alla)."""
    alla = db.scalars(select(Modell).order_by(Modell.kommunkod, Modell.namn, Modell.id))
    return [ModellKort.model_validate(m) for m in alla
            if far_hantera_kommun(inl.anvandare, m.kommunkod)]  # fmt: skip


@router.get("/modeller/{modell_id}", response_model=ModellUt, summary="En modell med text",
            responses=_404)  # fmt: skip
def api_modell(modell_id: ModellId, db: Db, inl: Handlaggare) -> ModellUt:
    """Modellen med modellfilens text."""
    return ModellUt.model_validate(hamta_modell(db, inl.anvandare, modell_id))


@router.get("/scenarier/{scenario_id}", response_model=ScenarioUt, summary="Ett scenario",
            responses=_404)  # fmt: skip
def api_scenario(scenario_id: ScenarioId, db: Db, inl: Handlaggare) -> ScenarioUt:
    """Scenariot med dess modelltext."""
    s = hamta_scenario(db, inl.anvandare, scenario_id)
    return ScenarioUt(id=s.id, namn=s.namn, modell_id=s.modell_id, kommunkod=s.modell.kommunkod,
                      dataset_id=s.modell.dataset_id, skapad=s.skapad, andrad_av=s.andrad_av,
                      text=s.text)  # fmt: skip


@router.get("/beslut", response_model=list[BeslutKort], summary="Beslut")
def api_beslut_lista(db: Db, inl: Inloggning) -> list[BeslutKort]:
    """De fastställda besluten som användaren får se: kommunens (handläggare, rektorer),
    alla (administratören), de med egna bidrag (enskilda huvudmän)."""
    alla = db.scalars(select(Beslut).order_by(Beslut.kommunkod, Beslut.ar.desc(), Beslut.id))
    return [BeslutKort.model_validate(b) for b in alla if far_se_beslut(inl.anvandare, b)]


@router.get("/beslut/{beslut_id}", response_model=BeslutUt, summary="Ett beslut",
            responses=_404)  # fmt: skip
def api_beslut(beslut_id: BeslutId, db: Db, inl: Inloggning) -> BeslutUt:
    """Beslutets uppgifter, innehållshash och om de lagrade filerna fortfarande ger hashen.
    Filernas namn visas för kommunens handläggare och administratören."""
    b = hamta_beslut(db, inl.anvandare, beslut_id)
    filer = ([f.filnamn for f in b.filer] if far_hantera_kommun(inl.anvandare, b.kommunkod)
             else None)  # fmt: skip
    return BeslutUt(
        **BeslutKort.model_validate(b).model_dump(),
        hash_stammer=kontrollera_hash(b),
        filer=filer,
    )
