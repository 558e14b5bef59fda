"""Honest evaluation of the method against the independent references in the data (section 8.5).

There is no ground truth, but there are references: lists of names and UN-verified counts
(the truth is at least the count), statistical estimates, and intelligence and analyst estimates
by third parties. Each reference *statement* is left out in turn, and the answer for its
quantity on its date is computed from the other claims:

- ``hindsight``: from every other claim;
- ``as known``: from the claims stated by the reference's date;
- ``backtest +90`` and ``backtest +180``: from the claims stated 90 or 180 days before it (the
  claims cut at ``T0``, the bounds checked at ``T0 + 90`` and ``T0 + 180``).

Four methods are compared in the same run: ``robust`` (section 8), ``strict`` (sections 5 and
6), ``hull`` (the span of every claim's bounds on the date) and ``latest estimate`` (the
plausible range of the latest other independent estimate of the quantity, alone). Faults are
injected into the real claims (a figure times 10 or divided by 10, a wider measure coded as
killed, a period figure coded as cumulative) to count how many the robust method calls
falsetickers.

Every rate comes with its count and a Clopper-Pearson 95% interval: 9 of 10 covered only shows
coverage somewhere in [0.56, 1.0].
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..exceptions import ConflictDataError
from ..schema.records import KNOWN_CONFLICTS, Claim
from ..schema.vocabularies import Basis, Measure, Relation
from .consensus import consensus
from .intervals import Interval
from .ranges import DEFAULT_MODEL, plausible_range

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Sequence

    import pandas as pd

    from .reporting import ReportingModel

__all__ = ["EVALUATION_METHODS", "EVALUATION_MODES", "Evaluation", "clopper_pearson", "evaluate"]

#: The methods compared, in the order shown.
EVALUATION_METHODS: Final = ("robust", "strict", "hull", "latest estimate")
#: How much each answer may know: ``(name, days before the reference's date)``; ``None`` for
#: everything (hindsight).
EVALUATION_MODES: Final = (
    ("hindsight", None),
    ("as known", 0),
    ("backtest +90", 90),
    ("backtest +180", 180),
)
#: The interval score's alpha, as for a central 90% interval (**assumption**: the bands are
#: not probabilistic; the score is a yardstick shared by all methods).
SCORE_ALPHA: Final = 0.1
#: The columns of :attr:`Evaluation.answers`.
ANSWER_COLUMNS: Final = (
    "method",
    "mode",
    "claim_id",
    "statement_id",
    "subject_side",
    "population",
    "measure",
    "basis",
    "date",
    "point",
    "own_low",
    "own_high",
    "one_sided",
    "low",
    "high",
    "answered",
    "point_inside",
    "overlaps",
    "below_upper",
    "finite_upper",
    "width",
    "score",
)
_ESTIMATES: Final = frozenset({Basis.INTELLIGENCE_ESTIMATE, Basis.ANALYST_ESTIMATE})
_OPEN: Final = Interval(0.0, math.inf)


def clopper_pearson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Clopper-Pearson interval of a binomial proportion.

    Example:
        >>> from conflictdata.method.evaluation import clopper_pearson
        >>> low, high = clopper_pearson(9, 10)
        >>> round(low, 3), round(high, 3)
        (0.555, 0.997)
    """
    if trials == 0:
        return 0.0, 1.0
    tail = (1 - confidence) / 2

    def upper_tail(p: float) -> float:  # P(X >= successes)
        return sum(_binomial(trials, i, p) for i in range(successes, trials + 1))

    def lower_tail(p: float) -> float:  # P(X <= successes)
        return sum(_binomial(trials, i, p) for i in range(successes + 1))

    low = 0.0 if successes == 0 else _solve(lambda p: upper_tail(p) - tail, rising=True)
    high = 1.0 if successes == trials else _solve(lambda p: lower_tail(p) - tail, rising=False)
    return low, high


def _binomial(n: int, k: int, p: float) -> float:
    if p in (0.0, 1.0):
        return float((k == 0) if p == 0.0 else (k == n))
    log = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    return math.exp(log + k * math.log(p) + (n - k) * math.log1p(-p))


