"""Render stage: the validated library becomes HTML strings. Reads no files.

One Jinja environment (autoescape on, undefined variables are errors) serves
the whole build; templates come from the theme the load stage gathered.
"""

from __future__ import annotations

import sys
import traceback
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterator

import jinja2
from markupsafe import Markup

from . import markdown, routes
from .diagnostics import Diagnostics
from .model import Library, Locale, Session, Text, Theme
from .routes import Route

TEMPLATES = {"home": "home.html", "index": "library.html", "strand": "strand.html", "session": "session.html",
             "curriculum": "curriculum.html", "page": "page.html"}


DURATION_STEPS = (15, 20, 30, 45, 60, 90, 120)
SIBLINGS = 6  # a session page shows this many others of its strand: pages must not grow with the library


def neighbour_table(sessions: tuple[Session, ...]) -> dict[str, list[Session]]:
    """For every session, up to ``SIBLINGS`` sessions of the same strand that follow it
    (wrapping round): what its page shows of the others."""
    by_strand: dict[str, list[Session]] = {}
    for session in sessions:
        by_strand.setdefault(session.strand, []).append(session)
    table = {}
    for same in by_strand.values():
        count = min(SIBLINGS, len(same) - 1)
        for at, session in enumerate(same):
            table[session.id] = [same[(at + step) % len(same)] for step in range(1, count + 1)]
    return table


class _ByName:
    """Read as ``item.name`` or ``item["name"]`` in templates."""

    __slots__ = ()

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class Card(_ByName):
    """One session as a card shows it, in one page's language. An object rather than a dict,
    because Jinja looks up an attribute first (and a dict's miss costs)."""

    session: Session
    text: Text
    fallback: bool


@dataclass(frozen=True, slots=True)
class Alternate(_ByName):
    """The page in one of the site's languages, for the language switcher."""

    code: str
    name: str
    dir: str
    url: str
    current: bool


class MissingString(Exception):
    """A template asked for a UI string that no locale file has."""


