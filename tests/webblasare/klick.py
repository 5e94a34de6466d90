"""Hjälp för klicktesterna (``test_arets_arbete.py``): klicka en länk eller knapp och vänta på
nästa sida, kontrollera att inga tabellers sista kolumn klipps vid 1366 × 768, ta skärmbilder,
läsa en tabell på sidan och ladda ned en fil genom att klicka.

Klippning: en tabell är hel om den ryms i sin ram (``scrollWidth`` ≤ ramens bredd) eller om
ramen är en region som rullas i sidled och nås med tangentbordet (``overflow-x: auto`` och
``tabindex``); ramen (eller tabellen utan ram) får inte sluta utanför fönstrets högerkant, och
sidan själv får inte rullas i sidled.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from tests.webblasare.hjalp import kontrollera_tillganglighet

BREDD, HOJD = 1366, 768

_KLIPPNING = """() => {
  const vw = document.documentElement.clientWidth;
  const fel = [];
  if (document.documentElement.scrollWidth > vw + 1) {
    fel.push('sidan rullas i sidled: ' + document.documentElement.scrollWidth + ' > ' + vw);
  }
  for (const t of document.querySelectorAll('main table')) {
    if (t.offsetParent === null) continue;
    const namn = (t.caption ? t.caption.textContent : t.id || 'tabell').trim().slice(0, 60);
    const ram = t.closest('.tabellram');
    if (!ram) {
      if (t.getBoundingClientRect().right > vw + 1) fel.push(namn + ': utanför fönstret');
      continue;
    }
    const r = ram.getBoundingClientRect();
    const stil = getComputedStyle(ram).overflowX;
    const ryms = t.scrollWidth <= ram.clientWidth + 1;
    const rullbar = (stil === 'auto' || stil === 'scroll') && ram.tabIndex >= 0;
    if (r.right > vw + 1) fel.push(namn + ': ramen slutar utanför fönstret');
    if (!ryms && !rullbar) fel.push(namn + ': sista kolumnen klipps');
  }
  return fel;
}"""


def kontrollera_sidan(page: Any, namn: str = "") -> None:
    """axe-core, ingen klippt tabell och (med ``SKOLPENG_SKARMBILDER``) en skärmbild."""
    kontrollera_tillganglighet(page)
    fel = page.evaluate(_KLIPPNING)
    assert not fel, f"{page.url}: {fel}"
    katalog = os.environ.get("SKOLPENG_SKARMBILDER")
    if katalog and namn:
        Path(katalog).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(katalog) / f"{namn}.png"), full_page=True)


def klicka(page: Any, selektor: Any, namn: str = "", url: str | None = None) -> None:
    """Klickar (en selektor eller en locator), väntar på den nya sidan och kontrollerar den."""
    mal = page.locator(selektor).first if isinstance(selektor, str) else selektor
    with page.expect_navigation():
        mal.click()
    if url is not None:
        page.wait_for_url(re.compile(url))
    page.wait_for_load_state("load")
    kontrollera_sidan(page, namn)


def lanken(page: Any, text: str, inom: str = "main") -> Any:
    """Länken med exakt den texten inom ``inom``."""
    return page.locator(inom).get_by_role("link", name=text, exact=True).first


def smula(page: Any, text: str) -> Any:
    """Brödsmulan med texten."""
    return page.locator("nav.brodsmulor").get_by_role("link", name=text, exact=True)


def ladda_ned(page: Any, lank: Any) -> bytes:
    """Klickar länken och ger den nedladdade filens innehåll."""
    with page.expect_download() as info:
        lank.click()
    return Path(info.value.path()).read_bytes()


def tabellens_text(page: Any, selektor: str) -> list[list[str]]:
    """Tabellens synliga rader (thead och tbody) som text per cell, utan sorteringens dolda
    text."""
    return page.evaluate(
        """(s) => Array.from(document.querySelectorAll(s + ' tr')).filter(r => !r.hidden)
             .map(r => Array.from(r.cells).map(c => {
               const k = c.cloneNode(true);
               k.querySelectorAll('.visuellt-dold').forEach(d => d.remove());
               return k.textContent.trim(); }))""",
        selektor,
    )


def siffror(text: str) -> str:
    """Texten utan mellanrum, enheter och med minus som "-": "−1 234 kr" -> "-1234"."""
    t = text.replace("\u2212", "-").replace("\xa0", " ").replace(" kr", "").replace(" %", "")
    return t.replace(" ", "").replace(",", ".")
