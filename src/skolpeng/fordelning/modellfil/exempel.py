"""De medföljande exempelmodellerna som kan användas i webbapplikationen.

In: katalogen ``modeller/`` i arkivet (``MODELLKATALOG``) och ett underlag (datasetversion).
Ut: ``Exempelmodell`` (filnamn, namn, kommun, år, verksamhet, text) för de filer som

- går att läsa som modell (schemat i ``fordelning.modellfil.schema``);
- inte hänvisar till filer (``index.fil``): i webben hämtas index ur datasetet;
- gäller en kommun som finns i underlagets skolenheter, och vars målgrupper (nyckeln
  ``malgrupp``) finns i underlagets tabell ``malgrupper``.

Katalogen är paketdata (``skolpeng/modeller``, i arkivet ``src/skolpeng/modeller``; ``modeller/``
i arkivets rot pekar dit) och hittas med ``importlib.resources``, så att den finns också när
paketet är installerat från ett hjul. Saknas den blir listan tom och
``MODELLKATALOG.is_dir()`` är falskt; webben säger det på svenska. På kommandoraden kan en
exempelmodell anges med sitt namn (``skolpeng fordela --modell goteborg_typ``,
``hitta_modellfil``).

Användaren väljer ett exempel med dess filnamn, som slås upp i listan (``hitta_exempel``):
inget namn från användaren når filsystemet.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from skolpeng.fel import IndataFel
from skolpeng.fordelning.modellfil.schema import Fordelningsmodell, las_modell_text

if TYPE_CHECKING:
    from skolpeng.data.schema import Underlag

#: De medföljande modellfilerna (paketdata, se modulens docstring).
MODELLKATALOG = Path(str(files("skolpeng") / "modeller"))
MODELLFILTYPER = (".yaml", ".toml")


def hitta_modellfil(fil_eller_namn: Path | str, katalog: Path | None = None) -> Path:
    """Modellfilen som den anges; eller, när ingen sådan fil finns och angivelsen är ett namn
    utan katalog, den medföljande exempelmodellen med namnet (``goteborg_typ`` eller
    ``goteborg_typ.yaml``). Namnet jämförs bara med katalogens filnamn. Annars angivelsen
    oförändrad (läsningen säger då att filen inte kan läsas)."""
    fil = Path(fil_eller_namn)
    if fil.exists() or fil.parent != Path("."):
        return fil
    katalog = katalog or MODELLKATALOG
    namn = (
        {f.name: f for f in katalog.iterdir() if f.suffix in MODELLFILTYPER}
        if katalog.is_dir()
        else {}
    )
    for kandidat in (fil.name, *(fil.name + s for s in MODELLFILTYPER)):
        if kandidat in namn:
            return namn[kandidat]
    return fil


@dataclass(frozen=True)
class Exempelmodell:
    """En medföljande modellfil: filnamnet (t.ex. ``goteborg_typ.yaml``), den lästa modellen
    och filens text (som blir den nya modellens text)."""

    filnamn: str
    modell: Fordelningsmodell
    text: str

    @property
    def kommunkod(self) -> str:
        """Modellens kommunkod."""
        return self.modell.kommunkod


def malgrupper_i_modellen(modell: Fordelningsmodell) -> set[str]:
    """Målgrupperna som modellens nycklar (även delpotternas) fördelar efter."""
    ut: set[str] = set()
    for p in modell.potter:
        nycklar = [p.nyckel] if p.nyckel is not None else [d.nyckel for d in p.delpotter or []]
        ut |= {n.malgrupp for n in nycklar if n.typ == "malgrupp" and n.malgrupp}
    return ut


def alla_exempel(katalog: Path | None = None) -> list[Exempelmodell]:
    """Alla läsbara YAML-modeller i katalogen utan filhänvisning (``index.fil``), i
    filnamnsordning. Tom lista när katalogen saknas."""
    katalog = katalog or MODELLKATALOG
    if not katalog.is_dir():
        return []
    ut: list[Exempelmodell] = []
    for fil in sorted(katalog.glob("*.yaml")):
        try:
            text = fil.read_text(encoding="utf-8")
            modell = las_modell_text(text, fil.name)
        except (OSError, UnicodeDecodeError, IndataFel):
            continue
        if modell.index is not None and modell.index.fil is not None:
            continue
        ut.append(Exempelmodell(fil.name, modell, text))
    return ut


def passar_underlaget(ex: Exempelmodell, underlag: Underlag) -> bool:
    """Finns exemplets kommun bland underlagets skolenheter, och dess målgrupper i
    underlagets tabell ``malgrupper``?"""
    kommuner = set(underlag.skolenheter["kommunkod"].to_list())
    if ex.kommunkod not in kommuner:
        return False
    behov = malgrupper_i_modellen(ex.modell)
    if not behov:
        return True
    if underlag.malgrupper is None:
        return False
    finns = set(underlag.malgrupper["malgrupp"].unique().to_list())
    return behov <= finns


def exempel_for(underlag: Underlag, katalog: Path | None = None) -> list[Exempelmodell]:
    """De exempel som kan köras på underlaget (``passar_underlaget``)."""
    return [e for e in alla_exempel(katalog) if passar_underlaget(e, underlag)]


def hitta_exempel(filnamn: str, katalog: Path | None = None) -> Exempelmodell | None:
    """Exemplet med filnamnet (slås upp i listan, aldrig som sökväg), eller None."""
    return next((e for e in alla_exempel(katalog) if e.filnamn == filnamn), None)
