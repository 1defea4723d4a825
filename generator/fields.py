"""Typed reading of YAML mappings, reporting each problem at the line of its key."""

from __future__ import annotations

import re
from typing import Any, Iterable

from .diagnostics import Diagnostics, suggest
from .yamlio import YamlDoc

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def kind_of(value: Any) -> str:
    """How a YAML value reads to a content author."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class Fields:
    """Reads the keys of one mapping in ``doc`` (at ``base`` inside it) for ``path``."""

    def __init__(self, doc: YamlDoc, path: str, diags: Diagnostics, base: tuple[Any, ...] = ()) -> None:
        self.doc, self.path, self.diags, self.base = doc, path, diags, base
        value = doc.value
        for step in base:
            value = value[step]
        self.data: dict[Any, Any] = value if isinstance(value, dict) else {}

    def line(self, *keys: Any) -> int:
        return self.doc.line(*self.base, *keys)

    def error(self, message: str, *keys: Any) -> None:
        self.diags.error(self.path, self.line(*keys), message)

    def warning(self, message: str, *keys: Any) -> None:
        self.diags.warning(self.path, self.line(*keys), message)

    def only(self, allowed: Iterable[str], why: str = "") -> None:
        """Report keys outside ``allowed``, suggesting the nearest allowed one."""
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                hint = suggest(key, allowed) or why
                self.error(f"unknown key '{key}'{hint}", key)

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.data:
            if required:
                self.error(f"missing required key '{key}'")
            return None
        return self.data[key]

    def text(self, key: str, required: bool = False, one_line: bool = False) -> str | None:
        value = self._get(key, required)
        if value is None:
            if key in self.data and required:
                self.error(f"'{key}' must be text, not nothing", key)
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(f"'{key}' must be text, not {kind_of(value) if value != '' else 'empty text'}", key)
            return None
        if one_line and "\n" in value.strip():
            self.error(f"'{key}' must be one line", key)
        return value.strip()

    def whole(self, key: str, required: bool = False, minimum: int = 0) -> int | None:
        value = self._get(key, required)
        if value is None and key not in self.data:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(f"'{key}' must be a whole number, not {kind_of(value)}", key)
            return None
        if value < minimum:
            self.error(f"'{key}' must be at least {minimum}, not {value}", key)
            return None
        return value

    def texts(self, key: str, required: bool = False) -> tuple[str, ...] | None:
        """A list of text items (an absent key is an empty list)."""
        value = self._get(key, required)
        if value is None:
            return () if key not in self.data or not required else None
        if not isinstance(value, list):
            self.error(f"'{key}' must be a list, not {kind_of(value)}", key)
            return None
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                hint = (": a ': ' inside a line makes YAML read it as a key and value; put the whole line in "
                        "quotes" if isinstance(item, dict) else "")
                self.error(f"'{key}' item {index + 1} must be text, not {kind_of(item)}{hint}", key, index)
                return None
            items.append(item.strip())
        return tuple(items)

    def keys(self, key: str, allowed: Iterable[str] | None, what: str, required: bool = False) -> tuple[str, ...]:
        """A list of keys, each of which must be in ``allowed`` (when given)."""
        items = self.texts(key, required) or ()
        if allowed is None:
            return items
        allowed = list(allowed)
        for index, item in enumerate(items):
            if item not in allowed:
                self.error(f"unknown {what} '{item}'{suggest(item, allowed)}", key, index)
        return tuple(i for i in items if i in allowed)

    def choice(self, key: str, allowed: Iterable[str], what: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        allowed = list(allowed)
        if value is not None and value not in allowed:
            self.error(f"unknown {what} '{value}'{suggest(value, allowed)}", key)
            return None
        return value

    def ages(self, key: str = "ages") -> tuple[int, int] | None:
        """A required ``[min, max]`` of whole years, in order."""
        value = self.data.get(key)
        if key not in self.data:
            self.error(f"missing required key '{key}'")
            return None
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            self.error(f"'{key}' must be [min, max] in whole years, such as [3, 5], not {kind_of(value)}", key)
            return None
        low, high = value
        if low > high:
            self.error(f"ages are out of order: {low} is more than {high} (write [{high}, {low}])", key)
            return None
        if low < 0:
            self.error("ages cannot be negative", key)
            return None
        return low, high
