"""Gunicorn settings for `make run` and production (`gunicorn -c python:workshop.serving`).

Tuned for a 2-core laptop serving a room of phones that poll every two seconds; see the
README's "Deploying" section for the measurements behind these numbers.
"""

import os

from workshop.network import lan_address

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = 30
graceful_timeout = 10
# Rebound writes its own structured request log (workshop/logs.py).
accesslog = None


def when_ready(server) -> None:
    """Tell the coach which address the phones in the room should open."""
    port = None
    for address in server.cfg.address:
        if isinstance(address, tuple):
            port = address[1]
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
    elif port:
        print(f"  Open http://localhost:{port}/ (no network address found for phones)", flush=True)
    print("  Stop with Ctrl+C.", flush=True)
    print("", flush=True)
