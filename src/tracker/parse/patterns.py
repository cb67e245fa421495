"""Regular expressions compiled on their first use rather than when their module is imported.

With parsed documents served from the cache (tracker.cache), a `check` or `status` parses nothing, yet
importing the parse modules compiled some sixty patterns it never ran (~6% of a warm `check` on a small
repository). `lazy(PATTERN)` returns a function that compiles once and then hands back the same object:

    _PLURAL = lazy(r"^([A-Z][a-z]+?)(?:es|s)\\s+...")
    found = _PLURAL().match(text)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """`pattern` compiled on the first call; every later call returns that compiled pattern."""
    return cache(lambda: re.compile(pattern, flags))
