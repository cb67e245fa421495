"""The tool's own exceptions; only cli.py turns them into messages and exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class TrackerError(Exception):
    """An error the user can act on, optionally located at path:line."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message


class UsageError(TrackerError):
    """Bad arguments or an unknown ID."""


class ConfigError(TrackerError):
    """tracker.yaml or a gate file is invalid."""


class InputError(TrackerError):
    """A tracker document could not be read (encoding, binary, schema)."""


class WriteConflict(TrackerError):
    """A document changed under us and the edit could not be re-located safely."""


class GateFailed(TrackerError):
    """A write was refused because the item would not pass its gates."""

    exit_code = EXIT_FINDINGS
