"""Typed, validated claim records: the schema of the claims dataset lives here.

A :class:`Claim` is one claimed figure. Its attrs fields, in order, *are* the schema: the CSV
columns, the DataFrame dtypes and the docs' data dictionary are all derived from
:data:`CLAIM_COLUMNS`, which is read off the fields' metadata.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

import attrs

from ..exceptions import DataValidationError
from ._numbers import numbers_in
from .vocabularies import (
    LANGUAGE_CODES,
    THIRD_PARTY,
    Basis,
    Measure,
    Population,
    Precision,
    Qualifier,
    Relation,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = [
    "ADVISORY_RULES",
    "CLAIM_COLUMNS",
    "EARLIEST_DATE",
    "KNOWN_CONFLICTS",
    "LATEST_DATE",
    "MAX_COUNT",
    "ROW_RULES",
    "Claim",
    "Column",
    "Conflict",
    "claims_about",
    "field_problem",
    "register_conflict",
    "relation_between",
]

ColumnKind = Literal["id", "text", "optional_text", "code", "vocabulary", "count", "date"]


@attrs.frozen
class Column:
    """One column of the claim schema, derived from a :class:`Claim` field.

    Attributes:
        name: The column (and field) name.
        kind: ``id`` (a slug), ``text`` (required), ``optional_text``, ``code`` (a side code),
            ``vocabulary`` (one of an enum's values), ``count`` (a whole number from 0 to
            :data:`~conflictdata.MAX_COUNT`, may be empty), or ``date`` (ISO 8601, from
            :data:`~conflictdata.EARLIEST_DATE` to :data:`~conflictdata.LATEST_DATE`, may be empty
            where optional).
        description: What the column holds.
        required: Whether a value must be present.
        vocabulary: The enum of allowed values, for ``vocabulary`` columns.

    Example:
        >>> import conflictdata
        >>> measure = next(c for c in conflictdata.CLAIM_COLUMNS if c.name == "measure")
        >>> measure.kind, measure.required, measure.vocabulary is conflictdata.Measure
        ('vocabulary', True, True)
    """

    name: str
    kind: ColumnKind
    description: str
    required: bool
    vocabulary: type[enum.StrEnum] | None = None


@attrs.frozen
class Conflict:
    """A conflict that claims can be about.

    Attributes:
        name: The slug used in the ``conflict`` column, e.g. ``russia-ukraine``.
        title: A human-readable title.
        parties: The side codes of the belligerents, e.g. ``("UA", "RU")``.
        start: The date the conflict (as covered) began.

    Example:
        >>> import conflictdata
        >>> conflict = conflictdata.KNOWN_CONFLICTS["russia-ukraine"]
        >>> conflict.parties, conflict.start.isoformat()
        (('UA', 'RU'), '2022-02-24')
    """

    name: str
    title: str
    parties: tuple[str, ...]
    start: dt.date


#: Conflicts known to the records, by name; :func:`register_conflict` adds to it.
KNOWN_CONFLICTS: Final[dict[str, Conflict]] = {}


def register_conflict(conflict: Conflict) -> None:
    """Make a conflict known, so that claims about it validate.

    Args:
        conflict: The conflict to add; its name must not clash with a different known conflict.

    Raises:
        ValueError: If another conflict of that name is already known.

    Example:
        >>> import conflictdata
        >>> known = conflictdata.KNOWN_CONFLICTS["russia-ukraine"]
        >>> conflictdata.register_conflict(known)  # the same conflict again: harmless
        >>> sorted(conflictdata.KNOWN_CONFLICTS)
        ['russia-ukraine']
    """
    known = KNOWN_CONFLICTS.get(conflict.name)
    if known is not None and known != conflict:
        msg = f"a different conflict named {conflict.name!r} is already registered: {known}"
        raise ValueError(msg)
    KNOWN_CONFLICTS[conflict.name] = conflict


register_conflict(
    Conflict(
        name="russia-ukraine",
        title="Russia's full-scale invasion of Ukraine",
        parties=("UA", "RU"),
        start=dt.date(2022, 2, 24),
    )
)

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_E = TypeVar("_E", bound=enum.StrEnum)


def _fail(claim: Claim, field: str, value: object, expected: str) -> DataValidationError:
    return DataValidationError(
        f"{value!r} is not allowed; expected {expected}",
        claim_id=getattr(claim, "claim_id", None),
        field=field,
        value=value,
    )


def _to_member(vocabulary: type[_E]) -> Callable[[object], object]:
    # A value outside the vocabulary is kept as it is, for the validator to report with context.
    def convert(value: object) -> object:
        try:
            return vocabulary(value) if isinstance(value, str) else value
        except ValueError:
            return value

    return convert


def _to_text(value: object) -> object:
    return "" if value is None else value  # no text is the empty text, as in a file


def _to_date(value: object) -> object:
    if isinstance(value, dt.datetime):  # pandas.Timestamp included
        return value.date()
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


#: The largest count the schema accepts: above any population, and far inside what ``Int64``
#: columns and the float arithmetic of the method hold exactly.
MAX_COUNT: Final = 10_000_000_000
#: The dates the schema accepts: well inside what ``datetime64[ns]`` columns can hold.
EARLIEST_DATE: Final = dt.date(1900, 1, 1)
LATEST_DATE: Final = dt.date(2199, 12, 31)


def field_problem(column: Column, value: object) -> str | None:
    """What ``column`` allows, when ``value`` (already converted) breaks its rule; else ``None``.

    The one statement of the per-field rules: :class:`Claim` applies it to each field, and a file
    is checked with it column by column (see :func:`conflictdata.validate_claims`).
    """
    if value is None or value == "":
        return "a value (this field is required)" if column.required else None
    if column.kind == "id" and not (isinstance(value, str) and _SLUG.fullmatch(value)):
        return "a slug of lowercase letters, digits and hyphens"
    if column.kind in ("text", "optional_text", "code") and not isinstance(value, str):
        return "text"
    if column.kind == "text" and isinstance(value, str) and not value.strip():
        return "non-empty text"
    if column.kind == "vocabulary":
        assert column.vocabulary is not None
        if not isinstance(value, column.vocabulary):
            return f"one of: {', '.join(member.value for member in column.vocabulary)}"
    if column.kind == "count" and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT
    ):
        return f"a non-negative whole number no greater than {MAX_COUNT:,}"
    if column.kind == "date":
        if not isinstance(value, dt.date):
            return "a date in ISO 8601 form (YYYY-MM-DD)"
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            return f"a date from {EARLIEST_DATE} to {LATEST_DATE}"
    return None


def _check(claim: Claim, attribute: attrs.Attribute[Any], value: object) -> None:
    column: Column = attribute.metadata["column"]
    expected = field_problem(column, value)
    if expected is not None:
        raise _fail(claim, column.name, value, expected)


def _column(
    kind: ColumnKind,
    description: str,
    *,
    required: bool = True,
    vocabulary: type[enum.StrEnum] | None = None,
    default: object = attrs.NOTHING,
) -> Any:
    converter: Callable[[object], object] | None = None
    if vocabulary is not None:
        converter = _to_member(vocabulary)
    elif kind == "date":
        converter = _to_date
    elif kind == "optional_text":
        converter = _to_text
    if not required and default is attrs.NOTHING:
        default = "" if kind == "optional_text" else None
    return attrs.field(
        default=default,
        converter=converter,
        validator=_check,
        metadata={"column": _PendingColumn(kind, description, required, vocabulary)},
    )


@attrs.frozen
class _PendingColumn:
    # The field name is not known until the class is built; _finish_columns fills it in.
    kind: ColumnKind
    description: str
    required: bool
    vocabulary: type[enum.StrEnum] | None


def _finish_columns(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    finished = []
    for field in fields:
        pending = field.metadata["column"]
        column = Column(
            field.name, pending.kind, pending.description, pending.required, pending.vocabulary
        )
        finished.append(field.evolve(metadata={**field.metadata, "column": column}))
    return finished


@attrs.frozen(kw_only=True, field_transformer=_finish_columns)
class Claim:
    """One claimed casualty figure: who said what number, about whose losses, when, and where.

    Every field is validated at construction; invalid input raises
    :class:`~conflictdata.DataValidationError` naming the claim, field, value and what is allowed.
    Vocabulary fields accept the enum member or its string value; date fields accept a
    :class:`datetime.date` or an ISO 8601 string.

    Example:
        >>> import conflictdata
        >>> claim = conflictdata.Claim(
        ...     claim_id="example-1", statement_id="example", conflict="russia-ukraine",
        ...     claimant="Volodymyr Zelensky", claimant_side="UA", subject_side="UA",
        ...     population="military", measure="killed", measure_text="soldiers have died",
        ...     qualifier="exact", value=31000, period_start="2022-02-24",
        ...     period_end="2024-02-25", stated_on="2024-02-25", basis="official_statement",
        ...     source_title="Zelensky says 31,000 Ukrainian soldiers killed",
        ...     source_publisher="Prothom Alo",
        ...     source_url="https://en.prothomalo.com/international/europe/vfvvacpxaw",
        ...     quote="31,000 Ukrainian soldiers have died in this war", quote_language="en",
        ... )
        >>> claim.relation
        <Relation.SELF: 'self'>
        >>> claim.figure_text
        '31,000'
    """

    claim_id: str = _column("id", "Stable, unique slug of this claim (one figure in one source).")
    statement_id: str = _column(
        "id", "Shared by rows that report the same statement through different outlets."
    )
    conflict: str = _column("code", "The conflict the claim is about, e.g. russia-ukraine.")
    claimant: str = _column("text", "The person or body who made the estimate, as named.")
    claimant_role: str = _column(
        "optional_text", "The claimant's role, e.g. President of Ukraine.", required=False
    )
    claimant_side: str = _column(
        "code", f"A party code of the conflict (e.g. UA, RU) or {THIRD_PARTY}."
    )
    subject_side: str = _column("code", "Whose losses: a party code of the conflict.")
    population: Population = _column(
        "vocabulary", "Military or civilian losses.", vocabulary=Population
    )
    scope: str = _column(
        "optional_text",
        "What narrows the figure when it is not the whole population's toll: a part (children, "
        "officers, Wagner Group), a place (Kursk region), or a kind of figure (monthly rate, "
        "projection); empty for the whole population's toll.",
        required=False,
    )
    measure: Measure = _column("vocabulary", "What the figure counts.", vocabulary=Measure)
    measure_text: str = _column("text", "The source's own words for the measure.")
    qualifier: Qualifier = _column(
        "vocabulary", "How the source qualifies the number.", vocabulary=Qualifier
    )
    qualifier_text: str = _column(
        "optional_text", "The source's own qualifying words (almost, over, ...).", required=False
    )
    value: int | None = _column(
        "count", "The stated number; empty for a stated range.", required=False
    )
    low: int | None = _column("count", "Lower end of a stated range.", required=False)
    high: int | None = _column("count", "Upper end of a stated range.", required=False)
    period_start: dt.date = _column("date", "First day of the period the figure covers.")
    period_end: dt.date = _column("date", "The date the figure counts up to.")
    period_end_precision: Precision = _column(
        "vocabulary",
        "How precisely period_end is known (day, month, year).",
        vocabulary=Precision,
        default=Precision.DAY,
    )
    stated_on: dt.date = _column("date", "When the claimant said it.")
    stated_on_precision: Precision = _column(
        "vocabulary",
        "How precisely stated_on is known (day, month, year).",
        vocabulary=Precision,
        default=Precision.DAY,
    )
    basis: Basis = _column("vocabulary", "What kind of figure it is.", vocabulary=Basis)
    source_title: str = _column("text", "Title of the source (article, report, file).")
    source_publisher: str = _column("text", "Who published the source.")
    source_url: str = _column(
        "optional_text", "Address of the source, where it has one.", required=False
    )
    published_on: dt.date | None = _column(
        "date", "When the source was published, where known.", required=False
    )
    published_on_precision: Precision | None = _column(
        "vocabulary",
        "How precisely published_on is known; empty when published_on is.",
        vocabulary=Precision,
        required=False,
    )
    quote: str = _column("text", "Verbatim quote from the source containing the number.")
    quote_language: str = _column("text", "ISO 639-1 code of the quote's language.")
    notes: str = _column(
        "optional_text", "Corrections, caveats and reclassifications.", required=False
    )

    def __attrs_post_init__(self) -> None:
        for rule in ROW_RULES:
            for field, value, expected in rule.check(self):
                raise _fail(self, field, value, expected)

    @property
    def relation(self) -> Relation:
        """The claimant's relation to the subject (``self``, ``adversary`` or ``third_party``)."""
        return relation_between(self.claimant_side, self.subject_side)

    @property
    def figure_text(self) -> str:
        """The figure as a reader would say it, e.g. ``'2,500-3,000'`` or ``'31,000'``."""
        if self.qualifier is Qualifier.BETWEEN:
            return f"{self.low:,}-{self.high:,}"
        return f"{self.value:,}"

    @property
    def stated_figure(self) -> str:
        """The figure with the source's qualifying words, e.g. ``'almost 420,000'``."""
        return (
            f"{self.qualifier_text} {self.figure_text}" if self.qualifier_text else self.figure_text
        )

    @property
    def stated_text(self) -> str:
        """The date of the statement as precisely as it is known.

        ``stated_on`` cut to its precision: ``'2025-02-04'``, ``'2025-02'`` or ``'2025'``.

        Example:
            >>> import conflictdata
            >>> claim = next(c for c in conflictdata.claims() if c.value == 55000)
            >>> claim.stated_text, claim.stated_on_precision.value
            ('2026-02', 'month')
        """
        return _partial_date(self.stated_on, self.stated_on_precision)

    @property
    def stated_by(self) -> dt.date:
        """The last day the statement can have been made, given the precision of ``stated_on``."""
        return _last_day(self.stated_on, self.stated_on_precision)

    @property
    def period_end_by(self) -> dt.date:
        """The last day the period can end, given the precision of ``period_end``."""
        return _last_day(self.period_end, self.period_end_precision)

    def quote_states_figure(self) -> bool:
        """Whether the quote states the figure (``value``, or both ``low`` and ``high``).

        Digit grouping ("55,000", "55 000", "55.000") and scale words ("1.1 million",
        "1,3 миллиона", "590 ألف") are understood.

        Example:
            >>> import conflictdata
            >>> all(claim.quote_states_figure() for claim in conflictdata.claims())
            True
        """
        return not any(_quote_states_figure(self))

    def citation(self) -> str:
        """One line: who said what figure about whose losses, when, and where.

        Example:
            >>> import conflictdata
            >>> # data 2026.11.0, where the seed article's rows had no URL: title and date instead
            >>> claim = next(c for c in conflictdata.claims("2026.11.0") if c.value == 55000)
            >>> print(claim.citation())  # doctest: +NORMALIZE_WHITESPACE
            Volodymyr Zelensky (UA, self): 55,000 UA military killed (“soldiers killed on the
            battlefield”), stated 2026-02; National Herald, “55,000 Ukrainian soldiers killed as
            ceasefire talks continue: Zelenskyy”, 2026-02
        """
        who = (
            "third party"
            if self.relation is Relation.THIRD_PARTY
            else f"{self.claimant_side}, {self.relation}"
        )
        scope = f" ({self.scope})" if self.scope else ""
        # Without a URL, title and date are what let a reader find the source.
        published = (
            _partial_date(self.published_on, self.published_on_precision)
            if self.published_on is not None and self.published_on_precision is not None
            else ""
        )
        where = [self.source_publisher]
        where += [self.source_url] if self.source_url else [f"\u201c{self.source_title}\u201d"]
        where += [published] if published and not self.source_url else []
        return (
            f"{self.claimant} ({who}): {self.stated_figure} {self.subject_side} "
            f"{self.population}{scope} {self.measure} (\u201c{self.measure_text}\u201d), "
            f"stated {self.stated_text}; {', '.join(where)}"
        )


