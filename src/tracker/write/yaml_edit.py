"""Edits of one YAML tracker entry: spans located by the one YAML reading, replaced in the original text.

The status scalar's span (its node's start and end marks) is replaced by the new value, in the
old scalar's quoting style when that style can hold it; evidence is appended to the list in its
own style (block or flow), or added as a new key. Nothing else in the text changes: comments,
key order, indentation, line endings and the BOM survive byte for byte. The result is read back
with the same reader and must differ from the original only by the edit, or nothing is written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tracker.errors import InputError, WriteConflict
from tracker.parse.text import BOM, split_lines
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.parse.yaml_reader import YamlList, YamlMap, read_yaml
from tracker.write.markdown_edit import Change, Outcome
from tracker.write.status_text import styled

# Text that reads back as itself when written plain, in block and in flow context alike.
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_./][\w./@+()~-]*(?: [\w./@+()~-]+)*")
_PRINTABLE = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]*")
_resolvers: list[Any] = []


def _typed_elsewhere(value: str) -> bool:
    """Whether a YAML 1.1 or 1.2 reader with the usual schema would read plain `value` as not text."""
    if not _resolvers:
        from ruamel.yaml.resolver import VersionedResolver

        _resolvers.extend(VersionedResolver(version=v) for v in ((1, 1), (1, 2)))
    return any(str(r.resolve(ScalarNode, value, (True, False))) != "tag:yaml.org,2002:str" for r in _resolvers)


def quoted(value: str, like: str | None = None) -> str:
    """`value` as a YAML scalar: in the style `like` (None plain, "'" or '"') when it can hold it, else quoted."""
    printable = _PRINTABLE.fullmatch(value) is not None and "\n" not in value
    if like == '"' or not printable:
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are YAML double-quoted escapes
    if like == "'" or not _PLAIN_SAFE.fullmatch(value) or _typed_elsewhere(value):
        return "'" + value.replace("'", "''") + "'"
    return value


def _entry(data: Any, item_id: str, path: str) -> tuple[YamlList, int]:
    items = data.get("items") if isinstance(data, dict) else None
    found = [i for i, e in enumerate(items or []) if isinstance(e, dict) and e.get("id") == item_id]
    if len(found) != 1 or not isinstance(items, YamlList):
        raise WriteConflict(f"{item_id} is {'not' if not found else 'more than once'} in this document; "
                            "nothing was written", path)
    return items, found[0]


def edit_yaml(text: str, path: str, change: Change, vocab: Vocabulary = DEFAULT) -> Outcome:
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    data = read_yaml(body, path)
    items, index = _entry(data, change.item_id, path)
    entry: YamlMap = items[index]
    new_status = None
    if change.status is not None:
        current = entry.get("status")
        current = current if isinstance(current, str) else ""
        if vocab.read(current).status == change.status:
            new_status = current
        else:
            exemplars = [(i, e["status"]) for i, e in enumerate(items) if isinstance(e, dict) and i != index
                         and isinstance(e.get("status"), str) and vocab.read(e["status"]).status == change.status]
            new_status = styled(change.status, current, exemplars, index, change.today, vocab)
    evidence = entry.get("evidence")
    existing = [e for e in evidence if isinstance(e, str)] if isinstance(evidence, list) else \
        [evidence] if isinstance(evidence, str) else []
    adding = [p for i, p in enumerate(change.evidence) if p not in existing and p not in change.evidence[:i]]
    out = Outcome(text=text)
    if change.evidence:
        out.evidence_where = "yaml"
    _, newline, _, _ = split_lines(body)
    edits: list[tuple[int, int, str]] = []
    if new_status is not None and entry.get("status") != new_status:
        edits.append(_status_edit(body, entry, new_status, path, change.item_id))
    if adding:
        edits.append(_evidence_edit(body, items.nodes[index], entry, adding, newline, path, change.item_id))
    for start, end, new in sorted(edits, reverse=True):
        body = body[:start] + new + body[end:]
    _verify(data, body, path, index, new_status, existing + adding if adding else None, change.item_id)
    out.text = (BOM if bom else "") + body
    return out


def _span(body: str, node: Node) -> tuple[int, int]:
    """[start, end) of a node in `body`; a block scalar's span stops before its trailing line breaks."""
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        end = start + len(body[start:end].rstrip())
    return start, end


def _style(node: ScalarNode) -> str | None:
    return node.style if node.style in ("'", '"') else None


