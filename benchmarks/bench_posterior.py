"""How fast the posterior is: ``estimate`` on one quantity, ``estimate_series`` over months.

Run with ``python benchmarks/bench_posterior.py``. It prints times, their ratio to the targets
and how they grow; nothing is asserted, so a busy machine cannot fail a test run. Targets
(issue 9): ``estimate`` for one quantity of 100 claims under 50 ms; ``estimate_series`` for one
quantity over 60 months under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt

import numpy as np
from bench_ranges import best_of

import conflictdata as cd

WAR_START = dt.date(2022, 2, 24)
KINDS = [  # (claimant side, basis) of the claims about Ukrainian losses
    ("UA", "official_statement"),
    ("RU", "official_statement"),
    ("third_party", "intelligence_estimate"),
    ("third_party", "analyst_estimate"),
    ("third_party", "named_count"),
    ("third_party", "statistical_estimate"),
]
QUALIFIERS = ["exact", "about", "more_than", "at_least", "nearly", "up_to"]


def synthetic_claims(n: int, months: int, seed: int = 0) -> list[cd.Claim]:
    """``n`` claims about one quantity, a toll growing by 3,000 a month, over ``months``."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        side, basis = KINDS[rng.integers(len(KINDS))]
        qualifier = QUALIFIERS[rng.integers(len(QUALIFIERS))]
        end = WAR_START + dt.timedelta(days=int(rng.integers(30, 30.4 * months)))
        truth = 100 * (end - WAR_START).days
        value = int(truth * rng.uniform(0.5, 1.5))
        out.append(
            cd.Claim(
                claim_id=f"claim-{i}",
                statement_id=f"statement-{i // 2}",  # every second claim an outlet twin
                conflict="russia-ukraine",
                claimant="someone",
                claimant_side=side,
                subject_side="UA",
                population="military",
                measure="killed",
                measure_text="killed",
                qualifier=qualifier,
                qualifier_text="" if qualifier == "exact" else "words",
                value=value,
                period_start=WAR_START,
                period_end=end,
                stated_on=end,
                basis=basis,
                source_title="synthetic",
                source_publisher="synthetic",
                source_url="https://example.org/",
                quote=f"{value}",
                quote_language="en",
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cd.estimate(synthetic_claims(10, 12))  # load numpy, scipy and pandas first

    print("estimate, one quantity on one date (no increments):")
    base = None
    for n in (25, 50, 100, 200, 400):
        claims = synthetic_claims(n, 60)
        seconds = best_of(args.repeat, lambda claims=claims: cd.estimate(claims))
        base = base or seconds
        note = f"   target 50 ms: {seconds / 0.05:.2f} of it" if n == 100 else ""
        print(f"  {n:4d} claims  {seconds * 1e3:7.1f} ms  x{seconds / base:5.2f}{note}")

    print("estimate on a date (the monthly path to that date, 60 months):")
    base = None
    for n in (25, 50, 100, 200, 400):
        claims = synthetic_claims(n, 60)
        on = WAR_START + dt.timedelta(days=int(30.4 * 60))
        seconds = best_of(args.repeat, lambda claims=claims, on=on: cd.estimate(claims, on=on))
        base = base or seconds
        print(f"  {n:4d} claims  {seconds * 1e3:7.1f} ms  x{seconds / base:5.2f}")

    print("estimate_series, one quantity of 100 claims:")
    base = None
    for months in (15, 30, 60, 120, 240):
        claims = synthetic_claims(100, months)
        seconds = best_of(args.repeat, lambda claims=claims: cd.estimate_series(claims))
        base = base or seconds
        note = f"   target 1 s: {seconds:.2f} of it" if months == 60 else ""
        print(f"  {months:4d} months  {seconds * 1e3:7.1f} ms  x{seconds / base:5.2f}{note}")


if __name__ == "__main__":
    main()
