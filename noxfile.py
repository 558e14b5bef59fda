"""Development tasks. ``nox`` with no arguments runs the offline set: tests, lint, typecheck,
docs and build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests", "lint", "typecheck", "docs", "build"]
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
ROOT = Path(__file__).parent


def _group(name: str) -> list[str]:
    return nox.project.dependency_groups(PYPROJECT, name)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (and the docstring examples) on the installed package."""
    session.install(".", *_group("tests"))
    session.run(
        "pytest",
        "--doctest-modules",
        "--pyargs",
        "conflictdata",
        "tests",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "ci"},
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, and the import contracts (pyproject's importlinter)."""
    session.install(".", *_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package, and the typing examples in tests/typing."""
    session.install("-e", ".", *_group("typecheck"))
    session.run("mypy")
    session.run("mypy", "--strict", "tests/typing")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs with warnings as errors, run the docs' doctests, then open the site in
    headless Chromium (docs/tests): pages render with their tables and figures, links hold."""
    session.install(".", *_group("docs"))
    build = ROOT / "docs" / "_build"
    shutil.rmtree(build, ignore_errors=True)
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build", "-n", "-W", "--keep-going", "-b", builder, "docs", str(build / builder)
        )
    _ensure_chromium(session)
    session.run(
        "pytest",
        "docs/tests",
        "-p",
        "no:cacheprovider",
        env={"CONFLICTDATA_DOCS_HTML": str(build / "html")},
    )


def _ensure_chromium(session: nox.Session) -> None:
    # Debian's chromium package; installed here when missing and apt-get can run (as root). Where
    # it cannot be had, the browser tests skip and say why.
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        session.warn("chromium is missing and cannot be installed here: browser tests skip")
        return
    session.run("apt-get", "update", "-qq", external=True)
    session.run(
        "apt-get",
        "install",
        "-y",
        "-qq",
        "chromium",
        external=True,
        env={"DEBIAN_FRONTEND": "noninteractive"},
    )


@nox.session
def release_data(session: nox.Session) -> None:
    """Release claims data: ``-- VERSION CSV``; or ``-- --refresh VERSION`` to re-record the hash
    and row count of an unreleased version edited in place. See tools/release_data.py."""
    session.install("-e", ".")
    session.run("python", "tools/release_data.py", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build wheel and sdist, install the wheel in a fresh venv and use its bundled data."""
    session.install("build")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    wheel = next(dist.glob("*.whl"))
    venv = Path(session.create_tmp()) / "wheel-venv"
    session.run("python", "-m", "venv", "--clear", str(venv))
    python = str(venv / "bin" / "python")
    session.run(python, "-m", "pip", "install", "--quiet", str(wheel), external=True)
    session.run(
        python,
        "-c",
        # the registry and every bundled claims version ship in the wheel and match their hashes
        "import conflictdata as cd; print([len(cd.claims(v.version)) for v in"
        " cd.dataset('claims').versions], [d.name for d in cd.datasets()])",
        external=True,
    )
    session.run(str(venv / "bin" / "conflictdata"), "summary", external=True, silent=True)