def _solve(function: Callable[[float], float], *, rising: bool) -> float:
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if (function(middle) < 0) is rising:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@attrs.frozen
class Evaluation:
    """The evaluation of the methods on a set of claims.

    Attributes:
        answers: One row per method, mode and reference statement: the reference (``claim_id``,
            quantity, ``date``, ``point``, its own range ``own_low``/``own_high``,
            ``one_sided`` for named and verified counts), the answer (``low``, ``high``,
            ``answered``) and the checks (``point_inside``, ``overlaps``, ``below_upper``,
            ``finite_upper``, ``width``, ``score``).
        summary: One row per method and mode: counts and rates (with Clopper-Pearson 95%
            intervals), the median width high ÷ low and the median interval score.
        faults: One row per kind of injected fault and method: how many were injected and how
            many became falsetickers (robust) or were left out (strict).

    Example:
        >>> import conflictdata
        >>> ua = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="UA", population="military", measure="killed"
        ... )
        >>> evaluation = conflictdata.evaluate(ua)
        >>> sorted(set(evaluation.summary["method"]))
        ['hull', 'latest estimate', 'robust', 'strict']
    """

    answers: pd.DataFrame
    summary: pd.DataFrame
    faults: pd.DataFrame

    def table(self, method: str) -> pd.DataFrame:
        """The answers of one method (one of ``EVALUATION_METHODS``).

        Example:
            >>> import conflictdata
            >>> ua = conflictdata.claims_about(
            ...     conflictdata.claims(),
            ...     subject_side="UA",
            ...     population="military",
            ...     measure="killed",
            ... )
            >>> robust = conflictdata.evaluate(ua).table("robust")
            >>> set(robust["method"])
            {'robust'}
        """
        if method not in EVALUATION_METHODS:
            msg = f"method must be one of {', '.join(EVALUATION_METHODS)}; got {method!r}"
            raise ValueError(msg)
        return self.answers[self.answers["method"] == method].reset_index(drop=True)

    def to_text(self) -> str:
        """The summary and the faults as plain-text tables.

        Example:
            >>> import conflictdata
            >>> ua = conflictdata.claims_about(
            ...     conflictdata.claims(),
            ...     subject_side="UA",
            ...     population="military",
            ...     measure="killed",
            ... )
            >>> conflictdata.evaluate(ua).to_text().splitlines()[0].split()[:3]
            ['method', 'mode', 'refs']
        """
        lines = [
            "method           mode           refs  answered  point inside      range overlaps"
            "    named <= upper  finite upper      median width  median score"
        ]
        records: list[dict[str, Any]] = self.summary.to_dict("records")  # type: ignore[assignment]
        for row in records:
            lines.append(
                f"{row['method']:<16} {row['mode']:<14} {row['references']:>4}  "
                f"{row['answered']:>8}  "
                f"{_rate(row, 'point_inside'):<16}  {_rate(row, 'overlaps'):<16}  "
                f"{_rate(row, 'below_upper'):<14}  {_rate(row, 'finite_upper'):<16}  "
                f"{_times(row['median_width']):<12}  {row['median_score']:.2f}"
            )
        lines += ["", "injected fault           method  injected  flagged"]
        faults: list[dict[str, Any]] = self.faults.to_dict("records")  # type: ignore[assignment]
        for fault in faults:
            lines.append(
                f"{fault['fault']:<24} {fault['method']:<7} {fault['injected']:>8}  "
                f"{fault['flagged']:>7} ({_share(fault['flagged'], fault['injected'])})"
            )
        return "\n".join(lines)


def _share(k: int, n: int) -> str:
    return "-" if n == 0 else f"{k / n:.0%}"


def _rate(row: dict[str, Any], name: str) -> str:
    k, n = int(row[f"{name}_k"]), int(row[f"{name}_n"])
    if n == 0:
        return "-"
    return f"{k}/{n} [{row[f'{name}_ci_low']:.2f}, {row[f'{name}_ci_high']:.2f}]"


def _times(value: float) -> str:
    if math.isnan(value):
        return "-"
    return "inf" if math.isinf(value) else f"{value:.2f}x"


def _is_reference(claim: Claim, model: ReportingModel) -> bool:
    if claim.scope or claim.period_start != KNOWN_CONFLICTS[claim.conflict].start:
        return False
    if claim.basis in model.hard_lower or claim.basis is Basis.STATISTICAL_ESTIMATE:
        return True
    return claim.relation is Relation.THIRD_PARTY and claim.basis in _ESTIMATES


def _point(claim: Claim) -> float:
    if claim.value is not None:
        return float(claim.value)
    assert claim.low is not None
    assert claim.high is not None
    return math.sqrt(claim.low * claim.high) if claim.low > 0 else float(claim.high)


def _key(claim: Claim) -> tuple[str, str, str, Measure, str]:
    return (claim.conflict, claim.subject_side, claim.population, claim.measure, claim.scope)


