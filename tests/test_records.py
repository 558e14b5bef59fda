"""Claim records: construction, validation and derived fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictdata as cd

from . import strategies


class TestValidClaims:
    """Valid fields build a claim whose fields read back as given, converted to their types."""

    @given(strategies.claim_fields())
    def test_fields_round_trip(self, fields: dict[str, Any]) -> None:
        claim = cd.Claim(**fields)
        for name, value in fields.items():
            assert getattr(claim, name) == value

    def test_strings_convert_to_vocabularies_and_dates(self) -> None:
        claim = cd.Claim(**(_fields() | {"measure": "wounded", "stated_on": "2024-02-25"}))
        assert claim.measure is cd.Measure.WOUNDED
        assert claim.stated_on == dt.date(2024, 2, 25)

    def test_claim_is_frozen(self) -> None:
        claim = cd.Claim(**_fields())
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            claim.value = 1  # type: ignore[misc]


class TestRelation:
    """relation is derived from claimant_side and subject_side, never stored."""

    @given(strategies.claims)
    def test_relation_follows_sides(self, claim: cd.Claim) -> None:
        if claim.claimant_side == cd.THIRD_PARTY:
            assert claim.relation is cd.Relation.THIRD_PARTY
        elif claim.claimant_side == claim.subject_side:
            assert claim.relation is cd.Relation.SELF
        else:
            assert claim.relation is cd.Relation.ADVERSARY

    def test_relation_is_not_a_field(self) -> None:
        assert "relation" not in attrs.fields_dict(cd.Claim)


def _fields(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "claim_id": "zelensky-2024-02-25-ua-killed",
        "statement_id": "zelensky-2024-02-25",
        "conflict": "russia-ukraine",
        "claimant": "Volodymyr Zelensky",
        "claimant_side": "UA",
        "subject_side": "UA",
        "population": "military",
        "measure": "killed",
        "measure_text": "soldiers have died",
        "qualifier": "exact",
        "value": 31000,
        "period_start": "2022-02-24",
        "period_end": "2024-02-25",
        "stated_on": "2024-02-25",
        "basis": "official_statement",
        "source_title": "Zelensky says 31,000 Ukrainian soldiers killed",
        "source_publisher": "Prothom Alo",
        "source_url": "https://en.prothomalo.com/international/europe/vfvvacpxaw",
        "quote": "31,000 Ukrainian soldiers have died in this war.",
        "quote_language": "en",
    }
    return base | changes


# (changes, field named in the error, words of what is expected)
INVALID = [
    ({"claim_id": "Not A Slug"}, "claim_id", "slug"),
    ({"statement_id": ""}, "statement_id", "required"),
    ({"conflict": "atlantis"}, "conflict", "russia-ukraine"),
    ({"claimant": "   "}, "claimant", "non-empty"),
    ({"claimant_side": "US"}, "claimant_side", "UA, RU, third_party"),
    ({"subject_side": "third_party"}, "subject_side", "UA, RU"),
    ({"population": "soldiers"}, "population", "military, civilian"),
    ({"measure": "dead"}, "measure", "killed, wounded"),
    ({"qualifier": "maybe"}, "qualifier", "exact, about"),
    ({"basis": "rumour"}, "basis", "official_statement"),
    ({"value": -1}, "value", "non-negative"),
    ({"value": True}, "value", "non-negative"),
    ({"value": None}, "value", "needs one"),
    ({"low": 5}, "low", "only 'between'"),
    (
        {"qualifier": "between", "qualifier_text": "between", "value": None, "low": 9, "high": 3},
        "low",
        "no greater than high",
    ),
    ({"qualifier": "between", "qualifier_text": "between", "low": 1, "high": 3}, "value", "empty"),
    (
        {"qualifier": "between", "qualifier_text": "between", "value": None, "low": 1},
        "high",
        "needs low and high",
    ),
    ({"qualifier": "about"}, "qualifier_text", "the source's words"),
    ({"period_end": "2021-01-01"}, "period_end", "on or after period_start"),
    ({"period_start": "24/02/2022"}, "period_start", "ISO 8601"),
    ({"stated_on": "2024-02-25", "stated_on_precision": "month"}, "stated_on", "1st of the month"),
    ({"stated_on": "2024-02-01", "stated_on_precision": "year"}, "stated_on", "1 January"),
    ({"published_on": "2024-02-26"}, "published_on_precision", "exactly when published_on"),
    ({"source_url": ""}, "source_url", "title, publisher and published_on"),
    ({"quote": ""}, "quote", "required"),
    ({"quote_language": " "}, "quote_language", "non-empty"),
]


class TestInvalidClaims:
    """Each invalid field raises DataValidationError naming the claim, field, value and rule."""

    @pytest.mark.parametrize(("changes", "field", "expected"), INVALID)
    def test_rejected_with_message(
        self, changes: dict[str, Any], field: str, expected: str
    ) -> None:
        with pytest.raises(cd.DataValidationError) as caught:
            cd.Claim(**_fields(**changes))
        error = caught.value
        assert error.field == field
        assert error.claim_id == _fields(**changes)["claim_id"] or field == "claim_id"
        assert f"field {field!r}" in str(error)
        assert expected in str(error)
        assert isinstance(error, ValueError)
        assert isinstance(error, cd.ConflictDataError)

    @given(strategies.claim_fields(), st.integers(max_value=-1))
    def test_any_negative_number_is_rejected(self, fields: dict[str, Any], negative: int) -> None:
        name = "low" if fields["qualifier"] is cd.Qualifier.BETWEEN else "value"
        with pytest.raises(cd.DataValidationError, match=f"field '{name}'"):
            cd.Claim(**(fields | {name: negative}))

    @given(strategies.claim_fields())
    def test_period_end_before_start_is_rejected(self, fields: dict[str, Any]) -> None:
        fields["period_start"] = fields["period_end"] + dt.timedelta(days=1)
        with pytest.raises(cd.DataValidationError, match="field 'period_end'"):
            cd.Claim(**fields)


class TestConflicts:
    """Conflicts other than Russia-Ukraine can be registered, with their own parties."""

    def test_registered_conflict_validates_its_parties(self) -> None:
        conflict = cd.Conflict("testland-war", "Test war", ("AA", "BB"), dt.date(2020, 1, 1))
        cd.register_conflict(conflict)
        claim = cd.Claim(**_fields(conflict="testland-war", claimant_side="BB", subject_side="AA"))
        assert claim.relation is cd.Relation.ADVERSARY
        with pytest.raises(cd.DataValidationError, match="AA, BB"):
            cd.Claim(**_fields(conflict="testland-war", subject_side="UA"))

    def test_conflicting_registration_is_refused(self) -> None:
        other = cd.Conflict("russia-ukraine", "Other", ("X", "Y"), dt.date(2022, 2, 24))
        with pytest.raises(ValueError, match="already registered"):
            cd.register_conflict(other)


class TestDerivedText:
    """figure_text, stated_by and citation say what the claim says."""

    def test_between_figure_text(self) -> None:
        claim = cd.Claim(
            **_fields(
                qualifier="between", qualifier_text="between", value=None, low=2500, high=3000
            )
        )
        assert claim.figure_text == "2,500-3,000"

    @pytest.mark.parametrize(
        ("stated_on", "precision", "last_day"),
        [
            ("2024-02-25", "day", dt.date(2024, 2, 25)),
            ("2024-02-01", "month", dt.date(2024, 2, 29)),
            ("2024-12-01", "month", dt.date(2024, 12, 31)),
            ("2024-01-01", "year", dt.date(2024, 12, 31)),
        ],
    )
    def test_stated_by_is_last_possible_day(
        self, stated_on: str, precision: str, last_day: dt.date
    ) -> None:
        claim = cd.Claim(**_fields(stated_on=stated_on, stated_on_precision=precision))
        assert claim.stated_by == last_day

    def test_citation_names_claimant_figure_and_source(self) -> None:
        claim = cd.Claim(**_fields(qualifier="more_than", qualifier_text="more than"))
        line = claim.citation()
        assert line.startswith("Volodymyr Zelensky (UA, self): more than 31,000 UA military killed")
        assert claim.source_url in line
        assert "\n" not in line

    def test_citation_without_url_gives_title_and_date(self) -> None:
        claim = cd.Claim(
            **_fields(
                claimant_side="third_party",
                scope="officers",
                source_url="",
                published_on="2024-02-01",
                published_on_precision="month",
            )
        )
        line = claim.citation()
        assert line.startswith("Volodymyr Zelensky (third party): 31,000 UA military (officers)")
        assert line.endswith(f"Prothom Alo, \u201c{claim.source_title}\u201d, 2024-02")

    @pytest.mark.parametrize(
        ("quote", "states"),
        [
            ("31,000 soldiers", True),
            ("31 000 soldiers", True),
            ("31.000 soldiers", True),
            ("31 тыс. военных", True),
            ("310,000 soldiers", False),
            ("3,100 soldiers", False),
        ],
    )
    def test_quote_states_figure(self, quote: str, states: bool) -> None:
        assert cd.Claim(**_fields(quote=quote)).quote_states_figure() is states
