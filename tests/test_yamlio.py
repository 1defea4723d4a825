"""Safe YAML with line numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from generator import yamlio


def test_lines_of_keys_and_items() -> None:
    doc = yamlio.parse("title: A\nlist:\n  - one\n  - two\nnested:\n  key: 1\n", offset=1)
    assert doc.value == {"title": "A", "list": ["one", "two"], "nested": {"key": 1}}
    assert doc.line("title") == 2
    assert doc.line("list", 1) == 5
    assert doc.line("nested", "key") == 7
    assert doc.line("missing") == 2  # falls back to the document's first line


@pytest.mark.parametrize("text", [
    "x: !!python/object/apply:os.system ['echo no']",
    "x: !!python/name:os.system",
    "!!python/object:os.system {}",
    "x: !custom thing",
])
def test_tags_are_refused(text: str) -> None:
    with pytest.raises(yamlio.YamlError) as error:
        yamlio.parse(text)
    assert "not allowed" in error.value.message and error.value.line == 1


def test_syntax_error_line() -> None:
    with pytest.raises(yamlio.YamlError) as error:
        yamlio.parse("a: 1\nb: [2\nc: 3\n")
    assert error.value.line >= 2


TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)


@given(st.recursive(st.none() | st.booleans() | st.integers() | TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=12))
def test_plain_values_round_trip(value: object) -> None:
    import yaml
    text = yaml.safe_dump({"v": value}, allow_unicode=True)
    assert yamlio.parse(text).value == {"v": value}
