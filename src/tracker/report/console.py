"""The one place that decides whether output gets colour."""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def use_colour(stream: IO[str] | None = None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def console(stream: IO[str] | None = None) -> Console:
    """A rich Console on `stream` (default stdout); import it only where colour is wanted."""
    from rich.console import Console

    stream = stream or sys.stdout
    colour = use_colour(stream)
    return Console(file=stream, no_color=not colour, color_system="auto" if colour else None,
                   highlight=False, soft_wrap=True, force_terminal=colour or None)
