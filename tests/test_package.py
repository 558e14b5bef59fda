"""The package's public face: exports, version, and a light import."""

from __future__ import annotations

import conflictdata as cd

from .helpers import python_output


class TestPublicApi:
    """Everything public is importable from the top level, listed in a sorted __all__."""

    def test_all_sorted_and_importable(self) -> None:
        # isort style, as ruff keeps it: CONSTANTS, then Classes, then functions
        def kind(name: str) -> tuple[int, str]:
            return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

        assert list(cd.__all__) == sorted(cd.__all__, key=kind)
        for name in cd.__all__:
            assert hasattr(cd, name), name

    def test_version(self) -> None:
        assert cd.__version__
        assert cd.__version__ != "0.0.0+unknown"

    def test_errors_subclass_base_and_builtin(self) -> None:
        assert issubclass(cd.DataValidationError, cd.ConflictDataError)
        assert issubclass(cd.DataValidationError, ValueError)
        assert issubclass(cd.UnknownDatasetError, KeyError)
        assert issubclass(cd.DataIntegrityError, ValueError)
        assert issubclass(cd.DataUnavailableError, OSError)
        for error in (cd.ConversionError, cd.MixedClaimsError):
            assert issubclass(error, cd.ConflictDataError)
            assert issubclass(error, ValueError)


class TestLightImport:
    """import conflictdata loads neither pandas, numpy nor pooch."""

    def test_heavy_modules_not_imported(self) -> None:
        code = (
            "import sys, conflictdata; "
            "heavy = ('pandas', 'numpy', 'pooch', 'requests', 'scipy'); "
            "print(sorted(m for m in heavy if m in sys.modules))"
        )
        assert python_output(code) == "[]"

    def test_claims_records_need_no_pandas(self) -> None:
        code = "import sys, conflictdata; conflictdata.claims(); print('pandas' in sys.modules)"
        assert python_output(code) == "False"
