"""The pipeline: load → validate → render → write. The only module that knows the order."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import html as html_text

from . import fonts, render, routes, search
from .cache import Cache, key
from .diagnostics import Diagnostics
from .load import load_project
from .model import Library
from .validate import validate
from .write import check_target, write_tree


CACHE_DIR = ".cache/partners"


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    library: Library | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    written: bool = False


def check(project: Path) -> BuildResult:
    """Load and validate the project: every problem is in the result's diagnostics."""
    diags = Diagnostics()
    raw = load_project(project, diags)
    return BuildResult(diags, validate(raw, diags))


def build(project: Path, out: Path, strict: bool = False) -> BuildResult:
    """Build the website into ``out``; nothing is written unless everything succeeded."""
    result = check(project)
    diags, library = result.diagnostics, result.library
    if library is None or diags.failed(strict):
        return result
    site_routes = routes.site_routes(library)
    html = render.render_site(library, site_routes, diags)
    if diags.failed(strict):
        return result
    files = {path: text.encode("utf-8") for path, (text, _) in html.items()}
    files["index.html"] = render.render_redirect(library).encode("utf-8")
    for locale in library.site.locales:
        files[routes.search_index(locale)] = search.index_script(library, locale).encode("utf-8")
    files.update({routes.static(name): data for name, data in library.theme.static.items()})
    files.update({routes.media(path): data for path, data in library.assets.items()})
    files.update(web_fonts(library, "".join(text for text, _ in html.values()), cache_for(project)))
    files["manifest.json"] = manifest(site_routes, {p: f for p, (_, f) in html.items()})
    check_target(out, project)
    write_tree(out, files)
    result.files, result.written = files, True
    return result


def cache_for(project: Path) -> Cache:
    """The build cache: ``PARTNERS_CACHE`` if set, else ``.cache/partners`` in the project."""
    return Cache(Path(os.environ.get("PARTNERS_CACHE") or project / CACHE_DIR))


def web_fonts(library: Library, text: str, cache: Cache) -> dict[str, bytes]:
    """The installed theme fonts, subset to the characters of ``text``, and their CSS."""
    from fontTools import version as fonttools_version

    text = html_text.unescape(text)
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


def manifest(site_routes: list[routes.Route], fallbacks: dict[str, bool | None]) -> bytes:
    """``manifest.json``: every page with its kind and locale (PDFs come with printables)."""
    pages = []
    for route in site_routes:
        entry: dict[str, object] = {"path": route.path, "kind": route.kind, "locale": route.locale}
        if route.kind == "session":
            entry["session"] = route.key
        if fallbacks.get(route.path) is not None:
            entry["fallback"] = fallbacks[route.path]
        pages.append(entry)
    return (json.dumps({"pages": pages, "pdfs": []}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
