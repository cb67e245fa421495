"""Fixtures for these tests: see tests/support/repos.py."""

from tests.support.repos import GIT_ENV, make_repo, repo, run_tracker, tracker_in  # noqa: F401
