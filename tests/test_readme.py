"""The README documents every environment variable the app and its server read."""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

import workshop
import workshop.serving
from workshop import config as settings

README = Path(workshop.__file__).resolve().parent.parent / "README.md"


class ReadingEnvironment(dict):
    """An empty environment that remembers every name asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, name, default=None):
        self.asked.add(name)
        return default

    def __getitem__(self, name):
        self.asked.add(name)
        raise KeyError(name)

    def __contains__(self, name):
        self.asked.add(name)
        return False


def names_read(monkeypatch) -> set[str]:
    environment = ReadingEnvironment()
    monkeypatch.setattr(os, "environ", environment)
    settings.apply_environment(
        {
            "PROXY_FIX": 0,
            "PDF_WORKERS": 2,
            "MAX_CONTENT_LENGTH": 1,
            "BOARD_REFRESH_SECONDS": 5,
            "BENCHMARK_ROUTES": False,
            "RENDER_AHEAD": True,
        }
    )
    importlib.reload(workshop.serving)  # reads its settings at import
    monkeypatch.undo()
    importlib.reload(workshop.serving)
    return environment.asked


def test_every_environment_variable_is_in_the_readme(monkeypatch):
    asked = names_read(monkeypatch)
    source = "".join(p.read_text() for p in Path(workshop.__file__).parent.rglob("*.py"))
    asked |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    assert {"DATABASE_URL", "SECRET_KEY", "WEB_CONCURRENCY", "PDF_WORKERS"} <= asked
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README.read_text(), flags=re.M))
    assert asked - documented == set(), "add these to the README's configuration table"
