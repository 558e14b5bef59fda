"""Finding the numbers a quote states, however the source writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictdata.schema._numbers import numbers_in


def _grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


class TestDigitGrouping:
    """Any grouping separator that sources use is folded away."""

    @given(
        st.integers(min_value=0, max_value=10**9),
        st.sampled_from([",", ".", " ", "\u00a0", "\u202f"]),
    )
    def test_grouped_number_is_found(self, number: int, separator: str) -> None:
        assert number in numbers_in(f"Officials said {_grouped(number, separator)} were killed.")

    @given(st.integers(min_value=1000, max_value=10**9))
    def test_neighbouring_numbers_do_not_merge_into_it(self, number: int) -> None:
        found = numbers_in(f"In 2025, {number:,} died")
        assert number in found
        assert 2025 in found


class TestScaleWords:
    """A scale word after a number multiplies it, in the languages of the sources."""

    @pytest.mark.parametrize(
        ("text", "number"),
        [
            ("about 1.1 million", 1_100_000),
            ("1,3 миллиона", 1_300_000),
            ("590 ألف", 590_000),
            ("31 тыс. человек", 31_000),
            ("близько 46 тисяч", 46_000),
            ("up to 1.2m casualties", 1_200_000),
            ("almost 420 thousand", 420_000),
            ("1 million", 1_000_000),
            ("٥٩٠ ألف", 590_000),
            ("ok. 25 tys. mężczyzn", 25_000),
            ("47 tysięcy", 47_000),
        ],
    )
    def test_scale(self, text: str, number: int) -> None:
        assert number in numbers_in(text)

    def test_scale_word_must_stand_alone(self) -> None:
        assert numbers_in("5 kilometres") == {5}
