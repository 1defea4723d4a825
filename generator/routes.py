"""Where every output file goes, and the list of website pages to render.

All paths are relative to the output folder and use ``/``. Links between pages
are made relative with :func:`relative`, so the site works from a USB stick.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Library

STYLESHEET = "assets/style.css"
FONTS_STYLESHEET = "assets/fonts.css"


def home(locale: str) -> str:
    return f"{locale}/index.html"


def index(locale: str) -> str:
    """The library index: every session as a card, with filters and search."""
    return f"{locale}/library.html"


def search_index(locale: str) -> str:
    return f"{locale}/search-index.js"


def strand(locale: str, key: str) -> str:
    return f"{locale}/strands/{key}.html"


def session(locale: str, session_id: str) -> str:
    return f"{locale}/sessions/{session_id}.html"


def curriculum(locale: str, curriculum_id: str) -> str:
    return f"{locale}/curricula/{curriculum_id}.html"


def page(locale: str, slug: str) -> str:
    return f"{locale}/pages/{slug}.html"


def media(content_path: str) -> str:
    """Output path of an image from ``content/`` (``content/a/b.svg`` → ``media/a/b.svg``)."""
    return "media/" + content_path.removeprefix("content/")


def static(name: str) -> str:
    return f"assets/{name}"


def worksheet_pdf(locale: str, session_id: str) -> str:
    return f"pdf/{locale}/{session_id}-worksheets.pdf"


def demo_pdf(locale: str, session_id: str) -> str:
    return f"pdf/{locale}/{session_id}-demo.pdf"


def font(name: str) -> str:
    return f"assets/fonts/{name}"


def outcome_anchor(code: str) -> str:
    """A fragment id for an outcome code (codes may hold spaces and dots)."""
    return "outcome-" + "".join(c if c.isalnum() else "-" for c in code)


def relative(from_path: str, to_path: str) -> str:
    """The relative URL from the page at ``from_path`` to ``to_path`` (keeps any ``#fragment``)."""
    target, _, fragment = to_path.partition("#")
    here, there = from_path.split("/")[:-1], target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    url = "/".join([".."] * (len(here) - common) + there[common:])
    return f"{url}#{fragment}" if fragment else url


def to_top(path: str) -> str:
    """The relative URL from the page at ``path`` to the top of the output (``../../``, or
    nothing for a page at the top): the same for every page of one folder."""
    return "../" * path.count("/")


def folder(path: str) -> str:
    """The folder of the page at ``path`` (``en/sessions``). Every page of one folder reaches
    any other file by the same relative URL, which pages of another folder at the same depth
    do not (``x.html`` from ``en/sessions/``, ``../sessions/x.html`` from ``en/strands/``)."""
    return path.rpartition("/")[0]


def in_locale(path: str, locale: str) -> str:
    """The same page in another locale."""
    return locale + "/" + path.split("/", 1)[1]


@dataclass(frozen=True)
class Route:
    """One website page: where it goes, what it shows, and what the manifest says of it."""

    path: str
    kind: str
    locale: str
    key: str = ""  # the strand, session, curriculum or page it shows


def site_routes(library: Library) -> list[Route]:
    """Every page of the website, locale by locale, in a stable order."""
    routes = []
    for locale in library.site.locales:
        routes.append(Route(home(locale), "home", locale))
        routes.append(Route(index(locale), "index", locale))
        routes += [Route(strand(locale, s), "strand", locale, s) for s in library.site.strands]
        routes += [Route(session(locale, s.id), "session", locale, s.id) for s in library.sessions]
        routes += [Route(curriculum(locale, c.id), "curriculum", locale, c.id) for c in library.curricula]
        routes += [Route(page(locale, p.slug), "page", locale, p.slug) for p in library.pages]
    return routes
