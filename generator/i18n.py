"""The translation workflow: what needs a translator's attention, and the commands that
record a translation's source fingerprint or start a new translation.

``status`` is pure; ``mark`` and ``new_translation`` edit content files, each one file,
written atomically.
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
from pathlib import Path

import yaml

from .load import split_front_matter
from .model import Library, Page, Session

STATES = ("missing", "unmarked", "current", "stale")


def status(library: Library) -> dict[str, object]:
    """``{"sessions": [{"session", "locale", "state"}], "pages": [{"page", "locale", "state"}],
    "strings": {locale: [keys]}}``."""
    default = library.site.default_locale
    others = [locale for locale in library.site.locales if locale != default]
    sessions = [{"session": s.id, "locale": locale, "state": s.translation_state(locale, default)}
                for s in library.sessions for locale in others]
    pages = [{"page": p.slug, "locale": locale, "state": p.translation_state(locale, default)}
             for p in library.pages for locale in others]
    strings = {code: list(library.locales[code].missing) for code in library.site.locales if code in library.locales}
    return {"sessions": sessions, "pages": pages, "strings": strings}


def needs_work(report: dict[str, object]) -> bool:
    """Anything missing or stale (what ``i18n status --strict`` fails on)."""
    rows = [*report["sessions"], *report["pages"]]
    return any(row["state"] in ("missing", "stale") for row in rows) or any(report["strings"].values())


def name_of(item: Session | Page) -> str:
    """How commands name a translatable item: a session's id, ``pages/<slug>`` for a page."""
    return item.id if isinstance(item, Session) else f"pages/{item.slug}"


def translation_path(library: Library, item: Session | Page, locale: str) -> str:
    folder, name = posixpath.split(item.texts[library.site.default_locale].path)
    return posixpath.join(folder, name[: -len(".md")] + f".{locale}.md")


def mark(project: Path, library: Library, item: Session | Page, locale: str) -> str:
    """Write the source's current fingerprint into the translation's front matter; returns its path."""
    rel = translation_path(library, item, locale)
    path = project / rel
    text = path.read_text(encoding="utf-8-sig")
    value = item.texts[library.site.default_locale].fingerprint
    lines = text.split("\n")
    closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    for index in range(1, closing):
        if re.match(r"^source_hash\s*:", lines[index]):
            lines[index] = f"source_hash: {value}"
            break
    else:
        lines.insert(closing, f"source_hash: {value}")
    _write(path, "\n".join(lines))
    return rel


def new_translation(project: Path, library: Library, item: Session | Page, locale: str) -> str:
    """Create ``<slug>.<locale>.md`` from the source, fingerprinted, ready to translate."""
    rel = translation_path(library, item, locale)
    path = project / rel
    if path.exists():
        raise FileExistsError(rel)
    source = item.texts[library.site.default_locale]
    front = {"title": source.title}
    if source.summary:
        front["summary"] = source.summary
    if source.materials:
        front["materials"] = list(source.materials)
    front["source_hash"] = source.fingerprint
    _, body, _ = split_front_matter((project / source.path).read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    note = f"# Translate the text below into '{locale}'. Keep the ::: block names and sizes as they are.\n"
    _write(path, f"---\n{note}{header}---\n{body}")
    return rel


def _write(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    os.replace(temporary, path)
