"""Up-to-date builds: when nothing that goes into a build has changed since the last one
into the same folder, and that folder still holds what it wrote, the build does nothing.

Rendering never reads files, so everything a build depends on is in what the load stage
read (content, theme, fonts), the options and the versions: their hash is the build's stamp.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__
from .cache import Cache, key
from .diagnostics import Diagnostic
from .model import RawProject

KIND = "builds"


@dataclass
class Record:
    stamp: str
    sizes: dict[str, int]
    diagnostics: list[Diagnostic]
    pages: int
    pdfs: int
    inputs: dict[str, list] = field(default_factory=dict)  # page path: [key, sha256, fallback] (incremental)


def stamp(raw: RawProject, *options: object) -> str:
    """A hash of everything the build reads, its options and the tools' versions."""
    parts: list[str | bytes] = [__version__, metadata.version("weasyprint"), os.environ.get("SOURCE_DATE_EPOCH", ""),
                                repr(options)]
    records = [raw.site] if raw.site else []
    records += [*raw.locales, *raw.curricula, *raw.schools, *raw.sessions, *raw.pages, *raw.theme.strings.values()]
    parts += sorted(f"{r.path}:{r.digest}" for r in records)
    for name in sorted(raw.assets):
        parts += [name, raw.assets[name]]
    for name in sorted(raw.theme.templates):
        parts += [name, raw.theme.templates[name]]
    for name in sorted(raw.theme.static):
        parts += [name, raw.theme.static[name]]
    parts += [data for _, data in sorted((font.file, data) for font, data in raw.fonts.items())]
    return key(*parts)


def _name(out: Path) -> str:
    return key("build-record", str(out.resolve()))


def last(cache: Cache, out: Path) -> Record | None:
    """The record of the last build into ``out``, if there is a sound one."""
    stored = cache.get(KIND, _name(out))
    if stored is None:
        return None
    try:
        data = json.loads(stored)
        return Record(data["stamp"], data["sizes"], [Diagnostic(*d) for d in data["diagnostics"]],
                      data["pages"], data["pdfs"], dict(data.get("inputs", {})))
    except (ValueError, KeyError, TypeError):
        return None


def unchanged(record: Record | None, out: Path, current: str) -> bool:
    """Whether ``record``'s stamp is ``current`` and ``out`` still holds its files."""
    if record is None or record.stamp != current:
        return False
    for rel, size in record.sizes.items():
        try:
            if (out / rel).stat().st_size != size:
                return False
        except OSError:
            return False
    return True


def remember(cache: Cache, out: Path, record: Record) -> None:
    data = {"stamp": record.stamp, "sizes": record.sizes, "pages": record.pages, "pdfs": record.pdfs,
            "inputs": record.inputs,
            "diagnostics": [[d.path, d.line, d.severity, d.message] for d in record.diagnostics]}
    cache.put(KIND, _name(out), json.dumps(data, sort_keys=True).encode("utf-8"))
