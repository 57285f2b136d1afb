"""deploy/ agrees with itself and with the README: the compose file parses and runs the
same commands, with the same settings, as the systemd units and the README's Deploying
section; every setting it or the environment file sets is a documented one.

Docker is not available where the tests run, so the compose file itself is never started
here; tests/scale/ proves the same topology with real processes instead.
"""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest
import yaml

from tests.live import ROOT
from tests.scale.room import worker_command

DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text()
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
REBOUND_SERVICES = ("migrate", "app1", "app2", "worker", "purge")
# What each kind of process runs, with the executables' folder and the host's address left out.
GUNICORN = ["gunicorn", "--config", "python:workshop.serving", "--bind", "ADDRESS", "workshop:create_app()"]
WORKER = ["rq", "worker", "--url", "REDIS_URL", "--worker-class", "workshop.worker.PlanWorker", "rebound-plans"]
PURGE = ["flask", "--app", "workshop", "purge-expired"]
MIGRATE = ["flask", "--app", "workshop", "db", "upgrade"]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def normalised(command: list[str]) -> list[str]:
    """A command with its executable's folder, bind address and Redis URL made generic."""
    out = [Path(command[0]).name, *command[1:]]
    for flag, generic in (("--bind", "ADDRESS"), ("--url", "REDIS_URL")):
        if flag in out:
            out[out.index(flag) + 1] = generic
    return out


def exec_start(name: str) -> list[str]:
    return normalised(shlex.split(unit(name)["Service"]["ExecStart"]))


def compose_command(service: str) -> list[str]:
    return normalised(COMPOSE["services"][service]["command"])


def readme_commands() -> list[list[str]]:
    """Every command line in the README that runs one of Rebound's executables."""
    found = []
    for line in re.findall(r"\.venv/bin/(?:gunicorn|rq|flask) [^`\n]+", README):
        found.append(normalised(shlex.split(line.replace("$REDIS_URL", "redis").replace('"', ""))))
    return found


def test_the_compose_file_has_the_whole_topology():
    services = COMPOSE["services"]
    assert set(services) == {"postgres", "redis", "nginx", *REBOUND_SERVICES}
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert services["app1"] == services["app2"]  # two identical app processes
    for name in REBOUND_SERVICES:
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
    upstreams = re.findall(r"server (\S+);", (DEPLOY / "nginx" / "compose.conf").read_text())
    assert upstreams == ["app1:8000", "app2:8000"]
    assert services["app1"]["command"][4] == "0.0.0.0:8000"


@pytest.mark.parametrize(
    ("service", "unit_file", "expected"),
    [
        ("app1", "rebound-web.service", GUNICORN),
        ("worker", "rebound-worker@.service", WORKER),
        ("purge", "rebound-purge.service", PURGE),
    ],
)
def test_compose_systemd_and_the_readme_run_the_same_commands(service, unit_file, expected):
    assert exec_start(unit_file) == expected
    if service == "purge":  # a loop around the same command: compose has no timers
        assert shlex.join(PURGE) in COMPOSE["services"]["purge"]["command"][-1]
    else:
        assert compose_command(service) == expected
    assert expected in readme_commands(), f"the README should show {shlex.join(expected)}"


def test_migrations_run_once_before_the_apps_start():
    services = COMPOSE["services"]
    assert compose_command("migrate") == MIGRATE and MIGRATE in readme_commands()
    for name in ("app1", "app2", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_the_scale_tests_start_workers_the_way_the_readme_says():
    command = normalised(worker_command("redis://127.0.0.1:1/0", "a-name"))
    assert command[:6] + command[-1:] == WORKER[:6] + WORKER[-1:]


def test_the_units_share_one_environment_and_restart_on_failure():
    names = ["rebound-web.service", "rebound-worker@.service", "rebound-purge.service"]
    for name in names:
        service = unit(name)["Service"]
        assert service["EnvironmentFile"] == "/etc/rebound/rebound.env"
        assert service["User"] == "rebound" and service["WorkingDirectory"] == "/srv/rebound"
    for name in names[:2]:
        assert unit(name)["Service"]["Restart"] == "always"
    assert unit("rebound-purge.service")["Service"]["Type"] == "oneshot"
    timer = unit("rebound-purge.timer")["Timer"]
    assert timer["OnCalendar"] and timer["Persistent"] == "true"
    # A worker stops after the plan in hand: the stop timeout outlasts PDF_JOB_TIMEOUT.
    assert int(unit("rebound-worker@.service")["Service"]["TimeoutStopSec"]) > 60


def test_every_setting_deploy_sets_is_documented_and_they_agree():
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.M))
    example = dict(
        line.split("=", 1)
        for line in (DEPLOY / "rebound.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    compose = COMPOSE["x-rebound"]["environment"]
    assert set(example) <= documented and set(compose) <= documented
    assert set(compose) <= set(example) | {"SECRET_KEY"}
    for name in ("PDF_QUEUE", "PDF_JOB_TIMEOUT", "PROXY_FIX", "REBOUND_INSTANCE_PATH"):
        assert str(compose[name]) == example[name], name
    assert example["PDF_QUEUE"] == "rq" and example["REDIS_URL"].startswith("redis://")


def test_the_readme_explains_running_the_topology_with_systemd_and_compose():
    for name in (
        "deploy/systemd/rebound-web.service",
        "deploy/systemd/rebound-worker@.service",
        "deploy/systemd/rebound-purge.timer",
        "deploy/rebound.env.example",
        "deploy/nginx/rebound.conf",
        "deploy/compose.yaml",
    ):
        assert name in README, name
        assert (ROOT / name).is_file()
    assert "not run by the test suite" in README  # what is and is not proved here
