"""FastAPI:s valideringsfel (pydantic) som svenska meningar.

In: ett fel ur ``RequestValidationError.errors()`` (``type``, ``loc``, ``msg``, ``ctx``).
Ut: t.ex. ``"ar (i adressen): ska vara ett heltal"``. Okända feltyper får en allmän svensk
mening; pydantics engelska text visas aldrig.
"""

from __future__ import annotations

from typing import Any

PLATS: dict[str, str] = {
    "query": "i adressen",
    "path": "i adressen",
    "body": "i förfrågan",
    "form": "i formuläret",
    "header": "i rubrikerna",
    "cookie": "i kakorna",
}

TYPER: dict[str, str] = {
    "missing": "saknas",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "float_parsing": "ska vara ett tal",
    "float_type": "ska vara ett tal",
    "bool_parsing": "ska vara sant eller falskt",
    "bool_type": "ska vara sant eller falskt",
    "string_type": "ska vara text",
    "json_invalid": "är inte giltig JSON",
    "model_attributes_type": "ska vara ett JSON-objekt",
    "dict_type": "ska vara ett JSON-objekt",
    "list_type": "ska vara en lista",
    "extra_forbidden": "är inte ett känt fält",
    "value_error": "har ett ogiltigt värde",
}


def _grans(typ: str, ctx: dict[str, Any]) -> str | None:
    """Meningar för feltyper med en gräns i ``ctx``."""
    if typ == "string_too_long":
        return f"är för lång (högst {ctx.get('max_length')} tecken)"
    if typ == "string_too_short":
        return f"är för kort (minst {ctx.get('min_length')} tecken)"
    if typ in ("greater_than_equal", "greater_than"):
        jamfor = "minst" if typ == "greater_than_equal" else "större än"
        return f"ska vara {jamfor} {ctx.get('ge', ctx.get('gt'))}"
    if typ in ("less_than_equal", "less_than"):
        jamfor = "högst" if typ == "less_than_equal" else "mindre än"
        return f"ska vara {jamfor} {ctx.get('le', ctx.get('lt'))}"
    if typ in ("literal_error", "enum"):
        return f"ska vara ett av: {ctx.get('expected', '')}".rstrip(": ")
    if typ == "string_pattern_mismatch":
        return "har fel form"
    return None


def svensk_text(fel: dict[str, Any]) -> str:
    """Ett valideringsfel -> ``"<fält> (<var>): <vad som förväntades>"`` på svenska."""
    loc = [str(x) for x in fel.get("loc", ())]
    plats = PLATS.get(loc[0], "") if loc else ""
    falt = ".".join(loc[1:] if plats else loc) or "förfrågan"
    typ = str(fel.get("type", ""))
    text = _grans(typ, dict(fel.get("ctx") or {})) or TYPER.get(typ, "har ett ogiltigt värde")
    return f"{falt} ({plats}): {text}" if plats else f"{falt}: {text}"
