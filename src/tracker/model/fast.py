"""Build models from values the parsers have already typed, without pydantic's per-field work.

`model_construct` looks up every missing default_factory's signature (inspect.signature, about
0.2 ms a call); at 10,000 items that was most of the parse. `build` fills defaults from a table
made once per class. tests/parse/test_model_build.py holds it equal to validated construction.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")
_MISSING = object()


_TABLES: dict[type, list[tuple[str, Any, Any]]] = {}


def _defaults(cls) -> list[tuple[str, Any, Any]]:
    # Kept outside the class: pydantic's metaclass treats underscore class attributes as private.
    table = _TABLES.get(cls)
    if table is None:
        table = []
        for name, field in cls.model_fields.items():
            factory = field.default_factory
            table.append((name, factory, _MISSING if factory is not None else field.default))
        _TABLES[cls] = table
    return table


class FastBuild:
    """Mixin for BaseModel subclasses: `Model.build(**values)` for trusted, already-typed values."""

    @classmethod
    def build(cls: type[T], **values: Any) -> T:
        data: dict[str, Any] = {}
        for name, factory, default in _defaults(cls):
            if name in values:
                data[name] = values[name]
            elif factory is not None:
                data[name] = factory()
            else:
                data[name] = default
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", data)
        object.__setattr__(obj, "__pydantic_fields_set__", set(values))
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj
