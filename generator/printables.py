"""The HTML of every printable: worksheets for Little Partners and demo cards for Big Partners.

Pure rendering: sessions and templates in, :class:`PrintJob` records out. Turning
them into PDFs is :mod:`generator.pdf`'s job. Images and fonts are carried in
the job, so the PDF stage reads nothing from disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from markdown_it.token import Token

from . import __version__, markdown, routes
from .cache import key
from .diagnostics import Diagnostics, plural
from .fonts import ARABIC_UNICODE_RANGE
from .model import Library, Session, Text
from .render import Renderer, translator

BASE_URL = "https://partners.invalid/"  # never fetched: the PDF stage serves it from memory


@dataclass
class PrintJob:
    """One PDF to make: where it goes, what the manifest says of it, a key that changes
    whenever anything that goes into it changes, and (once filled in) its HTML and the
    files that HTML refers to."""

    path: str
    kind: str  # "worksheet" | "demo"
    locale: str
    session: str
    page_size: str
    orientation: str
    key: str
    html: str = ""
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


def print_jobs(library: Library) -> list[PrintJob]:
    """Every printable of the library: per locale and session, its worksheets (when it has
    any) and its demo card. The HTML is not rendered yet: see :func:`fill`."""
    shared = library_key(library, lambda name: name.startswith(PRINT_TEMPLATES))
    jobs = []
    for locale in library.site.locales:
        for session in library.sessions:
            text, _ = session.text(locale, library.site.default_locale)
            fields = repr((session.id, session.strand, session.ages, session.duration))
            images = [library.assets[path] for path in text.images]

            def job_key(kind: str) -> str:
                return key(shared, kind, locale, fields, text.digest, *images)
            if text.worksheets:
                largest = "A3" if any(s.size == "A3" for s in text.worksheets) else "A4"
                jobs.append(PrintJob(routes.worksheet_pdf(locale, session.id), "worksheet", locale, session.id,
                                     largest, text.worksheets[0].orientation, job_key("worksheet")))
            jobs.append(PrintJob(routes.demo_pdf(locale, session.id), "demo", locale, session.id, "A4",
                                 "portrait", job_key("demo")))
    return jobs


PRINT_TEMPLATES = "print/"  # the templates of printables (PACK_TEMPLATES make packs, the others the website)
PACK_TEMPLATES = "pack/"


def library_key(library: Library, templates: Callable[[str], bool] = lambda name: True) -> str:
    """What every printable (or page, or pack) depends on besides its own content: the tool,
    the ``templates`` that make it, the strings, the site and the fonts."""
    theme = library.theme
    parts: list[str | bytes] = [__version__, library.site.title, library.site.default_locale]
    parts += [part for name in sorted(theme.templates) if templates(name) for part in (name, theme.templates[name])]
    for code in sorted(library.locales):
        locale = library.locales[code]
        parts += [code, locale.name, locale.dir, locale.digits, repr(locale.missing),
                  *[p for k in sorted(locale.strings) for p in (k, locale.strings[k])]]
    parts += [data for _, data in sorted((font.file, data) for font, data in library.fonts.items())]
    return key(*parts)


def fill(job: PrintJob, library: Library, renderer: Renderer) -> PrintJob:
    """The job with its HTML rendered and its images attached."""
    session = library.session(job.session)
    text, fallback = session.text(job.locale, library.site.default_locale)
    make = _worksheets if job.kind == "worksheet" else _demo_card
    job.html = make(library, renderer, session, text, job.locale, fallback)
    job.resources = _resources(library, text)
    return job


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


def sheet_items(library: Library, text: Text) -> list[dict[str, Any]]:
    """Each worksheet of ``text``: its :class:`Worksheet` record and its body's HTML."""
    items = []
    for (start, end), sheet in zip(worksheet_tokens(text.tokens), text.worksheets):
        body = markdown.render(_without_title(text.tokens[start + 1:end]), _env(library, text))
        items.append({"sheet": sheet, "html": body})
    return items


def demo_parts(library: Library, text: Text) -> dict[str, str]:
    """The HTML of a demo card's lead section and of its "If a Little Partner" help box."""
    env = _env(library, text)
    shown_t = translator(library.locales[text.locale])
    help_title, help_section = _help_section(text.tokens, shown_t("demo.help_prefix"))
    in_help = {id(token) for token in help_section}
    demo = [token for token in _demo_tokens(text.tokens) if id(token) not in in_help]
    return {"demo_html": markdown.render(demo, env), "help_title": help_title,
            "help_html": markdown.render(help_section[3:], env) if help_section else ""}


def _worksheets(library: Library, renderer: Renderer, session: Session, text: Text, locale: str,
                fallback: bool) -> str:
    return renderer.env.get_template("print/worksheets.html").render(
        **_context(library, session, text, locale, fallback), sheets=sheet_items(library, text))


def _demo_card(library: Library, renderer: Renderer, session: Session, text: Text, locale: str,
               fallback: bool) -> str:
    return renderer.env.get_template("print/demo.html").render(
        **_context(library, session, text, locale, fallback), parts=demo_parts(library, text))


def spilled_sheets(library: Library, made: list[tuple[PrintJob, int]], diags: Diagnostics) -> None:
    """Warn, at a session's first worksheet, when its worksheet PDF has more pages than it
    has sheets: a sheet ran onto a second page, which writers only see on paper."""
    default = library.site.default_locale
    for job, pages in made:
        if job.kind != "worksheet":
            continue
        text, _ = library.session(job.session).text(job.locale, default)
        if pages > len(text.worksheets):
            diags.warning(text.path, text.worksheets[0].line,
                          f"in '{job.locale}', {plural(pages, 'page')} for {plural(len(text.worksheets), 'worksheet')}: "
                          "a sheet runs onto another page; shorten its text or make its picture less tall")
