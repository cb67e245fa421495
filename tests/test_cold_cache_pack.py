"""The documents a run parses are written as one pack file; a torn or tampered pack costs misses, never a wrong
document or a crash; packs are folded so they stay few, without removing a concurrent run's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker import cache


@pytest.fixture(autouse=True)
def _fresh_stores(monkeypatch):
    monkeypatch.setattr(cache, "_STORES", {})
    monkeypatch.delenv("TRACKER_CACHE", raising=False)
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)


def _store(repo: Path) -> cache.Store:
    cache._STORES.clear()
    store = cache.store_for(repo, "p")
    assert store is not None
    return store


def _packs(store: cache.Store) -> list[Path]:
    folder = store.folder / "documents"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _doc(n: int) -> dict[str, object]:
    return {"path": f"trackers/t{n}.md", "rows": [f"R-{n}-{k}" for k in range(20)]}


def _run(repo: Path, read: range, new: range) -> cache.Store:
    """One process's use of the cache: it reads some documents, parses (puts) others, and flushes at exit."""
    store = _store(repo)
    for n in read:
        assert store.document(f"t{n}.md", "s" * 40, "h") == _doc(n), n
    for n in new:
        store.put_document(f"t{n}.md", "s" * 40, "h", _doc(n))
    cache.flush_all()
    return store


def test_a_run_writes_its_documents_as_one_file(repo: Path) -> None:
    store = _run(repo, range(0), range(30))
    assert len(_packs(store)) == 1
    again = _run(repo, range(30), range(0))  # all read back; nothing new, nothing written
    assert len(_packs(again)) == 1


def test_a_torn_pack_is_a_miss_at_every_cut(repo: Path) -> None:
    store = _run(repo, range(0), range(3))
    pack = _packs(store)[0]
    whole = pack.read_bytes()
    for cut in range(0, len(whole), max(1, len(whole) // 97)):
        pack.write_bytes(whole[:cut])
        found = [_store(repo).document(f"t{n}.md", "s" * 40, "h") for n in range(3)]
        assert all(doc in (None, _doc(n)) for n, doc in enumerate(found)), cut
        assert found[2] is None, cut  # the last payload is cut short: its digest fails


def test_a_damaged_payload_misses_alone(repo: Path) -> None:
    store = _run(repo, range(0), range(3))
    pack = _packs(store)[0]
    data = bytearray(pack.read_bytes())
    data[-5] ^= 0xFF  # inside the last document's payload
    pack.write_bytes(bytes(data))
    again = _store(repo)
    assert [again.document(f"t{n}.md", "s" * 40, "h") for n in range(3)] == [_doc(0), _doc(1), None]


def test_packs_are_folded_into_what_the_run_used(repo: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "MAX_PACKS", 3)
    for n in range(3):
        _run(repo, range(n), range(n, n + 1))
    assert len(_packs(_store(repo))) == 3
    store = _run(repo, range(1, 3), range(3, 4))  # reads 1 and 2, parses 3: the fold keeps those
    assert len(_packs(store)) == 1
    _run(repo, range(1, 4), range(0))
    assert _store(repo).document("t0.md", "s" * 40, "h") is None  # not used by the folding run: dropped


def test_a_fold_keeps_a_concurrent_runs_pack(repo: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "MAX_PACKS", 2)
    _run(repo, range(0), range(0, 1))
    _run(repo, range(0), range(1, 2))
    folding = _store(repo)
    assert folding.document("t0.md", "s" * 40, "h") == _doc(0)  # packs read now
    other = cache.Store(folding.folder, folding.git_dir)  # another process, started later, finishing first
    other.put_document("t9.md", "s" * 40, "h", _doc(9))
    other.flush()
    folding.put_document("t5.md", "s" * 40, "h", _doc(5))
    folding.flush()
    later = _store(repo)
    assert len(_packs(later)) == 2  # the fold's pack and the concurrent run's
    assert [later.document(f"t{n}.md", "s" * 40, "h") for n in (0, 5, 9)] == [_doc(0), _doc(5), _doc(9)]
