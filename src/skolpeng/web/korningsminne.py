"""Minnet av körningar och jämförelsediagram i webbprocessen (jämförelsen av två
scenarier under en sekund).

In: appens tillstånd, datasetversionens id, modelltexten (modellens eller ett scenarios),
förra årets beslut (``ForraAret`` eller None) och om bidragen ska räknas. Ut: samma
``Fordelningskorning`` som ``web.korning.kor_modell`` ger, räknad en gång per nyckel.

Nyckeln är (datasetversion, SHA-256 av modelltexten, förra årets källa och filhashar,
med bidrag): datasetversioner och beslut ändras aldrig och normen och parametrarna är desamma
för samma version och år, så samma nyckel ger alltid samma körning. En ändrad text (ett
sparat scenario, ett reglage) är en ny nyckel. Jämförelsesidan och dess diagram (två
förfrågningar) räknar därför scenarierna en gång; diagrammets SVG minns per innehåll.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from skolpeng.api import Minne

if TYPE_CHECKING:
    from skolpeng.api import Fordelningskorning, ForraAret

#: Körningar per process (en körning för 177 enheter är några hundra kB).
KORNINGAR = 32
#: Jämförelsediagram per process.
DIAGRAM = 16

_skapa = threading.Lock()


def _minne(tillstand: Any, namn: str, storlek: int) -> Minne[Any]:
    """Appens minne med namnet (skapas första gången, trådsäkert)."""
    minne = getattr(tillstand, namn, None)
    if minne is None:
        with _skapa:
            minne = getattr(tillstand, namn, None)
            if minne is None:
                minne = Minne(storlek)
                setattr(tillstand, namn, minne)
    return minne


def forra_nyckel(forra: ForraAret | None) -> Hashable:
    """Förra årets beslut -> en nyckel för dess innehåll (källan och filernas hashar)."""
    if forra is None:
        return None
    return (forra.kalla, tuple(sorted(forra.filhashar.items())))


def korningsnyckel(dataset_id: int, text: str, forra: ForraAret | None, med_bidrag: bool
                   ) -> Hashable:  # fmt: skip
    """Nyckeln för en körning (se modulens beskrivning)."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (dataset_id, sha, forra_nyckel(forra), med_bidrag)


def minnesvard_korning(
    tillstand: Any,
    dataset_id: int,
    text: str,
    forra: ForraAret | None,
    med_bidrag: bool,
    berakna: Callable[[], Fordelningskorning],
) -> Fordelningskorning:
    """Körningen för nyckeln ur minnet; ``berakna`` anropas bara när den saknas. Ett
    ``IndataFel`` från ``berakna`` minns inte (det kastas vidare)."""
    nyckel = korningsnyckel(dataset_id, text, forra, med_bidrag)
    return _minne(tillstand, "korningar", KORNINGAR).hamta(nyckel, berakna)  # type: ignore[no-any-return]


def minnesvart_diagram(tillstand: Any, data: object, rita: Callable[[], str]) -> str:
    """Diagrammets SVG för innehållet ``data`` (JSON-bart: det som ritas) ur minnet."""
    nyckel = hashlib.sha256(
        json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return _minne(tillstand, "jamforelsediagram", DIAGRAM).hamta(nyckel, rita)  # type: ignore[no-any-return]
