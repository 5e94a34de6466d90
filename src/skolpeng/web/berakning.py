"""Webbens enda väg in i beräkningarna: underlag och norm ur minnet, modelltext -> körning.

In: appens tillstånd (``request.app.state``: ``sessionsfabrik``, ``minne``), en lagrad
datasetversion och modellfilens text. Ut: samma ``Fordelningskorning`` som ``skolpeng fordela``
ger (``skolpeng.fordelning.korning.berakna_fordelning``), med normen ur minnet.

Modeller i webben får inte hänvisa till filer (``index.fil``): ingen sökväg från användaren
når filsystemet. Index och målgrupper hämtas ur datasetets tabeller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from skolpeng.fel import IndataFel, Problem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from skolpeng.data.schema import Underlag
    from skolpeng.fordelning.forra_aret import ForraAret
    from skolpeng.fordelning.korning import Fordelningskorning
    from skolpeng.fordelning.modell import Fordelningsmodell
    from skolpeng.lagring.tabeller import Dataset
    from skolpeng.norm.resultat import NormResultat

#: Största tillåtna modelltext (tecken).
MAX_MODELLTEXT = 200_000


def underlag_for(tillstand: Any, ds: Dataset) -> Underlag:
    """Datasetversionens underlag (läses en gång per process och version)."""
    from skolpeng.lagring.dataset import las_dataset

    return tillstand.minne.underlag(ds.id, lambda: las_dataset(ds))


def norm_for(tillstand: Any, ds: Dataset, ar: int, variant: str) -> NormResultat | None:
    """Normen för datasetversionen, året och varianten; None när underlaget eller
    parametrarna inte räcker (då saknas jämförelsen med normen och körningen säger varför)."""
    from skolpeng.data import validera_for_norm
    from skolpeng.fordelning.korning import parameterlage
    from skolpeng.norm import berakna_norm

    underlag = underlag_for(tillstand, ds)

    def berakna() -> NormResultat | None:
        try:
            lage = parameterlage(ar)
            antal_ar = int(lage.tal("norm.strukturtillagg.lokalindex_antal_ar"))
            if validera_for_norm(underlag, ar, variant, antal_ar):
                return None
            return berakna_norm(underlag, lage, ar, variant)
        except (KeyError, IndataFel):
            return None

    return tillstand.minne.norm(ds.id, ar, variant, berakna)


def las_webbmodell(text: str, kalla: str = "modell.yaml") -> Fordelningsmodell:
    """Modelltexten -> modellen. ``IndataFel`` (svenska, med nyckelns sökväg) vid fel, för
    stor text, hänvisning till en fil eller ett personnummer i något värde."""
    from skolpeng.fordelning.modell import las_modell_text
    from skolpeng.personnummer import personnummer_i_rader, personnummer_i_varde
    from skolpeng.yamllasning import TIDSGRANS_WEBB_S

    if len(text) > MAX_MODELLTEXT:
        raise IndataFel([Problem(kalla, f"modellen är för stor (högst {MAX_MODELLTEXT} tecken)")])
    modell = las_modell_text(text, kalla, tidsgrans=TIDSGRANS_WEBB_S)
    if modell.index is not None and modell.index.fil is not None:
        raise IndataFel(
            [
                Problem(
                    kalla,
                    "index.fil: i webbapplikationen kan modellen inte hänvisa till filer; "
                    "indexet hämtas ur datasetets tabell socioekonomiskt_index",
                )
            ]
        )
    problem = personnummer_i_varde(kalla, modell.model_dump(exclude_defaults=True))
    problem = problem or personnummer_i_rader(kalla, text)  # också i kommentarerna
    if problem:
        raise IndataFel(problem)
    return modell


def kor_modell(
    tillstand: Any,
    modell: Fordelningsmodell,
    ds: Dataset,
    forra: ForraAret | None = None,
    med_bidrag: bool = True,
) -> Fordelningskorning:
    """Fördelningen för modellen på datasetversionen (med förra årets beslut när det finns),
    jämförd med normen ur minnet. ``med_bidrag=False`` för omräkningar som inte visar bidragen
    till enskilda huvudmän (snabbare). ``IndataFel`` när underlaget inte räcker för modellen."""
    from skolpeng.fordelning.korning import berakna_fordelning, normvariant

    underlag = underlag_for(tillstand, ds)
    norm = norm_for(tillstand, ds, modell.ar, normvariant(modell))
    with tillstand.minne.berakningsplatser:
        return berakna_fordelning(modell, underlag, None, forra, norm=norm, med_bidrag=med_bidrag)


def kor_med_forra_aret(
    tillstand: Any, db: Session, modell: Fordelningsmodell, ds: Dataset, med_bidrag: bool = True
) -> Fordelningskorning:
    """``kor_modell`` med förra året = kommunens senaste beslut för året före modellens år
    (``lagring.beslut.forra_arets``; None när inget finns)."""
    from skolpeng.lagring.beslut import forra_arets

    forra = forra_arets(db, modell.kommunkod, modell.ar, modell.verksamhet)
    return kor_modell(tillstand, modell, ds, forra, med_bidrag)
