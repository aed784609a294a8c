"""Opening a Relance database: checks, pragmas, migrations and the one write path."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from store.errors import DatabaseError
from store.migrations import APPLICATION_ID, LATEST_VERSION, migrate

BUSY_TIMEOUT_MS = 5000
WRITE_RETRY_SECONDS = 10.0
NEW_FILE_MODE = 0o660


def default_path() -> Path:
    """Where the database lives when neither ``--db`` nor ``RELANCE_DB`` says otherwise."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "relance" / "relance.db"


def connect(path: Path | str, *, create: bool = True, migrate_schema: bool = True) -> sqlite3.Connection:
    """Open (and when asked create) a Relance database, checked and migrated.

    Raises :class:`DatabaseError` with a one-line French message for every way the path can be
    wrong: a directory, an unwritable folder, a file that is not SQLite, a corrupt file, a
    database of another application or of a newer Relance. No existing file is ever replaced.
    """
    path = Path(path)
    try:
        return _connect(path, create=create, migrate_schema=migrate_schema)
    except OSError as exc:  # a folder on the way we may not even look into
        raise DatabaseError(f"{path} : accès impossible ({exc.strerror}).") from exc


def _connect(path: Path, *, create: bool, migrate_schema: bool) -> sqlite3.Connection:
    if path.is_dir():
        raise DatabaseError(f"{path} est un dossier, pas une base Relance.")
    is_new = not path.exists()
    if is_new:
        if not create:
            raise DatabaseError(f"{path} n'existe pas.")
        _create_file(path)
    elif not os.access(path, os.R_OK):
        raise DatabaseError(f"{path} : lecture non autorisée.")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path} : impossible d'ouvrir la base ({exc}).") from exc
    try:
        _check_identity(conn, path, is_new)
        _configure(conn, path)
        if migrate_schema:
            migrate(conn)
            _restore_deferred_indexes(conn)
    except DatabaseError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(describe_sqlite_error(path, exc)) from exc
    return conn


def _restore_deferred_indexes(conn: sqlite3.Connection) -> None:
    """Indexes a killed import left off are built again before the base is used."""
    from store.deferred_indexes import restore_orphans  # it writes through write() below

    with suppress(DatabaseError, sqlite3.Error):  # busy, read-only: the data is whole, only slower
        restore_orphans(conn)


def pending_migrations(path: Path | str) -> int:
    """How many migrations an existing Relance database lacks (0 when it lacks none, or is not
    one: :func:`connect` says what is wrong with it). Reads only, without taking any lock."""
    path = Path(path)
    try:
        if not path.is_file():
            return 0
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):  # a folder we may not look into: connect says so
        return 0
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        conn.close()
    return LATEST_VERSION - version if application_id == APPLICATION_ID and version else 0


def describe_sqlite_error(path: Path | str, exc: sqlite3.Error) -> str:
    """One French line for an SQLite failure on ``path``."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return f"{path} n'est pas une base SQLite valide (fichier corrompu ou d'un autre type)."
    if "readonly" in text or "unable to open" in text:
        return f"{path} : écriture impossible (droits du fichier ou du dossier ?)."
    if "locked" in text or "busy" in text:
        return f"{path} : base occupée par une autre session, réessayez."
    return f"{path} : erreur de base de données ({text})."


def _create_file(path: Path) -> None:
    parent = path.parent
    if not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"impossible de créer le dossier {parent} ({exc.strerror}).") from exc
    if not parent.is_dir():
        raise DatabaseError(f"{parent} n'est pas un dossier.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DatabaseError(f"le dossier {parent} n'est pas accessible en écriture.")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, NEW_FILE_MODE)
    except OSError as exc:
        raise DatabaseError(f"impossible de créer {path} ({exc.strerror}).") from exc
    os.close(fd)
    os.chmod(path, NEW_FILE_MODE)  # the umask must not take the group's write access away


def _check_identity(conn: sqlite3.Connection, path: Path, is_new: bool) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application_id == 0 and tables == 0:
        return  # a new or empty file: migrations will make it a Relance database
    if application_id != APPLICATION_ID:
        raise DatabaseError(f"{path} est une base SQLite qui n'appartient pas à Relance.")
    if version > LATEST_VERSION:
        raise DatabaseError(
            f"{path} a été écrite par une version plus récente de Relance "
            f"(schéma {version}, celle-ci connaît {LATEST_VERSION}) : mettez Relance à jour."
        )


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise DatabaseError(f"{path} : impossible de passer la base en mode WAL ({mode}).")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The one write path: ``BEGIN IMMEDIATE`` (retried while busy, within a bound), commit or
    roll back.

    A deferred transaction that reads then writes fails with SQLITE_BUSY whatever the timeout,
    so every write starts by taking the write lock.
    """
    if conn.in_transaction:
        yield conn  # nested: the outer write owns the transaction
        return
    deadline = time.monotonic() + WRITE_RETRY_SECONDS
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise DatabaseError("base occupée par une autre session, réessayez.") from exc
            time.sleep(random.uniform(0.01, 0.05))
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
