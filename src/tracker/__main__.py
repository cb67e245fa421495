"""`python -m tracker`."""

from tracker.entry import main

if __name__ == "__main__":
    raise SystemExit(main())
