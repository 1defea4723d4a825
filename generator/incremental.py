"""Incremental builds: what each website page depends on.

Every page gets a key, a hash of exactly the inputs its template is given: what all pages
share (the tool, the web templates, the UI strings, the site, the curricula and the titles in
the navigation) and what the page itself shows. A session page shows its session and the cards
of its neighbours and requirements; a programme page shows its page; the home, library,
strand and curriculum pages list every session. A build reuses from the last build into the
same folder every page whose key is unchanged and whose file still holds the bytes it wrote,
and renders the rest, so editing one session renders a handful of pages, not the whole site.
"""

from __future__ import annotations

import hashlib
import html as html_text
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .cache import key
from .model import Library, Page, Session
from .printables import PACK_TEMPLATES, PRINT_TEMPLATES, library_key
from .render import neighbour_table
from .routes import Route


def shared_key(library: Library, pdf_links: bool) -> str:
    """What every page depends on: tool, theme (but for the print and pack templates), strings,
    site, curricula, navigation."""
    return key(library_key(library, _web_template), repr(library.site), repr(library.curricula), repr(pdf_links),
               *[_nav_entry(page) for page in library.pages])


def _web_template(name: str) -> bool:
    return not name.startswith((PRINT_TEMPLATES, PACK_TEMPLATES))  # they make printables and packs, not pages


def page_keys(library: Library, site_routes: list[Route], pdf_links: bool) -> dict[str, str]:
    """The key of every route's page, by output path."""
    shared = shared_key(library, pdf_links)
    sessions = {session.id: session for session in library.sessions}
    neighbours = neighbour_table(library.sessions)
    digests = {session.id: _digest(session) for session in library.sessions}
    every_session = key(*digests.values())
    keys = {}
    for route in site_routes:
        if route.kind == "session":
            session = sessions[route.key]
            shown = [session, *neighbours[session.id], *[sessions[sid] for sid in sorted(session.requires)]]
            own = key(*[digests[s.id] for s in shown])
        elif route.kind == "page":
            own = _digest(next(page for page in library.pages if page.slug == route.key))
        else:
            own = every_session
        keys[route.path] = key(shared, route.path, route.kind, route.locale, route.key, own)
    return keys


def _digest(item: Session | Page) -> str:
    """Everything of a session or page: its fields, and the files of its texts."""
    fields = {name: value for name, value in vars(item).items() if name != "texts"}
    texts = [(code, text.path, text.digest) for code, text in sorted(item.texts.items())]
    return key(repr(sorted(fields.items())), repr(texts))


def _nav_entry(page: Page) -> str:
    """What the navigation of every page shows of a programme page: its titles."""
    return repr((page.slug, page.order, sorted((code, text.title) for code, text in page.texts.items())))


def reusable(out: Path, previous: dict[str, list], keys: dict[str, str]) -> dict[str, tuple[str, bool | None]]:
    """The pages of the last build into ``out`` that can be kept as they are: their key is
    unchanged and the file still holds what was written (checked by its hash)."""
    kept: dict[str, tuple[str, bool | None]] = {}
    if not previous or not out.is_dir():  # nothing built there yet, or it was deleted since
        return kept
    for path, new in keys.items():
        old = previous.get(path)
        if not old or old[0] != new:
            continue
        try:
            data = (out / path).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == old[1]:
            kept[path] = (data.decode("utf-8"), old[2])
    return kept


def remembered(keys: dict[str, str], html: dict[str, tuple[str, bool | None]], files: dict[str, bytes],
               elsewhere: dict[str, tuple[str, int, bool | None]] | None = None) -> dict[str, list]:
    """What the next build needs to reuse these pages: key, hash of the bytes, fallback (of
    the pages written by other processes, ``elsewhere`` has their hash, size and fallback)."""
    elsewhere = elsewhere or {}
    return {path: [keys[path], elsewhere[path][0], elsewhere[path][2]] if path in elsewhere
            else [keys[path], hashlib.sha256(files[path]).hexdigest(), html[path][1]] for path in keys}


def characters(page: str) -> frozenset[str]:
    """The characters a page shows (entities decoded): what its fonts must hold."""
    return frozenset(html_text.unescape(page))


def characters_of(pages: Iterable[str]) -> frozenset[str]:
    """The characters all of ``pages`` show, as :func:`characters` finds them for each. Pages
    repeat most of their lines (navigation, footer, cards), so each line is looked at once:
    three times faster than page by page."""
    lines: set[str] = set()
    for page in pages:
        lines.update(page.split("\n"))
    return frozenset(html_text.unescape("\n".join(lines)))


@dataclass
class Memory:
    """What a long-running process (the live preview) keeps from one build to the next, so
    that a save costs in proportion to what it changed rather than to the library: each
    page's key, HTML, fallback and characters, every file as it was written, and the search
    words, cards, loaded files and parsed bodies that are keyed by what made them (those are
    let go when they pile up). About 185 MB for a library of 1,000 sessions in two languages."""

    pages: dict[str, tuple[str, str, bool | None, frozenset[str]]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    words: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)  # search words by text file
    cards: dict[tuple, object] = field(default_factory=dict)  # session cards as rendered (see render.Renderer)
    raw: dict[tuple[str, str], object] = field(default_factory=dict)  # Markdown files read, by path and text
    parsed: dict[tuple[str, str], list] = field(default_factory=dict)  # their bodies parsed, by path and body

    def reusable(self, keys: dict[str, str]) -> dict[str, tuple[str, bool | None]]:
        return {path: (text, fallback) for path, (old, text, fallback, _) in self.pages.items()
                if keys.get(path) == old}

    def remember(self, keys: dict[str, str], html: dict[str, tuple[str, bool | None]],
                 chars: dict[str, frozenset[str]], files: dict[str, bytes]) -> None:
        self.pages = {path: (keys[path], text, fallback, chars[path]) for path, (text, fallback) in html.items()}
        self.files = files
        if len(self.words) > 4 * len(self.pages):  # words of old versions pile up: start afresh
            self.words = {}
        if len(self.cards) > 8 * len(self.pages):
            self.cards = {}
        if len(self.raw) > 4 * len(self.pages):
            self.raw, self.parsed = {}, {}


def page_characters(html: dict[str, tuple[str, bool | None]], keys: dict[str, str],
                    memory: Memory) -> dict[str, frozenset[str]]:
    """Every page's characters, from ``memory`` for pages it holds unchanged, or found now."""
    found = {}
    for path, (text, _) in html.items():
        kept = memory.pages.get(path)
        found[path] = kept[3] if kept and kept[0] == keys[path] else characters(text)
    return found
