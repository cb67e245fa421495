"""What one check run is asked to do: selection, strictness, the date, baseline, mode and the command runner.

The gate layer is pure: the use case (commands/) supplies today's date, the repository's index and
commits (tracker.git.Checkout) and, when gate commands may run, the runner that starts them
(tracker.process); nothing here reads the clock, the environment or git.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tracker.gate.gates import CommandRunner

if TYPE_CHECKING:
    from tracker.parse.regions import RegionState


@runtime_checkable
class TrackedFiles(Protocol):
    """A git listing (the index or a revision): whether a path is in it, without reading the blob."""

    name: str

    def tracked(self, rel: str) -> bool: ...


class Revisions(Protocol):
    """The commits of the repository behind a run (tracker.git.GitRepo)."""

    def head(self) -> str | None: ...

    def resolve(self, rev: str) -> str | None: ...

    def is_ancestor(self, ancestor: str, descendant: str) -> bool: ...


class GitLookup(Protocol):
    """What the rules that need git ask of the repository (tracker.git.Checkout); None outside git."""

    def index(self) -> TrackedFiles | None: ...

    def revisions(self) -> Revisions | None: ...



@dataclass
class CheckOptions:
    select: list[str] = field(default_factory=list)  # code prefixes or rule names; empty = all
    ignore: list[str] = field(default_factory=list)
    strict: bool = False  # warnings count as errors
    allow_commands: bool = False  # run gates' `command` checks (through `runner`)
    today: dt.date | None = None  # supplied by the use case (tracker.clock.today); required to judge
    baseline: Path | None = None
    mode: str = "worktree"  # "worktree" | "hook" | "ci"
    changed_gate_files: set[str] = field(default_factory=set)  # their `command` checks never pass
    gates_source: Any = None  # a tracker.source.Source to read gates/ from; None = project.source
    # Generated regions judged by the use case (tracker.commands.regions): input to TRK401/TRK402, which the
    # gate cannot compute itself without rendering. None = not judged.
    regions: tuple[RegionState, ...] | None = None
    runner: CommandRunner | None = None  # starts gate commands; None = commands are never run
    # The repository behind the run (tracker.git.Checkout), for TRK302 and proof ancestry; None = no git.
    git: GitLookup | None = None
    # The policy judging a change (tracker.policy.Policy of the base, or HEAD in the hook): only its item
    # waivers, ledger records and baseline excuse anything. None: the project's own (a plain `check`).
    policy: Any = None

    def date(self) -> dt.date:
        """The run's date; a use case that judges must have supplied it."""
        if self.today is None:
            raise ValueError("CheckOptions.today is not set: the use case supplies the date (tracker.clock.today)")
        return self.today
