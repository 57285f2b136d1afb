"""Configuration: class defaults < instance/config.py < environment variables.

Every variable read here is documented in the README ("Configuration").
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, got {value!r}") from None


class Config:
    """Defaults that suit a coach running Rebound on a laptop in the room."""

    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled from the instance folder
    # hide_parameters keeps typed text out of error messages and logs.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Public address encoded in the QR code; empty means "work it out from the request".
    PUBLIC_URL = ""

    # Cookies: "auto" marks cookies Secure whenever the request came in over HTTPS.
    COOKIE_SECURE = "auto"
    SESSION_COOKIE_NAME = "rebound_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 60 * 60
    PARTICIPANT_COOKIE_NAME = "rebound_participant"
    DEVICE_COOKIE_NAME = "rebound_device"  # only counts a browser's wrong join codes

    # CSRF tokens must outlive a long workshop (the session itself ends at logout).
    WTF_CSRF_TIME_LIMIT = 12 * 60 * 60
    WTF_CSRF_SSL_STRICT = True

    # Request size: stories are short; nothing legitimate comes close to this.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_PARTS = 200
    MAX_FORM_MEMORY_SIZE = 64 * 1024

    # Rate limits (Flask-Limiter syntax). Storage is in-process unless a Redis URL is given.
    # If Redis cannot be reached, each process counts in its own memory until it is back
    # (checked again every few seconds), so an outage never turns a request into an error.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    # Wrong join codes: per browser (its device cookie), and per address, where a whole room
    # on one Wi-Fi shares the budget; right codes and phones that joined never count.
    JOIN_RATE_LIMIT = "10 per minute;40 per hour"
    JOIN_ADDRESS_RATE_LIMIT = "60 per minute;600 per hour"
    RECOVER_RATE_LIMIT = "10 per minute;40 per hour"

    # Behind a reverse proxy: how many proxies set X-Forwarded-* headers (0 = none trusted).
    PROXY_FIX = 0
    TRUSTED_HOSTS: list[str] | None = None

    # The app erases expired workshops by itself at start and about this often (seconds),
    # whichever process or host gets there first; 0 leaves it to `purge-expired` from cron.
    ERASE_EXPIRED_EVERY = 3600

    # The board reveals new counts at most this often (and only once k people added something).
    BOARD_REFRESH_SECONDS = 5

    # Minutes after opening with nobody joined before the projector suggests a way around the
    # Wi-Fi (guest networks often keep phones from reaching the laptop).
    LOBBY_HINT_MINUTES = 3

    # Plans: "pool" renders PDFs in a small in-app process pool; "rq" uses Redis + RQ workers.
    PDF_QUEUE = "pool"
    PDF_WORKERS = 2
    REDIS_URL = ""
    # The longest one plan may take in an RQ worker; a job running longer, or whose worker
    # died, is stopped and sent again. A plan takes well under a second.
    PDF_JOB_TIMEOUT = 60

    LOG_LEVEL = "INFO"

    # Phones fetch the stylesheet, script and htmx once an hour, not on every page.
    SEND_FILE_MAX_AGE_DEFAULT = 3600

    # GET /bench/hello, a bare route the benchmarks compare against (off in real use).
    BENCHMARK_ROUTES = False


def _secret_key(instance_path: Path) -> str:
    """Read instance/secret_key, creating it on first run (safe when workers race)."""
    path = instance_path / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_hex(32)
        handle.write(key + "\n")
    return key


def private_sqlite_files(database: str | None) -> None:
    """Only the app's own user may read the database: the file is created 0600 before SQLite
    opens it (SQLite gives its -wal and -shm files the same mode), and an older file that
    others could read is tightened."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError:  # no such folder yet, or not ours: SQLite reports it when it opens the file
        return
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except OSError:
            pass


def apply_environment(config: dict) -> None:
    """Override settings from the environment (the last word, after instance/config.py)."""
    strings = {
        "SECRET_KEY": "SECRET_KEY",
        "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
        "PUBLIC_URL": "PUBLIC_URL",
        "COOKIE_SECURE": "COOKIE_SECURE",
        "RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
        "LOGIN_RATE_LIMIT": "LOGIN_RATE_LIMIT",
        "JOIN_RATE_LIMIT": "JOIN_RATE_LIMIT",
        "JOIN_ADDRESS_RATE_LIMIT": "JOIN_ADDRESS_RATE_LIMIT",
        "RECOVER_RATE_LIMIT": "RECOVER_RATE_LIMIT",
        "PDF_QUEUE": "PDF_QUEUE",
        "REDIS_URL": "REDIS_URL",
        "LOG_LEVEL": "LOG_LEVEL",
    }
    for env_name, key in strings.items():
        value = os.environ.get(env_name)
        if value:
            config[key] = value
    for env_name in (
        "PROXY_FIX",
        "PDF_WORKERS",
        "PDF_JOB_TIMEOUT",
        "MAX_CONTENT_LENGTH",
        "BOARD_REFRESH_SECONDS",
        "LOBBY_HINT_MINUTES",
        "ERASE_EXPIRED_EVERY",
    ):
        if os.environ.get(env_name):
            config[env_name] = env_int(env_name, config[env_name])
    config["BENCHMARK_ROUTES"] = env_bool("REBOUND_BENCHMARK_ROUTES", config["BENCHMARK_ROUTES"])
    hosts = os.environ.get("TRUSTED_HOSTS")
    if hosts:
        config["TRUSTED_HOSTS"] = [h.strip() for h in hosts.split(",") if h.strip()]


def finish(config: dict, instance_path: Path) -> None:
    """Fill in what depends on the instance folder and normalise a few values."""
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _secret_key(instance_path)
    uri = config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        uri = f"sqlite:///{instance_path / 'rebound.sqlite3'}"
    if uri.startswith("postgres://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgres://")
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):  # a local file never drops a connection: no ping per checkout
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {**config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False}
        private_sqlite_files(make_url(uri).database)
    elif uri.startswith("postgresql"):  # a database host that vanished fails a request in seconds
        options = config["SQLALCHEMY_ENGINE_OPTIONS"]
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"connect_timeout": 5}, **options}
    if config.get("REDIS_URL") and config.get("RATELIMIT_STORAGE_URI") == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        # Fail fast and fall back to memory, rather than redis-py's ten retries per call.
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS",
            {"socket_connect_timeout": 1, "socket_timeout": 1, "retry": Retry(NoBackoff(), 1)},
        )
    if config.get("PUBLIC_URL"):
        config["PUBLIC_URL"] = config["PUBLIC_URL"].rstrip("/")
    if config["PDF_QUEUE"] not in {"pool", "rq"}:
        raise RuntimeError("PDF_QUEUE must be 'pool' or 'rq'")
    if config["PDF_QUEUE"] == "rq" and not config.get("REDIS_URL"):
        raise RuntimeError("PDF_QUEUE=rq needs REDIS_URL")
    if config["PDF_JOB_TIMEOUT"] < 1:
        raise RuntimeError("PDF_JOB_TIMEOUT must be at least 1 (seconds)")
