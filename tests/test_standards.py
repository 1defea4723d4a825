"""Accessibility (axe-core in Chromium) and HTML validity (the Nu HTML Checker) of built pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from conftest import REPO, Project

AXE_PAGES = ["index.html", "library.html", "sessions/count-stones.html", "curricula/test.html", "pages/about.html"]


def vnu_jar() -> Path:
    """The Nu HTML Checker from the vnu-jar npm package (``make test`` installs it), or $VNU_JAR."""
    found = Path(os.environ.get("VNU_JAR") or REPO / ".cache/tools/node_modules/vnu-jar/build/dist/vnu.jar")
    assert found.is_file(), f"the Nu HTML Checker is missing at {found}: run 'make test'"
    return found


@pytest.fixture(scope="module")
def built_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("repository") / "output"
    result = Project(REPO).run("build", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("locale", ["en", "ur"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_violations(browser: Browser, built_basic: Path, locale: str, path: str) -> None:
    page = browser.new_page()
    page.goto((built_basic / locale / path).as_uri())
    results = Axe().run(page)
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])} elements: "
                  f"{[n['target'] for n in v['nodes']][:3]})" for v in results.response["violations"]]
    page.close()
    assert violations == []


def test_axe_on_a_filtered_library_page(browser: Browser, built_basic: Path) -> None:
    page = browser.new_page()
    page.goto((built_basic / "ur/library.html").as_uri() + "#q=چہرہ&strand=sel")
    results = Axe().run(page)
    page.close()
    assert [v["id"] for v in results.response["violations"]] == []


def _vnu_errors(folder: Path) -> list[str]:
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML Checker (Debian package default-jre-headless)"
    files = sorted(str(p) for p in folder.rglob("*.html"))
    run = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def test_fixture_site_is_valid_html(built_basic: Path) -> None:
    assert _vnu_errors(built_basic) == []


def test_repository_site_is_valid_html(built_repository: Path) -> None:
    assert _vnu_errors(built_repository) == []
