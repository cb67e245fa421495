"""Shell words for the commands hints suggest: IDs and paths quoted where a POSIX shell needs it."""

from __future__ import annotations

import shlex


def shell_word(text: str) -> str:
    """`text` as one shell word: unchanged when safe (`WS1-007`), quoted when not (`'Pipeline A'`)."""
    return shlex.quote(text)
