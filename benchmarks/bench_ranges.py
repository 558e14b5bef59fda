"""How fast plausible ranges and consensus series are, against the bare numpy arithmetic.

Run with ``python benchmarks/bench_ranges.py``. It prints times and ratios; nothing is asserted,
so a busy machine cannot fail a test run. Targets (issue 4): ``plausible_ranges`` on 1,000,000
claims well under a second and within 8x of the bare numpy lookups and products on the same
arrays, measured in the same run; ``consensus_series`` on 100,000 claims in 1,000 groups in about
a second.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

import conflictdata as cd
from conflictdata.method.consensus import QUANTITY_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Callable

SIDES = np.array(["UA", "RU", "third_party"])


def best_of(repeat: int, run: Callable[[], Any]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def synthetic_claims(rows: int, groups: int, seed: int = 0) -> pd.DataFrame:
    """A claims table with random figures, in the dtypes ``load_claims`` uses."""
    rng = np.random.default_rng(seed)
    dtypes = cd.claims_dtypes()

    def category(column: str, vocabulary: Any) -> pd.Categorical:
        codes = rng.integers(0, len(vocabulary), rows)
        return pd.Categorical.from_codes(codes, dtype=dtypes[column])

    qualifier = category("qualifier", cd.Qualifier)
    between = np.asarray(qualifier == "between")
    value = rng.integers(1, 1_000_000, rows)
    low, high = value, value + rng.integers(0, 100_000, rows)
    # One quantity per group: subject side, population, measure and period start.
    group = rng.integers(0, groups, rows)
    subject, population = group % 2, group // 2 % 2
    measure = group // 4 % len(cd.Measure)
    period_start = np.datetime64("2022-02-24") + group // (4 * len(cd.Measure))
    kind = rng.integers(0, 3, rows)
    claimant = np.select([kind == 0, kind == 1], [subject, 1 - subject], 2)
    precision = category("period_end_precision", cd.Precision)
    day = period_start + rng.integers(0, 4 * 365, rows)
    period_end = np.select(  # a month- or year-precise date is stored as its first day
        [np.asarray(precision == "month"), np.asarray(precision == "year")],
        [day.astype("datetime64[M]").astype("datetime64[D]"), day.astype("datetime64[Y]")],
        day,
    )
    relation = np.where(
        claimant == subject, "self", np.where(claimant == 2, "third_party", "adversary")
    )
    return pd.DataFrame(
        {
            "claim_id": pd.array([f"c{i:07d}" for i in range(rows)], dtype="string"),
            "conflict": pd.array(["russia-ukraine"] * rows, dtype="string"),
            "claimant_side": pd.array(SIDES[claimant], dtype="string"),
            "subject_side": pd.array(SIDES[subject], dtype="string"),
            "population": pd.Categorical.from_codes(population, dtype=dtypes["population"]),
            "scope": pd.array([""] * rows, dtype="string"),
            "measure": pd.Categorical.from_codes(measure, dtype=dtypes["measure"]),
            "qualifier": qualifier,
            "value": pd.Series(value, dtype="Int64").mask(between),
            "low": pd.Series(low, dtype="Int64").where(between),
            "high": pd.Series(high, dtype="Int64").where(between),
            "period_start": period_start.astype("datetime64[ns]"),
            "period_end": period_end.astype("datetime64[ns]"),
            "period_end_precision": precision,
            "basis": category("basis", cd.Basis),
            "relation": pd.Categorical(relation, dtype=dtypes["relation"]),
        }
    )


def bare_numpy(frame: pd.DataFrame) -> Callable[[], Any]:
    """The limit: factor lookups by category code and two products, on ready arrays."""
    model = cd.ReportingModel()
    q_low = np.array([model.qualifier_factor(q).low for q in cd.Qualifier])
    q_high = np.array([model.qualifier_factor(q).high for q in cd.Qualifier])
    factors = [model.bias_factor(r, b) for r in cd.Relation for b in cd.Basis]
    b_low = np.array([f.low for f in factors])
    b_high = np.array([f.high for f in factors])
    qualifier = frame["qualifier"].cat.codes.to_numpy()
    relation = frame["relation"].cat.codes.to_numpy()
    basis = frame["basis"].cat.codes.to_numpy()
    x_low = frame["value"].fillna(frame["low"]).to_numpy(dtype="float64")
    x_high = frame["value"].fillna(frame["high"]).to_numpy(dtype="float64")

    def run() -> tuple[Any, Any]:
        index = relation * len(cd.Basis) + basis
        return (
            x_low * q_low[qualifier] * b_low[index],
            x_high * q_high[qualifier] * b_high[index],
        )

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--series-rows", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    frame = synthetic_claims(args.rows, args.groups)
    limit = best_of(args.repeat, bare_numpy(frame))
    ranges = best_of(args.repeat, lambda: cd.plausible_ranges(frame))
    converted = frame[frame["measure"].isin(["killed", "killed_or_wounded", "casualties"])]
    to_killed = best_of(args.repeat, lambda: cd.plausible_ranges(converted, target="killed"))
    print(f"plausible_ranges, {len(frame):,} claims: {ranges:.3f} s")
    print(f"  bare numpy on the same arrays:       {limit:.3f} s")
    print(f"  ratio to the numpy limit:            {ranges / limit:.1f}x (target: within 8x)")
    print(f"  with target='killed', {len(converted):,} claims: {to_killed:.3f} s")

    series_frame = synthetic_claims(args.series_rows, args.groups, seed=1)
    series = best_of(max(1, args.repeat // 2), lambda: cd.consensus_series(series_frame))
    result = cd.consensus_series(series_frame)
    groups = series_frame.groupby(list(QUANTITY_COLUMNS), observed=True).ngroups
    print(
        f"consensus_series, {len(series_frame):,} claims in {groups:,} groups:"
        f" {series:.3f} s ({len(result):,} rows; target: about 1 s)"
    )


if __name__ == "__main__":
    main()
