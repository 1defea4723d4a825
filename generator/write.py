"""Write stage: put a finished build in place atomically.

Everything is written into a fresh folder beside the output, which replaces the
old output only when every file is written. A failed build leaves the previous
output exactly as it was. A file whose bytes are those of the old output's file is
hard-linked from it instead of written again: after a small edit most files are
unchanged, and making new files costs far more than linking.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

MARKER = "manifest.json"


class OutputError(Exception):
    """The output folder cannot be written safely."""


def check_target(out: Path, project: Path, keep: tuple[str, ...] = ()) -> None:
    """Refuse output folders whose replacement would destroy something else (``keep``:
    folders that move over to the new output, so they do not count)."""
    out, project = out.resolve(), project.resolve()
    if out == project or out in project.parents or out == project / "content" or (project / "content") in out.parents:
        raise OutputError(f"refusing to build into {out}: it would replace the project or its content")
    others = [p for p in out.iterdir() if p.name not in keep] if out.is_dir() else []
    if out.exists() and (not out.is_dir() or (others and not (out / MARKER).is_file())):
        raise OutputError(f"refusing to replace {out}: it is not empty and holds no {MARKER} from an earlier build")


def write_tree(out: Path, files: dict[str, bytes], keep: tuple[str, ...] = ()) -> None:
    """Write ``files`` (relative ``/`` paths → bytes) as the new content of ``out``.

    Folders named in ``keep`` (such as ``schools``, which packs write) move over from the
    old output unchanged."""
    staging = Staging(out)
    try:
        staging.write(files)
        staging.commit(keep)
    finally:
        staging.discard()


class Staging:
    """A new output taking shape in a fresh folder beside ``out``: it replaces ``out`` on
    :meth:`commit`, and is removed by :meth:`discard` if it never does. Several processes may
    write into it, each its own files (a build's helper processes write the pages they render)."""

    def __init__(self, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.folder = Path(tempfile.mkdtemp(prefix=".partners-build-", dir=out.parent))
        self.earlier = out.is_dir()
        self._folders: set[Path] = set()
        self._done = False

    def write(self, files: dict[str, bytes]) -> None:
        for rel, data in sorted(files.items()):
            parts = _safe_parts(rel)
            target = self.folder.joinpath(*parts)
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            if not (self.earlier and _linked(self.out.joinpath(*parts), target, data)):
                target.write_bytes(data)

    def commit(self, keep: tuple[str, ...] = ()) -> None:
        """Put the new output in place of the old (keeping the old one's ``keep`` folders)."""
        for name in keep:
            if (self.out / name).is_dir() and not (self.folder / name).exists():
                os.replace(self.out / name, self.folder / name)
        _swap(self.folder, self.out)
        self._done = True

    def discard(self) -> None:
        if not self._done:
            shutil.rmtree(self.folder, ignore_errors=True)
            self._done = True


def _linked(old: Path, target: Path, data: bytes) -> bool:
    """Hard-link ``old`` as ``target`` if it holds exactly ``data``; False if not (or if links
    are not possible here, such as on some USB sticks)."""
    try:
        if old.is_symlink() or old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
        return True
    except OSError:
        return False


def _safe_parts(rel: str) -> tuple[str, ...]:
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
        raise OutputError(f"refusing to write '{rel}' outside the output folder")
    return parts


def _swap(staging: Path, out: Path) -> None:
    os.chmod(staging, 0o755)
    if not out.exists():
        os.replace(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=".partners-old-", dir=out.parent))
    os.replace(out, old / "output")
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(old / "output", out)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def update_tree(out: Path, files: dict[str, bytes], before: dict[str, bytes], keep: tuple[str, ...] = ()) -> None:
    """Bring ``out``, which holds ``before``, to ``files``: write each changed file (each one
    atomically) and remove the files that went. For a folder only this process writes, such
    as the live preview's: fast, but not atomic as a whole."""
    for rel, data in sorted(files.items()):
        if before.get(rel) == data:
            continue
        target = out.joinpath(*_safe_parts(rel))
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.partners-tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    for rel in sorted(set(before) - set(files)):
        if PurePosixPath(rel).parts[0] not in keep:
            out.joinpath(*_safe_parts(rel)).unlink(missing_ok=True)
