"""A quicker `__init__` for the frozen, slotted dataclasses made once per coded session.

The `__init__` that `dataclasses` writes for a frozen class sets each field with
`object.__setattr__(self, name, value)`, which looks the name up on the class every time: for
the 27 fields of a `Session` that is most of the cost of making one. `quick_init` replaces it
with one that calls each slot's own setter, with the same parameters, defaults and keyword
names. The class stays frozen (assigning a field still raises `FrozenInstanceError`), equal,
hashed and printed as before.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen, slotted dataclass without factories or `__post_init__` the quick init."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init is for frozen dataclasses with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init does not run __post_init__")
    namespace: dict[str, Any] = {}
    signature: list[str] = []
    body: list[str] = []
    for number, item in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        if not item.init:
            raise TypeError(f"{cls.__name__}.{item.name}: quick_init sets every field from a parameter")
        if item.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{item.name}: quick_init has no default factories")
        if item.default is dataclasses.MISSING:
            signature.append(item.name)
        else:
            namespace[f"_default_{number}"] = item.default
            signature.append(f"{item.name}=_default_{number}")
        namespace[f"_set_{number}"] = cls.__dict__[item.name].__set__
        body.append(f"    _set_{number}(self, {item.name})")
    source = f"def __init__(self, {', '.join(signature)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, namespace)  # noqa: S102 - the source is made here from the field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
