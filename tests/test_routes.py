"""Relative links between output files."""

from __future__ import annotations

import posixpath

from hypothesis import given, strategies as st

from generator.routes import relative

SEGMENT = st.sampled_from(["en", "ur", "sessions", "pdf", "a", "b"])
FILE = st.builds(lambda folders, name: "/".join([*folders, name]), st.lists(SEGMENT, max_size=3),
                 st.sampled_from(["index.html", "x.html", "style.css"]))


@given(FILE, FILE)
def test_relative_matches_posixpath(from_path: str, to_path: str) -> None:
    expected = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    assert relative(from_path, to_path) == expected
    assert posixpath.normpath(posixpath.join(posixpath.dirname(from_path), relative(from_path, to_path))) == to_path


def test_fragment_is_kept() -> None:
    assert relative("en/sessions/x.html", "en/curricula/eyfs.html#outcome-EYFS-M-NU") == "../curricula/eyfs.html#outcome-EYFS-M-NU"
