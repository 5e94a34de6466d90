"""Normens parametrar bundna en gång per beräkning (docs/regler/norm.md#parametrar, docs/regler/norm.md#varianter).

In: ett ``Parameterlage`` (daterade, källhänvisade värden, ev. med scenario) och en variant.
Ut: ``NormParametrar``, en fryst post som varje formel i ``skolpeng.norm`` hämtar sina tal
från. Inga policytal står som literaler i formlerna.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from skolpeng.data.schema import STADIER_FK_GR, STADIER_FRITIDSHEM
from skolpeng.fel import IndataFel, Problem
from skolpeng.norm.resultat import VARIANTER
from skolpeng.parametrar import Parameterlage

# Indexskalans definition (riket/ingen merkostnad = 100), inte ett policyval: löne-, lokal-,
# gleshets- och socioekonomiskt index uttrycks alla i procent av riksnivån.
INDEXBAS = 100.0


@dataclass(frozen=True)
class NormParametrar:
    """Alla tal som normberäkningen använder, för en variant vid ett datum.

    Varianttabellen i docs/regler/norm.md#varianter: ``vagledande`` (nivå 100 %, ingen moms), ``bindande``
    (95 %, +6 % för enskild huvudman), ``fritidshem`` (verksamhet fritidshem, egna stadier
    och stadieindex, ingen avräkning för skolskjuts och modersmål, 95 %, +6 % för enskild).
    Enheter utan index får samma standardvärden i alla varianter: 100, internationella 75
    (docs/regler/norm.md#beslut-fritidshem: skälet för 75 gäller eleverna, som är
    desamma i fritidshemmet).
    """

    variant: str
    verksamhet: str
    stadier: tuple[str, ...]
    stadieindex: MappingProxyType[str, float]
    kostnadsar_fore_normar: int
    tillaggsbelopp_schablon_andel: float
    hemkommunsansvar_schablon_andel: float
    avrakna_skolskjuts: bool
    avrakna_modersmal: bool
    platsgaranti_andel: float
    grundersattning_andel: float
    socioekonomisk_andel: float
    index_saknas: float
    index_saknas_internationell: float
    lonekostnadsandel: float
    byggkostnad_vikt: float
    lokalindex_antal_ar: int
    niva: float
    momskompensation_enskild_andel: float

    @classmethod
    def fran_lage(cls, lage: Parameterlage, variant: str) -> NormParametrar:
        """Binder parametrarna för ``variant`` ur ``lage``.

        In: parameterläge och variantnamn. Ut: ``NormParametrar``. En okänd variant ger
        ``IndataFel``.
        """
        if variant not in VARIANTER:
            raise IndataFel(
                [
                    Problem(
                        "variant",
                        f"okänd variant {variant!r}; tillåtna är {', '.join(VARIANTER)}",
                    )
                ]
            )
        fritidshem = variant == "fritidshem"
        vagledande = variant == "vagledande"
        stadier = STADIER_FRITIDSHEM if fritidshem else STADIER_FK_GR
        stadieindex = lage.mappning(
            "norm.fordelning.stadieindex_fritidshem"
            if fritidshem
            else "norm.fordelning.stadieindex_fk_gr"
        )
        saknade = [s for s in stadier if s not in stadieindex]
        if saknade:
            raise IndataFel(
                [Problem("parametrar", f"stadieindex saknas för stadium {', '.join(saknade)}")]
            )
        index_saknas = lage.tal("norm.fordelning.index_saknas")
        return cls(
            variant=variant,
            verksamhet="fritidshem" if fritidshem else "fk_gr",
            stadier=stadier,
            stadieindex=MappingProxyType({s: stadieindex[s] for s in stadier}),
            kostnadsar_fore_normar=int(lage.tal("norm.ar.kostnadsar_fore_normar")),
            tillaggsbelopp_schablon_andel=lage.tal(
                "norm.avrakningar.tillaggsbelopp_schablon_andel"
            ),
            hemkommunsansvar_schablon_andel=lage.tal(
                "norm.avrakningar.hemkommunsansvar_schablon_andel"
            ),
            avrakna_skolskjuts=not fritidshem,
            avrakna_modersmal=not fritidshem,
            platsgaranti_andel=lage.tal("norm.reservationer.utbudsansvar_platsgaranti_andel"),
            grundersattning_andel=lage.tal("norm.fordelning.grundersattning_andel"),
            socioekonomisk_andel=lage.tal("norm.fordelning.socioekonomisk_andel"),
            index_saknas=index_saknas,
            index_saknas_internationell=lage.tal("norm.fordelning.index_saknas_internationell"),
            lonekostnadsandel=lage.tal("norm.strukturtillagg.lonekostnadsandel"),
            byggkostnad_vikt=lage.tal("norm.strukturtillagg.byggkostnad_vikt"),
            lokalindex_antal_ar=int(lage.tal("norm.strukturtillagg.lokalindex_antal_ar")),
            niva=lage.tal("norm.niva.niva_vagledande" if vagledande else "norm.niva.niva_bindande"),
            momskompensation_enskild_andel=(
                0.0 if vagledande else lage.tal("norm.niva.momskompensation_enskild_andel")
            ),
        )

    def som_dict(self) -> dict[str, Any]:
        """Parametrarna som JSON-serialiserbar dict (till sammanfattningen)."""
        ut: dict[str, Any] = {}
        for namn in self.__dataclass_fields__:
            v = getattr(self, namn)
            ut[namn] = (
                dict(v)
                if isinstance(v, MappingProxyType)
                else (list(v) if isinstance(v, tuple) else v)
            )
        return ut
