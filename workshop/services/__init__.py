"""Plain-Python services: a package per engine (redaction, themes, plans) beside the
operations that read and write the database (README, "For developers")."""

from pathlib import Path

# The editable data files (themes, actions, word lists) that ship with the package.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
