"""The bundled claims dataset: every row valid, sourced, quoted, and the seed figures present."""

from __future__ import annotations

from collections import defaultdict

import pytest

import conflictdata as cd

from .strategies import coarsen

CLAIMS = cd.claims()
SEED_TITLE = "55,000 Ukrainian soldiers killed as ceasefire talks continue: Zelenskyy"


class TestRows:
    """Every row validates, has a unique id, a source and a quote that states its figure."""

    def test_size(self) -> None:
        assert len(CLAIMS) >= 108

    def test_ids_unique(self) -> None:
        ids = [claim.claim_id for claim in CLAIMS]
        assert len(set(ids)) == len(ids)

    @pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.claim_id)
    def test_quote_states_figure(self, claim: cd.Claim) -> None:
        assert claim.quote_states_figure(), claim.quote

    @pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.claim_id)
    def test_source_is_citable(self, claim: cd.Claim) -> None:
        assert claim.source_url.startswith(("https://", "http://")) or (
            claim.source_title and claim.source_publisher and claim.published_on
        )

    def test_no_statement_after_its_publication(self) -> None:
        late = [
            claim.claim_id
            for claim in CLAIMS
            if claim.published_on is not None
            and claim.published_on_precision is not None
            and coarsen(claim.stated_on, claim.published_on_precision) > claim.published_on
        ]
        assert late == []


class TestCoverage:
    """The dataset covers both sides, third parties, both populations and every year."""

    def test_every_year(self) -> None:
        assert {claim.stated_on.year for claim in CLAIMS} >= {2022, 2023, 2024, 2025, 2026}

    @pytest.mark.parametrize(
        ("claimant_side", "subject_side"),
        [
            ("UA", "UA"),
            ("UA", "RU"),
            ("RU", "RU"),
            ("RU", "UA"),
            ("third_party", "RU"),
            ("third_party", "UA"),
        ],
    )
    def test_claims_about_each_side_by_each_party(
        self, claimant_side: str, subject_side: str
    ) -> None:
        assert any(
            c.claimant_side == claimant_side and c.subject_side == subject_side for c in CLAIMS
        )

    @pytest.mark.parametrize("basis", list(cd.Basis))
    def test_every_basis(self, basis: cd.Basis) -> None:
        assert any(claim.basis is basis for claim in CLAIMS)

    @pytest.mark.parametrize("population", list(cd.Population))
    def test_every_population(self, population: cd.Population) -> None:
        assert any(claim.population is population for claim in CLAIMS)


# Every casualty figure of the seed article, as that article words it.
SEED_FIGURES = [
    ("Volodymyr Zelensky", "UA", "killed", "exact", 55000),
    ("Volodymyr Zelensky", "UA", "killed", "more_than", 46000),
    ("Center for Strategic and International Studies", "UA", "killed_or_wounded", "nearly", 400000),
    ("UN Human Rights Monitoring Mission in Ukraine", "UA", "killed", "exact", 2514),
    ("UN Human Rights Monitoring Mission in Ukraine", "UA", "wounded", "exact", 12142),
    ("Oleksandr Syrskyi", "RU", "killed_or_wounded", "nearly", 420000),
    ("UK Defence Intelligence", "RU", "casualties", "about", 1100000),
]


class TestSeedArticle:
    """The seed article's figures are present as the article reports them."""

    def test_seed_rows_are_exactly_the_seed_figures(self) -> None:
        seed = sorted(
            (c.claimant, c.subject_side, str(c.measure), str(c.qualifier), c.value)
            for c in CLAIMS
            if c.source_title == SEED_TITLE
        )
        assert seed == sorted(SEED_FIGURES)

    def test_seed_rows_cite_the_article(self) -> None:
        for claim in CLAIMS:
            if claim.source_title == SEED_TITLE:
                assert claim.source_publisher == "National Herald"
                assert (claim.published_on, claim.published_on_precision) == (
                    cd.claims()[0].published_on.replace(year=2026, month=2, day=1)
                    if cd.claims()[0].published_on
                    else None,
                    cd.Precision.MONTH,
                )


class TestStatements:
    """Rows sharing a statement_id report one statement: one claimant side, one year."""

    def test_groups_agree_on_who_and_when(self) -> None:
        groups: dict[str, list[cd.Claim]] = defaultdict(list)
        for claim in CLAIMS:
            groups[claim.statement_id].append(claim)
        for statement_id, members in groups.items():
            keys = {c.claimant_side for c in members}
            assert len(keys) == 1, statement_id
            years = {c.stated_on.year for c in members}
            assert len(years) == 1, statement_id

    @pytest.mark.parametrize(
        ("claimant", "seed_wording", "other_wording"),
        [
            ("Oleksandr Syrskyi", ("almost", 420000), ("more than", 418000)),
            ("UK Defence Intelligence", ("about", 1100000), ("more than", 1100000)),
        ],
    )
    def test_outlets_wording_one_statement_differently_are_linked(
        self, claimant: str, seed_wording: tuple[str, int], other_wording: tuple[str, int]
    ) -> None:
        seed = next(
            c
            for c in CLAIMS
            if c.source_title == SEED_TITLE
            and c.claimant == claimant
            and (c.qualifier_text, c.value) == seed_wording
        )
        twins = [c for c in CLAIMS if c.statement_id == seed.statement_id and c is not seed]
        assert other_wording in {(c.qualifier_text, c.value) for c in twins}
        assert all(c.source_publisher != "National Herald" for c in twins)
