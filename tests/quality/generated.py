"""Files generated from the dev stories (`train_words`, `train_names`): write them, or check
that the committed copy is what the stories give today."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def write_or_check(output: Path, text: str, argv: Sequence[str], command: str) -> int:
    """`command` with no argument writes `text` to `output`; with `--check` it exits 1 when the
    committed file differs; anything else is a usage error (2)."""
    if list(argv) == ["--check"]:
        same = output.exists() and output.read_text(encoding="utf-8") == text
        print(f"{output.name}: {'matches the dev stories' if same else 'DIFFERS: retrain'}")
        return 0 if same else 1
    if argv:
        print(f"usage: python -m {command} [--check]", file=sys.stderr)
        return 2
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output.name}")
    return 0
