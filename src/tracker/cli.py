"""typer wiring only: parse argv, call a command's `run`, map errors to exit codes.

Command modules are imported inside each callback so `tracker --version` and the
commands that do not need git, rich or pydantic never pay for importing them.
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from tracker import __version__
from tracker.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, TrackerError

HELP = """Evidence-gated execution tracking for Markdown and YAML trackers.

tracker reads the status tables, day plans and task lists you already write, and refuses
a `done` that links no proof. Start with `tracker status`, then `tracker check`.
"""

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]}, pretty_exceptions_enable=False)
hook_app = typer.Typer(help="The pre-commit hook: check staged changes, or install/uninstall the git hook.",
                       invoke_without_command=True, no_args_is_help=False)
app.add_typer(hook_app, name="hook")

PATHS = typer.Argument(None, help="Tracker files or folders (default: trackers/ as tracker.yaml says).")
FORMAT_STATUS = typer.Option("text", "--format", "-f", help="text or json.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Evidence-gated execution tracking."""


@app.command()
def status(
    paths: Optional[List[str]] = PATHS,
    fmt: str = FORMAT_STATUS,
    status_filter: Optional[List[str]] = typer.Option(None, "--status", help="Only items with this status (repeatable)."),
    group: Optional[List[str]] = typer.Option(None, "--group", help="Only items of this group (repeatable)."),
) -> None:
    """Show what the trackers say: counts, % done and bars per document and group, open items.

    Examples: `tracker status`, `tracker status docs/plan.md --format json`, `tracker status --status blocked`.
    """
    from tracker.commands import status as command

    _exit(command.run(paths or [], fmt, status_filter, group))


@app.command()
def schema() -> None:
    """Print the JSON Schema of YAML trackers (point your editor's YAML language server at it)."""
    import json

    from tracker.parse.yaml_tracker import schema as yaml_schema

    typer.echo(json.dumps(yaml_schema(), indent=2))


def _exit(code: int) -> None:
    raise typer.Exit(code)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        # The fast path: no typer, no click, nothing else imported.
        sys.stdout.write(f"tracker {__version__}\n")
        return 0
    try:
        code = app(args=args, prog_name="tracker", standalone_mode=False)
    except TrackerError as exc:
        sys.stderr.write(f"tracker: error: {exc}\n")
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("tracker: interrupted\n")
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the one error boundary
        import click

        if isinstance(exc, click.exceptions.Abort):
            sys.stderr.write("tracker: aborted\n")
            return EXIT_INTERRUPTED
        if isinstance(exc, click.ClickException):
            exc.show()
            return EXIT_USAGE
        sys.stderr.write(f"tracker: internal error: {type(exc).__name__}: {exc}\n"
                         "  please report it with the command you ran; rerun with TRACKER_DEBUG=1 for a traceback\n")
        if __import__("os").environ.get("TRACKER_DEBUG"):
            raise
        return EXIT_INTERNAL
    return code if isinstance(code, int) else 0
