"""The gate asks git only through CheckOptions.git (tracker.gate.options.GitLookup), which the use case supplies."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.gate.helpers import check, codes, master, row, write


@dataclass
class Listing:
    """An index that holds only `paths`."""

    paths: set[str] = field(default_factory=set)
    name: str = "index"

    def tracked(self, rel: str) -> bool:
        return rel in self.paths


@dataclass
class Lookup:
    listing: Listing
    asked: list[str] = field(default_factory=list)

    def index(self) -> Listing:
        self.asked.append("index")
        return self.listing

    def revisions(self) -> None:
        self.asked.append("revisions")
        return None


FILES = {"trackers/plan.md": master([row("AB-001")]), "evidence/ab-001.md": "Imported 40 rows; report attached.\n"}


def test_untracked_evidence_is_judged_by_the_injected_index(tmp_path):
    # tmp_path is no git repository: only the injected lookup can say what the index holds.
    write(tmp_path, FILES)
    lookup = Lookup(Listing())
    found = codes(check(tmp_path, git=lookup))
    assert [f.item for f in found["TRK302"]] == ["AB-001"]
    assert "index" in lookup.asked


def test_evidence_the_injected_index_holds_is_not_untracked(tmp_path):
    write(tmp_path, FILES)
    found = codes(check(tmp_path, git=Lookup(Listing({"evidence/ab-001.md"}))))
    assert "TRK302" not in found


def test_without_a_lookup_the_gate_starts_no_git(tmp_path):
    write(tmp_path, FILES)
    assert "TRK302" not in codes(check(tmp_path, git=None))