def as_date(day: dt.date | str) -> dt.date:
    """A date from a :class:`datetime.date` (or ``Timestamp``) or an ISO 8601 string."""
    if isinstance(day, str):
        return dt.date.fromisoformat(day)
    return day.date() if isinstance(day, dt.datetime) else day


def _partial_date(day: dt.date, precision: Precision) -> str:
    return {
        Precision.DAY: day.isoformat(),
        Precision.MONTH: day.strftime("%Y-%m"),
        Precision.YEAR: str(day.year),
    }[precision]


def claims_about(
    claims: Iterable[Claim],
    *,
    subject_side: str,
    population: Population | str,
    measure: Measure | str,
    scope: str = "",
    since: dt.date | str | None = None,
) -> tuple[Claim, ...]:
    """The claims about one quantity: whose losses, which measure, counted since when.

    This is the selection that :func:`~conflictdata.consensus` expects: one subject (side,
    population and scope), one measure, one period start.

    Args:
        claims: Claims, e.g. :func:`conflictdata.claims`.
        subject_side: Whose losses, e.g. ``"RU"``.
        population: ``"military"`` or ``"civilian"``.
        measure: What the figures count, e.g. ``"killed"``.
        scope: The part of the population (``""``, the default, for all of it).
        since: The period start (default: the start of each claim's conflict, i.e. cumulative
            tolls).

    Returns:
        The matching claims, in the order given.

    Example:
        >>> import conflictdata
        >>> ru = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="RU", population="military", measure="killed"
        ... )
        >>> {(c.subject_side, str(c.measure), c.scope, c.period_start.isoformat()) for c in ru}
        {('RU', 'killed', '', '2022-02-24')}
    """
    start = None if since is None else as_date(since)
    return tuple(
        claim
        for claim in claims
        if claim.subject_side == subject_side
        and claim.population == population
        and claim.measure == measure
        and claim.scope == scope
        and claim.period_start == (start or KNOWN_CONFLICTS[claim.conflict].start)
    )


