"""typer wiring only: parse argv, call a command's `run`, map errors to exit codes.

Command modules are imported inside each callback so `tracker --version` and the
commands that do not need git, rich or pydantic never pay for importing them. No
`from __future__ import annotations` here: typer reads every command's parameter types on each run,
and real annotations spare it evaluating strings (~1.5 ms of every start-up).
"""

import os
import sys

import typer

from tracker import __version__
from tracker.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, TrackerError

HELP = """Evidence-gated execution tracking for Markdown and YAML trackers.

tracker reads the status tables, day plans and task lists you already write, and refuses
a `done` that links no proof. Start with `tracker status`, then `tracker check`.
"""

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=True, rich_markup_mode=None,
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
    paths: list[str] | None = PATHS,
    fmt: str = FORMAT_STATUS,
    status_filter: list[str] | None = typer.Option(None, "--status", help="Only items with this status (repeatable)."),
    group: list[str] | None = typer.Option(None, "--group", help="Only items of this group (repeatable)."),
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


@hook_app.callback()
def hook(ctx: typer.Context,
         everything: bool = typer.Option(False, "--all",
                                         help="Judge every item, not only the claims this commit makes.")
         ) -> None:
    """Check the staged content (what `git commit` will record) against HEAD; exit 1 blocks the commit.

    Only done claims the commit introduces or changes block it; findings already in HEAD give a summary line.
    """
    if ctx.invoked_subcommand is None:
        from tracker.commands import hook as command

        _exit(command.run(everything))


@hook_app.command("pre-commit")
def hook_pre_commit(files: list[str] | None = typer.Argument(None, help="Files pre-commit passes.")) -> None:
    """The pre-commit framework's entry: the staged change; a `--from-ref/--to-ref` range (PRE_COMMIT_FROM_REF and
    PRE_COMMIT_TO_REF) as `check --base FROM` would judge it; everything under `--all-files`."""
    from tracker.commands import hook as command

    _exit(command.run(False, files=list(files or [])))


@hook_app.command("install")
def hook_install() -> None:
    """Write the git pre-commit hook (chains to an existing one; honours core.hooksPath and worktrees)."""
    from tracker.commands import hook as command

    _exit(command.install())


@hook_app.command("uninstall")
def hook_uninstall() -> None:
    """Remove tracker's pre-commit hook and restore the hook it replaced."""
    from tracker.commands import hook as command

    _exit(command.uninstall())


