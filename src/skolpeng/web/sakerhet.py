"""Säkerhetslagret: säkerhetsrubriker (CSP, ingen inramning), gräns för förfrågans storlek,
serverns tid per förfrågan (``Server-Timing``) och CSRF-kontrollen.

CSRF: varje session har en slumpad token; formulär skickar den i fältet ``csrf_token`` och
HTMX i rubriken ``X-CSRF-Token`` (satt med ``hx-headers`` på ``<body>``). Före inloggning
används en dubbelt skickad token (kakan ``skolpeng_csrf`` och formulärfältet). API-anrop med
``Authorization: Bearer`` bär ingen kaka och behöver därför ingen CSRF-token.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

RUBRIKER: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

FORE_INLOGGNING_KAKA = "skolpeng_csrf"


class ForStorForfragan(Exception):
    """Förfrågans kropp är större än gränsen."""


class Sakerhetslager:
    """ASGI-mellanlager: säkerhetsrubriker och ``Server-Timing`` på varje svar, ``no-store``
    på allt utom statiska filer, och 413 med svenskt meddelande när kroppen är för stor
    (både enligt Content-Length och räknat under läsningen)."""

    def __init__(self, app: ASGIApp, max_bytes: int, saker: bool = False) -> None:
        self.app, self.max_bytes, self.saker = app, max_bytes, saker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        langd = dict(scope.get("headers") or []).get(b"content-length")
        if langd is not None and langd.isdigit() and int(langd) > self.max_bytes:
            await _for_stor(send, self.max_bytes)
            return
        last = 0
        statisk = scope.get("path", "").startswith("/statisk/")

        async def rakna() -> Message:
            nonlocal last
            msg = await receive()
            if msg["type"] == "http.request":
                last += len(msg.get("body", b""))
                if last > self.max_bytes:
                    raise ForStorForfragan
            return msg

        async def skicka(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                h = list(msg.get("headers", []))
                h += list(RUBRIKER)
                ms = (time.perf_counter() - start) * 1000
                h.append((b"server-timing", f"app;dur={ms:.1f}".encode()))
                if not statisk:
                    h.append((b"cache-control", b"no-store"))
                if self.saker:
                    h.append((b"strict-transport-security", b"max-age=31536000"))
                msg["headers"] = h
            await send(msg)

        startat = False
        skicka_inre = skicka

        async def skicka_och_notera(msg: Message) -> None:
            nonlocal startat
            startat = startat or msg["type"] == "http.response.start"
            await skicka_inre(msg)

        try:
            await self.app(scope, rakna, skicka_och_notera)
        except ForStorForfragan:
            await _for_stor(send, self.max_bytes)
        except Exception:
            # oväntat fel: loggas med spårning i serverns logg, användaren får en svensk text
            # med säkerhetsrubrikerna (aldrig spårningen)
            logging.getLogger("skolpeng.web").exception("oväntat fel i %s", scope.get("path"))
            if startat:
                raise
            await _internt_fel(send)


async def _textsvar(send: Send, status: int, text: str) -> None:
    """Ett svar med svensk text och säkerhetsrubrikerna (för fel utanför sidorna)."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *RUBRIKER],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


async def _for_stor(send: Send, max_bytes: int) -> None:
    """Svar 413 med ett svenskt meddelande."""
    await _textsvar(send, 413, f"Filen eller förfrågan är för stor: högst "
                               f"{max_bytes // (1024 * 1024)} MB tas emot. Ingenting har sparats.")  # fmt: skip


async def _internt_fel(send: Send) -> None:
    """Svar 500 med ett svenskt meddelande."""
    await _textsvar(send, 500, "Ett oväntat fel inträffade i servern. Försök igen, och kontakta "
                               "administratören om felet kvarstår.")  # fmt: skip


def ny_token() -> str:
    """En slumpad token (CSRF före inloggning)."""
    return secrets.token_urlsafe(32)


def token_stammer(vantad: str | None, given: str | None) -> bool:
    """Jämför två token i konstant tid; tomma värden stämmer aldrig."""
    return bool(vantad) and bool(given) and secrets.compare_digest(str(vantad), str(given))