def environment(theme: Theme, compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The Jinja environment over the theme's templates (project overrides included).

    ``compiled`` keeps templates compiled between builds, keyed by their source."""

    def source(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        if name not in theme.templates:
            return None
        return theme.templates[name], theme.template_paths[name], lambda: True

    escape = jinja2.select_autoescape(enabled_extensions=("html", "xml"), disabled_extensions=("css", "js", "txt"),
                                      default_for_string=True, default=True)
    env = jinja2.Environment(loader=jinja2.FunctionLoader(source), autoescape=escape, bytecode_cache=compiled,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["direction"] = text_direction
    return env


def text_direction(text: object) -> str:
    """``ltr`` or ``rtl`` from the first letter with a direction, as ``dir="auto"`` would
    decide, but written out so that print and every browser agree. For text whose language
    is not known, such as a school profile's notes."""
    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


@dataclass
class Renderer:
    library: Library
    env: jinja2.Environment
    pdf_links: bool = False
    cards: dict[tuple, Markup] = field(default_factory=dict)  # cards made (a long-running process keeps them)
    scope: str = ""  # a key of what every card shares (theme, strings, site): part of a kept card's key
    _parts: dict[tuple, Markup] = field(default_factory=dict, repr=False)  # navigation and footer made
    _macros: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)  # _macros.html by locale, folder
    _badges: dict[tuple, Markup] = field(default_factory=dict, repr=False)  # a session's badges by locale
    _urls: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)  # relative URLs by folder, target

    @cached_property
    def neighbours(self) -> dict[str, list[Session]]:
        return neighbour_table(self.library.sessions)

    def _shared_part(self, route: Route) -> Callable[[str], Markup]:
        """A part of the page (navigation, footer) rendered once per language, folder and
        current navigation item: the part is given those and what every page shares, never the
        page itself, so all the pages that would render it alike share one rendering."""
        folder = routes.folder(route.path)
        current = {"home": "home", "index": "index", "strand": f"strand:{route.key}",
                   "page": f"page:{route.key}"}.get(route.kind)

        def part(name: str) -> Markup:
            kept = (name, route.locale, folder, current)
            if kept not in self._parts:
                rendered = self.env.get_template(name).render(**self._shared(route), current=current)
                self._parts[kept] = Markup(rendered.rstrip("\n"))  # the including line ends it
            return self._parts[kept]
        return part

    def _shared_card(self, route: Route) -> Callable[[Card, int], Markup]:
        """The card macro for ``route``'s page, remembering each card it makes: a card reads
        the same on every page of one locale and folder, and session pages show many."""
        folder = routes.folder(route.path)

        def card(item: Card, level: int = 2) -> Markup:
            s, text = item.session, item.text
            name = (self.scope, route.locale, level, folder, s.id, s.strand, s.ages, s.duration, s.contexts,
                    s.domains, text.locale, text.title, text.summary, item.fallback)
            if name not in self.cards:
                self.cards[name] = Markup(self._macros_for(route).card(item, level))
            return self.cards[name]
        return card

    def _shared_cards(self, route: Route) -> Callable[[list[Card], int], Markup]:
        """``shared_card`` for a whole list, as one piece of markup (a template outputs it once
        rather than once per card)."""
        card = self._shared_card(route)

        def cards(items: list[Card], level: int = 2) -> Markup:
            return Markup("".join([card(item, level) for item in items]))
        return cards

    def page(self, route: Route) -> tuple[str, bool | None]:
        """HTML of one page and, for sessions and pages, whether it shows fallback text."""
        context, fallback = getattr(self, f"_{route.kind}")(route)
        template = self.env.get_template(TEMPLATES[route.kind])
        return template.render(**self._common(route), **context), fallback

    def _common(self, route: Route) -> dict[str, Any]:
        return {**self._shared(route), "route": route, "alternates": self._alternates(route),
                "shared_card": self._shared_card(route), "shared_cards": self._shared_cards(route),
                "shared_part": self._shared_part(route),
                "macros": self._macros_for(route)}

    def _shared(self, route: Route) -> dict[str, Any]:
        """What every page of one locale and folder is given alike (what shared parts see)."""
        library, locale = self.library, self.library.locales[route.locale]
        folder = routes.folder(route.path)

        def url(target: str) -> str:
            found = self._urls.get((folder, target))
            if found is None:  # the same for every page of the folder
                found = self._urls[(folder, target)] = routes.relative(route.path, target)
            return found

        def session_badges(session: Session) -> Markup:
            """The ``badges`` macro, made once per session and language: badges link nowhere."""
            kept = (route.locale, session.id, session.strand, session.ages, session.duration, session.domains)
            if kept not in self._badges:
                self._badges[kept] = Markup(self._macros_for(route).badges(session))
            return self._badges[kept]

        return {"site": library.site, "locale": locale, "t": translator(locale), "label": labeller(locale),
                "url": url, "session_badges": session_badges, "routes": routes, "default": library.locales[library.site.default_locale],
                "nav_pages": [(p, *p.text(route.locale, library.site.default_locale)) for p in library.pages],
                "curricula": library.curricula, "stylesheet": url(routes.STYLESHEET),
                "fonts_stylesheet": url(routes.FONTS_STYLESHEET)}

    def _alternates(self, route: Route) -> list[Alternate]:
        library = self.library
        return [Alternate(code, library.locales[code].name, library.locales[code].dir,
                          routes.relative(route.path, routes.in_locale(route.path, code)), code == route.locale)
                for code in library.site.locales]

    def _macros_for(self, route: Route) -> Any:
        """``_macros.html`` as a module, made once per locale and folder (importing it into every
        page costs more than most of what the page shows)."""
        folder = routes.folder(route.path)
        if (route.locale, folder) not in self._macros:
            self._macros[(route.locale, folder)] = self.env.get_template("_macros.html").make_module(self._shared(route))
        return self._macros[(route.locale, folder)]

    def _markdown(self, tokens: list, route: Route, locale: Locale) -> str:
        return markdown.render(tokens, {"root": routes.to_top(route.path), "t": translator(locale), "media": routes.media})

    def _home(self, route: Route) -> tuple[dict[str, Any], None]:
        counts = {s: sum(1 for x in self.library.sessions if x.strand == s) for s in self.library.site.strands}
        default = self.library.site.default_locale
        translated = sum(1 for x in self.library.sessions if route.locale in x.texts)
        stale = sum(1 for x in self.library.sessions
                    if route.locale != default and x.translation_state(route.locale, default) == "stale")
        return {"strand_counts": counts, "session_count": len(self.library.sessions),
                "translated": translated if route.locale != default else None, "stale_count": stale}, None

    def _index(self, route: Route) -> tuple[dict[str, Any], None]:
        sessions = self.library.sessions
        ages = range(min((s.ages[0] for s in sessions), default=3), max((s.ages[1] for s in sessions), default=5) + 1)
        longest = max((s.duration for s in sessions), default=0)
        durations = [d for d in DURATION_STEPS if any(s.duration <= d for s in sessions)]
        durations = [d for d in durations if d < longest] + [d for d in DURATION_STEPS if d >= longest][:1]
        return {"cards": [self._card(s, route.locale) for s in sessions], "ages": list(ages),
                "durations": durations}, None

    def _strand(self, route: Route) -> tuple[dict[str, Any], None]:
        sessions = [s for s in self.library.sessions if s.strand == route.key]
        return {"strand": route.key, "cards": [self._card(s, route.locale) for s in sessions]}, None

    def _card(self, session: Session, locale: str) -> Card:
        text, fallback = session.text(locale, self.library.site.default_locale)
        return Card(session, text, fallback)

    def _session(self, route: Route) -> tuple[dict[str, Any], bool]:
        library = self.library
        session = library.session(route.key)
        text, fallback = session.text(route.locale, library.site.default_locale)
        shown = library.locales[text.locale]
        outcomes = [(code, library.outcome(code)) for code in session.outcomes]
        siblings = [self._card(s, route.locale) for s in self.neighbours[session.id]]
        requires = [self._card(library.session(sid), route.locale) for sid in sorted(session.requires)]
        printables = []
        if self.pdf_links:
            if text.worksheets:
                size = "A3" if any(w.size == "A3" for w in text.worksheets) else "A4"
                printables.append((routes.worksheet_pdf(route.locale, session.id), "worksheet", size))
            printables.append((routes.demo_pdf(route.locale, session.id), "demo", "A4"))
        stale = not fallback and route.locale != library.site.default_locale and \
            session.translation_state(route.locale, library.site.default_locale) == "stale"
        return {"session": session, "text": text, "fallback": fallback, "shown": shown, "printables": printables,
                "stale": stale,
                "body": self._markdown(text.tokens, route, shown),
                "outcomes": outcomes, "siblings": siblings, "requires": requires}, fallback

    def _curriculum(self, route: Route) -> tuple[dict[str, Any], None]:
        curriculum = next(c for c in self.library.curricula if c.id == route.key)
        addressed = {o.code: [self._card(s, route.locale) for s in self.library.sessions if o.code in s.outcomes]
                     for o in curriculum.outcomes}
        return {"curriculum": curriculum, "addressed": addressed}, None

    def _page(self, route: Route) -> tuple[dict[str, Any], bool]:
        page = next(p for p in self.library.pages if p.slug == route.key)
        text, fallback = page.text(route.locale, self.library.site.default_locale)
        return {"page": page, "text": text, "fallback": fallback, "shown": self.library.locales[text.locale],
                "body": self._markdown(text.tokens, route, self.library.locales[text.locale])}, fallback


