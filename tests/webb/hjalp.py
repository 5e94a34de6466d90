"""Gemensamt för webbtesterna: en testapp med användare i varje roll och inloggade klienter.

Användarna (lösenordet ``LOSENORD`` för alla):
- ``admin`` (administratör);
- ``gbg`` (handläggare i Göteborg, 1480) och ``malmo`` (handläggare i Malmö, 1280);
- ``rektor`` (rektor i Göteborg för ``REKTORNS_ENHETER``);
- ``huvudman`` (enskild huvudman ``HUVUDMAN_ID``, som har enheter i Göteborg).
Koderna är verkliga skolenheter i datasetet ``sverige``.
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from skolpeng.lagring.anvandare import skapa_anvandare
from skolpeng.web.app import skapa_app
from skolpeng.web.installningar import Installningar

LOSENORD = "ett-langt-testlosenord"
GBG = "1480"
REKTORNS_ENHETER = ("10245367", "11099088")  # Svartedalsskolan 4-9, Taubeskolan F-6
ANNAN_GBG_ENHET = "11295861"  # Brandströmska skolan Nylöse (enskild)
HUVUDMAN_ID = "8572054065"  # Stiftelsen för Kristen Skolverksamhet

ANVANDARE: tuple[dict[str, object], ...] = (
    {"anvandarnamn": "admin", "namn": "Ada Admin", "roll": "administrator"},
    {"anvandarnamn": "gbg", "namn": "Greta Göteborg", "roll": "handlaggare", "kommunkod": GBG},
    {"anvandarnamn": "malmo", "namn": "Mats Malmö", "roll": "handlaggare", "kommunkod": "1280"},
    {"anvandarnamn": "rektor", "namn": "Rut Rektor", "roll": "rektor", "kommunkod": GBG,
     "skolenheter": list(REKTORNS_ENHETER)},
    {"anvandarnamn": "huvudman", "namn": "Hugo Huvudman", "roll": "huvudman",
     "huvudman_id": HUVUDMAN_ID},
)  # fmt: skip

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def skapa_testapp(databas_url: str, **installningar: object) -> FastAPI:
    """Appen på databasen (migrerad, ``sverige`` importerad) med användarna i ``ANVANDARE``."""
    app = skapa_app(Installningar(databas_url=databas_url, **installningar))  # type: ignore[arg-type]
    with app.state.sessionsfabrik() as db:
        for a in ANVANDARE:
            skapa_anvandare(db, losenord=LOSENORD, **a)  # type: ignore[arg-type]
        db.commit()
    return app


class Klient(TestClient):
    """En testklient med sessionens CSRF-token i ``csrf`` (efter ``logga_in``)."""

    csrf: str = ""

    def post_form(self, url: str, data: dict[str, object] | None = None, **kw: object):  # type: ignore[no-untyped-def]
        """POST med formulärets CSRF-token tillagd."""
        return self.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kw)  # type: ignore[arg-type]


def logga_in(app: FastAPI, anvandarnamn: str, losenord: str = LOSENORD) -> Klient:
    """En klient inloggad som användaren (via inloggningsformuläret, med dess CSRF-token)."""
    k = Klient(app)
    sida = k.get("/logga-in")
    token = _CSRF.search(sida.text)
    assert token is not None
    svar = k.post(
        "/logga-in",
        data={"anvandarnamn": anvandarnamn, "losenord": losenord, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert svar.status_code == 303, svar.text
    start = k.get("/")
    m = _CSRF.search(start.text)
    assert m is not None
    k.csrf = m.group(1)
    return k
