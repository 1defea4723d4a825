"""A website build spread over processes, each checking and rendering a share of the sessions.

With many sessions and more than one process (``--jobs``), a build of the website alone forks
its helpers as soon as the files are loaded. Every process checks the whole library's front
matter (which is quick), but parses and checks only its own share of the session bodies, and
renders those sessions' pages; the first process, the build's own, also renders every other
page. A helper writes its pages into the new output itself (which takes the old one's place
only when the whole build succeeded) and sends back what the build needs from its share: the
problems found, the pages' hashes and the characters they show, the search words of its texts
and the images they use. Parsed bodies and pages never travel between processes: unpickling
parsed bodies costs more than parsing them.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.pool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import jinja2

from . import incremental, render, routes, search
from .diagnostics import Diagnostic, Diagnostics
from .model import Library, RawProject
from .pdf import fork_is_safe
from .sessions import split_name
from .validate import validate
from .write import Staging

PARALLEL_SESSIONS = 200  # fewer sessions than this are checked and rendered in one process
OWN_SHARE = 0.85  # the build's own process also renders the library's lists: it takes fewer sessions


@dataclass
class Share:
    """What one process made of its share of the sessions."""

    pages: dict[str, tuple[str, int, bool | None]]  # written, by output path: sha256, size, shows fallback text
    characters: frozenset[str]  # that the pages show
    words: dict[tuple[str, str], frozenset[str]]  # search words of each text, by its file and digest
    images: set[str]  # used by the texts
    problems: list[Diagnostic]
    rendered: int = 0  # pages rendered (the others were kept from the last build)


@dataclass
class Setting:
    """What a helper needs besides the loaded files, all known before checking starts."""

    raw: RawProject
    staging: Staging  # the new output (beside the old one), into which helpers write their pages
    previous: dict[str, list]  # the last build's record of its pages (see incremental.reusable)
    compiled: jinja2.BytecodeCache | None
    link_pdfs: bool


def shares(raw: RawProject, jobs: int) -> list[set[str]] | None:
    """The session files (without ``.md``) that each of ``jobs`` processes checks and renders,
    this process's first; None when one process does better (few sessions, one job, or a
    process that may not fork). Each share is a run of consecutive files, so that the
    neighbours a session page shows are mostly rendered in the same process."""
    stems = sorted(session_stem(raw_doc.path) for raw_doc in raw.sessions if split_name(raw_doc.path)[2] is None)
    if jobs < 2 or len(stems) < PARALLEL_SESSIONS or not fork_is_safe():
        return None
    weights = [OWN_SHARE] + [1.0] * (jobs - 1)
    bounds, total = [0], 0.0
    for weight in weights:
        total += weight
        bounds.append(round(len(stems) * total / sum(weights)))
    return [set(stems[bounds[index]:bounds[index + 1]]) for index in range(jobs)]


def session_stem(path: str) -> str:
    """``content/sessions/sel/feelings`` for ``content/sessions/sel/feelings.md``."""
    return path[:-len(".md")]


def routes_of(library: Library, site_routes: list[routes.Route], share: set[str]) -> list[routes.Route]:
    """The routes of the pages of the sessions in ``share``."""
    ids = {s.id for s in library.sessions if session_stem(s.path) in share}
    return [route for route in site_routes if route.kind == "session" and route.key in ids]


def words_and_images(library: Library, share: set[str]) -> tuple[dict[tuple[str, str], frozenset[str]], set[str]]:
    """The search words and the images of the texts of the sessions in ``share``."""
    words, images = {}, set()
    for session in library.sessions:
        if session_stem(session.path) in share:
            for text in session.texts.values():
                words[(text.path, text.digest)] = search.text_words(text)
            images |= session.images
    return words, images


class Helpers:
    """The helper processes of one build (none until :meth:`start`)."""

    def __init__(self) -> None:
        self._pool: multiprocessing.pool.Pool | None = None
        self._pending: multiprocessing.pool.AsyncResult | None = None
        self.staging: Staging | None = None

    def start(self, setting: Setting, shares: list[set[str]]) -> None:
        """Fork a helper for every share but the first, each starting at once (they inherit
        ``setting`` as it is when the pool forks them)."""
        global _setting
        _setting = (setting, shares)
        self.staging = setting.staging
        try:
            self._pool = multiprocessing.get_context("fork").Pool(len(shares) - 1)
            self._pending = self._pool.map_async(_check_and_render, range(1, len(shares)))
        finally:
            _setting = None

    def results(self, diags: Diagnostics) -> list[Share]:
        """Wait for the helpers' shares; their problems join ``diags`` (each problem once: every
        process reports the front matter's)."""
        if self._pending is None:
            return []
        found = self._pending.get()
        self._pending = None
        seen = set(diags.items)
        for share in found:
            for problem in share.problems:
                if problem not in seen:
                    diags.items.append(problem)
                    seen.add(problem)
        return found

    def close(self) -> None:
        """Stop the helpers (they have finished if their results were taken, else they are
        killed), then remove the new output they wrote into unless the build put it in place."""
        if self._pool is not None:
            if self._pending is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None
        if self.staging is not None:
            self.staging.discard()


@contextmanager
def helpers() -> Iterator[Helpers]:
    """The helpers of one build, stopped when it ends however it ends."""
    made = Helpers()
    try:
        yield made
    finally:
        made.close()


_setting: tuple[Setting, list[set[str]]] | None = None  # what a forked helper inherits


def _check_and_render(index: int) -> Share:
    """A helper's work: check the library, parsing only the bodies of share ``index``, and
    render the pages of its sessions (keeping those of the last build that are unchanged) into
    the new output."""
    assert _setting is not None, "helpers are forked while the setting is in place"
    setting, all_shares = _setting
    share = all_shares[index]
    diags = Diagnostics()
    library = validate(setting.raw, diags, only=share)
    if library is None:
        return Share({}, frozenset(), {}, set(), diags.items)
    mine = routes_of(library, routes.site_routes(library), share)
    keys = incremental.page_keys(library, mine, setting.link_pdfs)
    pages = incremental.reusable(setting.staging.out, setting.previous, keys)
    renderer = render.Renderer(library, render.environment(library.theme, setting.compiled),
                               pdf_links=setting.link_pdfs)
    changed = [route for route in mine if route.path not in pages]
    pages.update(render.render_site(renderer, changed, diags))
    words, images = words_and_images(library, share)
    files = {path: text.encode("utf-8") for path, (text, _) in pages.items()}
    if not diags.errors:  # else the build fails and writes nothing
        setting.staging.write(files)
    written = {path: (hashlib.sha256(data).hexdigest(), len(data), pages[path][1]) for path, data in files.items()}
    return Share(written, incremental.characters_of(text for text, _ in pages.values()), words, images, diags.items,
                 len(changed))
