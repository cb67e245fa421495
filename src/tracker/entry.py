"""The console-script entry point: answers `--version` before importing typer or anything else."""

from __future__ import annotations

import sys


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        from tracker import __version__

        sys.stdout.write(f"tracker {__version__}\n")
        return 0
    import gc

    # What start-up imports (typer, click and the standard library they pull in) lives until the process
    # exits: the collector is off while it is built, and then it is frozen, left out of the collector's later
    # full passes, which otherwise walk it again while the command imports and parses.
    gc.disable()
    from tracker.cli import main as cli_main
    from tracker.parse.collector import freeze_process

    freeze_process()
    gc.enable()
    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
