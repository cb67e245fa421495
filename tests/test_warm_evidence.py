"""The evidence resolver's quick paths keep its answers: a small file is read whole, a file the Source will not read
whole that way (it grew or became a link since the walk) is streamed as before, and a large one always streams."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tracker.gate.evidence import READ_CHUNK, Resolver
from tracker.source import WorktreeSource, too_large


class CountingSource(WorktreeSource):
    """The working tree, counting whole reads and streams; `refuse` makes every whole read fail as too large."""

    def __init__(self, root: Path, refuse: bool = False):
        super().__init__(root)
        self.refuse = refuse
        self.reads: list[str] = []
        self.streams: list[str] = []

    def read(self, rel: str, max_bytes: int | None = None) -> bytes | None:
        self.reads.append(rel)
        if self.refuse:
            raise too_large(rel, max_bytes or 0)
        return super().read(rel, max_bytes)

    def chunks(self, rel: str, size: int = 65_536) -> Iterator[bytes]:
        self.streams.append(rel)
        return super().chunks(rel, size)


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "small.md").write_text("Ran the suite: 12 passed.\n")
    (tmp_path / "evidence" / "todo.md").write_text("# WS1-003 evidence\n\nTODO\n")
    (tmp_path / "evidence" / "large.md").write_text("\n" * READ_CHUNK + "Ran the suite: 12 passed.\n")
    return tmp_path


def test_a_small_file_is_read_whole_and_judged_by_its_content(tmp_path: Path) -> None:
    source = CountingSource(_tree(tmp_path))
    resolver = Resolver(source)
    assert resolver.resolve("evidence/small.md").kind == "ok"
    assert resolver.resolve("evidence/todo.md").kind == "empty"
    assert source.reads == ["evidence/small.md", "evidence/todo.md"] and source.streams == []


def test_a_file_the_source_will_not_read_whole_is_streamed_instead(tmp_path: Path) -> None:
    source = CountingSource(_tree(tmp_path), refuse=True)
    resolver = Resolver(source)
    assert resolver.resolve("evidence/small.md").kind == "ok"
    assert resolver.resolve("evidence/todo.md", "trackers/plan.md").kind == "empty"
    assert source.streams == ["evidence/small.md", "evidence/todo.md"]


def test_a_large_file_streams_and_its_late_real_line_counts(tmp_path: Path) -> None:
    source = CountingSource(_tree(tmp_path))
    assert Resolver(source).resolve("evidence/large.md").kind == "ok"
    assert source.reads == [] and source.streams == ["evidence/large.md"]
