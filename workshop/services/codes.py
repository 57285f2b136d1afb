"""The short codes people type: a workshop's join code and a participant's recovery code.

Both use an alphabet without the characters that are easy to misread on a projector or a
phone (0/O, 1/I), and both are read back the same forgiving way.
"""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6  # a join code
RECOVERY_LENGTH = 8


def new_join_code() -> str:
    """Six characters: about a billion codes, so a clash is rare."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_recovery_code() -> str:
    """Eight characters in two groups, e.g. 'K7QM-2XPD' (40 bits; guessing is rate-limited)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_code(raw: str) -> str:
    """What someone typed, as a code: upper case, no spaces or dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())
