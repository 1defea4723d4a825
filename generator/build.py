"""The website's pipeline: load → validate → render → write, in that order (packing runs the packs')."""

from __future__ import annotations

import gc
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import jinja2

from . import fonts, incremental, parallel, printables, render, routes, search, uptodate
from .cache import Cache, key
from .diagnostics import Diagnostics, suggest
from .load import load_project, load_yaml_file
from .model import Library
from .pdf import PdfResult, make_pdfs, progress_reporter
from .plan import Plan, make_plan
from .schools import validate_school
from .validate import validate
from .write import Staging, check_target, update_tree, write_tree


CACHE_DIR = ".cache/partners"
PACKS_DIR = "schools"


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    library: Library | None = None  # spread over processes, only this one's session texts have tokens
    files: dict[str, bytes] = field(default_factory=dict)  # written by this process (helpers write their pages)
    written: bool = False
    pdfs: list[PdfResult] = field(default_factory=list)
    unchanged: bool = False  # nothing changed since the last build into the same folder
    pages: int = 0
    pdf_count: int = 0
    rendered_pages: int = 0  # website pages rendered; the others were kept from the last build


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector still for the length of a build.

    A build makes hundreds of thousands of objects that live until it ends (parsed bodies,
    pages, cards) and hardly any cycles; the collector would walk all of them again each
    time enough were made: a sixth of the website build's time at 1,000 sessions. It runs
    as usual again afterwards (and in the PDF workers, whose layouts do make cycles), but for
    what the first build of a process leaves (see below)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            if not gc.get_freeze_count():
                # The first build or check of a process: what is alive now is the library a live
                # preview keeps, or what a command holds until it exits. Frozen, the collector never
                # walks it again (at exit, that would take a tenth of a second at 1,000 sessions).
                gc.freeze()
            gc.enable()


def check(project: Path) -> BuildResult:
    """Load and validate the project: every problem is in the result's diagnostics."""
    diags = Diagnostics()
    with collector_paused():
        raw = load_project(project, diags)
        return BuildResult(diags, validate(raw, diags))


def plan_school(project: Path, school: str, checked: BuildResult | None = None) -> tuple[BuildResult, Plan | None]:
    """Check the project (unless ``checked`` already holds that), then plan ``school``:
    an id from content/schools/ or a profile's path."""
    result = checked or check(project)
    library, diags = result.library, result.diagnostics
    if library is None or diags.errors:
        return result, None
    profile = next((s for s in library.schools if s.id == school), None)
    if profile is None:
        path = Path(school)
        if path.suffix in (".yaml", ".yml") or path.exists():
            shown = os.path.relpath(path.resolve(), project.resolve()).replace(os.sep, "/")
            raw = load_yaml_file(path, shown, diags)
            profile = validate_school(raw, library.site, library.curricula, library.sessions, diags)
        else:
            known = [s.id for s in library.schools]
            diags.error("content/schools", 1, f"no school '{school}'{suggest(school, known)}: "
                        f"schools are {', '.join(known) or 'none yet'}")
    if profile is None or diags.errors:
        return result, None
    return result, make_plan(library, profile)


def build(project: Path, out: Path, strict: bool = False, pdf: bool = True, jobs: int | None = None,
          quiet: bool = False, link_pdfs: bool | None = None, keep: tuple[str, ...] = (),
          memory: incremental.Memory | None = None) -> BuildResult:
    """Build the website and, unless ``pdf`` is False, the printables into ``out``.

    Nothing is written unless everything succeeded. ``jobs`` processes render PDFs
    (default: one per core), showing their progress unless ``quiet``. Pages link to the
    PDFs when ``link_pdfs`` (default: when they are made); folders of the old output named
    in ``keep`` stay, besides the school packs. A long-running process passes the same
    ``memory`` to every build: pages are then kept in memory rather than read back, and only
    changed files are written, in place."""
    with collector_paused(), parallel.helpers() as helpers:
        return _build(project, out, strict, pdf, jobs, quiet, link_pdfs, keep, memory, helpers)


