"""``make bench`` itself: it builds its demo once, reuses it, and refuses an unknown bench."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


def test_bench_builds_the_demo_once_then_reuses_it(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    first = _bench("--clients", "300", "--db", str(db), "--only", "demo")
    assert first.returncode == 0, first.stderr
    assert "300 clients in" in first.stdout
    assert "clients/s" in first.stdout
    assert db.exists()
    again = _bench("--clients", "300", "--db", str(db), "--only", "demo")
    assert again.returncode == 0, again.stderr
    assert "exists, reused" in again.stdout


def test_bench_refuses_an_unknown_bench(tmp_path: Path) -> None:
    result = _bench("--db", str(tmp_path / "x.db"), "--only", "demo,speed")
    assert result.returncode == 2
    assert "unknown bench speed" in result.stderr
    assert not (tmp_path / "x.db").exists()
