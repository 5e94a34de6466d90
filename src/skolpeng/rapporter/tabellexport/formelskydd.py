"""Skydd mot formelinjektion i kalkylfiler (CSV som öppnas i Excel eller LibreOffice): samma
regel som alla CSV-filer projektet skriver (``skolpeng.csvskrivning.neutralisera``).

En textcell som börjar med ``=``, ``+``, ``-``, ``@``, tab eller vagnretur tolkas av
kalkylprogrammen som en formel; den får ett inledande ``'`` så att den visas som text
(OWASP, "CSV Injection"). En text som bara är ett tal (``-5``) berörs inte.
"""

from __future__ import annotations

from skolpeng.csvskrivning import FORMELTECKEN as FARLIGA_FORSTA_TECKEN
from skolpeng.csvskrivning import neutralisera

__all__ = ["FARLIGA_FORSTA_TECKEN", "neutralisera"]
