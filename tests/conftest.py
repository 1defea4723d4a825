"""Shared fixtures: throwaway copies of the fixture projects and a CLI runner."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


class Project:
    """A copy of a fixture project in a temporary folder, with helpers to edit and run it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        (self.root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(main, ["--project", str(self.root), *args], catch_exceptions=False)


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One build cache for the whole run, so fonts are subset once, not once per test."""
    os.environ["PARTNERS_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The ``basic`` fixture project, copied so a test may change it."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "basic", root, ignore=shutil.ignore_patterns(".cache", "output"))
    return Project(root)


@pytest.fixture(scope="session")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``basic`` fixture built once, for tests that only read the output."""
    root = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(FIXTURES / "basic", root, ignore=shutil.ignore_patterns(".cache", "output"))
    result = Project(root).run("build")
    assert result.exit_code == 0, result.output
    return root / "output"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser), for the whole run."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
