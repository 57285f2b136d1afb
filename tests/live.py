"""Helpers for tests and benchmarks that start a real server on loopback."""

from __future__ import annotations

import re
import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_database(base_url: str, name: str) -> str:
    """A fresh, empty database `name` on the PostgreSQL server of `base_url`; its URL."""
    import psycopg

    url = base_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return re.sub(r"/[^/?]+(\?|$)", f"/{name}\\1", url, count=1)