@attrs.frozen
class _Quantity:
    # The cumulative claims about one quantity, and figures for its later periods.
    cumulative: tuple[Claim, ...]
    periods: tuple[Claim, ...]


def _quantities(claims: Sequence[Claim]) -> dict[tuple[str, str, str, Measure, str], _Quantity]:
    grouped: dict[tuple[str, str, str, Measure, str], tuple[list[Claim], list[Claim]]] = {}
    for claim in claims:
        cumulative, periods = grouped.setdefault(_key(claim), ([], []))
        start = KNOWN_CONFLICTS[claim.conflict].start
        (cumulative if claim.period_start == start else periods).append(claim)
    return {key: _Quantity(tuple(c), tuple(p)) for key, (c, p) in grouped.items() if c}


def _answer(
    method: str,
    quantity: _Quantity,
    left_out: str,
    day: dt.date,
    as_of: dt.date | None,
    model: ReportingModel,
    references: Sequence[Claim],
) -> Interval | None:
    def known(claims: Iterable[Claim]) -> list[Claim]:
        return [
            c
            for c in claims
            if c.statement_id != left_out and (as_of is None or c.stated_by <= as_of)
        ]

    cumulative = known(quantity.cumulative)
    if method == "latest estimate":
        others = known(c for c in references if _key(c) == _key(quantity.cumulative[0]))
        before = [c for c in others if c.period_end_by <= day]
        after = [c for c in others if c.period_end_by > day]
        chosen = (
            max(before, key=lambda c: (c.period_end_by, c.claim_id))
            if before
            else min(after, key=lambda c: (c.period_end_by, c.claim_id), default=None)
        )
        return None if chosen is None else plausible_range(chosen, model=model)
    if not cumulative:
        return None
    try:
        if method == "robust":
            periods = [c for c in known(quantity.periods) if c.period_end_by <= day]
            return consensus([*cumulative, *periods], on=day, model=model).interval
        result = consensus(cumulative, on=day, model=model, method="strict")
    except (ConflictDataError, ValueError):
        return None
    return result.hull if method == "hull" else result.interval


def _checks(answer: Interval | None, reference: Claim, model: ReportingModel) -> dict[str, Any]:
    band = answer or _OPEN
    own = plausible_range(reference, model=model)
    point = _point(reference)
    one_sided = reference.basis in model.hard_lower
    log_low = math.log(band.low) if band.low > 0 else -math.inf
    log_high = math.log(band.high) if band.bounded and band.high > 0 else math.inf
    if band.bounded and band.high == 0:
        log_high = -math.inf
    y = math.log(point) if point > 0 else -math.inf
    score = math.inf
    if math.isfinite(log_low) and math.isfinite(log_high) and math.isfinite(y):
        penalty = 2 / SCORE_ALPHA
        score = (
            (log_high - log_low)
            + penalty * max(log_low - y, 0.0)
            + penalty * max(y - log_high, 0.0)
        )
    return {
        "point": point,
        "own_low": own.low,
        "own_high": own.high,
        "one_sided": one_sided,
        "low": band.low,
        "high": band.high,
        "answered": answer is not None,
        # Coverage is counted over the answers given; no answer has no finite upper bound.
        "point_inside": None if one_sided or answer is None else point in band,
        "overlaps": None if one_sided or answer is None else own.intersection(band) is not None,
        "below_upper": point <= band.high if one_sided and answer is not None else None,
        "finite_upper": band.bounded,
        "width": band.high / band.low if band.low > 0 else math.inf,
        "score": None if one_sided else score,
    }


def evaluate(claims: Iterable[Claim], *, model: ReportingModel | None = None) -> Evaluation:
    """Evaluate the methods on claims (the method, section 8.5); see the module notes.

    Args:
        claims: The claims (:func:`conflictdata.evaluate` uses the bundled ones by default).
        model: The reporting model (default: ``ReportingModel()``).

    Returns:
        The evaluation.
    """
    import datetime as dt

    import pandas as pd

    model = model or DEFAULT_MODEL
    every = sorted({c.claim_id: c for c in claims}.values(), key=lambda c: c.claim_id)
    quantities = _quantities(every)
    references = [c for c in every if _is_reference(c, model)]
    statements: dict[str, Claim] = {}
    for claim in references:
        statements.setdefault(claim.statement_id, claim)  # the first row by claim id

    rows = []
    for statement_id, reference in sorted(statements.items()):
        quantity = quantities[_key(reference)]
        day = reference.period_end_by
        for mode, days_before in EVALUATION_MODES:
            as_of = None if days_before is None else day - dt.timedelta(days=days_before)
            for method in EVALUATION_METHODS:
                answer = _answer(method, quantity, statement_id, day, as_of, model, references)
                rows.append(
                    {
                        "method": method,
                        "mode": mode,
                        "claim_id": reference.claim_id,
                        "statement_id": statement_id,
                        "subject_side": reference.subject_side,
                        "population": str(reference.population),
                        "measure": str(reference.measure),
                        "basis": str(reference.basis),
                        "date": pd.Timestamp(day),
                        **_checks(answer, reference, model),
                    }
                )
    answers = pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))
    return Evaluation(answers, _summary(answers), _faults(every, quantities, model))


