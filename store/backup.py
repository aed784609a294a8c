"""Backup while others write, and a restore that never leaves a half-written database.

The copy uses SQLite's online backup API in one step: it reads one consistent snapshot (WAL
lets the other sessions keep writing meanwhile). Both backup and restore write a temporary
file beside the destination, check it, and rename it into place.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from store.db import NEW_FILE_MODE, connect
from store.errors import StoreError
from store.migrations import APPLICATION_ID

IN_USE_TIMEOUT_S = 0.5


class BackupError(StoreError):
    """The backup or the restore cannot be done; the message says why, in French."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    row_counts: dict[str, int]
    size: int


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table, read in one transaction."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}


def _temp_beside(target: Path) -> Path:
    folder = target.parent
    if not folder.is_dir():
        raise BackupError(f"le dossier {folder} n'existe pas.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupError(f"le dossier {folder} n'est pas accessible en écriture.")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    os.chmod(name, NEW_FILE_MODE)
    return Path(name)


def _check_copy(path: Path) -> dict[str, int]:
    """Integrity check and row counts of a finished copy; a single-file (rollback journal) base."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"{path} : la copie est corrompue ({result}).")
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise BackupError(f"{path} n'est pas une base Relance.")
        conn.execute("BEGIN")
        counts = table_counts(conn)
        conn.execute("ROLLBACK")
        return counts
    finally:
        conn.close()


def _copy(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(dest, pages=-1)  # one step: one snapshot, consistent
    finally:
        dest.close()


def backup(db_path: Path, dest: Path) -> BackupResult:
    """Copy the database at ``db_path`` to ``dest`` (a file, or a folder where a dated file is
    made); checked with ``PRAGMA integrity_check`` before it gets its name."""
    if dest.is_dir():
        dest = dest / f"relance-{datetime.now(UTC):%Y%m%d-%H%M%S}.db"
    if dest.exists():
        raise BackupError(f"{dest} existe déjà : choisissez un autre nom ou un dossier.")
    if dest.resolve() == db_path.resolve():
        raise BackupError("la sauvegarde ne peut pas remplacer la base elle-même.")
    source = connect(db_path, create=False)
    temp = _temp_beside(dest)
    try:
        _copy(source, temp)
        counts = _check_copy(temp)
        os.replace(temp, dest)
    except sqlite3.Error as exc:
        raise BackupError(f"{dest} : sauvegarde impossible ({exc}).") from exc
    finally:
        source.close()
        temp.unlink(missing_ok=True)
    return BackupResult(path=dest, row_counts=counts, size=dest.stat().st_size)


def lock_if_unused(db_path: Path) -> sqlite3.Connection | None:
    """A connection holding the database exclusively, or None when another session has it open.

    Leaving WAL mode needs to be the only connection: the attempt fails while any other session
    (even an idle one) holds the file. The exclusive transaction then keeps newcomers out.
    """
    conn = sqlite3.connect(db_path, timeout=IN_USE_TIMEOUT_S, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            conn.close()
            return None
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError:
        conn.close()
        return None
    return conn


def _open_backup(path: Path) -> sqlite3.Connection:
    """The backup, read only: restoring must not change it."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            conn.close()
            raise BackupError(f"{path} n'est pas une sauvegarde Relance.")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} n'est pas une base SQLite lisible ({exc}).") from exc
    return conn


def restore(source_path: Path, db_path: Path, force: bool = False) -> BackupResult:
    """Replace the database at ``db_path`` by the backup ``source_path``.

    Refused while another session uses the database unless ``force``; the backup is copied and
    checked beside the database first, then renamed over it in one step.
    """
    if not source_path.is_file():
        raise BackupError(f"{source_path} : sauvegarde introuvable.")
    source = _open_backup(source_path)
    temp = _temp_beside(db_path)
    holder: sqlite3.Connection | None = None
    try:
        _copy(source, temp)
        counts = _check_copy(temp)
        if db_path.exists():
            holder = lock_if_unused(db_path)
            if holder is None and not force:
                raise BackupError(
                    f"{db_path} est ouverte par une autre session : fermez-la (ou ajoutez --force, "
                    "ses écritures en cours seraient perdues).")
        os.replace(temp, db_path)
        for leftover in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()  # they belong to the replaced file: applied to this one, corruption
    except sqlite3.Error as exc:
        raise BackupError(f"{db_path} : restauration impossible ({exc}).") from exc
    finally:
        if holder is not None:
            holder.close()
        source.close()
        temp.unlink(missing_ok=True)
    return BackupResult(path=db_path, row_counts=counts, size=db_path.stat().st_size)
