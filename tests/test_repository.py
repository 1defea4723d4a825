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
