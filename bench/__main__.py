"""``make bench``: every figure the issues name, on one demo dealership built once.

    python -m bench [--clients N] [--db PATH]
                    [--only demo,startup,rules,search,search_app,import,reports,calls]

The demo (``relance demo``: generation, search keys, a full rules run) is built the first time
in ``var/bench-N.db`` and reused afterwards; each bench then runs in its own process, so that
its peak memory is its own. Benches that change data (the rules bench resets the reminders)
work on a copy. Figures are printed, never asserted: these are measurements, not tests.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
BENCHES = ("demo", "startup", "rules", "search", "search_app", "import", "reports", "calls")


def _relance() -> str:
    return shutil.which("relance") or str(Path(sys.executable).parent / "relance")


def _files(db: Path) -> list[Path]:
    """The database and its WAL companions."""
    return [p for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")) if p.exists()]


def _run(label: str, command: Sequence[str]) -> float:
    """Run one bench in a child process, its output shown as it comes; returns the seconds."""
    print(f"\n== {label}: {' '.join(command)}", flush=True)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.perf_counter() - start


def bench_demo(db: Path, clients: int) -> None:
    if db.exists():
        print(f"\n== demo: {db} exists, reused ({sum(p.stat().st_size for p in _files(db)) / 1e6:,.0f} MB)")
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    seconds = _run("demo", [_relance(), "demo", "--db", str(db), "--clients", str(clients),
                            "--today", TODAY])
    size_mb = sum(p.stat().st_size for p in _files(db)) / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"demo: {clients:,} clients in {seconds:.1f} s (generation, search keys and a full rules "
          f"run): {clients / seconds:,.0f} clients/s, file {size_mb:,.0f} MB, peak RSS {peak_mb:,.0f} MB")


def bench_startup(db: Path) -> None:
    python = sys.executable
    _run("startup, bare Textual app", [python, "-m", "bench.startup", "--bare", "--runs", "5"])
    _run("startup, empty database", [python, "-m", "bench.startup", "--runs", "5"])
    _run("startup, demo", [python, "-m", "bench.startup", "--db", str(db), "--runs", "5"])


def _on_a_copy(db: Path, bench: str, *options: str) -> None:
    """Run ``bench.<bench>`` on a copy of the demo: it writes (resets reminders, logs calls, the
    real app runs the rules)."""
    copy = db.with_name(f"{db.stem}-{bench}.db")
    for source in _files(db):
        shutil.copyfile(source, copy.with_name(copy.name + source.name[len(db.name):]))
    try:
        _run(bench, [sys.executable, "-m", f"bench.bench_{bench}", "--db", str(copy), *options])
    finally:
        for path in _files(copy):
            path.unlink()


def bench_rules(db: Path) -> None:
    _on_a_copy(db, "rules", "--today", TODAY, "--floor")


def bench_calls(db: Path) -> None:
    _on_a_copy(db, "calls", "--today", TODAY)


def bench_search_app(db: Path) -> None:
    """The real app's memory after searching, in tmux (the README's figure)."""
    _on_a_copy(db, "search_app", "--queries", "120", "--runs", "3")


def bench_search(db: Path) -> None:
    _run("search", [sys.executable, "-m", "bench.bench_search", "--db", str(db)])


def bench_import(clients: int) -> None:
    _run("import", [sys.executable, "-m", "bench.bench_import", "--rows", str(clients)])


def bench_reports(db: Path) -> None:
    _run("reports", [sys.executable, "-m", "bench.bench_reports", "--db", str(db), "--today", TODAY])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1_000_000,
                        help="size of the demo dealership (and rows of the import file)")
    parser.add_argument("--db", type=Path, help="the demo database (default: var/bench-N.db)")
    parser.add_argument("--only", default=",".join(BENCHES),
                        help=f"comma-separated benches among {', '.join(BENCHES)}")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(BENCHES))
    if unknown:
        parser.error(f"unknown bench {', '.join(unknown)}; choose among {', '.join(BENCHES)}")
    db: Path = args.db or ROOT / "var" / f"bench-{args.clients}.db"
    steps: dict[str, Callable[[], None]] = {
        "demo": lambda: bench_demo(db, args.clients),
        "startup": lambda: bench_startup(db),
        "rules": lambda: bench_rules(db),
        "search": lambda: bench_search(db),
        "search_app": lambda: bench_search_app(db),
        "import": lambda: bench_import(args.clients),
        "reports": lambda: bench_reports(db),
        "calls": lambda: bench_calls(db),
    }
    if "demo" not in chosen and not db.exists():
        chosen.insert(0, "demo")  # every other bench reads the demo
    start = time.perf_counter()
    try:
        for name in BENCHES:
            if name in chosen:
                steps[name]()
    except subprocess.CalledProcessError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    print(f"\nbench: {', '.join(n for n in BENCHES if n in chosen)} in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
