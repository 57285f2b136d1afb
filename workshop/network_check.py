"""`make run`'s network check: does the address shown for phones answer on this laptop's network?"""

from __future__ import annotations

import platform
import re
import socket
import subprocess
from pathlib import Path

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIMEOUT_SECONDS = 1.5  # only a silent firewall ever makes the check wait this long
UFW_CONF = Path("/etc/ufw/ufw.conf")
MACOS_FIREWALL = "/usr/libexec/ApplicationFirewall/socketfilterfw"


def reach(host: str, port: int, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """None when a TCP connection to host:port opens; otherwise what went wrong, in plain words."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except TimeoutError:
        return "nothing answered: something dropped the connection"
    except ConnectionRefusedError:
        return "the connection was refused"
    except PermissionError:
        return "the system refused to let the connection through"
    except OSError as error:
        return f"the connection failed: {error.strerror or error}"


def _says(command: list[str]) -> tuple[int, str]:
    """A command's exit status and output; (-1, "") when it is missing or hangs."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return -1, ""
    return done.returncode, done.stdout


def firewalls_on(system: str | None = None, ufw_conf: Path = UFW_CONF) -> list[str]:
    """Firewalls running on this laptop. Most let the laptop's own connections through, so
    the check passes while they may still turn phones away; `make run` then says so."""
    system = system or platform.system()
    found = []
    if system == "Linux":
        try:
            if re.search(r"^ENABLED=yes\b", ufw_conf.read_text(), flags=re.M):
                found.append("ufw")
        except OSError:
            pass
        if _says(["systemctl", "is-active", "--quiet", "firewalld"])[0] == 0:
            found.append("firewalld")
    elif system == "Darwin" and "enabled" in _says([MACOS_FIREWALL, "--getglobalstate"])[1]:
        found.append("the macOS firewall")
    return found


def firewall_advice(port: int, system: str | None = None, release: str | None = None) -> list[str]:
    """How to let phones in through this laptop's firewall, for the system it runs on."""
    system = system or platform.system()
    release = (release if release is not None else platform.release()).lower()
    linux = [
        f"Linux with ufw:        sudo ufw allow {port}/tcp",
        f"Linux with firewalld:  sudo firewall-cmd --add-port={port}/tcp   (add --permanent to keep it)",
    ]
    macos = [
        "macOS: when asked whether Python may accept incoming network connections, choose Allow",
        "       (or System Settings > Network > Firewall > Options: allow incoming connections for Python).",
    ]
    windows = [
        "Windows: when Windows Defender Firewall asks about Python, allow it on private networks",
        "         (or Windows Security > Firewall & network protection > Allow an app through firewall).",
    ]
    if system == "Linux":
        return linux + (windows if "microsoft" in release else [])  # WSL: Windows' firewall is in front
    if system == "Darwin":
        return macos
    if system == "Windows":
        return windows
    return linux + macos + windows


def check_lines(
    host: str,
    port: int,
    bound_host: str = "0.0.0.0",
    timeout: float = TIMEOUT_SECONDS,
    system: str | None = None,
    release: str | None = None,
    firewalls: list[str] | None = None,
) -> list[str]:
    """What `make run` prints about whether phones can reach http://host:port/.

    The check connects to the laptop's own LAN address, as a phone would. That proves the
    server listens on the network and nothing on the laptop's own path turns the connection
    away. It cannot see a Wi-Fi that keeps devices apart, nor a firewall that trusts the
    laptop's own connections (ufw, firewalld and macOS's do), so when one of those runs the
    success message still says how to let phones in. `firewalls` None: look for them.
    """
    if bound_host in LOOPBACK_HOSTS:
        return [
            f"! Phones cannot reach Rebound: it listens on this laptop only ({bound_host}).",
            "  Start it with HOST=0.0.0.0 (the default of make run) so phones on the network can open it.",
        ]
    problem = reach(host, port, timeout)
    if problem is None:
        running = firewalls_on(system) if firewalls is None else firewalls
        lines = [f"  Network check: {host}:{port} answers on this laptop's network."]
        if running:
            lines += [
                f"  A firewall is on ({', '.join(running)}): it lets this laptop through but may turn",
                "  phones away. If they cannot open the page, allow the port:",
                *(f"    {line}" for line in firewall_advice(port, system, release)),
            ]
        return lines + [
            "  If phones still cannot open it, the Wi-Fi may keep devices apart;",
            '  see "When phones can\'t connect" in the README.',
        ]
    return [
        f"! Network check failed: this laptop cannot reach its own address {host}:{port}",
        f"  ({problem}). Phones in the room will not reach it either.",
        "  Most often a firewall on this laptop blocks it. To let phones in:",
        *(f"    {line}" for line in firewall_advice(port, system, release)),
        "  Or leave the venue's network out of it: turn on your phone's hotspot, connect the laptop",
        "  and the room's phones to it, and start make run again.",
    ]