def _last_day(day: dt.date, precision: Precision) -> dt.date:
    if precision is Precision.DAY:
        return day
    if precision is Precision.YEAR:
        return dt.date(day.year, 12, 31)
    next_month = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def relation_between(claimant_side: str, subject_side: str) -> Relation:
    """The relation of a claimant on ``claimant_side`` to losses on ``subject_side``."""
    if claimant_side == subject_side:
        return Relation.SELF
    if claimant_side == THIRD_PARTY:
        return Relation.THIRD_PARTY
    return Relation.ADVERSARY


#: A broken rule: the field, its value, and what is allowed.
RuleBreach = tuple[str, object, str]


@attrs.frozen
class RowRule:
    """A rule between fields of one claim.

    ``check`` takes anything with the claim's field names as attributes (a :class:`Claim`, or a
    row of a file whose ``fields`` passed their own rules) and yields its problems.
    """

    fields: tuple[str, ...]
    check: Callable[[Any], Iterator[RuleBreach]]


def _known_conflict(claim: Any) -> Iterator[RuleBreach]:
    if claim.conflict not in KNOWN_CONFLICTS:
        yield "conflict", claim.conflict, f"one of: {', '.join(KNOWN_CONFLICTS)}"


def _sides(claim: Any) -> Iterator[RuleBreach]:
    conflict = KNOWN_CONFLICTS.get(claim.conflict)
    if conflict is None:
        return
    if claim.subject_side not in conflict.parties:
        yield "subject_side", claim.subject_side, f"one of: {', '.join(conflict.parties)}"
    if claim.claimant_side not in (*conflict.parties, THIRD_PARTY):
        allowed = ", ".join((*conflict.parties, THIRD_PARTY))
        yield "claimant_side", claim.claimant_side, f"one of: {allowed}"


