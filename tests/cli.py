"""Running the real ``relance`` console script for tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def relance_command() -> list[str]:
    """The installed ``relance`` script beside this interpreter."""
    script = Path(sys.executable).parent / "relance"
    if script.exists():
        return [str(script)]
    found = shutil.which("relance")
    assert found, "the relance console script is not installed (pip install -e .)"
    return [found]


def run_relance(*args: str, env: dict[str, str] | None = None, timeout: float = 120
                ) -> subprocess.CompletedProcess[str]:
    """Run ``relance ARGS`` to completion and capture what it says."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*relance_command(), *args], capture_output=True, text=True, env=full_env,
        timeout=timeout, check=False, stdin=subprocess.DEVNULL,
    )
