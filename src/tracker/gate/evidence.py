"""Resolve one evidence string through a Source: refuse hostile paths unread, then judge what is there.

Order: string checks first (absolute, `~`, drive/UNC, file://, NUL, look-alikes, length), so a
hostile path is never handed to the Source at all; then a component-by-component walk that
follows symlinks itself, so a link out of the repository, a loop or a FIFO is refused before
anything is read. Only a regular file inside the repository is ever read, and only one that is not
the tool's own policy or state (a tracker document, gate file, tracker.yaml, the ledger) can count;
the repository root and folders are not evidence.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from tracker.errors import InputError
from tracker.gate.placeholder import is_placeholder, scan_placeholder  # noqa: F401 - re-exported
from tracker.gate.proof.commit import commit_ref
from tracker.parse.evidence_text import is_url
from tracker.parse.patterns import lazy
from tracker.source import Entry, Source

Kind = Literal["ok", "url", "commit", "missing", "empty", "outside", "not-proof"]

MAX_PATH_BYTES = 1024
MAX_COMPONENT_BYTES = 255
MAX_SYMLINK_HOPS = 40
READ_CHUNK = 65_536  # placeholder scans read this much at a time

# Characters that render like `/`, `\` or `.` but are not: a path using them means something else.
LOOKALIKES = {
    "\u2215": "division slash", "\uff0f": "fullwidth solidus", "\u2044": "fraction slash",
    "\u29f8": "big solidus", "\u2571": "box-drawing diagonal", "\u2024": "one dot leader",
    "\u2025": "two dot leader", "\u2026": "ellipsis", "\uff0e": "fullwidth full stop",
    "\ufe52": "small full stop", "\u3002": "ideographic full stop", "\uff3c": "fullwidth reverse solidus",
    "\u2216": "set minus", "\ufe68": "small reverse solidus", "\u29f5": "reverse solidus operator",
}
# Asked only of strings that are not PLAIN (a plain path needs no string check): compiled on first use.
_CONTROL = lazy(r"[\x00-\x1f\x7f]")
_DRIVE = lazy(r"^[A-Za-z]:(?:[\\/]|$)")
_SCHEME = lazy(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_ENCODED = lazy(r"%(?:2e|2f|5c|00)", re.IGNORECASE)
_LINE_SUFFIX = lazy(r":\d+(?:-\d+)?$")
PLAIN = re.compile(r"[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*")  # a relative path no string check can refuse


@dataclass(frozen=True)
class Resolved:
    value: str
    kind: Kind
    rel: str | None = None  # repository-relative path of what was found (or looked for)
    files: tuple[str, ...] = ()  # the regular file that counts (empty unless kind is ok)
    reason: str = ""


def refusal(value: str) -> str | None:
    """Why `value` may not even be looked up, or None. Pure string checks; no I/O."""
    if len(value) <= MAX_COMPONENT_BYTES and PLAIN.fullmatch(value):
        return None  # no check below can refuse a plain relative path (the ledger's, most evidence)
    if _CONTROL().search(value):
        return "contains a NUL or control character"
    if len(value.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return f"is longer than {MAX_PATH_BYTES} bytes"
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_COMPONENT_BYTES for part in value.split("/")):
        return f"has a path component longer than {MAX_COMPONENT_BYTES} bytes"
    if not value.isascii():
        for ch in value:
            if ch in LOOKALIKES:
                return f"uses U+{ord(ch):04X} ({LOOKALIKES[ch]}), a look-alike of a path separator or dot"
        normal = unicodedata.normalize("NFKC", value)
        if any(normal.count(c) != value.count(c) for c in "/.\\:~"):
            return "uses Unicode look-alikes of path characters"
    if value.lower().startswith("file:"):
        return "is a file:// URL; link a repository-relative path instead"
    if _SCHEME().match(value):
        return "is a URL with a scheme other than http(s)"
    if _DRIVE().match(value):
        return "is a Windows drive path"
    if value.startswith(("\\\\", "//")):
        return "is a UNC network path"
    if value.startswith("/"):
        return "is an absolute path"
    if value.startswith("~"):
        return "points into a home folder (~)"
    if "\\" in value:
        return "uses backslashes (a Windows path form); write repository paths with /"
    if _ENCODED().search(value):
        return "hides a dot, slash or NUL behind percent-encoding"
    return None


def clean(value: str) -> str:
    """Drop a `#fragment` and a `:line` suffix; links write them, files do not have them."""
    value = value.strip()
    if "#" in value:
        value = value.split("#", 1)[0]
    return _LINE_SUFFIX().sub("", value)


def inside(rel: str) -> str | None:
    """Normalise a relative POSIX path; None when its `..` leave the repository."""
    normal = posixpath.normpath(rel) if rel else "."
    if normal == ".." or normal.startswith("../"):
        return None
    return normal


def walk(source: Source, rel: str, entries: dict[str, Entry | None] | None = None,
         plain: set[str] | None = None) -> tuple[str, str, Entry | None]:
    """Follow `rel` one component at a time: ("file"|"dir", final rel, entry), ("missing", rel, None)
    or ("outside", reason, None). Symlinks are followed here, never by the Source.

    `plain` (shared with `entries` by one resolver) holds folders already reached from the root through
    folders alone, no symlink: below one, only the last component of `rel` needs looking up."""
    if plain is not None and entries is not None:
        folder = rel.rpartition("/")[0]
        if folder in plain:  # `rel` came through inside(): normalised, no `.`, `..` or empty parts
            last = entries[rel] if rel in entries else entries.setdefault(rel, source.entry(rel))
            if last is None:
                return "missing", rel, None
            if last.kind in ("file", "dir"):
                if last.kind == "dir":
                    plain.add(rel)
                return last.kind, rel, last
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    done: list[str] = []
    hops = 0
    entry: Entry | None = None
    while parts:
        part = parts.pop(0)
        if part == "..":
            if not done:
                return "outside", "leaves the repository through a symlink", None
            done.pop()
            entry = None
            continue
        current = "/".join([*done, part])
        if entries is None:
            entry = source.entry(current)
        else:  # folders are shared by many evidence paths: look each one up once
            entry = entries[current] if current in entries else entries.setdefault(current, source.entry(current))
        if entry is None:
            return "missing", current, None
        if entry.kind == "symlink":
            hops += 1
            if hops > MAX_SYMLINK_HOPS:
                return "outside", f"symlink loop at {current}", None
            target = entry.target or ""
            why = refusal(target)
            if why:
                return "outside", f"symlink {current} -> {target} {why}", None
            parts = [p for p in target.split("/") if p not in ("", ".")] + parts
            continue
        if entry.kind == "other":
            return "outside", f"{current} is not a regular file or folder (a FIFO, socket or device)", None
        if entry.kind == "file" and parts:
            return "missing", "/".join([current, *parts]), None
        done.append(part)
        if plain is not None and not hops and entry.kind == "dir":
            plain.add(current)  # reached through folders alone
    if entry is None:
        return "dir", "/".join(done) or ".", None  # ended on a folder reached through `..`
    return entry.kind, "/".join(done), entry


@dataclass(frozen=True)
class PolicyPaths:
    """Files the tool itself reads as policy or state: pointing at one proves no claim."""

    documents: frozenset[str] = frozenset()
    ledger: str = "evidence/ledger.jsonl"
    gates_folder: str = "gates"
    config: str = "tracker.yaml"

    @cached_property
    def _gate_prefix(self) -> str:
        return self.gates_folder.strip("/") + "/"

    def why(self, rel: str) -> str | None:
        """Why `rel` is not evidence, or None when it may be."""
        if not rel.startswith(self._gate_prefix) and rel != self.config and rel != self.ledger \
                and rel not in self.documents:
            return None  # asked for every evidence file found: the common answer in one pass
        if rel in self.documents:
            return f"is a tracker document ({rel}); a tracker cannot prove its own claims"
        if rel == self.config:
            return f"is the configuration file {rel}"
        if rel == self.ledger:
            return f"is the ledger ({rel}); closure records are not proof"
        folder = self.gates_folder.strip("/")
        if rel.startswith(folder + "/") and rel.endswith((".yaml", ".yml")):
            return f"is a gate file ({rel})"
        return None


class BlobVerdicts:
    """Whether a blob counts as evidence depends on its bytes alone: one run shares the verdicts across
    the sources it compares (HEAD, the index, a base revision), keyed by blob sha. With a `store`
    (tracker.cache.Store) they are shared across runs too, and a working-tree file's verdict is found by its
    stat signature without reading it."""

    def __init__(self, store: Any = None) -> None:
        self._by_sha: dict[str, bool] = {}
        self.store = store

    def get(self, sha: str) -> bool | None:
        found = self._by_sha.get(sha)
        if found is None and self.store is not None:
            found = self.store.verdict(sha)
            if found is not None:
                self._by_sha[sha] = found
        return found

    def put(self, sha: str, counts: bool) -> None:
        self._by_sha[sha] = counts
        if self.store is not None:
            self.store.put_verdict(sha, counts)

    def on_disk(self, root: str, rel: str, info: Any = None) -> tuple[bool | None, Any]:
        """(the verdict recorded for the working-tree file `rel` while its stat signature is unchanged, the
        signature to record a new one under); (None, None) without a cache. `info`: the lstat the walk took."""
        if self.store is None:
            return None, None
        found, signature = self.store.worktree_verdict(root, rel, info)
        return (found if isinstance(found, bool) else None), signature

    def put_on_disk(self, rel: str, signature: Any, counts: bool) -> None:
        if self.store is not None and signature is not None:
            self.store.put_stat_verdict(rel, signature, counts)


class Resolver:
    """Resolves evidence strings for one Source, caching by (value, document folder)."""

    def __init__(self, source: Source, policy: PolicyPaths | None = None, verdicts: BlobVerdicts | None = None):
        self.source = source
        self.policy = policy or PolicyPaths()
        self.verdicts = verdicts if verdicts is not None else BlobVerdicts()
        self._blob_sha = source.blob_sha  # git sources: verdicts shared by content
        self._cache: dict[tuple[str, str], Resolved] = {}
        self._counts: dict[str, bool] = {}
        self._entries: dict[str, Entry | None] = {}
        self._plain: set[str] = {""}  # folders reached from the root through folders alone (see walk)
        self._folders: dict[str | None, str] = {}  # document path -> its folder
        self._joined: dict[str, bool] = {}  # folder -> whether it is plain (joins a plain path without normalising)
        self._disk_root = f"{getattr(source, 'root', '')}/"  # string joins: pathlib costs microseconds a path

    def resolve(self, value: str, doc_path: str | None = None) -> Resolved:
        folder = self._folders.get(doc_path)
        if folder is None:
            folder = self._folders[doc_path] = posixpath.dirname(doc_path or "")
        key = (value, folder)
        found = self._cache.get(key)  # ~9,000 strings on a large project: one lookup on the way back, not three
        if found is None:
            found = self._cache[key] = self._resolve(value, folder)
        return found

    def _resolve(self, raw: str, folder: str) -> Resolved:
        if len(raw) <= MAX_COMPONENT_BYTES and PLAIN.fullmatch(raw):
            # The common case, a plain relative path: no string check can refuse it, clean() and inside()
            # leave it as it is (no `.`, `..`, `//`, `#`, `:`, spaces), so only the lookup remains. Of the
            # commit forms only a bare 40- or 64-digit sha is plain (`commit:` has a colon).
            if len(raw) in (40, 64) and commit_ref(raw):
                return Resolved(raw, "commit", reason="a commit")
            if not folder:
                return self._find(raw, (raw,))
            joined = self._joined.get(folder)
            if joined is None:
                joined = self._joined[folder] = bool(PLAIN.fullmatch(folder))
            # a plain folder joined to a plain path is already normal
            rel = f"{folder}/{raw}" if joined else inside(posixpath.join(folder, raw))
            return self._find(raw, (raw, rel) if rel is not None and rel != raw else (raw,))
        if is_url(raw.strip()):
            return Resolved(raw, "url", reason="a URL cannot be verified offline")
        if commit_ref(raw):  # judged against git history by rules_proof, never looked up as a path
            return Resolved(raw, "commit", reason="a commit")
        why = refusal(raw.strip())
        if why:
            return Resolved(raw, "outside", reason=why)
        value = clean(raw)
        if not value:
            return Resolved(raw, "not-proof", reason="names no file")
        if inside(value) == "." or (folder and inside(posixpath.join(folder, value)) == "."):
            return Resolved(raw, "not-proof", rel=".", reason="names the repository root, not a file")
        candidates = []
        for base in ("", folder) if folder else ("",):
            rel = inside(posixpath.join(base, value))
            if rel is not None and rel not in candidates:
                candidates.append(rel)
        if not candidates:
            return Resolved(raw, "outside", reason="uses `..` to leave the repository")
        return self._find(raw, candidates)

    def _find(self, raw: str, candidates: list[str] | tuple[str, ...]) -> Resolved:
        """Look the candidate paths up in order: the first file found decides, else the first folder."""
        folder_found = None
        for rel in candidates:
            kind, where, entry = walk(self.source, rel, self._entries, self._plain)
            if kind == "outside":
                return Resolved(raw, "outside", rel=rel, reason=where)
            if kind == "file" and entry is not None:
                policy = self.policy.why(where) or (self.policy.why(rel) if rel != where else None)
                if policy:
                    return Resolved(raw, "not-proof", rel=where, reason=policy)
                counts = self._counts.get(where)
                if counts is None:
                    counts = self._counts[where] = self._content_counts(where, entry.size, entry.info)
                if counts:
                    return Resolved(raw, "ok", rel=where, files=(where,))
                return Resolved(raw, "empty", rel=where,
                                reason="is empty" if not entry.size else "holds only a template placeholder")
            if kind == "dir" and folder_found is None:
                folder_found = where
        if folder_found is not None:
            return Resolved(raw, "not-proof", rel=folder_found,
                            reason=f"is a folder ({folder_found}/), not a file; "
                                   "link the file in it that proves the claim")
        return Resolved(raw, "missing", rel=candidates[0], reason="does not exist")

    def _content_counts(self, rel: str, size: int, info: Any = None) -> bool:
        """Whether the regular file `rel` says something: by its blob sha (git sides) or stat signature (the
        working tree) when a verdict is known, else by reading it."""
        if size <= 0:
            return False
        sha = self._blob_sha(rel)
        if sha is not None:
            known = self.verdicts.get(sha)
            if known is None:
                known = not scan_placeholder(self._bytes(rel, size))
                self.verdicts.put(sha, known)
            return known
        signature = None
        if self.source.name == "worktree":  # the signature is taken before reading: a later write changes it
            known, signature = self.verdicts.on_disk(self._disk_root, rel, info)
            if known is not None:
                return known
        known = not scan_placeholder(self._bytes(rel, size))
        self.verdicts.put_on_disk(rel, signature, known)
        return known

    def _bytes(self, rel: str, size: int) -> Iterable[bytes]:
        """The file's bytes. One the walk found small (`size`: its lstat or listing) is read whole: setting a
        stream up costs as much again as the read (~4 us a file; a large project links 9,000). A larger one, or
        one that changed since the walk so that the Source refuses it (it grew, or became a link out), streams."""
        if size <= READ_CHUNK:
            try:
                data = self.source.read(rel, READ_CHUNK)
            except InputError:
                return self._chunks(rel)
            return (data,) if data else ()
        return self._chunks(rel)

    def _chunks(self, rel: str) -> Iterator[bytes]:
        """The file's bytes in pieces, streamed when the Source can (placeholders may be any size)."""
        chunks = getattr(self.source, "chunks", None)
        if callable(chunks):
            yield from chunks(rel, READ_CHUNK)
            return
        data = self.source.read(rel)
        if data:
            yield data

    def text(self, rel: str, limit: int = 2_000_000) -> str:
        """The decoded text of a counting file, for content rules (must_contain, evidence-unrelated)."""
        data = self.source.read(rel)
        if not data:
            return ""
        text: str = data[:limit].decode("utf-8", "replace")
        return text
