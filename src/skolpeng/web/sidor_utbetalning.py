"""Utbetalningar: handläggaren kör en månad på ett fastställt beslut, ser den per
mottagare, laddar ned filerna och fryser månaden som ett beslut; huvudmännen ser sina egna
utbetalningar ur de frysta månaderna.

Rutter (behörigheten prövas för varje objekt; den som inte får se ett objekt får 404):

- ``GET /utbetalningar`` – handläggare: formuläret (beslut, månad) och kommunens frysta
  månader; enskild huvudman: sina egna rader ur alla frysta månader;
- ``GET /utbetalningar/berakna?beslut_id=&manad=ÅÅÅÅ-MM`` – månaden beräknad (inte sparad),
  mot den senaste frysta månaden före den, per mottagare;
- ``POST /utbetalningar`` (``beslut_id``, ``manad``, ``csrf_token``) – fryser månaden och
  skickar till ``/utbetalningar/{id}``; en redan fryst månad fryses inte igen;
- ``GET /utbetalningar/{id}`` och ``/utbetalningar/{id}/{utbetalningar|fordringar}.csv``.

Beräkningen är samma som ``skolpeng utbetalning`` (``fordelning.utbetalning``), filerna samma
som dess ``utbetalningar.csv`` och ``fordringar.csv``. Frysningar och nedladdningar loggas.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from skolpeng.api import (
    Beslut,
    Dataset,
    IndataFel,
    Problem,
    Utbetalningsmanad,
    csv_bytes,
    frysta_manader,
    innehallshash,
    logga,
    senaste_fore,
    svensk_sortering,
)
from skolpeng.api import lagring_beslut as lb
from skolpeng.web.behorighet import ar_admin, far_hantera_kommun
from skolpeng.web.beroenden import Db, Handlaggare, Inloggning, neka_om
from skolpeng.web.mallar import sida

router = APIRouter()
SCHEMA = {
    "skolenhetskod": pl.String,
    "huvudman_id": pl.String,
    "hemkommun": pl.String,
    "kommunkod": pl.String,
    "organisationsnummer": pl.String,
}


def _manad(text: str, ar: int) -> int:
    """``ÅÅÅÅ-MM`` i beslutets år -> 1–12; annars ``IndataFel``."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text or "") or int(text[:4]) != ar:
        raise IndataFel([Problem("månad", f"ange en månad i beslutets år {ar} som ÅÅÅÅ-MM")])
    return int(text[5:])


def _beslut(db: Session, anv: Any, beslut_id: int) -> Beslut:
    b = db.get(Beslut, beslut_id)
    neka_om(b is None or not far_hantera_kommun(anv, b.kommunkod))
    assert b is not None
    return b


def _historik(fryst: Utbetalningsmanad | None, kommunkod: str, ar: int) -> pl.DataFrame | None:
    """Den frysta månadens rader (som ``data.utbetalning_filer.las_tidigare`` läser dem)."""
    if fryst is None:
        return None
    from skolpeng.api import las_tidigare

    with tempfile.TemporaryDirectory(prefix="skolpeng-utbetalning-") as tmp:
        katalog = Path(tmp)
        (katalog / "utbetalningar.csv").write_bytes(fryst.utbetalningar)
        (katalog / "fordringar.csv").write_bytes(fryst.fordringar)
        (katalog / "manifest.json").write_text(fryst.manifest, encoding="utf-8")
        return las_tidigare(katalog, kommunkod, ar)


def berakna_manad(request: Request, db: Session, b: Beslut, manad: int) -> dict[str, Any]:
    """Månaden på beslutets modell och dataset, mot den senaste frysta månaden före den.
    Ut: ``utbetalningar``, ``fordringar`` (ramar som i utdatan), ``filer`` (bytes),
    ``anteckningar``, ``fryst_fore``. ``IndataFel`` utan ``elever_hemkommun``."""
    from skolpeng.api import berakna_utbetalningar, beskrivna_rader
    from skolpeng.web.korning import kor_modell, las_webbmodell

    modell = las_webbmodell(b.modelltext)
    ds = db.get(Dataset, b.dataset_id)
    neka_om(ds is None)
    korning = kor_modell(request.app.state, modell, ds)  # type: ignore[arg-type]
    tabell = korning.underlag.elever_hemkommun
    if tabell is None:
        raise IndataFel(
            [
                Problem(
                    "elever_hemkommun.csv",
                    "beslutets dataset saknar tabellen "
                    "elever_hemkommun (elever per skolenhet, månad och hemkommun)",
                )
            ]
        )
    if any(f.manad >= manad for f in frysta_manader(db, b.kommunkod, b.ar)):
        senare = [f.manad for f in frysta_manader(db, b.kommunkod, b.ar) if f.manad >= manad]
        raise IndataFel(
            [
                Problem(
                    "månad",
                    f"månaden {b.ar}-{max(senare):02d} är redan fryst; "
                    "en fryst månad räknas inte om",
                )
            ]
        )
    fore = senaste_fore(db, b.kommunkod, b.ar, manad)
    historik = _historik(fore, b.kommunkod, b.ar)
    resultat = berakna_utbetalningar(korning, tabell, (manad,), None, historik)
    utb, ford = beskrivna_rader(korning, resultat)
    filer = {}
    for namn, ram in (("utbetalningar.csv", utb), ("fordringar.csv", ford)):
        filer[namn] = csv_bytes(ram)
    manifest = json.dumps(
        {
            "kommando": "utbetalning",
            "modell": {"namn": modell.namn, "kommunkod": modell.kommunkod, "ar": modell.ar},
            "beslut": b.id,
            "manader": [f"{b.ar}-{manad:02d}"],
        },
        ensure_ascii=False,
    )
    return {
        "utbetalningar": utb,
        "fordringar": ford,
        "filer": filer,
        "manifest": manifest,
        "anteckningar": resultat.anteckningar,
        "fryst_fore": fore,
    }