def _summary(answers: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for method in EVALUATION_METHODS:
        for mode, _ in EVALUATION_MODES:
            part = answers[(answers["method"] == method) & (answers["mode"] == mode)]
            row: dict[str, Any] = {
                "method": method,
                "mode": mode,
                "references": len(part),
                "answered": int(part["answered"].sum()) if len(part) else 0,
            }
            for name in ("point_inside", "overlaps", "below_upper", "finite_upper"):
                values: Any = part[name].dropna().astype(bool) if len(part) else []
                k, n = int(sum(values)), len(values)
                low, high = clopper_pearson(k, n)
                row |= {
                    f"{name}_k": k,
                    f"{name}_n": n,
                    f"{name}": k / n if n else math.nan,
                    f"{name}_ci_low": low,
                    f"{name}_ci_high": high,
                }
            row["median_width"] = float(part["width"].median()) if len(part) else math.nan
            scores = part["score"].dropna().astype(float) if len(part) else pd.Series([])
            row["median_score"] = float(scores.median()) if len(scores) else math.nan
            rows.append(row)
    return pd.DataFrame(rows)


def _faults(
    claims: Sequence[Claim],
    quantities: dict[tuple[str, str, str, Measure, str], _Quantity],
    model: ReportingModel,
) -> pd.DataFrame:
    import pandas as pd

    # (kind, the faulty claim, the statement it replaces in its quantity, if any)
    injected: list[tuple[str, Claim, str | None]] = []
    seen: set[str] = set()
    for claim in claims:
        if claim.statement_id in seen or claim.scope or claim.basis in model.hard_lower:
            continue
        seen.add(claim.statement_id)
        start = KNOWN_CONFLICTS[claim.conflict].start
        if claim.period_start != start:
            if _key(claim) in quantities:
                injected.append(
                    ("period as cumulative", attrs.evolve(claim, period_start=start), None)
                )
            continue
        if _is_reference(claim, model):
            for fault, factor in (("figure x10", 10.0), ("figure /10", 0.1)):
                injected.append((fault, _scaled(claim, factor), claim.statement_id))
        wider = claim.measure in (Measure.KILLED_OR_WOUNDED, Measure.CASUALTIES)
        if wider and (*_key(claim)[:3], Measure.KILLED, "") in quantities:
            injected.append(("measure swapped", attrs.evolve(claim, measure=Measure.KILLED), None))

    counts: dict[tuple[str, str], list[int]] = {}
    for fault, source, replaced in injected:
        bad = attrs.evolve(
            source, claim_id=f"injected-{source.claim_id}", statement_id="injected-fault"
        )
        others = [c for c in quantities[_key(bad)].cumulative if c.statement_id != replaced]
        for method in ("robust", "strict"):
            tally = counts.setdefault((fault, method), [0, 0])
            tally[0] += 1
            try:
                result = consensus(
                    [*others, bad],
                    on=bad.period_end_by,
                    model=model,
                    method="robust" if method == "robust" else "strict",
                )
            except (ConflictDataError, ValueError):
                continue
            if method == "robust":
                tally[1] += bad.claim_id in dict(result.falsetickers)
            else:
                tally[1] += bad.claim_id not in result.claims
    return pd.DataFrame(
        [
            {"fault": fault, "method": method, "injected": n, "flagged": k}
            for (fault, method), (n, k) in counts.items()
        ],
        columns=["fault", "method", "injected", "flagged"],
    )


def _scaled(claim: Claim, factor: float) -> Claim:
    if claim.value is not None:
        return attrs.evolve(claim, value=round(claim.value * factor))
    assert claim.low is not None
    assert claim.high is not None
    return attrs.evolve(claim, low=round(claim.low * factor), high=round(claim.high * factor))
