"""The controlled vocabularies of the claim schema, as str-valued enums.

Members compare equal to their string values, so ``Measure.KILLED == "killed"``.
"""

from __future__ import annotations

import enum

__all__ = [
    "LANGUAGE_CODES",
    "THIRD_PARTY",
    "Basis",
    "Measure",
    "Population",
    "Precision",
    "Qualifier",
    "Relation",
]

#: The claimant-side code of anyone who is not a party to the conflict.
THIRD_PARTY = "third_party"

_ISO_639_1 = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
    de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy
    hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg
    li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or
    os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta
    te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
#: The two-letter language codes of ISO 639-1, for ``quote_language``.
LANGUAGE_CODES = frozenset(_ISO_639_1.split())


class Measure(enum.StrEnum):
    """What a figure counts.

    ``casualties`` is unspecified losses ("lost", "personnel losses"); ``killed_or_missing`` is
    irrecoverable losses ("irretrievable losses", "killed or missing, presumed dead"), which lie
    between ``killed`` and ``casualties``.

    Example:
        >>> import conflictdata
        >>> conflictdata.Measure("killed") is conflictdata.Measure.KILLED
        True
        >>> conflictdata.Measure.KILLED_OR_WOUNDED == "killed_or_wounded"
        True
    """

    KILLED = "killed"
    WOUNDED = "wounded"
    KILLED_OR_WOUNDED = "killed_or_wounded"
    MISSING = "missing"
    CAPTURED = "captured"
    CASUALTIES = "casualties"
    KILLED_OR_MISSING = "killed_or_missing"


class Qualifier(enum.StrEnum):
    """How the source qualifies its number ("more than", "nearly", ...).

    Example:
        >>> import conflictdata
        >>> [str(qualifier) for qualifier in conflictdata.Qualifier][:3]
        ['exact', 'about', 'more_than']
    """

    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    NEARLY = "nearly"
    UP_TO = "up_to"
    FEWER_THAN = "fewer_than"
    BETWEEN = "between"


class Basis(enum.StrEnum):
    """What kind of figure it is, which bears on how far it can be trusted.

    Example:
        >>> import conflictdata
        >>> conflictdata.Basis.NAMED_COUNT in conflictdata.ReportingModel().hard_lower
        True
    """

    OFFICIAL_STATEMENT = "official_statement"
    INTELLIGENCE_ESTIMATE = "intelligence_estimate"
    ANALYST_ESTIMATE = "analyst_estimate"
    NAMED_COUNT = "named_count"
    VERIFIED_COUNT = "verified_count"
    STATISTICAL_ESTIMATE = "statistical_estimate"


class Population(enum.StrEnum):
    """Whose losses, within a side.

    Example:
        >>> import conflictdata
        >>> sorted(conflictdata.Population)
        [<Population.CIVILIAN: 'civilian'>, <Population.MILITARY: 'military'>]
    """

    MILITARY = "military"
    CIVILIAN = "civilian"


class Precision(enum.StrEnum):
    """How precisely a date is known; a month-precise date is stored as the month's first day.

    Example:
        >>> import conflictdata
        >>> claim = next(c for c in conflictdata.claims() if c.value == 55000)
        >>> claim.stated_on.isoformat(), claim.stated_on_precision, claim.stated_text
        ('2026-02-01', <Precision.MONTH: 'month'>, '2026-02')
    """

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Relation(enum.StrEnum):
    """The claimant's relation to the subject of its claim (derived, never stored).

    Example:
        >>> import conflictdata
        >>> claim = next(c for c in conflictdata.claims() if c.value == 55000)
        >>> claim.claimant_side, claim.subject_side, claim.relation
        ('UA', 'UA', <Relation.SELF: 'self'>)
    """

    SELF = "self"
    ADVERSARY = "adversary"
    THIRD_PARTY = "third_party"
