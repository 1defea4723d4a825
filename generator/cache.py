"""A content-addressed cache on disk for expensive results (font subsets, PDFs).

Entries are keyed by a hash of everything that went into them and carry a
checksum of their own bytes: an entry that does not match it is treated as
missing and rebuilt, never trusted. Writes are atomic; a cache that cannot be
written only makes the next build slower.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, kind: str, name: str) -> Path:
        return self.folder / kind / name[:2] / name

    def get(self, kind: str, name: str) -> bytes | None:
        try:
            stored = self._path(kind, name).read_bytes()
        except OSError:
            return None
        checksum, _, payload = stored.partition(b"\n")
        if checksum.decode("ascii", "replace") != hashlib.sha256(payload).hexdigest():
            return None
        return payload

    def put(self, kind: str, name: str, payload: bytes) -> None:
        path = self._path(kind, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
            os.replace(temporary, path)
        except OSError:
            pass
