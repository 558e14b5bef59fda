"""How fast claims files are read, against pandas.read_csv of the same file into the same dtypes.

Run with ``python benchmarks/bench_io.py``. It prints times and ratios, all measured in this one
run; nothing is asserted, so a busy machine cannot fail a test run. Targets (issue 11):

- the first ``load_claims()`` in a fresh process within 1.5x of the first typed ``read_csv`` of
  the bundled file in a fresh process (both after ``import pandas``);
- ``validate_claims`` and ``load_claims(path=...)`` on a 100,000-row user file within 3x of the
  typed ``read_csv`` of it; and the memory each row takes.

The 100,000-row file repeats the bundled claims with new ids and shifted figures (each quote
stating its figure, so the file is clean), so that ``claim_id``, ``statement_id``,
``value``/``low``/``high`` and ``quote`` differ from row to row.

Where the time goes (issue 11, on a busy 2-core machine, 20,000 rows; typed ``read_csv`` 0.17 s):
the csv module's parse 0.21 s, rows to columns 0.06 s, the field rules once per distinct text
0.30 s (ids, quotes and figures are nearly all distinct), the rules between fields once per
distinct combination 0.18 s, the table 0.14 s. The rules are the records' own, called from Python
per distinct value; that, not the table, is what keeps the ratios above target. For the bundled
file (347 rows, warm) the same stages take 0.4 + 3.7 + 0.3 + 2.7 + 3.2 ms and the table about
8 ms, against 10.6 ms for the typed ``read_csv``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

import conflictdata as cd

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: its sibling is importable
from bench_ranges import best_of

if TYPE_CHECKING:
    from collections.abc import Callable

_TYPED_READ = """
import pandas as pd
from conflictdata.schema.tables import claims_dtypes
import conflictdata
dtypes = claims_dtypes()
del dtypes["relation"]
dates = [name for name, dtype in dtypes.items() if str(dtype) == "datetime64[ns]"]
texts = [name for name, dtype in dtypes.items() if str(dtype) == "string"]
options = dict(
    dtype={name: dtype for name, dtype in dtypes.items() if name not in dates},
    parse_dates=dates,
    date_format="ISO8601",
    keep_default_na=False,
    na_values={name: [""] for name in dtypes if name not in texts},
)
"""


def typed_read_csv(path: Path | str) -> pd.DataFrame:
    """``pandas.read_csv`` of a claims file into the dtypes of ``load_claims`` (no ``relation``)."""
    scope: dict[str, Any] = {}
    exec(_TYPED_READ, scope)
    return pd.read_csv(path, **scope["options"])


def in_fresh_processes(timed: list[tuple[str, str]], runs: int) -> list[float]:
    """The median time of each ``(setup, statement)``'s statement, in ``runs`` fresh interpreters.

    The statements take turns, so that a machine busy with other work slows them alike.
    """
    times: list[list[float]] = [[] for _ in timed]
    for _ in range(runs):
        for index, (setup, statement) in enumerate(timed):
            code = (
                f"{setup}\nimport time\nstart = time.perf_counter()\n{statement}\n"
                "print(time.perf_counter() - start)"
            )
            done = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            )
            times[index].append(float(done.stdout))
    return [statistics.median(each) for each in times]


def user_file(rows: int, target: Path) -> Path:
    """A valid, clean claims file of ``rows`` rows, cycling the bundled claims with new ids.

    Each copy shifts the figure and adds it to the quote, so that the quote still states it.
    """
    bundled = cd.claims()
    claims = []
    for index in range(rows):
        claim = bundled[index % len(bundled)]
        shift = index // len(bundled)
        if claim.value is not None:
            figure: dict[str, Any] = {"value": claim.value + shift}
            stated = f"{claim.value + shift:,}"
        else:
            assert claim.low is not None
            assert claim.high is not None
            figure = {"low": claim.low, "high": claim.high + shift}
            stated = f"{claim.low:,} to {claim.high + shift:,}"
        claims.append(
            attrs.evolve(
                claim,
                claim_id=f"u{index}",
                statement_id=f"s{index}",
                quote=f"{claim.quote} ({stated})",
                **figure,
            )
        )
    cd.write_claims_csv(claims, target)
    return target


def peak_bytes(run: Callable[[], Any]) -> int:
    """The peak of memory allocated by Python while ``run`` runs."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=15, help="fresh processes per timing")
    args = parser.parse_args()

    bundled = cd.fetch("claims")
    imports = "import pandas, numpy\nimport conflictdata"
    # the dtypes of the typed read are built before its clock starts; load_claims builds its own
    first_load, first_read = in_fresh_processes(
        [
            (imports, "conflictdata.load_claims()"),
            (f"{imports}\n{_TYPED_READ}", f"pd.read_csv({str(bundled)!r}, **options)"),
        ],
        args.processes,
    )
    print(
        f"bundled file ({len(cd.claims())} rows), first call in a fresh process (median of "
        f"{args.processes}):"
    )
    print(f"  load_claims()      {first_load * 1000:8.1f} ms")
    print(f"  typed read_csv     {first_read * 1000:8.1f} ms")
    print(f"  ratio              {first_load / first_read:8.2f}x   (target <= 1.5x)")

    with tempfile.TemporaryDirectory() as folder:
        path = user_file(args.rows, Path(folder) / "user.csv")
        found = cd.validate_claims(path).problems
        assert not found, found[:3]
        read = best_of(3, lambda: typed_read_csv(path))
        validate = best_of(3, lambda: cd.validate_claims(path))
        load = best_of(3, lambda: cd.load_claims(path=path))
        records = best_of(1, lambda: cd.claims(path=path))
        frame = cd.load_claims(path=path)
        peak = peak_bytes(lambda: cd.load_claims(path=path))
        read_peak = peak_bytes(lambda: typed_read_csv(path))
        size = path.stat().st_size
    print(f"\nuser file of {args.rows:,} rows ({size / 1e6:.1f} MB), best of 3:")
    print(f"  typed read_csv            {read:7.3f} s")
    print(f"  validate_claims           {validate:7.3f} s   {validate / read:5.2f}x (target <= 3x)")
    print(f"  load_claims(path=...)     {load:7.3f} s   {load / read:5.2f}x (target <= 3x)")
    print(f"  claims(path=...) records  {records:7.3f} s   {records / read:5.2f}x (no target)")
    print("memory per row:")
    deep = frame.memory_usage(deep=True).sum()
    print(f"  the frame                      {deep / args.rows:7.0f} bytes")
    print(f"  peak while load_claims(path=)  {peak / args.rows:7.0f} bytes")
    print(f"  peak while typed read_csv      {read_peak / args.rows:7.0f} bytes")


if __name__ == "__main__":
    main()