def _build(project: Path, out: Path, strict: bool, pdf: bool, jobs: int | None, quiet: bool,
           link_pdfs: bool | None, keep: tuple[str, ...], memory: incremental.Memory | None,
           helpers: parallel.Helpers) -> BuildResult:
    link_pdfs = pdf if link_pdfs is None else link_pdfs
    diags = Diagnostics()
    raw = load_project(project, diags, memory.raw if memory else None)
    current = uptodate.stamp(raw, pdf, strict, link_pdfs)
    cache = cache_for(project)
    last = None if memory else uptodate.last(cache, out)  # a live preview knows what it wrote
    if not diags.errors and uptodate.unchanged(last, out, current):
        diags.items = list(last.diagnostics)
        return BuildResult(diags, written=True, unchanged=True, pages=last.pages, pdf_count=last.pdfs)
    workers = jobs or os.cpu_count() or 1
    # A website-only build of many sessions spreads checking and rendering over processes.
    shares = None if pdf or link_pdfs or memory else parallel.shares(raw, workers)
    kept = (PACKS_DIR, *keep)  # folders of the old output that stay
    if shares:  # the helpers write into the new output from the start: check where it goes now
        check_target(out, project, keep=kept)
        helpers.start(parallel.Setting(raw, Staging(out), last.inputs if last else {}, compiled_templates(cache),
                                       link_pdfs), shares)
    result = BuildResult(diags, validate(raw, diags, memory.parsed if memory else None, shares[0] if shares else None))
    library = result.library
    if library is None or diags.failed(strict):
        helpers.results(diags)  # and the problems in the helpers' shares of the bodies
        return result
    site_routes = routes.site_routes(library)
    elsewhere = {route.path for share in (shares or [])[1:] for route in parallel.routes_of(library, site_routes, share)}
    renderer = render.Renderer(library, render.environment(library.theme, compiled_templates(cache)),
                               pdf_links=link_pdfs, cards=memory.cards if memory else {},
                               scope=incremental.shared_key(library, link_pdfs) if memory else "")
    keys = incremental.page_keys(library, site_routes, link_pdfs)
    mine = {path: page_key for path, page_key in keys.items() if path not in elsewhere}
    html = memory.reusable(mine) if memory else incremental.reusable(out, last.inputs if last else {}, mine)
    changed = [route for route in site_routes if route.path in mine and route.path not in html]

    def render_pages() -> None:
        html.update(render.render_site(renderer, changed, diags))
    if pdf:
        result.pdfs = build_pdfs(project, library, renderer, workers, diags, render_pages,
                                 progress_reporter(quiet=quiet))
        printables.spilled_sheets(library, [(r.job, r.pages) for r in result.pdfs], diags)
    else:
        render_pages()
    if memory is not None:  # which keeps each page's characters for the next build
        chars = incremental.page_characters(html, keys, memory)
        shown = set().union(*chars.values())
    else:
        shown = set(incremental.characters_of(text for text, _ in html.values()))
    known_words = memory.words if memory else {}
    files = {path: text.encode("utf-8") for path, (text, _) in html.items()}
    media = dict(library.assets)
    elsewhere_pages: dict[str, tuple[str, int, bool | None]] = {}  # written by the helpers: sha256, size, fallback
    if helpers.staging and not diags.failed(strict):  # while the helpers finish
        known_words.update(parallel.words_and_images(library, shares[0])[0])
        helpers.staging.write(files)
    rendered = len(changed)
    for share in helpers.results(diags):
        elsewhere_pages.update(share.pages)
        shown |= share.characters
        known_words.update(share.words)
        media.update({path: raw.assets[path] for path in share.images})
        rendered += share.rendered
    if diags.failed(strict):
        return result
    files["index.html"] = render.render_redirect(library).encode("utf-8")
    for locale in library.site.locales:
        files[routes.search_index(locale)] = search.index_script(library, locale, known_words).encode("utf-8")
    files.update({routes.static(name): data for name, data in library.theme.static.items()})
    files.update({routes.media(path): data for path, data in sorted(media.items())})
    files.update(web_fonts(library, frozenset(shown), cache))
    files.update({r.job.path: r.data for r in result.pdfs})
    fallbacks = {**{p: f for p, (_, f) in html.items()}, **{p: f for p, (_, _, f) in elsewhere_pages.items()}}
    files["manifest.json"] = manifest(site_routes, fallbacks, result.pdfs)
    if not shares:
        check_target(out, project, keep=kept)
    if memory is not None:
        update_tree(out, files, memory.files, keep=kept)
        memory.remember(keys, html, chars, files)
    elif helpers.staging:  # holding the pages written so far
        helpers.staging.write({path: data for path, data in files.items() if path not in html})
        helpers.staging.commit(keep=kept)
    else:
        write_tree(out, files, keep=kept)
    result.files, result.written = files, True
    result.pages = sum(1 for p in files if p.endswith(".html")) + len(elsewhere_pages)
    result.pdf_count = len(result.pdfs)
    result.rendered_pages = rendered + 1  # and the redirect at the top
    if memory is None:
        sizes = {**{p: len(d) for p, d in files.items()}, **{p: size for p, (_, size, _) in elsewhere_pages.items()}}
        uptodate.remember(cache, out, uptodate.Record(current, sizes, list(diags.items), result.pages,
                                                      result.pdf_count,
                                                      incremental.remembered(keys, html, files, elsewhere_pages)))
    return result


