"""Fastställda beslut i databasen: läsa, förra årets beslut som ``ForraAret``.

Ett beslut är oföränderligt: filerna (utdatan från samma beräkning som ``skolpeng fordela``,
utan PDF) och modelltexten sparas i en transaktion tillsammans med innehållshashen
(``lagring.dataset.innehallshash`` över filerna). Att frysa ett beslut (räkna och spara): ``web.beslut_frysning``; att spara ett beslut:
``spara_beslut``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skolpeng.fordelning.underlag_och_resultat import avrundat_per_enhet, elever_per_enhet
from skolpeng.lagring.dataset import innehallshash
from skolpeng.lagring.logg import logga
from skolpeng.lagring.tabeller import Beslut, Beslutsfil, nu
from skolpeng.minne import Minne
from skolpeng.sortering import sortera_ram, svensk_sortering
from skolpeng.utdata import huvudmannens_filnamn

if TYPE_CHECKING:
    from skolpeng.fordelning.stabilitetsregler.forra_aret import ForraAret


def beslutets_filer(beslut: Beslut) -> dict[str, bytes]:
    """Relativ sökväg -> innehåll för beslutets lagrade filer."""
    return {f.filnamn: f.innehall for f in beslut.filer}


def kontrollera_hash(beslut: Beslut) -> bool:
    """True när de lagrade filerna fortfarande ger beslutets innehållshash."""
    return innehallshash(beslutets_filer(beslut)) == beslut.innehall_sha256


def senaste_beslut(db: Session, kommunkod: str, ar: int, verksamhet: str) -> Beslut | None:
    """Det senast fastställda gällande beslutet för kommunen, året och verksamheten (None om
    inget; ett återkallat beslut räknas inte)."""
    fraga = (
        select(Beslut)
        .where(Beslut.kommunkod == kommunkod, Beslut.ar == ar, Beslut.verksamhet == verksamhet)
        .where(Beslut.status == GALLANDE)
        .order_by(Beslut.lopnummer.desc())
        .limit(1)
    )
    return db.scalar(fraga)


GALLANDE = "gallande"
ATERKALLAT = "aterkallat"


def aterkalla(db: Session, beslut: Beslut, anvandare: str, orsak: str) -> None:
    """Återkallar ett gällande beslut (utan commit): status, tid, vem och varför sparas;
    filerna och hashen lämnas orörda, och beslutet tas aldrig bort."""
    beslut.status = ATERKALLAT
    beslut.aterkallat = nu().replace(microsecond=0)
    beslut.aterkallat_av = anvandare
    beslut.aterkallat_orsak = orsak


def _skriv_sakert(filer: dict[str, bytes], katalog: Path) -> None:
    """Skriver beslutets filer under katalogen; sökvägar som lämnar katalogen hoppas över
    (filnamnen sätts av programmet, men kontrollen gör att inget namn kan nå utanför)."""
    rot = katalog.resolve()
    for namn, data in filer.items():
        mal = (rot / namn).resolve()
        if not mal.is_relative_to(rot):
            continue
        mal.parent.mkdir(parents=True, exist_ok=True)
        mal.write_bytes(data)


#: Lästa beslut som förra året, per innehållshash (ett beslut ändras aldrig, och samma hash
#: betyder samma filer): scenariots omräkning läser då inte filerna vid varje anrop.
_FORRA_MINNE: Minne[ForraAret] = Minne(16)


def forra_ur_beslut(beslut: Beslut) -> ForraAret:
    """Beslutets filer som förra årets resultat (samma läsning som ``--forra-aret``); minns
    de senast lästa per innehållshash."""
    from skolpeng.fordelning.stabilitetsregler.forra_aret import las_forra_aret

    def las() -> ForraAret:
        with tempfile.TemporaryDirectory(prefix="skolpeng-forra-") as tmp:
            _skriv_sakert(beslutets_filer(beslut), Path(tmp))
            return las_forra_aret(Path(tmp))

    return _FORRA_MINNE.hamta(beslut.innehall_sha256, las)


def forra_arets(db: Session, kommunkod: str, ar: int, verksamhet: str) -> ForraAret | None:
    """Förra årets (``ar - 1``) senaste beslut som ``ForraAret``, eller None."""
    b = senaste_beslut(db, kommunkod, ar - 1, verksamhet)
    return None if b is None else forra_ur_beslut(b)


def beslut_for(db: Session, kommunkod: str | None) -> list[Beslut]:
    """Besluten nyast först; med ``kommunkod`` bara kommunens (None = alla)."""
    fraga = select(Beslut).order_by(Beslut.id.desc())
    if kommunkod is not None:
        fraga = fraga.where(Beslut.kommunkod == kommunkod)
    return list(db.scalars(fraga))


def hitta_fil(beslut: Beslut, filnamn: str) -> Beslutsfil | None:
    """Beslutets lagrade fil med exakt det namnet (None om den inte finns). Namnet jämförs
    bara med de lagrade namnen; det blir aldrig en sökväg."""
    return next((f for f in beslut.filer if f.filnamn == filnamn), None)


def _csv(beslut: Beslut, filnamn: str) -> pl.DataFrame | None:
    fil = hitta_fil(beslut, filnamn)
    if fil is None:
        return None
    return pl.read_csv(io.BytesIO(fil.innehall), infer_schema_length=0)


# Verksamheten med ord i loggen (samma ord som rapporternas VERKSAMHET_TEXT; lagringen får
# inte importera rapporterna).
_VERKSAMHET = {"fk_gr": "förskoleklass och grundskola", "fritidshem": "fritidshem"}


def enhetsnamn(beslut: Beslut) -> dict[str, str]:
    """Skolenhetskod -> skolenhetens namn ur beslutets ``underlag_enheter.csv`` (tom om filen
    saknas, som i ett importerat beslut utan underlag)."""
    enheter = _csv(beslut, "underlag_enheter.csv")
    if enheter is None or "namn" not in enheter.columns:
        return {}
    return {str(k): str(n or "") for k, n in enheter.select("skolenhetskod", "namn").iter_rows()}


def enhetssummor(beslut: Beslut) -> list[dict[str, object]]:
    """Per skolenhet i beslutet: kod, namn, huvudmannatyp, elever (``underlag_elever.csv``)
    och beloppet i hela kronor (Σ ``belopp_kr_avrundat`` i ``fordelning.csv``), i svensk
    ordning efter namnet."""
    fordelning = _csv(beslut, "fordelning.csv")
    enheter = _csv(beslut, "underlag_enheter.csv")
    elever = _csv(beslut, "underlag_elever.csv")
    if fordelning is None or enheter is None:
        return []
    belopp = avrundat_per_enhet(fordelning).rename({"belopp_kr_avrundat": "belopp_kr"})
    ut = enheter.select("skolenhetskod", "namn", "huvudmannatyp").join(
        belopp, on="skolenhetskod", how="left"
    )
    if elever is not None:
        ut = ut.join(elever_per_enhet(elever), on="skolenhetskod", how="left")
    return sortera_ram(ut.fill_null(0), "namn").to_dicts()


def bidrag_per_huvudman(beslut: Beslut) -> list[dict[str, object]]:
    """Per enskild huvudman i beslutet: id, namn, antal skolenheter, elever och bidraget i hela
    kronor (Σ ``bidrag_totalt_kr`` i ``bidrag.csv``) och om beslutet om bidrag finns som fil."""
    bidrag = _csv(beslut, "bidrag.csv")
    enheter = _csv(beslut, "underlag_enheter.csv")
    if bidrag is None or bidrag.height == 0:
        return []
    summor = bidrag.group_by("huvudman_id").agg(
        pl.col("skolenhetskod").n_unique().alias("enheter"),
        pl.col("elever").cast(pl.Float64).sum().alias("elever"),
        pl.col("bidrag_totalt_kr").cast(pl.Int64).sum().alias("bidrag_kr"),
    )
    if enheter is not None and "huvudman_namn" in enheter.columns:
        namn = enheter.select("huvudman_id", "huvudman_namn").unique("huvudman_id")
        summor = summor.join(namn, on="huvudman_id", how="left")
    filer = {f.filnamn for f in beslut.filer}
    return [
        {**r, "har_beslut": bidragsbeslutets_filnamn(str(r["huvudman_id"])) in filer}
        for r in svensk_sortering(summor.to_dicts(), lambda r: r.get("huvudman_namn") or "")
    ]


def bidragsbeslutets_filnamn(huvudman_id: str) -> str:
    """Den lagrade HTML-filen med beslutet om bidrag till huvudmannen (som
    ``rapporter.beslut_om_bidrag.beslut.skriv_bidragsbeslut`` namnger den)."""
    return f"beslut/{huvudmannens_filnamn(huvudman_id)}.html"


def nasta_lopnummer(db: Session, kommunkod: str, ar: int, verksamhet: str) -> int:
    """Nästa löpnummer för kommunens beslut för året och verksamheten (1 för det första)."""
    fraga = select(func.max(Beslut.lopnummer)).where(
        Beslut.kommunkod == kommunkod, Beslut.ar == ar, Beslut.verksamhet == verksamhet
    )
    return int(db.scalar(fraga) or 0) + 1


def spara_beslut(
    db: Session,
    filer: dict[str, bytes],
    *,
    kommunkod: str,
    ar: int,
    verksamhet: str,
    namn: str,
    modelltext: str,
    dataset_id: int,
    anvandare: str,
    tid: dt.datetime,
    lopnummer: int | None = None,
    modell_id: int | None = None,
    scenario_id: int | None = None,
) -> Beslut:
    """Lägger till beslutet, alla filer och loggraden (flush, ingen commit). Manifestet är
    filen ``manifest.json``; innehållshashen räknas över alla filer. Samma funktion används
    när ett beslut kopieras mellan databaser (samma bytes in -> samma bytes ut)."""
    beslut = Beslut(
        kommunkod=kommunkod,
        ar=ar,
        verksamhet=verksamhet,
        lopnummer=lopnummer or nasta_lopnummer(db, kommunkod, ar, verksamhet),
        namn=namn,
        modell_id=modell_id,
        scenario_id=scenario_id,
        dataset_id=dataset_id,
        modelltext=modelltext,
        manifest=filer.get("manifest.json", b"").decode("utf-8"),
        innehall_sha256=innehallshash(filer),
        skapad=tid,
        skapad_av=anvandare,
        filer=[
            Beslutsfil(filnamn=f, sha256=hashlib.sha256(d).hexdigest(), innehall=d)
            for f, d in sorted(filer.items())
        ],
    )
    db.add(beslut)
    db.flush()
    logga(db, anvandare, "fastställde beslut",
          f"beslut {beslut.id} ({kommunkod} {ar} {_VERKSAMHET.get(verksamhet, verksamhet)} "
          f"nr {beslut.lopnummer})",
          f"{namn}; innehållshash {beslut.innehall_sha256}", kommunkod)  # fmt: skip
    db.flush()
    return beslut