def _figure(claim: Any) -> Iterator[RuleBreach]:
    if claim.qualifier is Qualifier.BETWEEN:
        for name in ("low", "high"):
            if getattr(claim, name) is None:
                yield name, None, "a number: qualifier 'between' needs low and high"
        if claim.value is not None:
            yield "value", claim.value, "empty: 'between' states low and high"
        if claim.low is not None and claim.high is not None and claim.low > claim.high:
            yield "low", claim.low, f"a number no greater than high ({claim.high})"
    else:
        if claim.value is None:
            yield "value", None, f"a number: qualifier {claim.qualifier!s} needs one"
        for name in ("low", "high"):
            if getattr(claim, name) is not None:
                yield name, getattr(claim, name), "empty: only 'between' states a range"


def _period_order(claim: Any) -> Iterator[RuleBreach]:
    if claim.period_end < claim.period_start:
        expected = f"a date on or after period_start {claim.period_start.isoformat()}"
        yield "period_end", claim.period_end.isoformat(), expected


def _precise(field: str) -> Callable[[Any], Iterator[RuleBreach]]:
    def check(claim: Any) -> Iterator[RuleBreach]:
        day: dt.date | None = getattr(claim, field)
        precision: Precision | None = getattr(claim, f"{field}_precision")
        if day is None or precision is None:
            return
        if precision is not Precision.DAY and day.day != 1:
            yield field, day.isoformat(), f"the 1st of the month for {precision} precision"
        elif precision is Precision.YEAR and day.month != 1:
            yield field, day.isoformat(), "1 January for year precision"

    return check


