"""Real JUnit reports made by running pytest on tiny generated suites, and scratch git repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.git.conftest import Repo, make_repo

SUITES = {
    "passing": "def test_alpha():\n    assert 1 + 1 == 2\n\n\ndef test_close_refuses():\n    assert True\n",
    "failing": "def test_alpha():\n    assert True\n\n\ndef test_beta():\n    assert 1 == 2\n",
    "empty": "# no tests in this module\nVALUE = 1\n",
    "skipped": "import pytest\n\n\n@pytest.mark.skip(reason='not today')\ndef test_alpha():\n    pass\n\n\n"
               "@pytest.mark.skip(reason='not today')\ndef test_beta():\n    pass\n",
}


def run_pytest(folder: Path, name: str, source: str) -> bytes:
    """Run pytest in a subprocess on one generated test module; return the JUnit XML it wrote."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"test_{name}.py").write_text(source, encoding="utf-8")
    report = folder / f"{name}.xml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "GIT_"))}
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder),
                    f"--junitxml={report}", str(folder / f"test_{name}.py")], cwd=folder, env=env,
                   capture_output=True, timeout=120)
    return report.read_bytes()


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """name -> the report pytest wrote for SUITES[name] (made once per session)."""
    folder = tmp_path_factory.mktemp("suites")
    return {name: run_pytest(folder / name, name, source) for name, source in SUITES.items()}


@pytest.fixture
def scratch(tmp_path: Path) -> Repo:
    return make_repo(tmp_path / "repo")


TABLE = "# Plan\n\n| ID | Task | Status | Evidence |\n|---|---|---|---|\n"


def tracker_row(item: str, evidence: str, status: str = "done") -> str:
    return f"| {item} | Ship the importer | {status} | {evidence} |\n"
