"""The repository's own content and package: what a new user gets on a fresh clone."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO, Project


def test_repository_content_is_clean_in_strict_mode() -> None:
    result = Project(REPO).run("check", "--strict")
    assert result.exit_code == 0, result.output
    assert ": warning: " not in result.output and ": error: " not in result.output


def test_repository_content_builds_in_every_locale(tmp_path: Path) -> None:
    result = Project(REPO).run("build", "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "site/manifest.json").read_text(encoding="utf-8"))
    sessions = {(p["locale"], p["session"]) for p in manifest["pages"] if p["kind"] == "session"}
    assert {locale for locale, _ in sessions} == {"en", "ur"}
    assert len(sessions) >= 16
    translated = [p for p in manifest["pages"] if p["kind"] == "session" and p["locale"] == "ur" and not p["fallback"]]
    assert len(translated) >= 2


def test_version() -> None:
    result = Project(REPO).run("--version")
    assert result.output.startswith("partners, version ")


def test_wheel_ships_the_default_theme(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path), str(REPO)], check=True)
    [wheel] = tmp_path.glob("partners-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("generator/templates/base.html", "generator/templates/static/style.css",
                 "generator/templates/strings/ur.yaml", "generator/cli.py"):
        assert name in names


def test_every_sample_school_gets_a_full_balanced_programme() -> None:
    """Issue 8: each sample school's plan fills every week, covers its whole curriculum, and
    every strand comes round at least every five weeks."""
    from generator.build import check, plan_school

    checked = check(REPO)
    strands = checked.library.site.strands
    for school in checked.library.schools:
        _, planned = plan_school(REPO, school.id, checked)
        assert planned is not None and planned.unfilled_slots == 0 and planned.uncovered == [], school.id
        weeks = [{checked.library.session(sid).strand for sid in week} for week in planned.weeks]
        for strand in strands:
            seen = [number for number, week in enumerate(weeks) if strand in week]
            gaps = [b - a for a, b in zip([-1, *seen], [*seen, len(weeks)])]
            assert seen and max(gaps) <= 5, (school.id, strand, seen)


def test_starter_library_is_complete() -> None:
    """Issue 8: 48 sessions, twelve per strand, each with a demo, say lines and a worksheet;
    a third or so with an A3 sheet; every programme page and 16 sessions in Urdu, current."""
    from generator.build import check

    library = check(REPO).library
    per_strand = {strand: [s for s in library.sessions if s.strand == strand] for strand in library.site.strands}
    assert {strand: len(found) for strand, found in per_strand.items()} == {s: 12 for s in library.site.strands}
    for session in library.sessions:
        text = session.texts["en"]
        kinds = {token.info.split()[0] for token in text.tokens if token.type.startswith("container_")
                 and token.nesting == 1 and token.info.split()}
        assert {"demo", "say"} <= kinds and text.worksheets, session.id
    a3 = [s.id for s in library.sessions if any(w.size == "A3" for w in s.texts["en"].worksheets)]
    assert len(a3) >= 14
    current = [s.id for s in library.sessions if s.translation_state("ur", "en") == "current"]
    assert len(current) >= 16 and all(len([s for s in per_strand[strand] if s.id in current]) >= 4
                                      for strand in per_strand)
    assert all(page.translation_state("ur", "en") == "current" for page in library.pages) and len(library.pages) >= 9
