"""Small helpers shared by test modules."""

from __future__ import annotations

import subprocess
import sys


def python_output(code: str) -> str:
    """Run ``code`` in a fresh interpreter (so imports start from nothing); its stdout, stripped."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()
