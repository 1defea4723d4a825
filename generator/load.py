"""Load stage: files on disk become raw records with source positions.

This is the only stage that reads the project. It reads nothing outside the
project's ``content/`` and ``templates/`` folders (symbolic links that lead
out are skipped) and the default theme shipped with the package.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import yamlio
from .fonts import find_fonts
from .diagnostics import Diagnostics
from .model import RawDoc, RawProject, RawYaml, Theme

IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
PACKAGE_DIR = Path(__file__).resolve().parent


def default_theme_dir() -> Path:
    """The default theme: inside the package in a wheel, beside it in a source tree."""
    bundled = PACKAGE_DIR / "templates"
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / "templates"


def load_project(project: Path, diags: Diagnostics, known: dict[tuple[str, str], RawDoc] | None = None) -> RawProject:
    """Read every content file of ``project`` and the theme into raw records.

    ``known`` (kept by a long-running process) holds the records of Markdown files read
    before, by path and text: a file whose text is the same is not parsed again."""
    content = project / "content"
    if not content.is_dir():
        diags.error("content", 1, "no content/ folder here (use --project to point at one)")
    files = _walk(content, project)
    texts: dict[str, str] = {}
    assets: dict[str, bytes] = {}
    for rel, path in files.items():
        if path.suffix.lower() in IMAGE_SUFFIXES:
            assets[rel] = path.read_bytes()
        elif path.suffix in {".md", ".yaml", ".yml"}:
            text = read_text(path, rel, diags)
            if text is not None:
                texts[rel] = text

    def yaml_files(folder: str) -> list[RawYaml]:
        prefix = f"content/{folder}/"
        return [_yaml(rel, text, diags) for rel, text in sorted(texts.items())
                if rel.startswith(prefix) and rel.count("/") == 2 and rel.endswith((".yaml", ".yml"))]

    def markdown_files(folder: str, nested: bool) -> list[RawDoc]:
        prefix = f"content/{folder}/"
        return [_markdown_known(rel, text, diags, known) for rel, text in sorted(texts.items())
                if rel.startswith(prefix) and rel.endswith(".md") and (nested or rel.count("/") == 2)]

    site = None
    if "content/site.yaml" in texts:
        site = _yaml("content/site.yaml", texts["content/site.yaml"], diags)
    elif content.is_dir():
        diags.error("content/site.yaml", 1, "content/site.yaml is missing")
    return RawProject(
        site=site,
        locales=yaml_files("locales"),
        curricula=yaml_files("curricula"),
        schools=yaml_files("schools"),
        sessions=markdown_files("sessions", nested=True),
        pages=markdown_files("pages", nested=False),
        assets=assets,
        theme=load_theme(project, diags),
        fonts=find_fonts(),
    )


def load_theme(project: Path, diags: Diagnostics) -> Theme:
    """The default theme with the project's ``templates/`` laid over it, file by file."""
    theme = Theme(templates={}, template_paths={}, static={}, strings={})
    layers = [(default_theme_dir(), None), (project / "templates", project)]
    for folder, root in layers:
        for rel, path in _walk(folder, root or folder).items():
            name = rel if root is None else rel.split("/", 1)[1]
            shown = f"templates/{name}" if root is None else rel
            if name.startswith("static/"):
                theme.static[name[len("static/"):]] = path.read_bytes()
            elif name.startswith("strings/") and name.endswith(".yaml") and root is None:
                text = read_text(path, shown, diags)
                if text is not None:
                    theme.strings[Path(name).stem] = _yaml(shown, text, diags)
            elif name.endswith((".html", ".xml", ".txt", ".css", ".js")):
                text = read_text(path, shown, diags)
                if text is not None:
                    theme.templates[name] = text
                    theme.template_paths[name] = shown
    return theme


def read_text(path: Path, rel: str, diags: Diagnostics) -> str | None:
    """Decode a text file as UTF-8 (a BOM and Windows line endings are fine)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(rel, line, f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        diags.error(rel, 1, "file is empty")
        return None
    return text


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``---`` front matter (YAML from file line 2) from the body.

    Returns (front matter, body, the body's first file line). The front matter is
    None when the file does not start with ``---``, and the body is None when the
    front matter is never closed.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return "\n".join(lines[1:]), None, len(lines) + 1


def load_yaml_file(path: Path, shown: str, diags: Diagnostics) -> RawYaml:
    """One YAML file named on the command line (such as a school profile outside content/)."""
    if not path.is_file():
        diags.error(shown, 1, "no such file")
        return RawYaml(shown, None)
    text = read_text(path, shown, diags)
    return _yaml(shown, text, diags) if text is not None else RawYaml(shown, None)


def _yaml(rel: str, text: str, diags: Diagnostics, offset: int = 0) -> RawYaml:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        return RawYaml(rel, yamlio.parse(text, offset), digest)
    except yamlio.YamlError as exc:
        diags.error(rel, exc.line, exc.message)
        return RawYaml(rel, None, digest)


def _markdown_known(rel: str, text: str, diags: Diagnostics, known: dict[tuple[str, str], RawDoc] | None) -> RawDoc:
    """:func:`_markdown`, or its record from an earlier build when the text is the same (only
    records that raised no problem are kept, so every problem is still reported)."""
    if known is None:
        return _markdown(rel, text, diags)
    found = known.get((rel, text))
    if found is None:
        before = len(diags.items)
        found = _markdown(rel, text, diags)
        if len(diags.items) == before:
            known[(rel, text)] = found
    return found


def _markdown(rel: str, text: str, diags: Diagnostics) -> RawDoc:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    front, body, body_line = split_front_matter(text)
    if front is None:
        diags.error(rel, 1, "no front matter: the file must start with a '---' line, "
                    "then YAML keys, then another '---' line")
        return RawDoc(rel, None, text, 1, digest)
    if body is None:
        diags.error(rel, 1, "the front matter is never closed with a '---' line")
        return RawDoc(rel, None, "", body_line, digest)
    meta = _yaml(rel, front, diags, offset=1).doc
    return RawDoc(rel, meta, body, body_line, digest)


def _walk(folder: Path, root: Path) -> dict[str, Path]:
    """Regular files under ``folder`` by path relative to ``root`` (``/``), sorted.

    Hidden files and folders are skipped, and so is any link that leads outside ``folder``;
    linked folders are not entered.
    """
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    top = folder.resolve()
    pending = [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.is_file() and (not entry.is_symlink() or _inside(path, top)):
                    found[path.relative_to(root).as_posix()] = path
    return dict(sorted(found.items()))


def _inside(path: Path, top: Path) -> bool:
    try:
        path.resolve().relative_to(top)
    except ValueError:
        return False
    return True
