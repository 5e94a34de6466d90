"""``beaktande.md`` när jämförelsen med normen inte kunde göras (docs/regler/dataformat.md: ett kommando behöver
bara de tabeller det använder; en saknad tabell för normen hoppar bara över jämförelsen).

In: körningens modell (namn, kommun, år) och de svenska noteringarna om varför jämförelsen
saknas. Ut: filen ``beaktande.md`` i utkatalogen, som säger att normen inte har jämförts och
varför, så att beslutsunderlaget inte tyst saknar beaktandet (SOU 2025:72 avsnitt 9.4.1).
"""

from __future__ import annotations

from pathlib import Path

from skolpeng.rapporter.fordelning.normjamforelse import BEAKTANDE

NOTERINGENS_BORJAN = "Jämförelsen med normen har inte gjorts"


def normnoteringar(anteckningar: tuple[str, ...] | list[str]) -> list[str]:
    """Körningens noteringar -> de som säger varför jämförelsen med normen saknas."""
    return [a for a in anteckningar if a.startswith(NOTERINGENS_BORJAN)]


def beaktande_utan_norm_text(modellnamn: str, kommun: str, ar: int, orsaker: list[str]) -> str:
    """Modellens namn, kommunens namn (eller kod) och år och orsakerna -> Markdown-texten."""
    rader = [
        f"# Beaktande av den nationella normen – {kommun} {ar}",
        "",
        f"Resursfördelningsmodellen ”{modellnamn}” har inte jämförts med den nationella normen "
        "i den här körningen. Enligt SOU 2025:72 avsnitt 9.4.1 ska kommunen inför sitt beslut "
        "om resursfördelning beakta normen; jämförelsen behöver därför göras med ett underlag "
        "som innehåller normens tabeller innan beslutet fattas.",
        "",
        "## Varför jämförelsen saknas",
        "",
        *(f"- {o}" for o in orsaker),
        "",
    ]
    return "\n".join(rader)


def skriv_beaktande_utan_norm(
    katalog: Path, modellnamn: str, kommun: str, ar: int, orsaker: list[str]
) -> Path:
    """Skriver ``beaktande.md`` i ``katalog`` med orsakerna. Ut: sökvägen."""
    fil = Path(katalog) / BEAKTANDE
    fil.write_text(beaktande_utan_norm_text(modellnamn, kommun, ar, orsaker), encoding="utf-8")
    return fil
