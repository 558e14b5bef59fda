"""conflictdata: war casualty figures as typed, versioned, cited claims.

Everything public is importable from here. Importing the package loads neither pandas, numpy nor
pooch; they load when a table or a download is first asked for.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .claims_csv import (
    claim_cells,
    claims_table_schema,
    parse_claims_csv,
    read_claims_csv,
    write_claims_csv,
)
from .exceptions import (
    ConflictDataError,
    DataIntegrityError,
    DataUnavailableError,
    DataValidationError,
    UnknownDatasetError,
)
from .loaders import CLAIMS_VERSION, claims, load_claims
from .records import CLAIM_COLUMNS, KNOWN_CONFLICTS, Claim, Column, Conflict, register_conflict
from .tables import claims_dtypes, claims_from_frame, claims_to_frame
from .vocabularies import (
    THIRD_PARTY,
    Basis,
    Measure,
    Population,
    Precision,
    Qualifier,
    Relation,
)

try:
    __version__ = version("conflictdata")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "CLAIMS_VERSION",
    "CLAIM_COLUMNS",
    "KNOWN_CONFLICTS",
    "THIRD_PARTY",
    "Basis",
    "Claim",
    "Column",
    "Conflict",
    "ConflictDataError",
    "DataIntegrityError",
    "DataUnavailableError",
    "DataValidationError",
    "Measure",
    "Population",
    "Precision",
    "Qualifier",
    "Relation",
    "UnknownDatasetError",
    "__version__",
    "claim_cells",
    "claims",
    "claims_dtypes",
    "claims_from_frame",
    "claims_table_schema",
    "claims_to_frame",
    "load_claims",
    "parse_claims_csv",
    "read_claims_csv",
    "register_conflict",
    "write_claims_csv",
]
