"""conflictdata: war casualty figures as typed, versioned, cited claims.

Everything public is importable from here. Importing the package loads neither pandas, numpy nor
pooch; they load when a table or a download is first asked for.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from .data.datapackage import claims_datapackage
from .data.diff import diff_claims
from .data.fetching import cache_dir, cached_files, clear_cache, fetch, write_mirror
from .data.general_staff import general_staff_claims, general_staff_corrections, load_general_staff
from .data.loaders import claims, load_claims
from .data.registry import DatasetFile, DatasetInfo, DatasetVersion, dataset, datasets
from .exceptions import (
    CacheError,
    ConfigurationError,
    ConflictDataError,
    ConversionError,
    DataIntegrityError,
    DataUnavailableError,
    DataValidationError,
    InvalidClaimsFileError,
    MixedClaimsError,
    NoMajorityError,
    UnknownDatasetError,
)
from .method.calibration import calibrate
from .method.consensus import METHODS, TIERS, Consensus, consensus, consensus_series
from .method.evaluation import Evaluation
from .method.intervals import Interval
from .method.posterior import (
    Estimate,
    PosteriorEvaluation,
    estimate,
    estimate_series,
    posterior_evaluation,
)
from .method.ranges import plausible_range, plausible_ranges
from .method.reporting import ReportingModel
from .schema.claims_csv import (
    claim_cells,
    claims_table_schema,
    parse_claims_csv,
    read_claims_csv,
    write_claims_csv,
)
from .schema.records import (
    CLAIM_COLUMNS,
    EARLIEST_DATE,
    KNOWN_CONFLICTS,
    LATEST_DATE,
    MAX_COUNT,
    Claim,
    Column,
    Conflict,
    claims_about,
    register_conflict,
)
from .schema.tables import claims_dtypes, claims_from_frame, claims_to_frame
from .schema.validation import Problem, ValidationReport, read_claims, validate_claims
from .schema.vocabularies import (
    THIRD_PARTY,
    Basis,
    Measure,
    Population,
    Precision,
    Qualifier,
    Relation,
)

if TYPE_CHECKING:
    from collections.abc import Iterable


def evaluate(
    claims: Iterable[Claim] | None = None, *, model: ReportingModel | None = None
) -> Evaluation:
    """Evaluate the methods against the independent references in the claims (section 8.5).

    Leave each reference statement out, answer its quantity on its date from the rest (with
    hindsight, as known then, and as known 90 and 180 days before), and compare the robust and
    strict methods with two baselines; inject faults and count the falsetickers. See
    :mod:`conflictdata.method.evaluation`.

    Args:
        claims: The claims (default: the bundled claims, :func:`claims`).
        model: The reporting model (default: ``ReportingModel()``).

    Returns:
        The evaluation, with its ``answers``, ``summary`` and ``faults`` tables.

    Example:
        >>> import conflictdata
        >>> evaluation = conflictdata.evaluate()
        >>> robust = evaluation.summary.set_index(["method", "mode"]).loc["robust"]
        >>> int(robust.loc["hindsight", "below_upper_n"]) > 0
        True
    """
    from .method.evaluation import evaluate as evaluate_claims

    return evaluate_claims(globals()["claims"]() if claims is None else claims, model=model)


try:
    __version__ = version("conflictdata")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

#: The newest data version of the claims dataset. Read from the registry on first use (see
#: ``__getattr__``), so that importing the package reads no data file.
CLAIMS_VERSION: str


def __getattr__(name: str) -> str:
    if name == "CLAIMS_VERSION":
        return dataset("claims").version().version
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "CLAIMS_VERSION",
    "CLAIM_COLUMNS",
    "EARLIEST_DATE",
    "KNOWN_CONFLICTS",
    "LATEST_DATE",
    "MAX_COUNT",
    "METHODS",
    "THIRD_PARTY",
    "TIERS",
    "Basis",
    "CacheError",
    "Claim",
    "Column",
    "ConfigurationError",
    "Conflict",
    "ConflictDataError",
    "Consensus",
    "ConversionError",
    "DataIntegrityError",
    "DataUnavailableError",
    "DataValidationError",
    "DatasetFile",
    "DatasetInfo",
    "DatasetVersion",
    "Estimate",
    "Evaluation",
    "Interval",
    "InvalidClaimsFileError",
    "Measure",
    "MixedClaimsError",
    "NoMajorityError",
    "Population",
    "PosteriorEvaluation",
    "Precision",
    "Problem",
    "Qualifier",
    "Relation",
    "ReportingModel",
    "UnknownDatasetError",
    "ValidationReport",
    "__version__",
    "cache_dir",
    "cached_files",
    "calibrate",
    "claim_cells",
    "claims",
    "claims_about",
    "claims_datapackage",
    "claims_dtypes",
    "claims_from_frame",
    "claims_table_schema",
    "claims_to_frame",
    "clear_cache",
    "consensus",
    "consensus_series",
    "dataset",
    "datasets",
    "diff_claims",
    "estimate",
    "estimate_series",
    "evaluate",
    "fetch",
    "general_staff_claims",
    "general_staff_corrections",
    "load_claims",
    "load_general_staff",
    "parse_claims_csv",
    "plausible_range",
    "plausible_ranges",
    "posterior_evaluation",
    "read_claims",
    "read_claims_csv",
    "register_conflict",
    "validate_claims",
    "write_claims_csv",
    "write_mirror",
]