@app.command()
def history(
    item_id: str | None = typer.Argument(None, metavar="[ID]", help="The item whose status history to list."),
    burnup: bool = typer.Option(False, "--burnup", help="Done and total items per day, from git history."),
    since: str | None = typer.Option(None, "--since", help="Only commits since this date (YYYY-MM-DD)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Status history from git: `tracker history WS1-007` lists the commits that changed its status;
    `tracker history --burnup` charts done vs total per day and flags claims made before their evidence.
    """
    from tracker.commands import history as command

    _exit(command.run(item_id, burnup, since, fmt))


@app.command()
def report(
    paths: list[str] | None = PATHS,
    html: str | None = typer.Option(None, "--html", metavar="DIR",
                                       help="Write the status page to DIR/index.html (one self-contained file)."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="json: print the page's data (tracker.report/1)."),
    title: str | None = typer.Option(None, "--title", help="The page's title (default: Status of FOLDER)."),
) -> None:
    """A status page people would rather look at, or the data behind it.

    `tracker report --html site` writes site/index.html: counts and % done and proven per document and group,
    blockers with file:line, the burn-up from git history, the dependency graph, findings grouped by rule with
    each rule's documentation, and the ledger as a timeline, with filters. It needs no network: open it from
    file://, keep it as a CI artifact or publish it on GitHub Pages. Set `repository_url:` in tracker.yaml
    (e.g. https://github.com/OWNER/NAME) to link each file:line to the repository's web view.

    `tracker report --format json` prints the same data; its JSON Schema is docs/schemas/tracker.report-1.schema.json.
    """
    from tracker.commands import report as command

    _exit(command.run(paths or [], html, fmt, title))


@app.command()
def close(
    item_id: str = typer.Argument(..., metavar="ID", help="The item to close."),
    evidence: list[str] | None = typer.Option(None, "--evidence", "-e", help="Proof file or URL (repeatable)."),
    note: str | None = typer.Option(None, "--note", help="A note for the ledger record."),
    force: bool = typer.Option(False, "--force", help="Close even though gates fail (needs --reason)."),
    reason: str | None = typer.Option(None, "--reason", help="Why the override is acceptable (recorded)."),
) -> None:
    """Mark an item done in place, after its gates pass: `tracker close WS1-007 --evidence docs/proof.md`.

    Only the status cell and the evidence changes; a closure record goes to the ledger.
    """
    from tracker.commands import close as command

    _exit(command.run(item_id, evidence or [], note, force, reason))


@app.command("set")
def set_status(
    item_id: str = typer.Argument(..., metavar="ID", help="The item to move."),
    new_status: str = typer.Argument(..., metavar="STATUS", help="todo, in_progress, blocked, paused, done, dropped."),
    reason: str | None = typer.Option(None, "--reason", help="Why (required to reopen a done item)."),
    evidence: list[str] | None = typer.Option(None, "--evidence", "-e", help="Proof, when moving to done."),
    force: bool = typer.Option(False, "--force", help="Move to done even though gates fail (needs --reason)."),
) -> None:
    """Move an item to any canonical status in place: `tracker set WS1-007 blocked`."""
    from tracker.commands import set as command

    _exit(command.run(item_id, new_status, reason, evidence or [], None, force))


@app.command()
def render(
    paths: list[str] | None = typer.Argument(None, help="Markdown documents (default: the project's trackers)."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 when any region is stale."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff of what would change; writes nothing."),
    force: bool = typer.Option(False, "--force", help="Regenerate regions even if edited by hand."),
) -> None:
    """Regenerate the `<!-- tracker:VIEW -->` regions (matrix, progress, snapshot, blockers, graph, findings)."""
    from tracker.commands import render as command

    _exit(command.run(paths or [], check, diff, force))


@app.command()
def doctor(
    paths: list[str] | None = PATHS,
    fix: bool = typer.Option(False, "--fix", help="Repair mojibake in place, only where provably lossless."),
) -> None:
    """Report mojibake, mixed line endings, ragged rows, duplicate IDs and unrecognised statuses."""
    from tracker.commands import doctor as command

    _exit(command.run(paths or [], fix))


@app.command()
def init(directory: str = typer.Argument(".", help="The repository to adopt."),
         example: bool = typer.Option(False, "--example", help="Also write an example tracker, evidence and gate."),
         baseline: bool = typer.Option(False, "--baseline", help="Accept today's findings: write "
                                       ".tracker-baseline.json for `tracker check --baseline`.")) -> None:
    """Adopt a repository: find its trackers, write tracker.yaml with their globs; never overwrites."""
    from tracker.commands import init as command

    _exit(command.run(directory, example, baseline))


@app.command()
def check(
    paths: list[str] | None = PATHS,
    fmt: str = typer.Option("text", "--format", "-f", help="text, json, github, sarif or junit."),
    output: str | None = typer.Option(None, "--output", "-o", help="Also write the report to this file."),
    output_sarif: str | None = typer.Option(None, "--output-sarif", help="Also write a SARIF report to FILE, "
                                            "whatever --format prints (one run for annotations and SARIF)."),
    select: list[str] | None = typer.Option(None, "--select", help="Only these rule code prefixes or names."),
    ignore: list[str] | None = typer.Option(None, "--ignore", help="Skip these rule code prefixes or names."),
    strict: bool = typer.Option(False, "--strict", help="Warnings count as errors."),
    statistics: bool = typer.Option(False, "--statistics", help="Also print counts per rule (on stderr)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when there are error findings."),
    allow_commands: bool = typer.Option(False, "--allow-commands", help="Run the `command` checks of gates."),
    baseline: str | None = typer.Option(None, "--baseline", help="Findings recorded in FILE do not fail."),
    write_baseline: str | None = typer.Option(None, "--write-baseline", help="Record today's findings in FILE."),
    base: str | None = typer.Option(None, "--base", help="Judge the change since REF (e.g. origin/main): "
                                       "transitions, new or changed done claims, gates read from REF."),
    worktree: bool = typer.Option(False, "--worktree", help="With --base: compare the working tree, not HEAD."),
    allow_policy_change: bool = typer.Option(False, "--allow-policy-change", help="With --base: judge by the "
                                             "change's own tracker.yaml, waivers and ledger (pass it only when a "
                                             "reviewer approved the policy change)."),
) -> None:
    """Check every done claim: evidence, dependencies, gates, status conflicts. Exit 1 on errors.

    Examples: `tracker check`, `tracker check --format sarif -o tracker.sarif`, `tracker check --select TRK1`,
    `tracker check --base origin/main --format github`.
    """
    if allow_policy_change and base is None:
        from tracker.errors import UsageError

        raise UsageError("--allow-policy-change only applies with --base REF")
    from tracker.report import also_write, show_statistics

    also_write("sarif", output_sarif)
    show_statistics(statistics)
    if base is not None or worktree:
        from tracker.commands import check_base

        _exit(check_base.run_cli(base, worktree, fmt, output, select, ignore, strict, exit_zero, allow_commands,
                                 baseline, paths or [], write_baseline, allow_policy_change))
    from tracker.commands import check as command

    _exit(command.run(paths or [], fmt, output, select, ignore, strict, exit_zero, allow_commands, baseline,
                      write_baseline))


@app.command()
def verify(
    ids: list[str] | None = typer.Argument(None, metavar="[ID...]",
                                           help="Only these items (default: every done claim)."),
    fmt: str = FORMAT_STATUS,
    strict: bool = typer.Option(False, "--strict", help="Warnings count as errors: suspect claims become unproven."),
) -> None:
    """Re-check every done claim now: proven, suspect or unproven, with the reason. Exit 1 when any is unproven.

    Ledger hashes, test reports, attestations, cited commits and freshness of covered files are judged again.
    """
    from tracker.commands import verify as command

    _exit(command.run(ids or [], fmt, None, strict))


@app.command()
def gates(
    paths: list[str] | None = PATHS,
    fmt: str = FORMAT_STATUS,
    allow_commands: bool = typer.Option(False, "--allow-commands", help="Run the `command` checks of gates."),
) -> None:
    """List each gate (gates/*.yaml) with pass or fail and the reasons. Exit 1 when one fails."""
    from tracker.commands import gates as command

    _exit(command.run(paths or [], fmt, allow_commands))


@app.command()
def rules(
    code: str | None = typer.Argument(None, help="A rule code (TRK101) or name (done-without-evidence)."),
    fmt: str = FORMAT_STATUS,
) -> None:
    """List the rule catalogue, or print one rule's documentation."""
    from tracker.commands import rules as command

    _exit(command.run(code, fmt))


def _exit(code: int) -> None:
    raise typer.Exit(code)


def _tolerant_streams() -> None:
    """Never crash on a console that cannot encode a character (cp1252 on Windows runners).

    Redirected stdout carries data (JSON, SARIF, JUnit XML) whose consumers read UTF-8, so it
    becomes UTF-8 and stays lossless; a legacy terminal and stderr replace what they cannot show.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        if stream is sys.stdout and not stream.isatty():
            stream.reconfigure(encoding="utf-8")
        else:
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    _tolerant_streams()
    try:
        code = app(args=args, prog_name="tracker", standalone_mode=False)
    except TrackerError as exc:
        sys.stderr.write(f"tracker: error: {exc}\n")
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("tracker: interrupted\n")
        return EXIT_INTERRUPTED
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument, bad value
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            sys.stderr.write(f"tracker: error: {exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except Exception as exc:
        sys.stderr.write(f"tracker: internal error: {type(exc).__name__}: {exc}\n"
                         "  please report it with the command you ran; rerun with TRACKER_DEBUG=1 for a traceback\n")
        if os.environ.get("TRACKER_DEBUG"):
            raise
        return EXIT_INTERNAL
    return code if isinstance(code, int) else 0
