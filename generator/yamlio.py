"""Safe YAML loading that remembers where every key and item came from.

PyYAML's composer gives nodes with line marks; we turn them into plain Python
values ourselves, recording the 1-based line of each mapping key and list item
in a side table keyed by its path (``("ages", 1)``). Only the safe constructor
ever builds scalars, so tags such as ``!!python/object`` are rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C composer is several times faster; both are safe
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

Path = tuple[Any, ...]


class YamlError(Exception):
    """YAML that cannot be read; ``line`` is 1-based within the parsed text."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class YamlDoc:
    """A parsed YAML document and the line of each key or item in it."""

    value: Any
    lines: dict[Path, int] = field(default_factory=dict)
    offset: int = 0

    def line(self, *path: Any) -> int:
        """Line in the file of ``path``, or of its nearest recorded parent."""
        key = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1) + self.offset


def parse(text: str, offset: int = 0) -> YamlDoc:
    """Parse one YAML document; ``offset`` is added to every reported line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_describe(exc), _mark_line(exc) + offset) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", 1 + offset) from None
    doc = YamlDoc(None, {(): 1}, offset)
    if node is not None:
        doc.lines[()] = node.start_mark.line + 1
        try:
            doc.value = _convert(node, (), doc.lines, SafeConstructor())
        except YamlError as exc:
            raise YamlError(exc.message, exc.line + offset) from None
    return doc


def _convert(node: Node, path: Path, lines: dict[Path, int], build: SafeConstructor) -> Any:
    if isinstance(node, MappingNode):
        _expect_tag(node, MAP_TAG)
        build.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, build)
            line = key_node.start_mark.line + 1
            if key in result:
                raise YamlError(f"duplicate key '{key}'", line)
            lines[path + (key,)] = line
            result[key] = _convert(value_node, path + (key,), lines, build)
        return result
    if isinstance(node, SequenceNode):
        _expect_tag(node, SEQ_TAG)
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            items.append(_convert(item, path + (index,), lines, build))
        return items
    return _scalar(node, build)


def _scalar(node: Node, build: SafeConstructor) -> Any:
    if not isinstance(node, ScalarNode):
        raise YamlError("a key must be plain text", node.start_mark.line + 1)
    try:
        return build.construct_object(node, deep=True)
    except ConstructorError as exc:
        raise YamlError(_describe(exc), _mark_line(exc)) from None
    except (ValueError, OverflowError) as exc:  # e.g. a date such as 2027-13-01
        raise YamlError(f"invalid value '{node.value}': {exc}", node.start_mark.line + 1) from None


def _expect_tag(node: Node, tag: str) -> None:
    if node.tag != tag:
        raise YamlError(f"YAML tag '{node.tag}' is not allowed", node.start_mark.line + 1)


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "cannot be read"
    if isinstance(exc, ConstructorError) and "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip()
        return f"YAML tag {tag} is not allowed"
    return f"invalid YAML: {problem}"


def _mark_line(exc: yaml.MarkedYAMLError) -> int:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark is not None else 1