def _published_precision(claim: Any) -> Iterator[RuleBreach]:
    if (claim.published_on is None) != (claim.published_on_precision is None):
        yield (
            "published_on_precision",
            claim.published_on_precision,
            "a precision exactly when published_on is given",
        )


def _findable(claim: Any) -> Iterator[RuleBreach]:
    if not claim.source_url and claim.published_on is None:
        yield "source_url", claim.source_url, "a URL, or title, publisher and published_on"


def _qualifier_words(claim: Any) -> Iterator[RuleBreach]:
    if claim.qualifier is not Qualifier.EXACT and not claim.qualifier_text.strip():
        yield "qualifier_text", claim.qualifier_text, "the source's words for the qualifier"


#: The rules between fields, in the order a :class:`Claim` checks them.
ROW_RULES: Final[tuple[RowRule, ...]] = (
    RowRule(("conflict",), _known_conflict),
    RowRule(("conflict", "subject_side", "claimant_side"), _sides),
    RowRule(("qualifier", "value", "low", "high"), _figure),
    RowRule(("period_start", "period_end"), _period_order),
    RowRule(("period_end", "period_end_precision"), _precise("period_end")),
    RowRule(("stated_on", "stated_on_precision"), _precise("stated_on")),
    RowRule(("published_on", "published_on_precision"), _published_precision),
    RowRule(("published_on", "published_on_precision"), _precise("published_on")),
    RowRule(("source_url", "published_on"), _findable),
    RowRule(("qualifier", "qualifier_text"), _qualifier_words),
)


