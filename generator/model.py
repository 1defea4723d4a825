"""The content model: what the rest of the pipeline works from. No I/O here.

``raw`` records come out of the load stage with their source positions; the
typed records below come out of validation and are all the renderer sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .fonts import WebFont
from .yamlio import YamlDoc

# --- raw records (load stage) ------------------------------------------------------------


@dataclass
class RawYaml:
    """A YAML file; ``doc`` is None when it could not be read (already reported)."""

    path: str
    doc: YamlDoc | None
    digest: str = ""  # of the file's text


@dataclass
class RawDoc:
    """A Markdown file with front matter. ``body_line`` is the file line of the body's start."""

    path: str
    meta: YamlDoc | None
    body: str
    body_line: int
    digest: str = ""  # of the file's text: what changed, for caches


@dataclass
class Theme:
    """Templates (project overrides already applied), static files and UI strings."""

    templates: dict[str, str]
    template_paths: dict[str, str]
    static: dict[str, bytes]
    strings: dict[str, RawYaml]


@dataclass
class RawProject:
    site: RawYaml | None
    locales: list[RawYaml]
    curricula: list[RawYaml]
    schools: list[RawYaml]
    sessions: list[RawDoc]
    pages: list[RawDoc]
    assets: dict[str, bytes]
    theme: Theme
    fonts: dict[WebFont, bytes]


# --- typed model (validate stage) --------------------------------------------------------


@dataclass(frozen=True)
class Site:
    title: str
    default_locale: str
    locales: tuple[str, ...]
    strands: tuple[str, ...]
    contexts: tuple[str, ...]
    domains: tuple[str, ...]


@dataclass(frozen=True)
class Locale:
    code: str
    name: str
    dir: str
    strings: dict[str, str]
    missing: tuple[str, ...] = ()  # UI string keys shown in English for want of a translation
    digits: str = "latin"  # "latin" (0–9) or "urdu" (۰–۹) for numbers the templates show

    def date(self, day: date) -> str:
        """``day`` as people in this locale write it: ``1 March 2027``, ``۱ مارچ ۲۰۲۷``."""
        month = self.strings.get(f"month.{day.month}", str(day.month))
        return f"{self.number(day.day)} {month} {self.number(day.year)}"

    def number(self, value: object) -> str:
        """``value`` written with this locale's digits."""
        text = str(value)
        return text.translate(URDU_DIGITS) if self.digits == "urdu" else text


URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass(frozen=True)
class Outcome:
    code: str
    area: str
    name: str
    summary: str
    framework: str


@dataclass(frozen=True)
class Curriculum:
    id: str
    name: str
    outcomes: tuple[Outcome, ...]
    path: str


@dataclass(frozen=True)
class Worksheet:
    """One printable sheet inside a session body."""

    size: str  # "A4" | "A3"
    orientation: str  # "portrait" | "landscape"
    title: str
    line: int


@dataclass
class Text:
    """The translatable part of a session or page in one locale."""

    locale: str
    path: str
    title: str
    summary: str = ""
    materials: tuple[str, ...] = ()
    tokens: list[Any] | None = field(default_factory=list)  # None: parsed in another process (see parallel)
    worksheets: tuple[Worksheet, ...] = ()
    images: tuple[str, ...] = ()
    digest: str = ""  # of the source file this text comes from
    fingerprint: str = ""  # of its translatable parts: title, summary, materials, body
    source_hash: str | None = None  # a translation: the source fingerprint it was made from


@dataclass
class Session:
    id: str
    path: str
    strand: str
    ages: tuple[int, int]
    duration: int
    contexts: tuple[str, ...]
    outcomes: tuple[str, ...]
    domains: tuple[str, ...]
    requires: tuple[str, ...]
    texts: dict[str, Text]

    def translation_state(self, locale: str, default: str) -> str:
        """``missing``, ``unmarked``, ``current`` or ``stale`` for a locale other than the default."""
        if locale not in self.texts:
            return "missing"
        recorded = self.texts[locale].source_hash
        if recorded is None:
            return "unmarked"
        return "current" if recorded == self.texts[default].fingerprint else "stale"

    def text(self, locale: str, default: str) -> tuple[Text, bool]:
        """The text for ``locale`` and whether it is the default-locale fallback."""
        if locale in self.texts:
            return self.texts[locale], False
        return self.texts[default], True

    @property
    def images(self) -> set[str]:
        return {image for text in self.texts.values() for image in text.images}


@dataclass
class Page:
    slug: str
    order: int
    texts: dict[str, Text]

    text = Session.text
    images = Session.images
    translation_state = Session.translation_state


@dataclass(frozen=True)
class School:
    """A partner school's profile: what its pack is planned and built for."""

    id: str
    path: str
    name: str
    locales: tuple[str, ...]
    curriculum: str
    focus: tuple[str, ...]
    contexts: tuple[str, ...]
    ages: tuple[int, int]
    weeks: int
    sessions_per_week: int
    strands: tuple[str, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    start: date | None
    a3_printer: bool
    link_people: dict[str, str]
    safeguarding: str
    policies: str
    review_weeks: tuple[int, ...]


@dataclass
class Library:
    """Everything validated: the input to planning and rendering."""

    site: Site
    locales: dict[str, Locale]
    curricula: tuple[Curriculum, ...]
    sessions: tuple[Session, ...]
    pages: tuple[Page, ...]
    assets: dict[str, bytes]
    theme: Theme
    fonts: dict[WebFont, bytes]
    schools: tuple[School, ...] = ()

    def session(self, session_id: str) -> Session | None:
        return self._sessions_by_id.get(session_id)

    @cached_property
    def _sessions_by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.sessions}

    def curriculum(self, curriculum_id: str) -> Curriculum | None:
        return next((c for c in self.curricula if c.id == curriculum_id), None)

    def outcome(self, code: str) -> Outcome | None:
        for curriculum in self.curricula:
            for outcome in curriculum.outcomes:
                if outcome.code == code:
                    return outcome
        return None