def translator(locale: Locale) -> Callable[..., str]:
    def t(key: str, **values: Any) -> str:
        if key not in locale.strings:
            raise MissingString(f"no UI string '{key}' for locale '{locale.code}' or in English")
        text = locale.strings[key]
        if not values:
            return text
        return text.format(**{name: locale.number(v) if isinstance(v, int) else v for name, v in values.items()})
    return t


def labeller(locale: Locale) -> Callable[[str, str], str]:
    """Display names of strands, contexts and domains (``strand.sel``), or the key made readable."""
    def label(kind: str, key: str) -> str:
        return locale.strings.get(f"{kind}.{key}") or key.replace("-", " ").capitalize()
    return label


def render_site(renderer: Renderer, site_routes: list[Route], diags: Diagnostics) -> dict[str, tuple[str, bool | None]]:
    """HTML for every route; template problems become diagnostics at the template's line."""
    pages = {}
    with template_errors(renderer.library.theme, diags):
        for route in site_routes:
            pages[route.path] = renderer.page(route)
    return pages


@contextmanager
def template_errors(theme: Theme, diags: Diagnostics) -> Iterator[None]:
    """Report an error raised while rendering templates at the template file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        diags.error(exc.filename or exc.name or "templates", exc.lineno, f"template error: {exc.message}")
    except (jinja2.TemplateError, MissingString, KeyError, TypeError, ValueError, AttributeError) as exc:
        path, line = _template_frame(theme)
        diags.error(path, line, f"template error: {exc}")


def _template_frame(theme: Theme) -> tuple[str, int]:
    """The innermost template file and line in the current exception's traceback."""
    shown = set(theme.template_paths.values())
    found = ("templates", 1)
    for frame, line in traceback.walk_tb(sys.exc_info()[2]):
        if frame.f_code.co_filename in shown:
            found = (frame.f_code.co_filename, line)
    return found


def render_redirect(library: Library) -> str:
    """``index.html`` at the top of the output: leads to the default locale's home page."""
    default = library.site.default_locale
    return environment(library.theme).get_template("redirect.html").render(
        site=library.site, locale=library.locales[default], target=routes.home(default),
        t=translator(library.locales[default]))