def _status_edit(body: str, entry: YamlMap, status: str, path: str, item_id: str) -> tuple[int, int, str]:
    node = entry.nodes.get("status")
    if not isinstance(node, ScalarNode) or (not node.value and not node.style):
        raise WriteConflict(f"{item_id}: `status` is not a written value; nothing was written", path)
    start, end = _span(body, node)
    return start, end, quoted(status, _style(node))


def _new_lines(body: str, index: int, lines: list[str], newline: str) -> tuple[int, int, str]:
    """An insertion of `lines` after the line holding `index` (a last line without a break stays without)."""
    found = body.find("\n", index)
    if found < 0:
        return len(body), len(body), "".join(newline + line for line in lines)
    return found + 1, found + 1, "".join(line + newline for line in lines)


def _expect(body: str, index: int, char: str, path: str, item_id: str) -> None:
    if body[index:index + 1] != char:
        raise WriteConflict(f"{item_id}: unexpected YAML layout near `evidence`; nothing was written", path)


def _evidence_edit(body: str, entry_node: Node, entry: YamlMap, adding: list[str], newline: str,
                   path: str, item_id: str) -> tuple[int, int, str]:
    node = entry.nodes.get("evidence")
    paths = [quoted(p) for p in adding]
    if node is None:
        status = entry.nodes.get("status")
        if not isinstance(entry_node, MappingNode) or not isinstance(status, ScalarNode):
            raise WriteConflict(f"{item_id}: no written `status` to add evidence after; nothing was written", path)
        if entry_node.flow_style:  # `- {id: A, status: todo}`
            close = entry_node.end_mark.index - 1
            _expect(body, close, "}", path, item_id)
            return close, close, f", evidence: [{', '.join(paths)}]"
        pad = " " * entry_node.start_mark.column
        return _new_lines(body, _span(body, status)[1], [f"{pad}evidence:", *(f"{pad}  - {p}" for p in paths)],
                          newline)
    if isinstance(node, ScalarNode):
        start, end = _span(body, node)
        if entry.get("evidence") is None and start == end:  # `evidence:` (parsers place the empty node apart)
            colon = body.find(":", entry.key_nodes["evidence"].end_mark.index)
            return colon + 1, colon + 1, f" [{', '.join(paths)}]"
        if entry.get("evidence") is None:  # `evidence: ~`
            return start, end, f"[{', '.join(paths)}]"
        same_line = "\n" not in body[start:end] and node.style not in ("|", ">")
        first = body[start:end] if same_line else quoted(str(node.value), _style(node))
        return start, end, "[" + ", ".join([first, *paths]) + "]"
    if isinstance(node, SequenceNode) and node.flow_style:
        close = node.end_mark.index - 1
        _expect(body, close, "]", path, item_id)
        before = body[node.start_mark.index:close].rstrip()
        joiner = "" if before.endswith(("[", ",")) else ", "
        return close, close, joiner + ", ".join(paths)
    if isinstance(node, SequenceNode) and node.value:
        last = node.value[-1]
        line_start = body.rfind("\n", 0, last.start_mark.index) + 1
        prefix = body[line_start:last.start_mark.index]
        if not re.fullmatch(r" *- +", prefix):
            prefix = " " * node.start_mark.column + "- "
        return _new_lines(body, _span(body, last)[1], [prefix + p for p in paths], newline)
    raise WriteConflict(f"{item_id}: `evidence` is neither a path nor a list of paths; nothing was written", path)


def _verify(before: Any, body: str, path: str, index: int, status: str | None, evidence: list[str] | None,
            item_id: str) -> None:
    """The edited text reads back, with the same reader, as the old data with exactly this edit."""
    try:
        after = read_yaml(body, path)
    except InputError as exc:
        raise WriteConflict(f"{item_id}: the edit would not read back ({exc.message}); nothing was written",
                            path) from None
    old = before["items"][index]
    new: Any = after.get("items") if isinstance(after, dict) else None
    try:
        entry = new[index]
        same_elsewhere = (
            {k: v for k, v in after.items() if k != "items"} == {k: v for k, v in before.items() if k != "items"}
            and new[:index] == before["items"][:index] and new[index + 1:] == before["items"][index + 1:]
            and {k: v for k, v in entry.items() if k not in ("status", "evidence")}
            == {k: v for k, v in old.items() if k not in ("status", "evidence")})
        same_evidence = entry.get("evidence") == (old.get("evidence") if evidence is None else evidence)
        right = (status is None or entry.get("status") == status) and same_evidence
    except (TypeError, IndexError, KeyError, AttributeError):
        same_elsewhere = right = False
    if not (same_elsewhere and right):
        raise WriteConflict(f"{item_id}: the edit did not read back as intended (unusual YAML layout); "
                            "nothing was written", path)