def per_mottagare(utb: pl.DataFrame, manad: str) -> list[dict[str, Any]]:
    """Månadens rader summerade per mottagare, med raderna: för sidan."""
    d = utb.filter(pl.col("manad") == manad)
    ut = []
    for (hid,), rader in d.group_by(["huvudman_id"], maintain_order=True):
        ut.append(
            {
                "huvudman_id": hid,
                "namn": rader["huvudman_namn"][0],
                "organisationsnummer": rader["organisationsnummer"][0] or "",
                "att_betala_kr": int(rader["att_betala_kr"].sum()),
                "korrigering_kr": int(rader["korrigering_kr"].sum()),
                "rader": rader.to_dicts(),
            }
        )
    return svensk_sortering(ut, lambda x: x["namn"])


@router.get("/utbetalningar", response_class=HTMLResponse)
def utbetalningar(request: Request, inl: Inloggning, db: Db) -> Response:
    """Handläggare: formuläret och de frysta månaderna; huvudman: sina egna utbetalningar."""
    anv = inl.anvandare
    if anv.roll == "huvudman":
        rader = []
        for f in frysta_manader(db, None):
            d = pl.read_csv(io.BytesIO(f.utbetalningar), schema_overrides=SCHEMA)
            mina = d.filter(
                (pl.col("huvudman_id") == (anv.huvudman_id or ""))
                & (pl.col("manad") == f"{f.ar}-{f.manad:02d}")
            )
            rader += [{**r, "kommun": f.kommunkod, "post_id": f.id} for r in mina.to_dicts()]
        return sida(request, "utbetalningar.html", inl, egna=rader, besluten=[], frysta=[])
    neka_om(anv.roll not in ("administrator", "handlaggare"))
    kommun = None if ar_admin(anv) else anv.kommunkod
    return sida(
        request,
        "utbetalningar.html",
        inl,
        egna=None,
        besluten=lb.beslut_for(db, kommun),
        frysta=frysta_manader(db, kommun),
    )


@router.get("/utbetalningar/berakna", response_class=HTMLResponse)
def berakna(request: Request, inl: Handlaggare, db: Db, beslut_id: int, manad: str) -> Response:
    """Månaden beräknad (inte sparad), per mottagare."""
    b = _beslut(db, inl.anvandare, beslut_id)
    m = _manad(manad, b.ar)
    r = berakna_manad(request, db, b, m)
    return sida(
        request,
        "utbetalning.html",
        inl,
        b=b,
        manad=manad,
        fryst=None,
        mottagare=per_mottagare(r["utbetalningar"], manad),
        fordringar=r["fordringar"].filter(pl.col("manad") == manad).to_dicts(),
        anteckningar=r["anteckningar"],
        fryst_fore=r["fryst_fore"],
    )


@router.post("/utbetalningar")
def frys(
    request: Request,
    inl: Handlaggare,
    db: Db,
    beslut_id: Annotated[int, Form()],
    manad: Annotated[str, Form(max_length=7)],
) -> Response:
    """Fryser månaden (filerna och deras hash) -> ``/utbetalningar/{id}``."""
    b = _beslut(db, inl.anvandare, beslut_id)
    m = _manad(manad, b.ar)
    r = berakna_manad(request, db, b, m)
    u, f = r["filer"]["utbetalningar.csv"], r["filer"]["fordringar.csv"]
    post = Utbetalningsmanad(
        kommunkod=b.kommunkod,
        ar=b.ar,
        manad=m,
        beslut_id=b.id,
        utbetalningar=u,
        fordringar=f,
        manifest=r["manifest"],
        innehall_sha256=innehallshash(u, f),
        skapad_av=inl.anvandare.anvandarnamn,
    )
    db.add(post)
    db.flush()
    logga(
        db,
        inl.anvandare.anvandarnamn,
        "frös utbetalningsmånad",
        f"utbetalning {post.id}",
        f"{manad} på beslut {b.id}, {post.innehall_sha256[:12]}",
        b.kommunkod,
    )
    db.commit()
    return RedirectResponse(f"/utbetalningar/{post.id}", status_code=303)


