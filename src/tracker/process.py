"""Run gate commands (the `CommandRunner` the gate layer calls): no shell, an allowlisted environment,
their own process group killed whole at the timeout, and at most the last 64 KB of output kept."""

from __future__ import annotations

import contextlib
import hashlib
import os
import selectors
import signal
import stat
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

ALLOWED_ENV = ("PATH", "HOME", "LANG", "TZ")  # plus every LC_* and what a gate names in `env:`


class Request(Protocol):
    """One command to run (tracker.gate.gates.CommandRequest); this module imports nothing of the gate."""

    @property
    def argv(self) -> tuple[str, ...]: ...
    @property
    def cwd(self) -> Path: ...
    @property
    def timeout(self) -> float: ...
    @property
    def env_names(self) -> tuple[str, ...]: ...
    @property
    def pinned(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def output_cap(self) -> int: ...


@dataclass(frozen=True)
class ProcessOutcome:
    returncode: int | None = None  # None when it did not finish
    timed_out: bool = False
    refused: str | None = None  # why it was not started
    output: bytes = b""  # the last `output_cap` bytes of stdout and stderr together
    output_bytes: int = 0  # everything it printed


def allowed_env(environ: Mapping[str, str], extra: tuple[str, ...] = ()) -> dict[str, str]:
    """Only PATH, HOME, LANG, LC_*, TZ and the names a gate lists: an allowlist, so a credential under a
    name nobody thought of (APIKEY, GITHUB_PAT, DATABASE_URL) never reaches a command."""
    wanted = set(ALLOWED_ENV) | set(extra)
    return {k: v for k, v in environ.items() if k in wanted or k.startswith("LC_")}


class ProcessRunner:
    """Starts gate commands for one run, with the environment it was given (the process's by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = dict(os.environ if environ is None else environ)

    def run(self, request: Request) -> ProcessOutcome:
        for rel, sha in request.pinned:
            if _sha256(request.cwd / rel) != sha:
                return ProcessOutcome(refused=f"{rel} in the working tree is not the version the gate's base "
                                              f"holds; the command is not run on it")
        try:
            proc = subprocess.Popen(list(request.argv), cwd=request.cwd,
                                    env=allowed_env(self.environ, request.env_names), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        except OSError as exc:
            return ProcessOutcome(refused=f"command could not start: {exc.strerror or exc}")
        try:
            output, total, finished = _collect(proc, time.monotonic() + request.timeout, request.output_cap)
        finally:
            _kill_group(proc)  # whatever it left running (a background child) goes with it
        if not finished:
            return ProcessOutcome(timed_out=True, output=output, output_bytes=total)
        return ProcessOutcome(returncode=proc.returncode, output=output, output_bytes=total)


def _collect(proc: subprocess.Popen[bytes], deadline: float, cap: int) -> tuple[bytes, int, bool]:
    """Read the combined output until EOF and exit, keeping the last `cap` bytes; False on the deadline."""
    assert proc.stdout is not None
    kept, total = bytearray(), 0
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return bytes(kept), total, False
            if not selector.select(left):
                continue
            piece = os.read(proc.stdout.fileno(), 65_536)
            if not piece:
                break
            total += len(piece)
            kept += piece
            if len(kept) > cap:
                del kept[:len(kept) - cap]
    try:
        proc.wait(timeout=max(deadline - time.monotonic(), 0.001))
    except subprocess.TimeoutExpired:
        return bytes(kept), total, False
    return bytes(kept), total, True


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - no process groups (Windows)
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL cannot be ignored: this wait ends
        proc.wait(timeout=5)
    if proc.stdout is not None:
        proc.stdout.close()


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # a link could lead out of the repository
            return None
        with open(path, "rb") as handle:
            while piece := handle.read(65_536):
                digest.update(piece)
    except OSError:
        return None
    return digest.hexdigest()
