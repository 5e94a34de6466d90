"""Användare och inloggningar: skapa användare, kontrollera lösenord (argon2), sessioner med
slumpade värden (bara hashen lagras) och begränsning av misslyckade inloggningsförsök."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from skolpeng.fel import IndataFel, Problem
from skolpeng.lagring.inloggningsforsok import Begransning, notera_misslyckat
from skolpeng.lagring.tabeller import ROLLER, Anvandare, Inloggning, Inloggningsforsok, nu

__all__ = ["Begransning", "notera_misslyckat"]

_HASHARE = PasswordHasher()
#: En hash att pröva lösenordet mot när användarnamnet inte finns, så att svaret tar lika lång
#: tid som för ett befintligt namn (namnen kan inte letas fram genom att mäta tiden).
_ATRAPP: list[str] = []

#: Minsta längd på lösenord.
MINSTA_LOSENORDSLANGD = 12


def hasha_losenord(losenord: str) -> str:
    """Lösenordet -> argon2id-hash (med salt)."""
    return _HASHARE.hash(losenord)


def losenord_stammer(losenordshash: str | None, losenord: str) -> bool:
    """True när lösenordet stämmer med hashen. Utan hash (okänt användarnamn) prövas
    lösenordet ändå mot en slumpad hash med samma parametrar och svaret är False."""
    if losenordshash is None:
        if not _ATRAPP:
            _ATRAPP.append(_HASHARE.hash(secrets.token_urlsafe(16)))
        losenordshash, stammer = _ATRAPP[0], False
    else:
        stammer = True
    try:
        return _HASHARE.verify(losenordshash, losenord) and stammer
    except (VerificationError, InvalidHashError):
        return False


def kontrollera_ny_anvandare(
    anvandarnamn: str,
    losenord: str,
    roll: str,
    kommunkod: str | None,
    skolenheter: list[str],
    huvudman_id: str | None,
) -> list[Problem]:
    """Alla problem med en ny användare, på svenska."""
    p: list[Problem] = []
    if not anvandarnamn or len(anvandarnamn) > 100 or not anvandarnamn.isprintable():
        p.append(Problem("användarnamn", "ange ett användarnamn (1–100 tecken)"))
    if len(losenord) < MINSTA_LOSENORDSLANGD:
        p.append(Problem("lösenord", f"lösenordet måste ha minst {MINSTA_LOSENORDSLANGD} tecken"))
    if roll not in ROLLER:
        p.append(Problem("roll", f"okänd roll {roll!r}; välj en av {', '.join(ROLLER)}"))
    if roll in ("handlaggare", "rektor") and not (kommunkod and kommunkod.isdigit()
                                                  and len(kommunkod) == 4):  # fmt: skip
        p.append(
            Problem("kommun", "handläggare och rektorer behöver en kommunkod med fyra siffror")
        )
    if roll == "rektor" and not skolenheter:
        p.append(Problem("skolenheter", "en rektor behöver minst en skolenhetskod"))
    if roll == "huvudman" and not huvudman_id:
        p.append(Problem("huvudman", "en enskild huvudman behöver sitt organisationsnummer"))
    return p


def skapa_anvandare(
    db: Session,
    anvandarnamn: str,
    namn: str,
    losenord: str,
    roll: str,
    kommunkod: str | None = None,
    skolenheter: list[str] | None = None,
    huvudman_id: str | None = None,
) -> Anvandare:
    """Skapar en användare (utan commit). ``IndataFel`` med alla problem på svenska."""
    enheter = [e.strip() for e in (skolenheter or []) if e.strip()]
    problem = kontrollera_ny_anvandare(
        anvandarnamn, losenord, roll, kommunkod, enheter, huvudman_id
    )
    if db.scalar(select(Anvandare).where(Anvandare.anvandarnamn == anvandarnamn)) is not None:
        problem.append(Problem("användarnamn", f"användarnamnet {anvandarnamn!r} finns redan"))
    if problem:
        raise IndataFel(problem)
    anv = Anvandare(
        anvandarnamn=anvandarnamn,
        namn=namn or anvandarnamn,
        losenord_hash=hasha_losenord(losenord),
        roll=roll,
        kommunkod=kommunkod or None,
        skolenheter=enheter,
        huvudman_id=huvudman_id or None,
    )
    db.add(anv)
    db.flush()
    return anv


def tokenhash(token: str) -> str:
    """SHA-256 av en sessionstoken (token lagras aldrig i klartext)."""
    return hashlib.sha256(token.encode()).hexdigest()


def logga_in(
    db: Session, anv: Anvandare, giltighet: dt.timedelta = dt.timedelta(hours=8)
) -> tuple[str, Inloggning]:
    """Skapar en session (utan commit). Ut: token till kakan och sessionen."""
    token = secrets.token_urlsafe(32)
    inl = Inloggning(
        token_hash=tokenhash(token),
        anvandare_id=anv.id,
        csrf_token=secrets.token_urlsafe(32),
        giltig_till=nu() + giltighet,
    )
    db.add(inl)
    db.execute(delete(Inloggningsforsok).where(Inloggningsforsok.anvandarnamn == anv.anvandarnamn))
    return token, inl


def hitta_inloggning(db: Session, token: str | None) -> Inloggning | None:
    """Den giltiga sessionen för token (None om okänd, utgången eller användaren inaktiv)."""
    if not token:
        return None
    inl = db.get(Inloggning, tokenhash(token))
    if inl is None or inl.giltig_till < nu() or not inl.anvandare.aktiv:
        return None
    return inl


def logga_ut(db: Session, token: str | None) -> None:
    """Tar bort sessionen (utan commit)."""
    if token:
        db.execute(delete(Inloggning).where(Inloggning.token_hash == tokenhash(token)))


def byt_losenord(db: Session, anv: Anvandare, losenord: str) -> None:
    """Nytt lösenord (minst ``MINSTA_LOSENORDSLANGD`` tecken; annars ``IndataFel``); alla
    användarens sessioner slutar gälla. Utan commit."""
    if len(losenord) < MINSTA_LOSENORDSLANGD:
        raise IndataFel(
            [Problem("lösenord", f"lösenordet måste ha minst {MINSTA_LOSENORDSLANGD} tecken")]
        )
    anv.losenord_hash = hasha_losenord(losenord)
    db.execute(delete(Inloggning).where(Inloggning.anvandare_id == anv.id))
