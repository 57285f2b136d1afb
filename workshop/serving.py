"""Gunicorn settings for `make run` and production (`gunicorn -c python:workshop.serving`).

Tuned for a 2-core laptop serving a room of phones that poll every two seconds; see the
README's "Deploying" section for the measurements behind these numbers.
"""

import os

from workshop.network import lan_address
from workshop.network_check import check_lines

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = 30
graceful_timeout = 10
# Rebound writes its own structured request log (workshop/logs.py).
accesslog = None
# Build the app once in the master and fork the workers from it: one import instead of one
# per worker, and the workers share the loaded code and word lists (create_app opens no
# database connection, so nothing unsafe is inherited).
preload_app = True


def warm_up() -> None:
    """Load redaction's word lists and the theme patterns before the workers fork, so the
    first story of the day does not wait for them (about 0.5 s of loading otherwise)."""
    from workshop.services.redaction import redact
    from workshop.services.themes import load_taxonomy, match_story

    redact("Warm-up: Sam Lee from Example Ltd wrote to sam@example.org on 020 7946 0000.", ["Example Ltd"])
    match_story("warm-up: they never gave me any feedback", load_taxonomy(), [])


def upgrade_database(server) -> None:
    """`make run` applies the migrations here, in the master, with the app it already loaded
    (the same as `flask db upgrade`, without importing everything a second time)."""
    from flask_migrate import upgrade

    app = server.app.wsgi()
    with app.app_context():
        upgrade()


def post_worker_init(worker) -> None:
    """Each worker starts its timer for the app's own chores (erasing expired workshops) and
    its render-ahead thread as soon as it is up, not at its first request; the database and a
    lock file decide which one does the work."""
    from workshop import ahead, chores

    app = worker.app.wsgi()
    chores.start(app)
    ahead.start(app)


def when_ready(server) -> None:
    """Runs in the master before the workers start: migrate (for `make run`), warm up,
    then tell the coach which address the phones in the room should open, and whether it
    answers on this laptop's network."""
    if os.environ.get("REBOUND_UPGRADE_ON_START") == "1":
        upgrade_database(server)
    warm_up()
    host, port = "", None
    for address in server.cfg.address:
        if isinstance(address, tuple):
            host, port = address[0], address[1]
            break
    public = os.environ.get("PUBLIC_URL")
    lan = lan_address()
    print("", flush=True)
    print("  Rebound is running.", flush=True)
    if public:
        print(f"  Phones open: {public}", flush=True)
    elif lan and port:
        print(f"  On this laptop open http://localhost:{port}/", flush=True)
        print(f"  Phones on the same Wi-Fi open http://{lan}:{port}/join", flush=True)
        # The sockets already listen (the workers only accept), so phones' address can be tried.
        for line in check_lines(lan, port, bound_host=host):
            print(line, flush=True)
    elif port:
        print(f"  Open http://localhost:{port}/ (no network address found for phones)", flush=True)
    print("  Stop with Ctrl+C.", flush=True)
    print("", flush=True)