def _quote_states_figure(claim: Any) -> Iterator[RuleBreach]:
    stated = numbers_in(claim.quote)
    wanted = (claim.low, claim.high) if claim.qualifier is Qualifier.BETWEEN else (claim.value,)
    if not all(number in stated for number in wanted):
        yield "quote", claim.quote, "a quote that states the figure"


def _web_address(claim: Any) -> Iterator[RuleBreach]:
    if claim.source_url and not claim.source_url.lower().startswith(("https://", "http://")):
        yield "source_url", claim.source_url, "an http(s) URL"


def _language(claim: Any) -> Iterator[RuleBreach]:
    if claim.quote_language not in LANGUAGE_CODES:
        yield "quote_language", claim.quote_language, "an ISO 639-1 code such as en, uk or ru"


#: What is implausible but not invalid in a valid claim: :func:`~conflictdata.validate_claims`
#: warns about it (and about NUL characters in any text).
ADVISORY_RULES: Final[tuple[RowRule, ...]] = (
    RowRule(("quote", "qualifier", "value", "low", "high"), _quote_states_figure),
    RowRule(("source_url",), _web_address),
    RowRule(("quote_language",), _language),
)


#: The claim schema, one :class:`Column` per CSV column, in order.
CLAIM_COLUMNS: Final[tuple[Column, ...]] = tuple(
    field.metadata["column"] for field in attrs.fields(Claim)
)
