"""The console-script entry point: answers `--version` before importing typer or anything else."""

from __future__ import annotations

import sys


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        from tracker import __version__

        sys.stdout.write(f"tracker {__version__}\n")
        return 0
    from tracker.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
