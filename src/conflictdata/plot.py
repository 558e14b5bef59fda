"""Figures of claims, their plausible ranges and the consensus (the extra ``conflictdata[plot]``).

matplotlib is optional: this module imports without it, and each function raises an
:class:`ImportError` naming the extra when it is missing. The functions use the public API only,
draw on the axes they are given (or on new ones) and return those axes.

- :func:`claims_timeline`: the claims about one quantity over time, each at its period end with
  its plausible range, the consensus band, and the falsetickers;
- :func:`compare_claimants`: each claimant's latest claim about one quantity, side by side.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, Literal

import conflictdata as cd

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["claims_timeline", "compare_claimants"]

_EXTRA = "python -m pip install 'conflictdata[plot]'"
# One marker and colour per relation, so that whose claim it is reads at a glance.
_STYLE: dict[str, dict[str, str]] = {
    "self": {"marker": "o", "color": "tab:blue", "label": "own side (self)"},
    "adversary": {"marker": "s", "color": "tab:red", "label": "enemy (adversary)"},
    "third_party": {"marker": "^", "color": "tab:green", "label": "third party"},
}
_OPEN_END = 1.15  # an open-ended range is drawn this far above the highest finite value


def _axes(ax: Axes | None, size: tuple[float, float] = (9, 5)) -> Axes:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        msg = f"conflictdata.plot needs matplotlib, the extra conflictdata[plot]: {_EXTRA}"
        raise ImportError(msg) from None
    return plt.subplots(figsize=size, layout="constrained")[1] if ax is None else ax


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _figure(claim: cd.Claim) -> float:
    if claim.value is not None:
        return float(claim.value)
    return (float(claim.low or 0) + float(claim.high or 0)) / 2


def _dates(claims: Iterable[cd.Claim]) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    import numpy as np

    return np.array([claim.period_end for claim in claims], dtype="datetime64[D]")


def _quantity(subject_side: str, population: str, scope: str, measure: str) -> str:
    whose = f"{subject_side} {population}" + (f" ({scope})" if scope else "")
    return f"{whose} {measure}"


def _selected(
    claims: Iterable[cd.Claim], subject_side: str, population: str, measure: str, scope: str
) -> tuple[cd.Claim, ...]:
    chosen = cd.claims_about(
        claims, subject_side=subject_side, population=population, measure=measure, scope=scope
    )
    if not chosen:
        quantity = _quantity(subject_side, population, scope, measure)
        msg = f"no claims about {quantity} to plot"
        raise ValueError(msg)
    return chosen


def _ceiling(ranges: Iterable[cd.Interval]) -> float:
    finite = [value for r in ranges for value in (r.low, r.high) if math.isfinite(value)]
    return max(finite, default=1.0) * _OPEN_END


def claims_timeline(
    claims: Iterable[cd.Claim],
    *,
    subject_side: str,
    population: str,
    measure: str,
    scope: str = "",
    model: cd.ReportingModel | None = None,
    method: Literal["robust", "strict"] = "robust",
    ax: Axes | None = None,
    general_staff: pd.DataFrame | None = None,
) -> Axes:
    """The claims about one quantity over time, with their plausible ranges and the consensus.

    Each claim is a point at its period end, its marker and colour by the claimant's relation to
    the subject, with its plausible range as an error bar (an arrow where it is open-ended). The
    consensus band over time (:func:`conflictdata.consensus_series`) is shaded where it is
    bounded, and the falsetickers of the robust method (claims that must be wrong for the rest
    to agree) are crossed out. The General Staff's daily series, when given, is a line.

    Args:
        claims: Claims, e.g. ``conflictdata.claims()``; those about the quantity are used.
        subject_side: Whose losses, e.g. ``"RU"``.
        population: ``"military"`` or ``"civilian"``.
        measure: What is counted, e.g. ``"casualties"``.
        scope: Part of the population (``""``: the whole of it).
        model: The reporting model (default: ``ReportingModel()``).
        method: The consensus method, passed to :func:`conflictdata.consensus_series`:
            ``"robust"`` (the method page, section 8; it names falsetickers) or ``"strict"``
            (sections 5 and 6; no falsetickers are marked).
        ax: The axes to draw on (default: new ones).
        general_staff: A frame as :func:`conflictdata.load_general_staff` returns, drawn as a
            line of its cumulative ``personnel``.

    Returns:
        The axes drawn on.

    Raises:
        ImportError: Without matplotlib; the message names the extra ``conflictdata[plot]``.
        ValueError: When no claim is about the quantity.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import conflictdata
        >>> from conflictdata.plot import claims_timeline
        >>> ax = claims_timeline(conflictdata.claims(), subject_side="RU",
        ...                      population="military", measure="casualties")
        >>> ax.get_title()
        'RU military casualties: claims, plausible ranges and consensus'
    """
    import numpy as np

    axes = _axes(ax)
    chosen = _selected(claims, subject_side, population, measure, scope)
    ranges = {claim.claim_id: cd.plausible_range(claim, model=model) for claim in chosen}
    ceiling = _ceiling(ranges.values())

    series = cd.consensus_series(chosen, model=model, method=method)
    if len(series):
        high = series["high"].to_numpy(dtype=float)
        bounded = np.isfinite(high)
        axes.fill_between(
            series["date"].to_numpy(),
            series["low"].to_numpy(dtype=float),
            np.where(bounded, high, np.nan),
            step="post",
            alpha=0.2,
            color="tab:gray",
            label="consensus band",
        )

    for relation, style in _STYLE.items():
        group = [claim for claim in chosen if claim.relation == relation]
        if not group:
            continue
        figures = np.array([_figure(claim) for claim in group])
        lows = np.array([ranges[claim.claim_id].low for claim in group])
        highs = np.array([min(ranges[claim.claim_id].high, ceiling) for claim in group])
        open_ended = np.array([not ranges[claim.claim_id].bounded for claim in group])
        axes.errorbar(
            _dates(group),
            figures,
            yerr=np.vstack([np.maximum(figures - lows, 0), np.maximum(highs - figures, 0)]),
            uplims=open_ended,
            fmt=style["marker"],
            color=style["color"],
            ecolor=style["color"],
            alpha=0.8,
            capsize=2,
            label=style["label"],
        )

    # the robust method names the claims that must be wrong for the rest to agree
    wrong = set()
    if "falsetickers" in series:
        wrong = {claim_id for ids in series["falsetickers"] for claim_id in ids}
    if wrong:
        marked = [claim for claim in chosen if claim.claim_id in wrong]
        axes.scatter(
            _dates(marked),
            [_figure(claim) for claim in marked],
            zorder=3,
            marker="x",
            color="black",
            s=80.0,
            label="falseticker",
        )

    if general_staff is not None:
        axes.plot(
            general_staff["date"].to_numpy(),
            general_staff["personnel"].to_numpy(dtype=float),
            color="tab:red",
            linewidth=1,
            label="General Staff daily series",
        )

    quantity = _quantity(subject_side, population, scope, measure)
    axes.set_title(f"{quantity}: claims, plausible ranges and consensus")
    axes.set_xlabel("period end")
    axes.set_ylabel(f"{measure} (cumulative)")
    axes.set_ylim(bottom=0, top=ceiling)
    axes.yaxis.set_major_formatter("{x:,.0f}")
    axes.legend(loc="upper left", fontsize="small")
    return axes


def compare_claimants(
    claims: Iterable[cd.Claim],
    *,
    subject_side: str,
    population: str,
    measure: str,
    scope: str = "",
    as_of: dt.date | str | None = None,
    model: cd.ReportingModel | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Each claimant's latest claim about one quantity and its plausible range, side by side.

    One row per claimant (latest claim last), a bar over its plausible range (an arrow where it
    is open-ended) and a marker at the figure as stated, coloured by the claimant's relation to
    the subject; each row is labelled with the claimant and the date the period ends.

    Args:
        claims: As in :func:`claims_timeline`, which names every quantity the same way.
        subject_side: Whose losses, e.g. ``"UA"``.
        population: Within the side.
        measure: What is counted.
        scope: Part of the population (``""``: the whole of it).
        as_of: Use only claims certainly stated by this date (what was known then).
        model: The reporting model of the ranges.
        ax: Where to draw.

    Returns:
        The axes drawn on. Without matplotlib, or without claims about the quantity, it raises
        as :func:`claims_timeline` does.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import conflictdata
        >>> from conflictdata.plot import compare_claimants
        >>> ax = compare_claimants(conflictdata.claims(), subject_side="UA",
        ...                        population="military", measure="killed")
        >>> len(ax.get_yticklabels()) == len(
        ...     {c.claimant for c in conflictdata.claims_about(conflictdata.claims(),
        ...      subject_side="UA", population="military", measure="killed")})
        True
    """
    known = tuple(claims)
    if as_of is not None:
        cutoff = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
        known = tuple(claim for claim in known if claim.stated_by <= cutoff)
    chosen = _selected(known, subject_side, population, measure, scope)
    latest: dict[str, cd.Claim] = {}
    for claim in sorted(chosen, key=lambda c: (c.stated_by, c.claim_id)):
        latest[claim.claimant] = claim
    rows = sorted(latest.values(), key=lambda c: (c.period_end, c.claim_id))
    axes = _axes(ax, size=(9, 1.5 + 0.4 * len(rows)))
    from matplotlib.lines import Line2D  # after _axes, which says what to install without it
    from matplotlib.ticker import MaxNLocator

    ranges = [cd.plausible_range(claim, model=model) for claim in rows]
    ceiling = _ceiling(ranges)
    for row, (claim, own) in enumerate(zip(rows, ranges, strict=True)):
        style = _STYLE[str(claim.relation)]
        high = min(own.high, ceiling)
        axes.barh(row, high - own.low, left=own.low, height=0.5, color=style["color"], alpha=0.35)
        axes.scatter([_figure(claim)], [row], marker=style["marker"], color=style["color"])
        if not own.bounded:
            axes.annotate(
                "", xy=(ceiling, row), xytext=(own.low, row), arrowprops={"arrowstyle": "->"}
            )
    axes.set_yticks(
        range(len(rows)),
        [f"{_short(claim.claimant)} ({claim.period_end.isoformat()})" for claim in rows],
    )
    quantity = _quantity(subject_side, population, scope, measure)
    known_when = f", stated by {as_of}" if as_of is not None else ""
    axes.set_title(f"{quantity}: each claimant's latest claim{known_when}")
    axes.set_xlabel(f"{measure}: figure and plausible range")
    axes.set_xlim(left=0, right=ceiling)
    axes.xaxis.set_major_formatter("{x:,.0f}")
    axes.xaxis.set_major_locator(MaxNLocator(5))

    relations = {str(claim.relation) for claim in rows}
    handles = [  # legend entries only, not drawn on the axes
        Line2D(
            [], [], linestyle="", marker=style["marker"], color=style["color"], label=style["label"]
        )
        for relation, style in _STYLE.items()
        if relation in relations
    ]
    labels = [style["label"] for relation, style in _STYLE.items() if relation in relations]
    axes.legend(handles=handles, labels=labels, loc="lower right", fontsize="small")
    return axes
