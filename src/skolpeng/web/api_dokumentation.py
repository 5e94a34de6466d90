"""Sidan ``/api/dokumentation``: OpenAPI-dokumentet återgivet på servern som en tillgänglig
HTML-sida (Swagger UI kräver skript från ett CDN, vilket CSP:n förbjuder).

In: appens OpenAPI-dokument (``app.openapi()``). Ut: per väg och metod sammanfattning,
beskrivning, parametrar, förfrågans fält och svar, i tabeller med rubriker; och hur man loggar
in med curl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from skolpeng.web.beroenden import Inloggning
from skolpeng.web.mallar import sida

router = APIRouter()

METODER: tuple[str, ...] = ("get", "post", "put", "patch", "delete")

#: FastAPI:s engelska standardtexter i dokumentet -> svenska på sidan.
SVENSKA: dict[str, str] = {
    "Successful Response": "Lyckat svar",
    "Validation Error": "Förfrågan har fel värden.",
}


def _text(t: str) -> str:
    """Dokumentets text för sidan: svenska standardtexter, utan reST-citattecken (````)."""
    return SVENSKA.get(t, t).replace("``", "")


@dataclass(frozen=True)
class Falt:
    """En parameter eller ett fält: namn, plats (query, path, body), typ, krävs, beskrivning."""

    namn: str
    plats: str
    typ: str
    kravs: bool
    beskrivning: str


@dataclass(frozen=True)
class Operation:
    """En väg och metod i dokumentet."""

    metod: str
    vag: str
    sammanfattning: str
    beskrivning: str
    parametrar: list[Falt] = field(default_factory=list)
    kropp: str | None = None
    svar: list[tuple[str, str, str]] = field(default_factory=list)
    ankare: str = ""


def _ref_namn(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def typnamn(schema: dict[str, Any]) -> str:
    """Ett JSON-schema -> en kort läsbar typ (t.ex. ``integer``, ``lista av NormRad``)."""
    if (namn := _ref_namn(schema)) is not None:
        return namn
    if "anyOf" in schema:
        delar = [typnamn(s) for s in schema["anyOf"]]
        return " eller ".join(d for d in delar if d != "null") + (
            " (kan vara null)" if "null" in delar else ""
        )
    if schema.get("type") == "array":
        return f"lista av {typnamn(schema.get('items', {}))}"
    if "enum" in schema:
        return "ett av " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return str(schema["const"])
    return str(schema.get("type", "valfritt"))


def schemats_falt(schema: dict[str, Any], plats: str = "kropp") -> list[Falt]:
    """Ett objektschemas egenskaper som fält."""
    kravs = set(schema.get("required", []))
    return [
        Falt(n, plats, typnamn(s), n in kravs, _text(s.get("description", "")))
        for n, s in schema.get("properties", {}).items()
    ]


def operationer(dokument: dict[str, Any]) -> list[Operation]:
    """API:ts vägar (``/api/…``) och metoder i dokumentets ordning (webbsidorna utelämnas)."""
    ut: list[Operation] = []
    for vag, metoder in dokument.get("paths", {}).items():
        if not vag.startswith("/api/"):
            continue
        for metod in METODER:
            op = metoder.get(metod)
            if op is None:
                continue
            parametrar = [
                Falt(p["name"], p.get("in", ""), typnamn(p.get("schema", {})),
                     bool(p.get("required")), p.get("description", "")
                     or p.get("schema", {}).get("description", ""))
                for p in op.get("parameters", [])
            ]  # fmt: skip
            kropp_schema = (
                op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ).get("schema")
            svar = [
                (kod, _text(s.get("description", "")),
                 typnamn(s.get("content", {}).get("application/json", {}).get("schema", {}))
                 if s.get("content") else "")
                for kod, s in op.get("responses", {}).items()
            ]  # fmt: skip
            ankare = f"{metod}-{vag}".replace("/", "-").replace("{", "").replace("}", "")
            ut.append(Operation(metod.upper(), vag, op.get("summary", ""),
                                _text(op.get("description", "")), parametrar,
                                typnamn(kropp_schema) if kropp_schema else None, svar,
                                ankare.strip("-")))  # fmt: skip
    return ut


def scheman(dokument: dict[str, Any]) -> list[tuple[str, str, list[Falt]]]:
    """Komponenternas scheman: (namn, beskrivning, fält), i namnordning."""
    komp = dokument.get("components", {}).get("schemas", {})
    return [(n, _text(s.get("description", "")), schemats_falt(s)) for n, s in sorted(komp.items())
            if "properties" in s and not n.startswith(("HTTPValidationError", "ValidationError"))]  # fmt: skip


@router.get("/dokumentation", response_class=HTMLResponse, include_in_schema=False)
def api_dokumentation(request: Request, inl: Inloggning) -> Response:
    """API:ts dokumentation som HTML (ur OpenAPI-dokumentet)."""
    dokument = request.app.openapi()
    bas = str(request.base_url).rstrip("/")
    return sida(request, "api_dokumentation.html", inl, dokument=dokument,
                operationer=operationer(dokument), scheman=scheman(dokument), bas=bas)  # fmt: skip
