"""Lagrade objekt hämtade med behörighetskontroll – samma för sidorna och JSON-API:t.

In: databassessionen, användaren och objektets id. Ut: objektet, eller 404 (``neka_om``) när
det inte finns eller användaren inte får se det: att det finns avslöjas inte. Reglerna är
``web.behorighet``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.api import Anvandare, Dataset, Modell, Scenario
from skolpeng.web.behorighet import far_hantera_kommun, far_se_dataset
from skolpeng.web.beroenden import neka_om


def synliga_dataset(db: Session, anv: Anvandare) -> list[Dataset]:
    """Datasetversionerna som användaren får se, nyast först."""
    alla = db.scalars(select(Dataset).order_by(Dataset.skapad.desc(), Dataset.id.desc()))
    return [ds for ds in alla if far_se_dataset(anv, ds.kommunkod)]


def hamta_dataset(db: Session, anv: Anvandare, dataset_id: int) -> Dataset:
    """Datasetversionen om användaren får se den (gemensam eller kommunens), annars 404."""
    ds = db.get(Dataset, dataset_id)
    neka_om(ds is None or not far_se_dataset(anv, ds.kommunkod))
    assert ds is not None
    return ds


def hamta_modell(db: Session, anv: Anvandare, modell_id: int) -> Modell:
    """Modellen om användaren hanterar dess kommun, annars 404."""
    m = db.get(Modell, modell_id)
    neka_om(m is None or not far_hantera_kommun(anv, m.kommunkod))
    assert m is not None
    return m


def hamta_scenario(db: Session, anv: Anvandare, scenario_id: int) -> Scenario:
    """Scenariot om användaren hanterar modellens kommun, annars 404."""
    s = db.get(Scenario, scenario_id)
    neka_om(s is None or not far_hantera_kommun(anv, s.modell.kommunkod))
    assert s is not None
    return s
