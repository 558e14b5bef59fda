"""How fast the robust consensus series is, against the strict one in the same run.

Run with ``python benchmarks/bench_robust.py``. It prints times and ratios; nothing is asserted,
so a busy machine cannot fail a test run. Target (issue 8): robust ``consensus_series`` on
100,000 claims in 1,000 quantities within 5x the strict series, measured in the same run; and
how the time grows with the number of claims and with the number of dates.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import conflictdata as cd

sys.path.insert(0, str(Path(__file__).parent))
from bench_ranges import best_of, synthetic_claims


def compare(rows: int, groups: int, freq: str, repeat: int) -> tuple[float, float]:
    """Seconds of the strict and the robust series on the same synthetic claims."""
    frame = synthetic_claims(rows, groups, seed=2)
    strict = best_of(repeat, lambda: cd.consensus_series(frame, freq=freq, method="strict"))
    robust = best_of(repeat, lambda: cd.consensus_series(frame, freq=freq, method="robust"))
    return strict, robust


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    strict, robust = compare(args.rows, args.groups, "MS", args.repeat)
    print(f"consensus_series, {args.rows:,} claims in {args.groups:,} quantities, monthly:")
    print(f"  strict {strict:.3f} s, robust {robust:.3f} s: {robust / strict:.1f}x (target: 5x)")

    print("growth with claims (quantities fixed, monthly grid):")
    for rows in (args.rows // 4, args.rows // 2, args.rows, args.rows * 2):
        strict, robust = compare(rows, args.groups, "MS", 1)
        print(f"  {rows:>9,} claims: strict {strict:.3f} s, robust {robust:.3f} s")

    print(f"growth with dates ({args.rows:,} claims over four years):")
    for freq, label in (("QS", "quarterly"), ("MS", "monthly"), ("SMS", "twice a month")):
        strict, robust = compare(args.rows, args.groups, freq, 1)
        print(f"  {label:>14}: strict {strict:.3f} s, robust {robust:.3f} s")


if __name__ == "__main__":
    main()