def _fryst(db: Session, anv: Any, post_id: int) -> Utbetalningsmanad:
    post = db.get(Utbetalningsmanad, post_id)
    neka_om(post is None or not far_hantera_kommun(anv, post.kommunkod))
    assert post is not None
    return post


@router.get("/utbetalningar/{post_id}", response_class=HTMLResponse)
def visa(request: Request, post_id: int, inl: Handlaggare, db: Db) -> Response:
    """En fryst månad per mottagare, med hashkontroll."""
    post = _fryst(db, inl.anvandare, post_id)
    manad = f"{post.ar}-{post.manad:02d}"
    utb = pl.read_csv(io.BytesIO(post.utbetalningar), schema_overrides=SCHEMA)
    ford = pl.read_csv(io.BytesIO(post.fordringar), schema_overrides=SCHEMA)
    b = db.get(Beslut, post.beslut_id)
    return sida(
        request,
        "utbetalning.html",
        inl,
        b=b,
        manad=manad,
        fryst=post,
        hash_ok=innehallshash(post.utbetalningar, post.fordringar) == post.innehall_sha256,
        mottagare=per_mottagare(utb, manad),
        fordringar=ford.filter(pl.col("manad") == manad).to_dicts(),
        anteckningar=(),
        fryst_fore=None,
    )


@router.get("/utbetalningar/{post_id}/{namn}.csv")
def ladda_ned(post_id: int, namn: str, inl: Handlaggare, db: Db) -> Response:
    """``utbetalningar.csv`` eller ``fordringar.csv`` för den frysta månaden."""
    post = _fryst(db, inl.anvandare, post_id)
    neka_om(namn not in ("utbetalningar", "fordringar"))
    innehall = post.utbetalningar if namn == "utbetalningar" else post.fordringar
    logga(
        db,
        inl.anvandare.anvandarnamn,
        "laddade ned utbetalningsfil",
        f"utbetalning {post.id}",
        f"{namn}.csv",
        post.kommunkod,
    )
    db.commit()
    fil = f"{namn}-{post.kommunkod}-{post.ar}-{post.manad:02d}.csv"
    return Response(
        innehall,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{fil}"'},
    )


@router.get("/utbetalningar/{post_id}/betalning/{huvudman_id}.{andelse}")
def betalningsfil(
    post_id: int, huvudman_id: str, andelse: str, inl: Inloggning, db: Db
) -> Response:
    """Betalningsfilen (CSV eller Excel) för en mottagare i den frysta månaden: kommunens
    handläggare och administratören, och den enskilda huvudmannen för sin egen fil."""
    from skolpeng.api import betalningsfil as bygg
    from skolpeng.api import skriv_utbetalning_excel as skriv_excel
    from skolpeng.web.behorighet import far_se_bidragsbeslut

    post = db.get(Utbetalningsmanad, post_id)
    neka_om(
        post is None
        or andelse not in ("csv", "xlsx")
        or not far_se_bidragsbeslut(inl.anvandare, post.kommunkod, huvudman_id)
    )
    assert post is not None
    utb = pl.read_csv(io.BytesIO(post.utbetalningar), schema_overrides=SCHEMA)
    rader = bygg(utb).filter(pl.col("huvudman_id") == huvudman_id)
    neka_om(rader.height == 0)
    if andelse == "csv":
        innehall, typ = csv_bytes(rader), "text/csv; charset=utf-8"
    else:
        with tempfile.TemporaryDirectory(prefix="skolpeng-betalning-") as tmp:
            fil = Path(tmp) / "betalning.xlsx"
            titel = (
                f"Utbetalning till {rader['betalningsmottagare'][0]} från kommun {post.kommunkod}"
            )
            skriv_excel(rader, fil, titel)
            innehall = fil.read_bytes()
        typ = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    logga(
        db,
        inl.anvandare.anvandarnamn,
        "laddade ned betalningsfil",
        f"utbetalning {post.id}",
        f"huvudman {huvudman_id}",
        post.kommunkod,
    )
    db.commit()
    namn = f"utbetalning-{post.kommunkod}-{post.ar}-{post.manad:02d}-{huvudman_id}.{andelse}"
    return Response(
        innehall, media_type=typ, headers={"Content-Disposition": f'attachment; filename="{namn}"'}
    )
