"""Find and undo UTF-8 text that was decoded as Mac Roman or cp1252 and saved again.

A repair is accepted only where re-encoding the repaired text gives back exactly the
original characters, so it is lossless by construction.
"""

from __future__ import annotations

import re

# cp1252 leaves five bytes undefined; tools that "decode" them anyway produce the
# C1 control characters of the same code point, so map those back to their bytes.
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def _encode_table(codec: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode(codec)] = byte
        except UnicodeDecodeError:
            if codec == "cp1252" and byte in _CP1252_UNDEFINED:
                table[chr(byte)] = byte
    return table


_TABLES = {"Mac Roman": _encode_table("mac_roman"), "cp1252": _encode_table("cp1252")}
# Characters that can appear in mojibake of either codec (plus ASCII continuation-free).
_SUSPECT = re.compile("[" + re.escape("".join(sorted(set(_TABLES["Mac Roman"]) | set(_TABLES["cp1252"])))) + "]{2,}")


def _seq_len(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _repair_run(run: str, table: dict[str, int]) -> tuple[str, int]:
    """Repair UTF-8 sequences inside one run of suspect characters."""
    out: list[str] = []
    fixed = 0
    i = 0
    while i < len(run):
        lead = table.get(run[i])
        size = _seq_len(lead) if lead is not None else 0
        # Two-byte sequences are accepted only for the Latin-1 range (Ã©, Â°),
        # where a false positive in real prose is vanishingly rare.
        if size and (size > 2 or lead in (0xC2, 0xC3)) and i + size <= len(run):
            looked_up = [table.get(ch) for ch in run[i : i + size]]
            raw = [b for b in looked_up if b is not None]
            if len(raw) == size and all(0x80 <= b <= 0xBF for b in raw[1:]):
                try:
                    char = bytes(raw).decode("utf-8")
                except UnicodeDecodeError:
                    char = ""
                if char:
                    out.append(char)
                    fixed += 1
                    i += size
                    continue
        out.append(run[i])
        i += 1
    return "".join(out), fixed


def repair(text: str) -> tuple[str, int, str | None]:
    """Return (repaired text, sequences repaired, codec name or None)."""
    if text.isascii():
        return text, 0, None
    best: tuple[str, int, str | None] = (text, 0, None)
    for codec, table in _TABLES.items():
        repaired, count = _repair_text(text, table)
        if count > best[1]:
            best = (repaired, count, codec)
    return best


def _repair_text(text: str, table: dict[str, int]) -> tuple[str, int]:
    """Repair every run of suspect characters in `text` with one codec's table."""
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        repaired, n = _repair_run(match.group(0), table)
        count += n
        return repaired

    return _SUSPECT.sub(fix, text), count


def encode_like(original_codec: str, text: str) -> str:
    """Re-create the mojibake form of `text` (used to prove a repair is lossless)."""
    codec = "mac_roman" if original_codec == "Mac Roman" else "cp1252"
    data = text.encode("utf-8")
    if codec == "cp1252":
        return "".join(
            chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252") if b >= 0x80 else chr(b) for b in data
        )
    return data.decode(codec)