def cache_for(project: Path) -> Cache:
    """The build cache: ``PARTNERS_CACHE`` if set, else ``.cache/partners`` in the project."""
    return Cache(Path(os.environ.get("PARTNERS_CACHE") or project / CACHE_DIR))


def compiled_templates(cache: Cache) -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, in the build cache (None if it cannot be made):
    compiling the theme costs more than rendering a few pages."""
    folder = cache.folder / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def web_fonts(library: Library, chars: frozenset[str], cache: Cache) -> dict[str, bytes]:
    """The installed theme fonts, subset to ``chars``, and their CSS."""
    from fontTools import version as fonttools_version

    text = "".join(sorted(chars))
    written, files = [], {}
    for font, data in sorted(library.fonts.items(), key=lambda item: item[0].output_name):
        chars = fonts.characters_for(font, text)
        name = key("font", fonts.SUBSET_VERSION, fonttools_version, data, chars)
        woff = cache.get("fonts", name)
        if woff is None:
            woff = fonts.subset_woff2(data, chars)
            cache.put("fonts", name, woff)
        files[routes.font(font.output_name)] = woff
        written.append(font)
    files[routes.FONTS_STYLESHEET] = fonts.font_face_css(written).encode("utf-8")
    return files


def build_pdfs(project: Path, library: Library, renderer: render.Renderer, workers: int,
               diags: Diagnostics, meanwhile: Callable[[], None] | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[PdfResult]:
    """Every worksheet and demo card PDF, rendered or taken from the cache; ``meanwhile``
    runs while the worker processes render."""
    def prepare() -> tuple[printables.PrintSetup, Callable[[printables.PrintJob], printables.PrintJob]]:
        return (printables.print_setup(library, renderer),
                lambda job: printables.fill(job, library, renderer))

    with render.template_errors(library.theme, diags):
        return make_pdfs(printables.print_jobs(library), prepare, cache_for(project), workers, progress, meanwhile)
    return []


def manifest(site_routes: list[routes.Route], fallbacks: dict[str, bool | None], pdfs: list[PdfResult]) -> bytes:
    """``manifest.json``: every page with its kind and locale, and every PDF."""
    pages = []
    for route in site_routes:
        entry: dict[str, object] = {"path": route.path, "kind": route.kind, "locale": route.locale}
        if route.kind == "session":
            entry["session"] = route.key
        if fallbacks.get(route.path) is not None:
            entry["fallback"] = fallbacks[route.path]
        pages.append(entry)
    documents = [{"path": r.job.path, "kind": r.job.kind, "locale": r.job.locale, "session": r.job.session,
                  "page_size": r.job.page_size, "orientation": r.job.orientation, "pages": r.pages}
                 for r in sorted(pdfs, key=lambda r: r.job.path)]
    return (json.dumps({"pages": pages, "pdfs": documents}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
