"""De riktade medlen per skolenhet ur kommunens fastställda beslut för ett år.

In: databasen, kommunen och budgetåret. Besluten för året är det senaste löpnumret per
verksamhet (samma som ``lagring.beslut.senaste_beslut``). Ur varje beslut läses de lagrade
filerna ``fordelning.csv``, ``underlag_enheter.csv``, ``underlag_elever.csv`` och (om den
finns) ``underlag_index.csv`` samt modelltexten; vilka potter som är riktade avgör regeln
``uppfoljning.fran_fordelning.pottklassning`` och summan ``uppfoljning.anvandning
.riktat_per_enhet``. Ut: ``Underlag`` med potterna och enheternas uppgifter. Ett beslut
ändras aldrig, så det lästa minns per beslutens innehållshashar.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from skolpeng.lagring.beslut import hitta_fil
from skolpeng.lagring.tabeller import Beslut
from skolpeng.minne import Minne


@dataclass(frozen=True)
class Underlag:
    """``potter``: skolenhetskod, beslut_id, verksamhet, pott, belopp_kr (riktade potter, hela
    kronor); ``enheter``: skolenhetskod, namn, huvudmannatyp, elever, index (alla enheter i
    besluten); ``beslut``: besluten (id, namn, verksamhet, löpnummer)."""

    potter: pl.DataFrame
    enheter: pl.DataFrame
    beslut: tuple[tuple[int, str, str, int], ...]

    def riktat_kr(self) -> pl.DataFrame:
        """skolenhetskod, riktat_kr (Σ över potter och beslut)."""
        return self.potter.group_by("skolenhetskod").agg(
            pl.col("belopp_kr").sum().alias("riktat_kr")
        )

    def for_enhet(self, kod: str) -> tuple[int, list[dict[str, object]]]:
        """Enhetens riktade medel i kr och potterna (beslut_id, verksamhet, pott, belopp_kr)."""
        p = self.potter.filter(pl.col("skolenhetskod") == kod).drop("skolenhetskod")
        return int(p["belopp_kr"].sum()), p.to_dicts()

    def enhet(self, kod: str) -> dict[str, object] | None:
        """Enhetens namn, huvudmannatyp, elever och index (None om den inte finns i besluten)."""
        e = self.enheter.filter(pl.col("skolenhetskod") == kod)
        return e.row(0, named=True) if e.height else None


def arets_beslut(db: Session, kommunkod: str, ar: int) -> list[Beslut]:
    """Det senaste beslutet per verksamhet för kommunen och året, i verksamhetsordning."""
    fraga = select(Beslut).where(Beslut.kommunkod == kommunkod, Beslut.ar == ar)
    senaste: dict[str, Beslut] = {}
    for b in db.scalars(fraga.order_by(Beslut.lopnummer, Beslut.id)):
        senaste[b.verksamhet] = b
    return [senaste[v] for v in sorted(senaste)]


def ar_med_beslut(db: Session, kommunkod: str) -> list[int]:
    """Åren som kommunen har fastställda beslut för, nyast först."""
    fraga = select(Beslut.ar).where(Beslut.kommunkod == kommunkod).distinct()
    return sorted(db.scalars(fraga), reverse=True)


def _csv(b: Beslut, namn: str) -> pl.DataFrame | None:
    fil = hitta_fil(b, namn)
    return None if fil is None else pl.read_csv(io.BytesIO(fil.innehall), infer_schema=False)


def _ett_beslut(b: Beslut) -> tuple[pl.DataFrame, pl.DataFrame]:
    from skolpeng.fordelning.modellfil.schema import las_modell_text
    from skolpeng.uppfoljning.anvandning import riktat_per_enhet
    from skolpeng.uppfoljning.fran_fordelning import pottklassning

    fordelning = _csv(b, "fordelning.csv")
    enheter = _csv(b, "underlag_enheter.csv")
    if fordelning is None or enheter is None:
        tom = pl.DataFrame(schema={"skolenhetskod": pl.String})
        return tom, tom
    klass = pottklassning(las_modell_text(b.modelltext, "modell.yaml"))
    potter = riktat_per_enhet(fordelning, klass).select(
        "skolenhetskod",
        pl.lit(b.id).alias("beslut_id"),
        pl.lit(b.verksamhet).alias("verksamhet"),
        "pott",
        "belopp_kr",
    )
    ut = enheter.select("skolenhetskod", "namn", "huvudmannatyp")
    elever = _csv(b, "underlag_elever.csv")
    if elever is not None:
        ut = ut.join(
            elever.group_by("skolenhetskod").agg(
                pl.col("antal").cast(pl.Float64).sum().alias("elever")
            ),
            on="skolenhetskod",
            how="left",
        )
    index = _csv(b, "underlag_index.csv")
    if index is not None and "index" in index.columns:
        ut = ut.join(
            index.select("skolenhetskod", pl.col("index").cast(pl.Float64)).unique("skolenhetskod"),
            on="skolenhetskod",
            how="left",
        )
    for kol in ("elever", "index"):
        if kol not in ut.columns:
            ut = ut.with_columns(pl.lit(None, dtype=pl.Float64).alias(kol))
    return potter, ut


_MINNE: Minne[Underlag] = Minne(16)


def riktat_underlag(db: Session, kommunkod: str, ar: int) -> Underlag:
    """Underlaget för kommunen och året (tomt när inget beslut finns)."""
    besluten = arets_beslut(db, kommunkod, ar)

    def las() -> Underlag:
        delar = [_ett_beslut(b) for b in besluten]
        potter = [p for p, _ in delar if p.width > 1]
        enheter = [e for _, e in delar if e.width > 1]
        schema_p = {"skolenhetskod": pl.String, "beslut_id": pl.Int64, "verksamhet": pl.String,
                    "pott": pl.String, "belopp_kr": pl.Int64}  # fmt: skip
        schema_e = {"skolenhetskod": pl.String, "namn": pl.String, "huvudmannatyp": pl.String,
                    "elever": pl.Float64, "index": pl.Float64}  # fmt: skip
        return Underlag(
            potter=pl.concat(potter).cast(schema_p) if potter else pl.DataFrame(schema=schema_p),  # type: ignore[arg-type]
            enheter=pl.concat(enheter, how="diagonal_relaxed")
            .unique("skolenhetskod", keep="first", maintain_order=True)
            .sort("skolenhetskod")
            if enheter
            else pl.DataFrame(schema=schema_e),
            beslut=tuple((b.id, b.namn, b.verksamhet, b.lopnummer) for b in besluten),
        )

    nyckel = tuple(b.innehall_sha256 for b in besluten)
    return _MINNE.hamta((kommunkod, ar, nyckel), las) if besluten else las()
