"""`make run`'s network check: an open port passes, a closed, silent or firewalled one is
reported with how to let phones in."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pytest

from tests.live import ROOT, free_port
from workshop import network_check, serving
from workshop.network_check import check_lines, firewall_advice, firewalls_on

FAILED = "! Network check failed"


@pytest.fixture
def listening():
    """A port on 127.0.0.1 that accepts connections, as gunicorn's master does before the workers start."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


def test_an_open_port_passes(listening):
    lines = check_lines("127.0.0.1", listening, firewalls=[])
    text = "\n".join(lines)
    assert f"Network check: 127.0.0.1:{listening} answers" in text
    assert FAILED not in text and "ufw" not in text
    assert "When phones can't connect" in text  # the Wi-Fi itself may still keep phones apart


def test_a_closed_port_is_reported_with_the_way_out():
    port = free_port()
    text = "\n".join(check_lines("127.0.0.1", port, system="Linux", release="6.1.0-amd64"))
    assert FAILED in text and f"127.0.0.1:{port}" in text
    assert "refused" in text
    assert f"sudo ufw allow {port}/tcp" in text
    assert f"sudo firewall-cmd --add-port={port}/tcp" in text
    assert "hotspot" in text
    assert "Windows" not in text and "macOS" not in text  # only what applies here


def test_a_port_that_swallows_connections_is_reported_without_a_long_wait():
    """A firewall that drops packets makes connections hang. A listener whose queue is full does
    the same on Linux (further connection attempts go unanswered), without needing root."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    queued = socket.create_connection(("127.0.0.1", port))  # fills the queue; nobody accepts
    try:
        text = "\n".join(check_lines("127.0.0.1", port, timeout=0.3, system="Linux", release="6.1.0"))
    finally:
        queued.close()
        server.close()
    assert FAILED in text and "nothing answered" in text
    assert "sudo ufw allow" in text


def test_listening_on_this_laptop_only_is_named_as_the_cause(listening):
    text = "\n".join(check_lines("127.0.0.1", listening, bound_host="127.0.0.1", firewalls=[]))
    assert "listens on this laptop only (127.0.0.1)" in text and "HOST=0.0.0.0" in text
    assert "answers" not in text


def test_a_firewall_that_trusts_the_laptop_is_still_named(listening):
    """ufw, firewalld and macOS's firewall let the laptop reach itself: the check passes, and
    still says how to let phones in."""
    text = "\n".join(check_lines("127.0.0.1", listening, system="Linux", release="6.1.0", firewalls=["ufw"]))
    assert FAILED not in text and "answers on this laptop's network" in text
    assert "A firewall is on (ufw)" in text and f"sudo ufw allow {listening}/tcp" in text


def test_ufw_is_found_from_its_settings(tmp_path):
    settings = tmp_path / "ufw.conf"
    settings.write_text("# /etc/ufw/ufw.conf\nENABLED=yes\nLOGLEVEL=low\n")
    assert "ufw" in firewalls_on("Linux", ufw_conf=settings)
    settings.write_text("ENABLED=no\n")
    assert "ufw" not in firewalls_on("Linux", ufw_conf=settings)
    assert "ufw" not in firewalls_on("Linux", ufw_conf=tmp_path / "missing.conf")
    assert firewalls_on("Plan9") == []


@pytest.mark.parametrize(
    "system, release, expected, absent",
    [
        ("Darwin", "23.1.0", ["macOS", "Allow"], ["ufw", "Windows"]),
        ("Windows", "10", ["Windows Defender Firewall", "private networks"], ["ufw", "macOS"]),
        ("Linux", "5.15.90.1-microsoft-standard-WSL2", ["ufw", "Windows Defender Firewall"], ["macOS"]),
        ("Plan9", "4", ["ufw", "macOS", "Windows"], []),
    ],
)
def test_firewall_advice_fits_the_laptop(system, release, expected, absent):
    text = "\n".join(firewall_advice(8000, system, release))
    for word in expected:
        assert word in text
    for word in absent:
        assert word not in text


def test_make_run_prints_the_check_after_the_address(listening, monkeypatch, capsys):
    """serving.when_ready, as gunicorn calls it once the sockets listen."""
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.delenv("REBOUND_UPGRADE_ON_START", raising=False)
    monkeypatch.setattr(serving, "warm_up", lambda: None)
    monkeypatch.setattr(serving, "lan_address", lambda: "127.0.0.1")  # as if that were the LAN address
    server = SimpleNamespace(cfg=SimpleNamespace(address=[("0.0.0.0", listening)]))
    serving.when_ready(server)
    out = capsys.readouterr().out
    assert out.index(f"Phones on the same Wi-Fi open http://127.0.0.1:{listening}/join") < out.index("Network check: ")
    assert FAILED not in out

    closed = free_port()
    serving.when_ready(SimpleNamespace(cfg=SimpleNamespace(address=[("0.0.0.0", closed)])))
    assert f"{FAILED}: this laptop cannot reach its own address 127.0.0.1:{closed}" in capsys.readouterr().out


def test_with_a_public_url_no_check_runs(monkeypatch, capsys):
    monkeypatch.setenv("PUBLIC_URL", "https://rebound.example.org")
    monkeypatch.setattr(serving, "warm_up", lambda: None)
    monkeypatch.setattr(network_check, "reach", lambda *a, **k: pytest.fail("no check behind a public URL"))
    serving.when_ready(SimpleNamespace(cfg=SimpleNamespace(address=[("0.0.0.0", free_port())])))
    out = capsys.readouterr().out
    assert "Phones open: https://rebound.example.org" in out and "Network check" not in out


# ---- a real block: a firewall rule in a private network namespace ----------------------------

IN_NAMESPACE = textwrap.dedent(
    """
    import json, socket, subprocess
    from workshop.network_check import check_lines

    def sh(command):
        subprocess.run(command, shell=True, check=True, capture_output=True)

    sh("ip link set lo up && ip addr add 192.0.2.10/32 dev lo")  # the laptop's 'LAN' address
    servers = []
    for port in (8000, 8001):
        server = socket.socket()
        server.bind(("0.0.0.0", port))
        server.listen()
        servers.append(server)
    # Like a firewall that rejects one port: policy routing refuses TCP to 192.0.2.10:8000.
    sh("ip rule del pref 0 lookup local && ip rule add pref 100 lookup local"
       " && ip rule add pref 10 to 192.0.2.10 ipproto tcp dport 8000 prohibit")
    print(json.dumps({port: check_lines("192.0.2.10", port, system="Linux", release="6.1.0", firewalls=[]) for port in (8000, 8001)}))
    """
)


def in_namespace() -> dict[str, list[str]]:
    """Run the check inside a new user and network namespace; skip where that is not allowed."""
    unshare = shutil.which("unshare")
    if unshare is None or shutil.which("ip") is None:
        pytest.skip("needs unshare and ip (util-linux, iproute2)")
    done = subprocess.run(
        [unshare, "--user", "--map-root-user", "--net", sys.executable, "-c", IN_NAMESPACE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"no private network namespace here: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def test_a_port_blocked_by_a_firewall_rule_fails_and_an_open_one_passes():
    found = in_namespace()
    blocked, open_ = "\n".join(found["8000"]), "\n".join(found["8001"])
    assert f"{FAILED}: this laptop cannot reach its own address 192.0.2.10:8000" in blocked
    assert "refused to let the connection through" in blocked and "sudo ufw allow 8000/tcp" in blocked
    assert "Network check: 192.0.2.10:8001 answers" in open_ and FAILED not in open_
