"""Skydd mot formelinjektion i kalkylfiler (CSV som öppnas i Excel eller LibreOffice).

En textcell som börjar med ``=``, ``+``, ``-``, ``@``, tab eller vagnretur tolkas av
kalkylprogrammen som en formel; den får ett inledande ``'`` så att den visas som text
(OWASP, "CSV Injection"). Tal skrivs som tal och berörs inte.
"""

from __future__ import annotations

FARLIGA_FORSTA_TECKEN = ("=", "+", "-", "@", "\t", "\r")


def neutralisera(text: str) -> str:
    """Textcellens värde, med ``'`` först när det börjar med ett tecken som kalkylprogram
    läser som början på en formel: ``"=1+1"`` -> ``"'=1+1"``; ``"Åkeredsskolan"`` oförändrat."""
    return "'" + text if text.startswith(FARLIGA_FORSTA_TECKEN) else text
