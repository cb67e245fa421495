"""Read YAML with libyaml's composer and build plain data whose mappings and lists know their lines."""

from __future__ import annotations

from typing import Any

from tracker.errors import InputError


class LineDict(dict):
    """A mapping that remembers the 1-based line of each key."""

    __slots__ = ("lines",)


class LineList(list):
    """A sequence that remembers the 1-based line of each entry."""

    __slots__ = ("lines",)


def available() -> bool:
    try:
        import yaml

        return bool(getattr(yaml, "__with_libyaml__", False))
    except ImportError:
        return False


def load(text: str, path: str) -> Any:
    import yaml

    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        return _Builder(loader, path).build(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(f"invalid YAML: {exc.problem or exc.context or 'syntax error'}", path,
                         mark.line + 1 if mark else None) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise InputError(f"invalid YAML: {exc}", path) from None
    finally:
        loader.dispose()


class _Builder:
    """Turns nodes into data; an alias becomes the same object, so nothing is expanded."""

    def __init__(self, loader, path: str):
        self.loader = loader
        self.path = path
        self.made: dict[int, Any] = {}

    def build(self, root) -> Any:
        import yaml

        result = self._shell(root)
        pending = [root] if isinstance(root, (yaml.MappingNode, yaml.SequenceNode)) else []
        while pending:
            node = pending.pop()
            target = self.made[id(node)]
            if isinstance(node, yaml.SequenceNode):
                for child in node.value:
                    known = id(child) in self.made
                    target.append(self._shell(child))
                    target.lines[len(target) - 1] = child.start_mark.line + 1
                    if not known and isinstance(child, (yaml.MappingNode, yaml.SequenceNode)):
                        pending.append(child)
                continue
            self.loader.flatten_mapping(node)
            for key_node, value_node in node.value:
                key = self._shell(key_node)
                try:
                    hash(key)
                except TypeError:
                    raise InputError("a mapping key must be a plain value", self.path,
                                     key_node.start_mark.line + 1) from None
                if key in target:
                    raise InputError(f"duplicate key {key!r} (first at line {target.lines[key]})", self.path,
                                     key_node.start_mark.line + 1)
                known = id(value_node) in self.made
                target[key] = self._shell(value_node)
                target.lines[key] = key_node.start_mark.line + 1
                if not known and isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode)):
                    pending.append(value_node)
        return result

    def _shell(self, node) -> Any:
        """The object for `node`: scalars are built at once, containers empty until filled."""
        import yaml

        if id(node) in self.made:
            return self.made[id(node)]
        if isinstance(node, yaml.MappingNode):
            made: Any = LineDict()
            made.lines = {}
        elif isinstance(node, yaml.SequenceNode):
            made = LineList()
            made.lines = {}
        else:
            made = self.loader.construct_object(node, deep=True)
        self.made[id(node)] = made
        return made
