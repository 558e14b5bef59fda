"""The package's public face: exports, version, and a light import."""

from __future__ import annotations

import inspect
import tomllib
import types
from pathlib import Path

import pytest
import yaml

import conflictdata as cd
from conflictdata import cli

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
            "print(sorted(m for m in ('pandas', 'numpy', 'pooch', 'requests') if m in sys.modules))"
        )
        assert python_output(code) == "[]"

    def test_claims_records_need_no_pandas(self) -> None:
        code = "import sys, conflictdata; conflictdata.claims(); print('pandas' in sys.modules)"
        assert python_output(code) == "False"


def test_citation_file_matches_the_package() -> None:
    root = Path(__file__).parent.parent
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["cff-version"] == "1.2.0"
    assert citation["license"] == project["license"]
    assert [author["name"] for author in citation["authors"]] == [
        author["name"] for author in project["authors"]
    ]
    assert citation["keywords"] == project["keywords"]
    assert "conflictdata cite" in citation["message"]


def _public_callables() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = [("cli.main", cli.main)]
    found.append(("cli.build_parser", cli.build_parser))
    for name in cd.__all__:
        obj = getattr(cd, name)
        if callable(obj):
            found.append((name, obj))
        if isinstance(obj, type):
            for member, value in vars(obj).items():
                if not member.startswith("_") and isinstance(
                    value, types.FunctionType | classmethod | staticmethod
                ):
                    found.append((f"{name}.{member}", getattr(obj, member)))
    return found


@pytest.mark.parametrize("name", [name for name, _ in _public_callables()])
def test_every_public_callable_has_an_example(name: str) -> None:
    obj = dict(_public_callables())[name]
    assert ">>>" in (inspect.getdoc(obj) or ""), f"{name} has no example in its docstring"
