"""Texter om trendvalet i utbudsansvarsanalysen: trendens namn och känslighetsanalysen.

In: en ``Utbudsanalys`` (med ``alternativ_trend``). Ut: svensk text för rapport och CLI.
Ingen regel räknas här.
"""

from __future__ import annotations

from skolpeng.talformat import decimal, procent
from skolpeng.uppfoljning.utbudsansvar_analys import Utbudsanalys

TRENDTEXT = {"hp": "Hodrick–Prescott-trend i log(elever)", "linjar": "linjär trend i log(elever)"}


def trendnamn(metod: str, hp_lambda: float) -> str:
    """Trendmetoden i text, med λ för Hodrick–Prescott."""
    return TRENDTEXT[metod] + (f", λ = {decimal(hp_lambda, 0)}" if metod == "hp" else "")


def trendjamforelse_text(analys: Utbudsanalys) -> str:
    """Vad valet av trend betyder för just den här serien: den valda trendens och den andra
    trendens medelöverkapacitet och avdrag, och varför utredningens 3,4 % inte är ett facit.
    Tom text om känslighetsanalysen saknas."""
    alt_ = analys.alternativ_trend
    if alt_ is None:
        return ""
    r = analys.resultat
    inst = r.installningar
    per_trend = {
        inst.trendmetod: (r.medel_overkapacitet_andel, analys.avdrag.avdrag_andel),
        alt_.trendmetod: (alt_.resultat.medel_overkapacitet_andel, alt_.avdrag_andel),
    }
    hp_medel, hp_avdrag = per_trend["hp"]
    lin_medel, lin_avdrag = per_trend["linjar"]
    sou = analys.jamforelse["sou_demografisk_overkapacitet_andel"]
    return (
        "Trendens betydelse: på den här serien ger en linjär trend i log(elever), skattad "
        "över hela perioden, en demografiskt betingad överkapacitet på i medel "
        f"{procent(lin_medel, 2)} (avdrag {procent(lin_avdrag, 2)}) och en "
        f"Hodrick–Prescott-trend i log(elever) (λ = {decimal(inst.hp_lambda, 0)}) "
        f"{procent(hp_medel, 2)} (avdrag {procent(hp_avdrag, 2)}). "
        "Hodrick–Prescott-trenden följer delvis med i de demografiska vågorna (drygt "
        f"{analys.cykellangd_ar:.0f} år mellan topparna), så avvikelserna vid topparna och "
        "därmed överkapaciteten blir mindre än med den linjära trenden; ett större λ ger en "
        "jämnare trend. Standardvalet är den linjära trenden: betänkandet skattar trenden "
        "över en period, låter referenskapaciteten löpa parallellt med den långsiktiga "
        "trenden och skriver fram den med en trend baserad på kända data (SOU 2025:72 "
        "avsnitt 10.3.3), vilket en Hodrick–Prescott-trend inte kan; Hodrick–Prescott "
        "redovisas som känslighetsanalys. Nämnaren är i båda fallen det faktiska "
        f"elevantalet. Utredningens {procent(sou)} gäller rikets barn 6–15 år 1955–2024 och "
        "är inget facit för en annan serie."
    )
