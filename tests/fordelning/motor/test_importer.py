"""``skolpeng fordela`` startar utan skattningens tunga bibliotek: att fördela med ett givet
index eller vikter × andelar kräver inte statsmodels (≈ 1,7 s import), som bara behövs för att
skatta ett index (``skolpeng index``)."""

from __future__ import annotations

import subprocess
import sys


def test_fordela_importerar_inte_statsmodels() -> None:
    kod = (
        "import sys\n"
        "import skolpeng.fordelning.korning, skolpeng.rapporter.fordelning.utdata\n"
        "import skolpeng.fordelning.motor.indexkalla\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('statsmodels', 'scipy')))\n"
    )
    ut = subprocess.run(
        [sys.executable, "-c", kod], capture_output=True, text=True, check=True, timeout=60
    )
    assert ut.stdout.strip() == "[]"
