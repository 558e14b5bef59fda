"""Find the numbers a piece of text states, the way people write them."""

from __future__ import annotations

import re

_SCALES = {
    "thousand": 1_000,
    "thousands": 1_000,
    "k": 1_000,
    "тыс": 1_000,
    "тысяча": 1_000,
    "тысячи": 1_000,
    "тысяч": 1_000,
    "тис": 1_000,
    "тисяча": 1_000,
    "тисячі": 1_000,
    "тисяч": 1_000,
    "ألف": 1_000,
    "الف": 1_000,
    "آلاف": 1_000,
    "tusen": 1_000,
    "ezer": 1_000,
    "mille": 1_000,
    "mil": 1_000,
    "tausend": 1_000,
    "tys": 1_000,
    "tysiąc": 1_000,
    "tysiące": 1_000,
    "tysięcy": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mln": 1_000_000,
    "m": 1_000_000,
    "млн": 1_000_000,
    "миллион": 1_000_000,
    "миллиона": 1_000_000,
    "миллионов": 1_000_000,
    "мільйон": 1_000_000,
    "мільйона": 1_000_000,
    "мільйонів": 1_000_000,
    "مليون": 1_000_000,
    "millionen": 1_000_000,
    "millió": 1_000_000,
    "millioner": 1_000_000,
    "millones": 1_000_000,
    "millón": 1_000_000,
}
_SCALE_WORDS = sorted(_SCALES, key=len, reverse=True)
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ ,.\u00a0\u202f'’]\d{3})+|\d+)(?:[.,](\d+))?"
    r"(?:[\s\u00a0\u202f-]*(" + "|".join(map(re.escape, _SCALE_WORDS)) + r")(?![^\W\d_]))?",
    re.IGNORECASE,
)
_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_EASTERN = re.compile("[٠-٩۰-۹]")  # translating only when there are some saves most of the time


def numbers_in(text: str) -> set[int]:
    """Every integer that ``text`` can be read as stating.

    Digit grouping by comma, dot, space or apostrophe is folded ("55,000", "55 000", "55.000"),
    and a scale word multiplies ("1.1 million", "1,3 миллиона", "590 ألف").

    >>> sorted(numbers_in("about 1.1 million and 55 000, 2.500"))
    [2500, 55000, 1100000]
    """
    found: set[int] = set()
    if _EASTERN.search(text):
        text = text.translate(_EASTERN_DIGITS)
    for match in _NUMBER.finditer(text):
        whole, fraction, scale_word = match.groups()
        digits = re.sub(r"\D", "", whole)
        scale = _SCALES[scale_word.lower()] if scale_word else 1
        if fraction is None:
            found.add(int(digits) * scale)
        elif scale > 1:
            # "1,3 миллиона": the separator is a decimal mark before a scale word
            found.add(round(float(f"{digits}.{fraction}") * scale))
        elif len(fraction) == 3:
            found.add(int(digits + fraction))
    return found
