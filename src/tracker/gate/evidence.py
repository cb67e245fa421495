"""Resolve one evidence string through a Source: refuse hostile paths unread, then judge what is there.

Order: string checks first (absolute, `~`, drive/UNC, file://, NUL, look-alikes, length), so a
hostile path is never handed to the Source at all; then a component-by-component walk that
follows symlinks itself, so a link out of the repository, a loop or a FIFO is refused before
anything is read. Only a regular file inside the repository is ever read.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from tracker.gate.proof.commit import commit_ref
from tracker.parse.evidence_text import is_url

Kind = Literal["ok", "url", "commit", "missing", "empty", "outside"]

MAX_PATH_BYTES = 1024
MAX_COMPONENT_BYTES = 255
MAX_SYMLINK_HOPS = 40
PLACEHOLDER_LIMIT = 64_000  # larger files are never only a placeholder
MAX_FOLDER_FILES = 50  # folder files kept for content rules; one counting file suffices to count

# Characters that render like `/`, `\` or `.` but are not: a path using them means something else.
LOOKALIKES = {
    "\u2215": "division slash", "\uff0f": "fullwidth solidus", "\u2044": "fraction slash",
    "\u29f8": "big solidus", "\u2571": "box-drawing diagonal", "\u2024": "one dot leader",
    "\u2025": "two dot leader", "\u2026": "ellipsis", "\uff0e": "fullwidth full stop",
    "\ufe52": "small full stop", "\u3002": "ideographic full stop", "\uff3c": "fullwidth reverse solidus",
    "\u2216": "set minus", "\ufe68": "small reverse solidus", "\u29f5": "reverse solidus operator",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:(?:[\\/]|$)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_ENCODED = re.compile(r"%(?:2e|2f|5c|00)", re.I)
_LINE_SUFFIX = re.compile(r":\d+(?:-\d+)?$")
_PLACEHOLDER_WORDS = re.compile(r"\b(?:todo|tbd|tba|n/a|placeholder|fixme|xxx|wip|coming soon|to be written)\b", re.I)


@dataclass(frozen=True)
class Resolved:
    value: str
    kind: Kind
    rel: str | None = None  # repository-relative path of what was found (or looked for)
    files: tuple[str, ...] = ()  # regular files that count (one for a file; up to 50 for a folder)
    reason: str = ""


def refusal(value: str) -> str | None:
    """Why `value` may not even be looked up, or None. Pure string checks; no I/O."""
    if _CONTROL.search(value):
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
    if _SCHEME.match(value):
        return "is a URL with a scheme other than http(s)"
    if _DRIVE.match(value):
        return "is a Windows drive path"
    if value.startswith(("\\\\", "//")):
        return "is a UNC network path"
    if value.startswith("/"):
        return "is an absolute path"
    if value.startswith("~"):
        return "points into a home folder (~)"
    if "\\" in value:
        return "uses backslashes (a Windows path form); write repository paths with /"
    if _ENCODED.search(value):
        return "hides a dot, slash or NUL behind percent-encoding"
    return None


def clean(value: str) -> str:
    """Drop a `#fragment` and a `:line` suffix; links write them, files do not have them."""
    value = value.strip()
    if "#" in value:
        value = value.split("#", 1)[0]
    return _LINE_SUFFIX.sub("", value)


def inside(rel: str) -> str | None:
    """Normalise a relative POSIX path; None when its `..` leave the repository."""
    normal = posixpath.normpath(rel) if rel else "."
    if normal == ".." or normal.startswith("../"):
        return None
    return normal


def is_placeholder(data: bytes) -> bool:
    """Only headings, TODO/TBD/N/A, comments and whitespace: a template, not evidence."""
    if len(data) > PLACEHOLDER_LIMIT:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False  # binary (a screenshot, a log archive): not a template
    if "<!--" not in text:
        # Usually the first line that is not a heading already says something.
        for line in text.splitlines():
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                if re.search(r"[^\W_]", _PLACEHOLDER_WORDS.sub(" ", stripped)):
                    return False
        return True
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    body = _PLACEHOLDER_WORDS.sub(" ", body)
    return re.search(r"[^\W_]", body) is None


def walk(source, rel: str, entries: dict | None = None) -> tuple[str, str, object]:
    """Follow `rel` one component at a time: ("file"|"dir", final rel, entry), ("missing", rel, None)
    or ("outside", reason, None). Symlinks are followed here, never by the Source."""
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    done: list[str] = []
    hops = 0
    entry = None
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
    if entry is None:
        return "dir", "/".join(done) or ".", None  # ended on a folder reached through `..`
    return entry.kind, "/".join(done), entry


# Whether a blob's content counts as evidence depends on its bytes alone, so verdicts are shared
# across the sources one run compares (HEAD, the index, a base revision), keyed by blob sha.
_BLOB_VERDICTS: dict[str, bool] = {}


class Resolver:
    """Resolves evidence strings for one Source, caching by (value, document folder)."""

    def __init__(self, source):
        self.source = source
        self._blob_sha = source.blob_sha  # git sources: verdicts shared by content
        self._cache: dict[tuple[str, str], Resolved] = {}
        self._counts: dict[str, bool] = {}
        self._entries: dict[str, object] = {}

    def resolve(self, value: str, doc_path: str | None = None) -> Resolved:
        folder = posixpath.dirname(doc_path or "")
        key = (value, folder)
        if key not in self._cache:
            self._cache[key] = self._resolve(value, folder)
        return self._cache[key]

    def _resolve(self, raw: str, folder: str) -> Resolved:
        if is_url(raw.strip()):
            return Resolved(raw, "url", reason="a URL cannot be verified offline")
        if commit_ref(raw):  # judged against git history by rules_proof, never looked up as a path
            return Resolved(raw, "commit", reason="a commit")
        why = refusal(raw.strip())
        if why:
            return Resolved(raw, "outside", reason=why)
        value = clean(raw)
        if not value:
            return Resolved(raw, "missing", reason="names no path")
        candidates = []
        for base in ("", folder) if folder else ("",):
            rel = inside(posixpath.join(base, value))
            if rel is not None and rel != "." and rel not in candidates:  # the whole repository proves nothing
                candidates.append(rel)
        if not candidates:
            if inside(value) == "." or (folder and inside(posixpath.join(folder, value)) == "."):
                return Resolved(raw, "missing", reason="names the repository root, not a file or folder of evidence")
            return Resolved(raw, "outside", reason="uses `..` to leave the repository")
        for rel in candidates:
            kind, where, entry = walk(self.source, rel, self._entries)
            if kind == "outside":
                return Resolved(raw, "outside", rel=rel, reason=where)
            if kind == "file":
                if self._file_counts(where, entry.size):
                    return Resolved(raw, "ok", rel=where, files=(where,))
                return Resolved(raw, "empty", rel=where, reason="is empty" if not entry.size else "holds only a template placeholder")
            if kind == "dir":
                counting = self._folder_files(where)
                if counting:
                    return Resolved(raw, "ok", rel=where, files=tuple(counting))
                return Resolved(raw, "empty", rel=where, reason="is a folder with no non-empty, non-placeholder file")
        return Resolved(raw, "missing", rel=candidates[0], reason="does not exist")

    def _file_counts(self, rel: str, size: int) -> bool:
        if rel not in self._counts:
            if size <= 0:
                self._counts[rel] = False
            elif size > PLACEHOLDER_LIMIT:
                self._counts[rel] = True
            else:
                sha = self._blob_sha(rel)
                if sha is not None and sha in _BLOB_VERDICTS:
                    self._counts[rel] = _BLOB_VERDICTS[sha]
                else:
                    data = self.source.read(rel)
                    self._counts[rel] = bool(data) and not is_placeholder(data)
                    if sha is not None:
                        _BLOB_VERDICTS[sha] = self._counts[rel]
        return self._counts[rel]

    def _folder_files(self, rel: str) -> list[str]:
        found = []
        for path in self.source.walk("" if rel == "." else rel):
            entry = self.source.entry(path)
            if entry is not None and entry.kind == "file" and self._file_counts(path, entry.size):
                found.append(path)
                if len(found) >= MAX_FOLDER_FILES:
                    break
        return found

    def text(self, rel: str, limit: int = 2_000_000) -> str:
        """The decoded text of a counting file, for content rules (must_contain, evidence-unrelated)."""
        data = self.source.read(rel)
        if not data:
            return ""
        return data[:limit].decode("utf-8", "replace")
