"""A progress bar on stderr for a run that takes a while: only on a terminal, only after one second.

A run that ends within the second, or whose stderr is a file or a pipe (CI logs, tests), prints nothing.
The bar is transient: it is erased when the run ends, so the findings and the verdict read as before.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

DELAY_SECONDS = 1.0


@contextmanager
def progress(label: str, stream: IO[str] | None = None, delay: float = DELAY_SECONDS) -> Iterator[None]:
    out = stream if stream is not None else sys.stderr
    if not getattr(out, "isatty", lambda: False)():
        yield
        return
    shown: list[Any] = []
    lock = threading.Lock()
    finished = threading.Event()  # the run ended: a timer firing now must not start a bar

    def start() -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with lock:
            if finished.is_set():
                return
            bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                           console=Console(file=out, force_terminal=True), transient=True)
            bar.add_task(label, total=None)
            bar.start()
            shown.append(bar)

    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            finished.set()
            for bar in shown:
                bar.stop()
            shown.clear()
