"""The HTML of every printable: worksheets for Little Partners and demo cards for Big Partners.

Pure rendering: sessions and templates in, :class:`PrintJob` records out. Turning
them into PDFs is :mod:`generator.pdf`'s job. Images and fonts are carried in
the job, so the PDF stage reads nothing from disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from . import markdown, routes
from .fonts import ARABIC_UNICODE_RANGE
from .model import Library, Session, Text
from .render import Renderer, translator

BASE_URL = "https://partners.invalid/"  # never fetched: the PDF stage serves it from memory


@dataclass
class PrintJob:
    """One PDF to make: its output path, HTML, and the files that HTML refers to."""

    path: str
    kind: str  # "worksheet" | "demo"
    locale: str
    session: str
    page_size: str
    orientation: str
    html: str
    resources: dict[str, bytes] = field(default_factory=dict)


def worksheet_tokens(tokens: list[Token]) -> list[tuple[int, int]]:
    """``(open, close)`` token positions of each top-level worksheet block, in source order."""
    found, depth, start = [], 0, 0
    for index, token in enumerate(tokens):
        if token.type == "container_worksheet_open":
            if depth == 0:
                start = index
            depth += 1
        elif token.type == "container_worksheet_close":
            depth -= 1
            if depth == 0:
                found.append((start, index))
    return found


def _without_title(tokens: list[Token]) -> list[Token]:
    """The sheet's body: its first heading is shown as the sheet title instead."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            return tokens[:index] + tokens[index + 3:]
    return tokens


def _demo_tokens(tokens: list[Token]) -> list[Token]:
    inside, depth = [], 0
    for token in tokens:
        if token.type == "container_demo_close":
            depth -= 1
        if depth > 0:
            inside.append(token)
        if token.type == "container_demo_open":
            depth += 1
    return inside


def _help_section(tokens: list[Token], prefix: str) -> tuple[str, list[Token]]:
    """The section whose heading starts with ``prefix`` ("If a Little Partner"): its title,
    and its tokens from the heading to the next heading of the same or a higher level or
    to the end of the block holding it."""
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        title = markdown.inline_text(tokens, index + 1)
        if not title.casefold().startswith(prefix.casefold()):
            continue
        end, depth = index + 3, 0
        while end < len(tokens):
            current = tokens[end]
            if current.type.startswith("container_"):
                depth += current.nesting
                if depth < 0:
                    break
            elif depth == 0 and current.type == "heading_open" and current.tag <= token.tag:
                break
            end += 1
        return title, tokens[index:end]
    return "", []


def print_jobs(library: Library, renderer: Renderer) -> list[PrintJob]:
    """Every printable of the library: per session and locale, its worksheets and its demo card."""
    jobs = []
    for locale in library.site.locales:
        for session in library.sessions:
            text, fallback = session.text(locale, library.site.default_locale)
            if text.worksheets:
                jobs.append(_worksheets(library, renderer, session, text, locale, fallback))
            jobs.append(_demo_card(library, renderer, session, text, locale, fallback))
    return jobs


def _context(library: Library, session: Session, text: Text, locale: str, fallback: bool) -> dict[str, Any]:
    page_locale = library.locales[locale]
    shown = library.locales[text.locale]
    return {"site": library.site, "session": session, "text": text, "fallback": fallback,
            "locale": page_locale, "shown": shown, "t": translator(page_locale),
            "st": translator(shown)}


def _env(library: Library, text: Text) -> dict[str, Any]:
    return {"root": BASE_URL, "t": translator(library.locales[text.locale]), "media": routes.media}


def _resources(library: Library, text: Text) -> dict[str, bytes]:
    return {BASE_URL + routes.media(path): library.assets[path] for path in text.images}


@dataclass(frozen=True)
class PrintSetup:
    """What every PDF shares: the print stylesheet and the font files it names.
    Each PDF worker parses the stylesheet and loads the fonts once."""

    css: str
    resources: dict[str, bytes]


def print_setup(library: Library, renderer: Renderer) -> PrintSetup:
    fonts = sorted(library.fonts, key=lambda font: font.output_name)
    faces = [{"font": font, "url": BASE_URL + "fonts/" + font.file} for font in fonts]
    css = renderer.env.get_template("print/print.css").render(faces=faces, arabic_ranges=ARABIC_UNICODE_RANGE)
    return PrintSetup(css, {BASE_URL + "fonts/" + font.file: library.fonts[font] for font in fonts})


def _worksheets(library: Library, renderer: Renderer, session: Session, text: Text, locale: str,
                fallback: bool) -> PrintJob:
    sheets = []
    for (start, end), sheet in zip(worksheet_tokens(text.tokens), text.worksheets):
        body = markdown.render(_without_title(text.tokens[start + 1:end]), _env(library, text))
        sheets.append({"sheet": sheet, "html": body})
    html = renderer.env.get_template("print/worksheets.html").render(
        **_context(library, session, text, locale, fallback), sheets=sheets)
    largest = "A3" if any(s.size == "A3" for s in text.worksheets) else "A4"
    orientation = text.worksheets[0].orientation
    return PrintJob(routes.worksheet_pdf(locale, session.id), "worksheet", locale, session.id, largest,
                    orientation, html, _resources(library, text))


def _demo_card(library: Library, renderer: Renderer, session: Session, text: Text, locale: str,
               fallback: bool) -> PrintJob:
    env = _env(library, text)
    shown_t = translator(library.locales[text.locale])
    help_title, help_section = _help_section(text.tokens, shown_t("demo.help_prefix"))
    in_help = {id(token) for token in help_section}
    demo = [token for token in _demo_tokens(text.tokens) if id(token) not in in_help]
    html = renderer.env.get_template("print/demo.html").render(
        **_context(library, session, text, locale, fallback),
        demo_html=markdown.render(demo, env), help_title=help_title,
        help_html=markdown.render(help_section[3:], env) if help_section else "")
    return PrintJob(routes.demo_pdf(locale, session.id), "demo", locale, session.id, "A4", "portrait", html,
                    _resources(library, text))
