"""The bundled claims dataset: every row valid, sourced, quoted, and the seed figures present."""

from __future__ import annotations

import re
from collections import defaultdict

import attrs
import pytest

import conflictdata as cd
from conflictdata.schema._numbers import numbers_in

from .strategies import coarsen, example_claim

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


# The coding rules of 2026.12.0 (docs/data.md) -------------------------------------------------

#: What ``scope`` says for a stock: a number held on one date, not a cumulative count.
STOCK_SCOPES = (
    "stock",
    "prisoners held",
    "currently missing",
    "listed as missing",
    "reports filed",
)
#: Words of a source that make a missing or captured figure a stock.
STOCK_WORDS = re.compile(
    r"currently|being held|are held|holds|remains? unknown|remain missing|listed as missing"
    r"|значились|заявлени",
    re.IGNORECASE,
)


def is_stock(claim: cd.Claim) -> bool:
    return any(scope in claim.scope for scope in STOCK_SCOPES)


class TestStocks:
    """A stock on a date (prisoners held, people missing now) is never a cumulative count."""

    def test_stocks_are_present(self) -> None:
        assert sum(is_stock(claim) for claim in CLAIMS) >= 5

    @pytest.mark.parametrize(
        "claim", [c for c in CLAIMS if is_stock(c)], ids=lambda claim: claim.claim_id
    )
    def test_a_stock_covers_one_day(self, claim: cd.Claim) -> None:
        # the day it was held, at the precision the source gives it
        assert claim.period_start == claim.period_end

    @pytest.mark.parametrize(
        "claim",
        [c for c in CLAIMS if c.measure in (cd.Measure.MISSING, cd.Measure.CAPTURED)],
        ids=lambda claim: claim.claim_id,
    )
    def test_words_of_a_stock_give_a_stock_scope(self, claim: cd.Claim) -> None:
        if STOCK_WORDS.search(f"{claim.measure_text} {claim.quote}"):
            assert is_stock(claim), claim.scope


IRRECOVERABLE = [c for c in CLAIMS if c.measure is cd.Measure.KILLED_OR_MISSING]


class TestIrrecoverableLosses:
    """killed <= killed_or_missing <= casualties in the conversions, on the dataset's claims."""

    def test_recoded_rows_are_present(self) -> None:
        assert len(IRRECOVERABLE) >= 5

    @pytest.mark.parametrize("claim", IRRECOVERABLE, ids=lambda claim: claim.claim_id)
    def test_bounds_killed_from_above_only(self, claim: cd.Claim) -> None:
        killed = cd.plausible_range(claim, target="killed")
        assert killed.low == 0
        assert killed.high == cd.plausible_range(claim).high

    @pytest.mark.parametrize(
        "claim",
        [c for c in CLAIMS if c.measure is cd.Measure.CASUALTIES],
        ids=lambda claim: claim.claim_id,
    )
    def test_sits_between_killed_and_casualties(self, claim: cd.Claim) -> None:
        killed = cd.plausible_range(claim, target="killed")
        irrecoverable = cd.plausible_range(claim, target="killed_or_missing")
        whole = cd.plausible_range(claim)
        assert killed.low <= irrecoverable.low <= whole.low
        assert killed.high <= irrecoverable.high <= whole.high


#: A sentence of ``notes`` that records the claimant's own words.
OWN_WORDS = re.compile(r"(?:[^.;]|\.(?!\s))*own words(?:[^.;]|\.(?!\s))*")  # "Report.az" inside
# a quotation mark, not the apostrophe of "CSIS's"
QUOTED = re.compile(
    r"(?<!\w)[\'\"\u201c\u2018]([^\"\u201d]*?\d[^\"\u201d]*?)[\'\"\u201d\u2019](?!\w)"
)
# "19-20,000": the first number of a range shares the second one's thousands
SHORTHAND = re.compile(r"\b(\d{1,3})\s*[-\u2013]\s*\d{1,3}[ ,.]000\b")


def own_words_contradict(claim: cd.Claim) -> bool:
    """Whether notes quote the claimant's own words with numbers, none of them the figure."""
    stated = [claim.low, claim.high] if claim.qualifier is cd.Qualifier.BETWEEN else [claim.value]
    for sentence in OWN_WORDS.findall(claim.notes):
        quoted = QUOTED.findall(sentence)
        if not quoted:
            continue
        numbers = set().union(*(numbers_in(words) for words in quoted))
        numbers |= {int(low) * 1000 for words in quoted for low in SHORTHAND.findall(words)}
        if not all(number in numbers for number in stated):
            return True
    return False


class TestOwnWords:
    """No row's figure is contradicted by the claimant's own words where notes record them."""

    @pytest.mark.parametrize(
        "claim",
        [c for c in CLAIMS if OWN_WORDS.search(c.notes)],
        ids=lambda claim: claim.claim_id,
    )
    def test_figure_is_in_the_claimants_words(self, claim: cd.Claim) -> None:
        assert not own_words_contradict(claim), claim.notes

    def test_a_contradiction_is_found(self) -> None:
        # The 2026.11.0 error: an outlet's "up to 450,000 wounded" against his "до 500 тисяч"
        claim = example_claim(
            "outlet-misreading",
            value=450000,
            quote="up to 450,000 wounded",
            notes="Zelensky's own words (Interfax-Ukraine): 'до 500 тисяч в сумі з пораненими'.",
        )
        assert own_words_contradict(claim)
        assert not own_words_contradict(attrs.evolve(claim, value=500000))
