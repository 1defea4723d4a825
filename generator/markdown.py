"""The one configured Markdown parser and how its tokens become HTML.

Raw HTML is off (it is escaped as text), markdown-it's link validation drops
``javascript:``-like schemes, and three containers carry the session structure:
``demo`` (for the Big Partner), ``say`` (spoken words) and ``worksheet``.
Parsing happens during validation; rendering only turns tokens into HTML.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any, Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

CONTAINERS = ("demo", "say", "worksheet")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The shared parser (building one costs more than parsing a session)."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    for name in CONTAINERS:
        md.use(container_plugin, name, render=_render_container)
    md.core.ruler.push("partners_headings", _shift_headings)
    md.add_render_rule("image", _render_image)
    return md


def parse(text: str) -> list[Token]:
    """Block and inline tokens of a Markdown body (``token.map`` lines are 0-based)."""
    return parser().parse(text)


def render(tokens: Sequence[Token], env: dict[str, Any]) -> str:
    """HTML for ``tokens``. ``env`` gives ``root`` (the path back to the output
    folder) and ``t`` (the UI string lookup for the page's locale)."""
    md = parser()
    return md.renderer.render(tokens, md.options, env)


def inline_text(tokens: Sequence[Token], start: int) -> str:
    """Plain text of the first inline token at or after ``start``."""
    for token in tokens[start:]:
        if token.type == "inline":
            return "".join(child.content for child in token.children or [] if child.type in {"text", "code_inline"})
    return ""


def walk_inline(tokens: Sequence[Token]) -> list[tuple[Token, Token]]:
    """Every inline child with its parent block-level inline token (which has a map)."""
    found = []
    for token in tokens:
        for child in token.children or []:
            found.append((child, token))
            for grandchild in child.children or []:
                found.append((grandchild, token))
    return found


def _shift_headings(state: StateCore) -> None:
    """A page has its own ``h1``: body headings start at ``h2``, and a sheet's ``#`` title is an ``h2``."""
    depth = 0
    for token in state.tokens:
        if token.type == "container_worksheet_open":
            depth += 1
        elif token.type == "container_worksheet_close":
            depth -= 1
        elif token.type in {"heading_open", "heading_close"}:
            level = int(token.tag[1])
            level = min(level + 1, 6) if depth else max(level, 2)
            token.tag = f"h{level}"


def _render_container(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    name = token.type.split("_")[1]
    if token.nesting == -1:
        return _CLOSE[name]
    t: Callable[[str], str] = env.get("t", lambda key: key)
    if name == "demo":
        return f'<aside class="demo"><p class="block-label">{escape(t("demo.label"))}</p>\n'
    if name == "say":
        return f'<blockquote class="say"><p class="visually-hidden">{escape(t("say.label"))}</p>\n'
    size, orientation = worksheet_format(token.info)
    label = t("worksheet.label").format(size=size, orientation=t(f"orientation.{orientation}"))
    return (f'<figure class="worksheet sheet-{size.lower()} sheet-{orientation}">'
            f'<figcaption>{escape(label)}</figcaption><div class="sheet">\n')


_CLOSE = {"demo": "</aside>\n", "say": "</blockquote>\n", "worksheet": "</div></figure>\n"}


def worksheet_format(info: str) -> tuple[str, str]:
    """``("A4", "portrait")`` from a fence's info (``worksheet A3 landscape``).

    Unknown words are reported by validation; here they fall back to A4 portrait.
    """
    words = info.split()[1:]
    size = words[0].upper() if words and words[0].upper() in {"A4", "A3"} else "A4"
    orientation = "landscape" if "landscape" in (w.lower() for w in words[1:]) else "portrait"
    return size, orientation


def _render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    to_output: Callable[[str], str] = env.get("media", lambda path: path)
    src = env.get("root", "") + to_output(str(token.attrGet("src") or ""))
    alt = "".join(child.content for child in token.children or [])
    return f'<img src="{escape(src)}" alt="{escape(alt)}">'
