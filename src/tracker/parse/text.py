"""Decode tracker files and split them into lines, remembering BOM and newline style."""

from __future__ import annotations

from tracker.errors import InputError

BOM = "\ufeff"


def decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes); not a tracker", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; re-save the file as UTF-8",
                         path, line) from None


def split_lines(text: str) -> tuple[list[str], str, bool, int]:
    """Lines without their endings, the dominant newline, BOM, and the first line of a mixed ending (0 if none)."""
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    newline = "\r\n" if crlf > lf else "\n"
    lines = text.split("\n")
    mixed = 0
    if crlf and lf:
        minority_is_crlf = newline == "\n"
        for index, line in enumerate(lines[:-1]):
            if line.endswith("\r") == minority_is_crlf:
                mixed = index + 1
                break
    if crlf:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return lines, newline, bom, mixed
