"""Fuzz the Markdown parser, the YAML tracker loader and the gate-file loader with mutated inputs.

    python bench/fuzz.py [--count 100000] [--seed 1] [--kinds markdown,yaml,gate]

Inputs are built from tracker-shaped fragments (tables, fences, comments, task lists, YAML
items, gate keys) and then mutated at the byte level (flips, splices, repeats, truncation,
invalid UTF-8, NUL, BOM, CR). The only exceptions allowed out of a parser are the tool's own
TrackerError subclasses; anything else is a crash, printed with a reproducer. Exit 1 on crashes.
When ruamel.yaml.clib is installed, every YAML and gate input is also read with the pure-Python
parser: a different result (data, or error message and line) is a crash too.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tracker.errors import TrackerError  # noqa: E402

MD_FRAGMENTS = [
    "# Plan\n", "## Hard Gates\n", "| ID | Status | Evidence Link |\n", "|---|---|---|\n", "|:-:|--:|\n",
    "| WS1-001 | done | `docs/a.md` |\n", "| Day 3 | COMPLETED | evidence: `x.md` |\n",
    "| — | **PHASE 2 — Scale** | — | — |\n", "| **FOUNDATION** | | | |\n", "| A-1 | ✅ COMPLETE (2025-12-28) |\n",
    "| a \\| b | `c \\| d` |\n", "```\n", "~~~md\n", "<!--\n", "-->\n", "<!-- x -->\n", "<div>\n", "<br> | x\n",
    "- [x] **T-1**: done\n", "  - Evidence: `e.md`\n", "- [ ] item\n", "- [~] half\n", "1. one\n", "> quote\n",
    "\ufeff", "\r\n", "\n", "\t", "    code\n", "‚úÖ Complete", "Ã©", "🚀", "`WS1-005` -> `done`\n",
    "done=4, blocked=1 (A-1)\n", "Blockers: B-2 / B-3\n", "<!-- tracker:summary -->\n", "<!-- /tracker:summary -->\n",
    "[link](../../etc/passwd)", "| x |" * 20, "\\", "|", "`", "**", "~~", "#" * 7 + " h\n",
]
YAML_FRAGMENTS = [
    "title: T\n", "items:\n", "  - id: A-1\n", "    status: done\n", "    evidence: [a.md]\n", "    evidence: a.md\n",
    "    depends_on: [A-2]\n", "    waivers: [{rule: TRK101, reason: ok}]\n", "    due: 2026-01-05\n", "  - 42\n",
    "&a [1, 2]\n", "*a\n", "b: &b [*a, *a, *a]\n", "!!python/name:os.system\n", "? complex\n: key\n", "---\n", "...\n",
    "%YAML 1.2\n", "{", "}", "[", "]", "'", '"', "\t", "- ", ": ", "id: id\n", "status: ✅\n", "\ufeff",
]
GATE_FRAGMENTS = [
    "name: g\n", "requires: ['WS1-*']\n", "blocks: [WS2-001]\n", "min_evidence: 2\n", "evidence_glob: 'docs/**/*.md'\n",
    "must_contain: 'PASS {id}'\n", "max_age_days: 7\n", "command: make test\n", "timeout: 5\n", "gates:\n", "  - name: x\n",
    "    requires: [A-*]\n", "must_contain: '('\n", "evidence_glob: '[abc'\n", "timeout: -1\n", "unknown: 1\n",
    "requires: 7\n", "min_evidence: yes\n", "name: ''\n", "&a x\n", "*a\n",
]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(0, 4)):
        op = rng.randrange(7)
        pos = rng.randint(0, len(buf)) if buf else 0
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = rng.choice([b"\x00", b"\xff", b"\xc3", b"\r", b"|", b"\\", b"`", b"\xe2\x80\x94", b"\n\n"])
        elif op == 2 and buf:
            end = min(len(buf), pos + rng.randint(1, 40))
            buf[pos:pos] = bytes(buf[pos:end]) * rng.randint(2, 50)
        elif op == 3:
            del buf[pos:pos + rng.randint(1, 20)]
        elif op == 4:
            buf = buf[:pos]
        elif op == 5 and buf:
            other = rng.randint(0, len(buf))
            buf[pos:pos] = buf[other:other + rng.randint(1, 60)]
        elif op == 6:
            buf[pos:pos] = rng.choice([b"- " * 200, b"|" * 500, b"[" * 100, b"  " * 100, b"#" * 10])
    return bytes(buf)


def generate(rng: random.Random, kind: str) -> bytes:
    pool = {"markdown": MD_FRAGMENTS, "yaml": YAML_FRAGMENTS, "gate": GATE_FRAGMENTS}[kind]
    text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 25)))
    return _mutate(rng, text.encode("utf-8"))


def run_one(kind: str, data: bytes) -> None:
    """Parse one input; TrackerError is the expected failure, anything else propagates."""
    from tracker.parse.text import decode

    if kind in ("yaml", "gate"):
        yaml_parsers_agree(data)
    if kind == "gate":
        from tracker.gate.definitions import parse_gate_file

        parse_gate_file(data, "gates/fuzz.yaml")
        return
    text = decode(data, "fuzz")
    if kind == "markdown":
        from tracker.parse.markdown import parse_markdown

        doc = parse_markdown(text, "fuzz.md")
        for item in doc.items:
            assert item.source.line >= 1
    else:
        from tracker.parse.yaml_tracker import parse_yaml

        parse_yaml(text, "fuzz.yaml")


def yaml_parsers_agree(data: bytes) -> None:
    """The C parser and the pure parser read `data` the same way (nothing to compare without the C one)."""
    from tracker.parse import yaml_reader

    if not yaml_reader.c_parser_in_use():
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return

    def outcome(pure: bool) -> tuple:
        try:
            return ("data", yaml_reader.read_yaml(text, "fuzz.yaml", pure=pure))
        except TrackerError as exc:
            return ("error", exc.message, exc.line)

    with_c, pure = outcome(False), outcome(True)
    if with_c != pure:
        raise AssertionError(f"C and pure YAML parsers disagree: {with_c!r:.120} / {pure!r:.120}")


def fuzz(count: int, seed: int, kinds: list[str], weights: list[int], report=print) -> tuple[int, list]:
    rng = random.Random(seed)
    crashes: list[tuple[str, bytes, str]] = []
    seen: set[str] = set()
    for n in range(count):
        kind = rng.choices(kinds, weights)[0]
        data = generate(rng, kind)
        try:
            run_one(kind, data)
        except TrackerError:
            pass
        except Exception as exc:  # noqa: BLE001 - a crash is what we are looking for
            where = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__} at {where.filename}:{where.lineno}"
            if key not in seen:
                seen.add(key)
                report(f"CRASH {kind}: {key}: {exc!s:.200}\n  input: {data[:300]!r}")
            crashes.append((kind, data, key))
        if report is print and n and n % 10_000 == 0:
            print(f"... {n} inputs, {len(crashes)} crashes", file=sys.stderr)
    return count, crashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default="markdown,yaml,gate")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    weights = [{"markdown": 6, "yaml": 2, "gate": 2}[k] for k in kinds]
    start = time.perf_counter()
    count, crashes = fuzz(args.count, args.seed, kinds, weights)
    elapsed = time.perf_counter() - start
    distinct = sorted({key for _, _, key in crashes})
    print(f"fuzz: {count} inputs ({', '.join(kinds)}; seed {args.seed}) in {elapsed:.0f} s: "
          f"{len(crashes)} crashes, {len(distinct)} distinct")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
