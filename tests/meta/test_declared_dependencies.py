"""What src/ imports and what pyproject.toml declares are the same set of distributions."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "tracker"
# Declared for what they bring at run time although src/ never names them in an import.
IMPORTED_INDIRECTLY: set[str] = set()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions() -> dict[str, set[str]]:
    """Distribution name -> the modules of src/ that import it (imports inside functions included)."""
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                if top == "tracker" or top in sys.stdlib_module_names or top == "__future__":
                    continue
                for dist in owners.get(top, [f"<no distribution provides {top!r}>"]):
                    found.setdefault(_normal(dist), set()).add(str(path.relative_to(ROOT)))
    return found


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.split(r"[\s\[<>=!~;]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}


def test_every_imported_distribution_is_declared() -> None:
    missing = {dist: sorted(where) for dist, where in imported_distributions().items()
               if dist not in declared_distributions()}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_every_declared_distribution_is_imported() -> None:
    unused = declared_distributions() - set(imported_distributions()) - {_normal(d) for d in IMPORTED_INDIRECTLY}
    assert not unused, f"declared in pyproject.toml but never imported by src/: {sorted(unused)}"
