"""The reporting model: how far a claimed number may be from the true one, and why.

:class:`ReportingModel` holds the three factors of a plausible range (see the method page of the
docs): what a qualifier's words allow, how a figure converts from one measure to another, and the
ratio of true to claimed by the claimant's relation to the subject and the figure's basis.
``ReportingModel()`` is the documented default; every part can be overridden, and a model can be
saved as JSON so that an analysis records the model it used.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..exceptions import ConversionError
from ..schema.vocabularies import Basis, Measure, Population, Qualifier, Relation
from .intervals import Interval

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Mapping

    import pandas as pd

__all__ = ["ReportingModel"]

BiasKey = tuple[str | None, Relation, Basis]
ConversionKey = tuple[str | None, Measure, Measure]
WeightKey = tuple[str | None, Basis | None]
RateKey = tuple[str, Population, Measure]

_QUALIFIERS: Final = {
    Qualifier.EXACT: (1.0, 1.0),
    Qualifier.ABOUT: (0.9, 1.1),
    Qualifier.MORE_THAN: (1.0, 1.25),
    Qualifier.AT_LEAST: (1.0, 1.25),
    Qualifier.NEARLY: (0.9, 1.0),
    Qualifier.UP_TO: (0.8, 1.0),
    Qualifier.FEWER_THAN: (0.75, 1.0),
    Qualifier.BETWEEN: (1.0, 1.0),
}
_BIAS_BY_RELATION: Final = {
    Relation.SELF: (1.0, 5.0),
    Relation.ADVERSARY: (0.3, 1.2),
    Relation.THIRD_PARTY: (0.55, 1.3),
}
_BIAS_BY_BASIS: Final = {  # whoever states them
    Basis.NAMED_COUNT: (1.0, 2.5),
    Basis.VERIFIED_COUNT: (1.0, 3.0),
    Basis.STATISTICAL_ESTIMATE: (0.85, 1.2),
}
_KILLED_SHARE: Final = {"RU": (0.2, 0.4), "UA": (0.07, 0.4), None: (0.07, 0.4)}
#: Largest daily growth of a toll, with grounds (docs, method page, section 8.3). Russian
#: military killed: Meduza/Mediazona's probate data showed 2,000-3,000 deaths a week in late
#: 2024, about 430 a day, times a margin of 1.5 (an assumption): about 650.
_RATES: Final = {("RU", Population.MILITARY, Measure.KILLED): 650.0}
#: Where no rate is set: the steepest growth over windows of this many days, times the margin
#: (both an assumption; the margin is the one of the set rate).
_DERIVED_WINDOW: Final = 180.0
_DERIVED_MARGIN: Final = 1.5


def _default_bias() -> dict[BiasKey, Interval]:
    return {
        (None, relation, basis): Interval(*_BIAS_BY_BASIS.get(basis, _BIAS_BY_RELATION[relation]))
        for relation, basis in itertools.product(Relation, Basis)
    }


def _default_conversions() -> dict[ConversionKey, Interval]:
    return {
        (side, source, Measure.KILLED): Interval(*share)
        for side, share in _KILLED_SHARE.items()
        for source in (Measure.KILLED_OR_WOUNDED, Measure.CASUALTIES)
    }


def _interval(value: Interval | tuple[float, float]) -> Interval:
    return value if isinstance(value, Interval) else Interval(*value)


def _side(side: str | None) -> str | None:
    return side or None


def _to_qualifiers(table: Mapping[Any, Any]) -> dict[Qualifier, Interval]:
    return {Qualifier(key): _interval(value) for key, value in table.items()}


def _to_bias(table: Mapping[tuple[Any, Any, Any], Any]) -> dict[BiasKey, Interval]:
    return {
        (_side(side), Relation(relation), Basis(basis)): _interval(value)
        for (side, relation, basis), value in table.items()
    }


def _to_published(table: Mapping[Any, Any]) -> dict[Basis, Interval]:
    return {Basis(key): _interval(value) for key, value in table.items()}


def _to_conversions(
    table: Mapping[tuple[Any, Any, Any], Any],
) -> dict[ConversionKey, Interval]:
    return {
        (_side(side), Measure(source), Measure(target)): _interval(value)
        for (side, source, target), value in table.items()
    }


def _to_weights(table: Mapping[tuple[Any, Any], Any]) -> dict[WeightKey, float]:
    return {
        (claimant or None, None if basis is None else Basis(basis)): float(weight)
        for (claimant, basis), weight in table.items()
    }


def _to_rates(table: Mapping[tuple[Any, Any, Any], Any]) -> dict[RateKey, float]:
    return {
        (str(side), Population(population), Measure(measure)): float(rate)
        for (side, population, measure), rate in table.items()
    }


def _check_positive(model: ReportingModel, attribute: Any, table: dict[Any, float]) -> None:
    bad = {key: value for key, value in table.items() if not value > 0}
    if bad:
        msg = f"{attribute.name} must be positive numbers; got {bad}"
        raise ValueError(msg)


def _to_bases(bases: Iterable[Any]) -> frozenset[Basis]:
    return frozenset(Basis(basis) for basis in bases)


def _check_qualifiers(model: ReportingModel, attribute: Any, table: dict[Any, Any]) -> None:
    missing = [str(q) for q in Qualifier if q not in table]
    if missing:
        msg = f"the model needs a factor for every qualifier; missing: {', '.join(missing)}"
        raise ValueError(msg)


def _check_bias(model: ReportingModel, attribute: Any, table: dict[BiasKey, Any]) -> None:
    missing = [
        f"{relation}/{basis}"
        for relation, basis in itertools.product(Relation, Basis)
        if (None, relation, basis) not in table
    ]
    if missing:
        msg = f"the model needs a side-independent bias for every relation/basis: {missing}"
        raise ValueError(msg)


def _check_conversions(
    model: ReportingModel, attribute: Any, table: dict[ConversionKey, Interval]
) -> None:
    for (side, source, target), factor in table.items():
        if source == target:
            msg = f"a conversion needs two different measures, got {source} to {target}"
            raise ValueError(msg)
        if factor.high > 1:
            msg = (
                f"a conversion from {source} to {target} (side {side or 'any'}) must not exceed"
                f" 1, the target never exceeds the source; got {factor}"
            )
            raise ValueError(msg)


@attrs.frozen(kw_only=True)
class ReportingModel:
    """The factors that turn a claimed figure into a plausible range.

    ``ReportingModel()`` is the documented default (the method page of the docs gives every
    default with its grounds). Change a part with :meth:`with_qualifier`, :meth:`with_bias` and
    :meth:`with_conversion`, or with ``attrs.evolve``; each returns a new model.

    Attributes:
        qualifiers: The factor each qualifier's words allow around the stated number: ``about``
            is ``[0.9, 1.1]``, ``more_than`` ``[1, 1.25]`` (``[1, inf]`` for the open-ended
            reading), ``between`` ``[1, 1]`` around its stated ``[low, high]``.
        bias: True ÷ claimed by ``(side, relation, basis)``; ``side`` is the claimant's side, or
            ``None`` for any side. Every ``(None, relation, basis)`` is present; a side-specific
            entry (e.g. from :meth:`from_calibration`) takes precedence.
        published_interval_bias: True ÷ claimed, by basis, for a claim that states its own
            interval (qualifier ``between``): a statistical estimate's published interval is used
            as it is, ``[1, 1]``.
        conversions: The share of a source measure that a target measure is, by
            ``(side, source, target)``; ``side`` is the side whose losses are counted, ``None``
            for any other side. No factor exceeds 1: the target never exceeds the source.
        hard_lower: The bases whose figures are hard lower bounds (lists of names, UN-verified
            counts): the truth is at least their lower end, and they are never dropped.
        weights: The weight of a statement's vote in the robust consensus, by
            ``(claimant, basis)``; ``None`` stands for any. The most specific entry applies;
            every vote weighs 1 by default.
        rates: The largest daily growth of a toll by ``(side, population, measure)``: the rate
            envelope caps upper bounds after the last claim with it (see :meth:`with_rate`).
        derived_rate_window: Where no rate is set, one is derived from the claims: the
            steepest average growth the band allows over this many days or more...
        derived_rate_margin: ... times this margin (**assumption**: 1.5, as for the set rate).

    Example:
        >>> from conflictdata import ReportingModel
        >>> model = ReportingModel()
        >>> model.bias_factor("self", "official_statement")
        Interval(low=1.0, high=5.0)
        >>> stricter = model.with_bias(
        ...     relation="self", basis="official_statement", low=1.0, high=3.0
        ... )
        >>> stricter.bias_factor("self", "official_statement").high
        3.0
        >>> ReportingModel.from_json(stricter.to_json()) == stricter
        True
    """

    qualifiers: dict[Qualifier, Interval] = attrs.field(
        factory=lambda: _to_qualifiers(_QUALIFIERS),
        converter=_to_qualifiers,
        validator=_check_qualifiers,
    )
    bias: dict[BiasKey, Interval] = attrs.field(
        factory=_default_bias, converter=_to_bias, validator=_check_bias
    )
    published_interval_bias: dict[Basis, Interval] = attrs.field(
        factory=lambda: {Basis.STATISTICAL_ESTIMATE: Interval(1.0, 1.0)},
        converter=_to_published,
    )
    conversions: dict[ConversionKey, Interval] = attrs.field(
        factory=_default_conversions, converter=_to_conversions, validator=_check_conversions
    )
    hard_lower: frozenset[Basis] = attrs.field(
        factory=lambda: frozenset({Basis.NAMED_COUNT, Basis.VERIFIED_COUNT}),
        converter=_to_bases,
    )
    weights: dict[WeightKey, float] = attrs.field(
        factory=dict, converter=_to_weights, validator=_check_positive
    )
    rates: dict[RateKey, float] = attrs.field(
        factory=lambda: _to_rates(_RATES), converter=_to_rates, validator=_check_positive
    )
    derived_rate_window: float = attrs.field(default=_DERIVED_WINDOW, converter=float)
    derived_rate_margin: float = attrs.field(default=_DERIVED_MARGIN, converter=float)

    # Lookups ------------------------------------------------------------------------------

    def qualifier_factor(self, qualifier: Qualifier | str) -> Interval:
        """The factor a qualifier's words allow around the stated number.

        Example:
            >>> import conflictdata
            >>> print(conflictdata.ReportingModel().qualifier_factor("about"))
            [0.9, 1.1]
        """
        return self.qualifiers[Qualifier(qualifier)]

    def bias_factor(
        self,
        relation: Relation | str,
        basis: Basis | str,
        *,
        side: str | None = None,
        stated_interval: bool = False,
    ) -> Interval:
        """True ÷ claimed for a figure.

        Args:
            relation: The claimant's relation to the subject.
            basis: What kind of figure it is.
            side: The claimant's side, for side-specific factors.
            stated_interval: Whether the claim states its own interval (qualifier ``between``).

        Returns:
            The published-interval factor where it applies, else the side-specific factor,
            else the factor for any side.

        Example:
            >>> import conflictdata
            >>> print(conflictdata.ReportingModel().bias_factor("adversary", "official_statement"))
            [0.3, 1.2]
        """
        relation, basis = Relation(relation), Basis(basis)
        if stated_interval and basis in self.published_interval_bias:
            return self.published_interval_bias[basis]
        specific = self.bias.get((side, relation, basis))
        return self.bias[(None, relation, basis)] if specific is None else specific

    def conversion_factor(
        self, source: Measure | str, target: Measure | str, *, side: str | None = None
    ) -> Interval:
        """The share of ``source`` that ``target`` is, for losses of ``side``.

        Raises:
            ConversionError: If the model has no such conversion; the message names both
                measures.

        Example:
            >>> import conflictdata
            >>> model = conflictdata.ReportingModel()
            >>> print(model.conversion_factor("casualties", "killed", side="RU"))
            [0.2, 0.4]
        """
        source, target = Measure(source), Measure(target)
        if source == target:
            return Interval(1.0, 1.0)
        factor = self.conversions.get((side, source, target))
        if factor is None:
            factor = self.conversions.get((None, source, target))
        if factor is None:
            msg = (
                f"the reporting model cannot convert {source} to {target}"
                f" (losses of {side or 'any side'}); add a conversion with with_conversion()"
            )
            raise ConversionError(msg)
        return factor

    def vote_weight(self, claimant: str, basis: Basis | str) -> float:
        """The weight of a statement's vote: the most specific of :attr:`weights`, else 1.

        Example:
            >>> import conflictdata
            >>> model = conflictdata.ReportingModel()
            >>> model.vote_weight("Volodymyr Zelensky", "official_statement")
            1.0
        """
        basis = Basis(basis)
        for key in ((claimant, basis), (claimant, None), (None, basis)):
            if key in self.weights:
                return self.weights[key]
        return 1.0

    def rate(self, side: str, population: Population | str, measure: Measure | str) -> float | None:
        """The largest daily growth set for a toll, or ``None`` where it is to be derived.

        Example:
            >>> import conflictdata
            >>> model = conflictdata.ReportingModel()
            >>> model.rate("RU", "military", "killed"), model.rate("UA", "civilian", "killed")
            (650.0, None)
        """
        return self.rates.get((side, Population(population), Measure(measure)))

    # Changes ------------------------------------------------------------------------------

    def with_qualifier(
        self, qualifier: Qualifier | str, *, low: float, high: float
    ) -> ReportingModel:
        """A copy with another factor for a qualifier (``high=math.inf`` for open-ended).

        Example:
            >>> import math, conflictdata
            >>> model = conflictdata.ReportingModel().with_qualifier(
            ...     "more_than", low=1.0, high=math.inf)
            >>> model.qualifier_factor("more_than").bounded
            False
        """
        return attrs.evolve(
            self, qualifiers={**self.qualifiers, Qualifier(qualifier): Interval(low, high)}
        )

    def with_bias(
        self,
        *,
        relation: Relation | str | None = None,
        basis: Basis | str | None = None,
        low: float,
        high: float,
        side: str | None = None,
    ) -> ReportingModel:
        """A copy with another true ÷ claimed factor.

        Args:
            relation: The relation it applies to; ``None`` for all.
            basis: The basis it applies to; ``None`` for all.
            low: The lower factor.
            high: The upper factor.
            side: The claimant's side it applies to; ``None`` for any side.

        Example:
            >>> import conflictdata
            >>> model = conflictdata.ReportingModel().with_bias(relation="self", low=1.0, high=3.0)
            >>> print(model.bias_factor("self", "official_statement"))
            [1, 3]
        """
        relations = Relation if relation is None else [Relation(relation)]
        bases = Basis if basis is None else [Basis(basis)]
        changed = {
            (side, each_relation, each_basis): Interval(low, high)
            for each_relation, each_basis in itertools.product(relations, bases)
        }
        return attrs.evolve(self, bias={**self.bias, **changed})

    def with_conversion(
        self,
        *,
        source: Measure | str,
        target: Measure | str,
        low: float,
        high: float,
        side: str | None = None,
    ) -> ReportingModel:
        """A copy with another share of ``source`` that ``target`` is (``side=None``: any).

        Example:
            >>> import conflictdata
            >>> model = conflictdata.ReportingModel().with_conversion(
            ...     source="killed_or_wounded", target="killed", low=0.25, high=0.35, side="RU")
            >>> print(model.conversion_factor("killed_or_wounded", "killed", side="RU"))
            [0.25, 0.35]
        """
        key = (side, Measure(source), Measure(target))
        return attrs.evolve(self, conversions={**self.conversions, key: Interval(low, high)})

    def with_weight(
        self, weight: float, *, claimant: str | None = None, basis: Basis | str | None = None
    ) -> ReportingModel:
        """A copy in which statements by ``claimant`` and/or of ``basis`` weigh ``weight``.

        Example:
            >>> from conflictdata import ReportingModel
            >>> model = ReportingModel().with_weight(2, basis="statistical_estimate")
            >>> model.vote_weight("Mediazona", "statistical_estimate")
            2.0
        """
        key = (claimant, None if basis is None else Basis(basis))
        return attrs.evolve(self, weights={**self.weights, key: weight})

    def with_rate(
        self,
        *,
        side: str,
        population: Population | str,
        measure: Measure | str,
        per_day: float,
    ) -> ReportingModel:
        """A copy with another largest daily growth of one toll (``math.inf``: no limit).

        Example:
            >>> from conflictdata import ReportingModel
            >>> ReportingModel().rate("RU", "military", "killed")  # the documented default
            650.0
            >>> ReportingModel().with_rate(
            ...     side="UA", population="military", measure="killed", per_day=300
            ... ).rate("UA", "military", "killed")
            300.0
        """
        key = (side, Population(population), Measure(measure))
        return attrs.evolve(self, rates={**self.rates, key: per_day})

    # JSON ---------------------------------------------------------------------------------

    def to_json(self) -> str:
        """The model as JSON; an open-ended bound is written as ``null``.

        Example:
            >>> import json, conflictdata
            >>> document = json.loads(conflictdata.ReportingModel().to_json())
            >>> sorted(document)  # doctest: +NORMALIZE_WHITESPACE
            ['bias', 'conversions', 'derived_rate', 'hard_lower', 'published_interval_bias',
             'qualifiers', 'rates', 'weights']
        """

        def bounds(interval: Interval) -> dict[str, float | None]:
            return {"low": interval.low, "high": interval.high if interval.bounded else None}

        document = {
            "qualifiers": [{"qualifier": str(q), **bounds(f)} for q, f in self.qualifiers.items()],
            "bias": [
                {"side": side, "relation": str(relation), "basis": str(basis), **bounds(f)}
                for (side, relation, basis), f in self.bias.items()
            ],
            "published_interval_bias": [
                {"basis": str(basis), **bounds(f)}
                for basis, f in self.published_interval_bias.items()
            ],
            "conversions": [
                {"side": side, "source": str(source), "target": str(target), **bounds(f)}
                for (side, source, target), f in self.conversions.items()
            ],
            "hard_lower": sorted(str(basis) for basis in self.hard_lower),
            "weights": [
                {"claimant": claimant, "basis": None if basis is None else str(basis), "weight": w}
                for (claimant, basis), w in self.weights.items()
            ],
            "rates": [
                {
                    "side": side,
                    "population": str(population),
                    "measure": str(measure),
                    "per_day": None if math.isinf(rate) else rate,
                }
                for (side, population, measure), rate in self.rates.items()
            ],
            "derived_rate": {
                "window_days": self.derived_rate_window,
                "margin": self.derived_rate_margin,
            },
        }
        return json.dumps(document, indent=2)

    @classmethod
    def from_json(cls, text: str) -> ReportingModel:
        """Read a model written by :meth:`to_json`.

        Raises:
            ValueError: If the text is not such a model.

        Example:
            >>> import conflictdata
            >>> model = conflictdata.ReportingModel().with_bias(relation="self", low=1.0, high=3.0)
            >>> conflictdata.ReportingModel.from_json(model.to_json()) == model
            True
        """
        try:
            document = json.loads(text)

            def bounds(entry: dict[str, Any]) -> Interval:
                high = entry["high"]
                return Interval(entry["low"], math.inf if high is None else high)

            derived = document.get("derived_rate", {})
            return cls(
                qualifiers={e["qualifier"]: bounds(e) for e in document["qualifiers"]},
                bias={(e["side"], e["relation"], e["basis"]): bounds(e) for e in document["bias"]},
                published_interval_bias={
                    e["basis"]: bounds(e) for e in document["published_interval_bias"]
                },
                conversions={
                    (e["side"], e["source"], e["target"]): bounds(e)
                    for e in document["conversions"]
                },
                hard_lower=document["hard_lower"],
                # Models saved before weights and rates existed read with the defaults.
                weights={
                    (e["claimant"], e["basis"]): e["weight"] for e in document.get("weights", [])
                },
                rates={
                    (e["side"], e["population"], e["measure"]): (
                        math.inf if e["per_day"] is None else e["per_day"]
                    )
                    for e in document.get("rates", [])
                }
                if "rates" in document
                else _RATES,
                derived_rate_window=derived.get("window_days", _DERIVED_WINDOW),
                derived_rate_margin=derived.get("margin", _DERIVED_MARGIN),
            )
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as error:
            msg = f"not a reporting model in JSON: {type(error).__name__}: {error}"
            raise ValueError(msg) from None

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model to a JSON file.

        Example:
            >>> import pathlib, tempfile, conflictdata
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.json"
            >>> conflictdata.ReportingModel().save(path)
            >>> path.read_text(encoding="utf-8").startswith("{")
            True
        """
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ReportingModel:
        """Read a model from a JSON file written by :meth:`save`.

        Raises:
            ValueError: If the file does not hold a reporting model (the message names it).
            OSError: If the file cannot be read.

        Example:
            >>> import pathlib, tempfile, conflictdata
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.json"
            >>> conflictdata.ReportingModel().save(path)
            >>> conflictdata.ReportingModel.load(path) == conflictdata.ReportingModel()
            True
        """
        try:
            return cls.from_json(Path(path).read_text(encoding="utf-8"))
        except ValueError as error:
            msg = f"{path}: {error}"
            raise ValueError(msg) from None

    # Calibration --------------------------------------------------------------------------

    @classmethod
    def from_calibration(
        cls, table: pd.DataFrame, *, base: ReportingModel | None = None
    ) -> ReportingModel:
        """A model whose bias factors are the ratios observed in a calibration table.

        For each claimant side, relation and basis in the table (as :func:`conflictdata.calibrate`
        makes it), the bias becomes ``[lowest ratio_low, highest ratio_high]`` for that side;
        everything else is taken from ``base``.

        Args:
            table: A calibration table.
            base: The model to start from (default: ``ReportingModel()``).

        Example:
            >>> import conflictdata
            >>> table = conflictdata.calibrate(conflictdata.claims())
            >>> model = conflictdata.ReportingModel.from_calibration(table)
            >>> ua_self = model.bias_factor("self", "official_statement", side="UA")
            >>> ua_self != conflictdata.ReportingModel().bias_factor("self", "official_statement")
            True
        """
        model = base or cls()
        if table.empty:
            return model
        observed = table.groupby(["side", "relation", "basis"], observed=True).agg(
            low=("ratio_low", "min"), high=("ratio_high", "max")
        )
        bias = dict(model.bias)
        for side, relation, basis, low, high in observed.reset_index().itertuples(
            index=False, name=None
        ):
            bias[(str(side), Relation(relation), Basis(basis))] = Interval(low, high)
        return attrs.evolve(model, bias=bias)
