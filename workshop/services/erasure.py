"""What an erase leaves on disk, and how it is made to leave nothing.

Deleted rows are overwritten inside SQLite's pages (PRAGMA secure_delete, set on every
connection in create_app), but the write-ahead log beside the database still holds the
pages as they were before the delete. After every erase the log is copied back into the
database and truncated to nothing, so an erased story is not left in `*.sqlite3-wal`.
PostgreSQL keeps dead rows until VACUUM instead (README, "Threat model").
"""

from __future__ import annotations

from sqlalchemy import text

from ..extensions import db


def scrub_log() -> bool:
    """SQLite: checkpoint the write-ahead log and truncate it; True when it is empty now.

    It waits (busy_timeout) for readers of older snapshots to finish; if one is still
    reading after that, the log is left for the next erase or the hourly retention check.
    """
    if db.engine.dialect.name != "sqlite":
        return True
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        busy, _log_frames, _copied = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    return busy == 0


def reclaim_space() -> None:
    """SQLite: fold the log back in, shrink the file (VACUUM), and empty the log again."""
    if db.engine.dialect.name != "sqlite":
        return
    scrub_log()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM"))
    scrub_log()
