"""`partners serve`: live preview in a real browser, with reloads and a problems overlay."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
from typing import Iterator

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from conftest import Project

FEEL = "content/sessions/sel/feelings.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(project: Project) -> Iterator[tuple[Project, str]]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project.root), "serve",
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(base + "en/index.html", timeout=2).read()
            break
        except OSError:
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
    yield project, base
    process.terminate()
    process.wait(timeout=10)


def test_pages_are_served_with_the_live_script(served: tuple[Project, str]) -> None:
    _, base = served
    html = urllib.request.urlopen(base + "en/sessions/feelings.html").read().decode("utf-8")
    assert '<script src="/__partners/live.js"></script>' in html
    assert b"EventSource" in urllib.request.urlopen(base + "__partners/live.js").read()


def test_a_save_reloads_the_page_and_a_mistake_shows_until_fixed(served: tuple[Project, str], browser: Browser) -> None:
    project, base = served
    page = browser.new_page()
    page.goto(base + "en/sessions/feelings.html")
    page.wait_for_timeout(300)  # the event stream connects
    project.replace(FEEL, "Show a happy face.", "Show a sunny face.")
    page.wait_for_function("document.body.innerText.includes('Show a sunny face.')", timeout=15000)
    project.replace(FEEL, "strand: sel", "strand: sell")
    overlay = page.wait_for_selector("#partners-problems", timeout=15000)
    assert "content/sessions/sel/feelings.md:3: error: unknown strand 'sell'" in overlay.inner_text()
    project.replace(FEEL, "strand: sell", "strand: sel")
    page.wait_for_function("!document.getElementById('partners-problems')", timeout=15000)
    assert "Show a sunny face." in page.inner_text("body")
    page.close()


def wait_for(url: str, needle: bytes, seconds: float = 60) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            data = urllib.request.urlopen(url, timeout=5).read()
            if needle in data:
                return data
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} never held {needle!r}"
        time.sleep(0.2)


def test_a_save_sends_a_reload_event_and_pdfs_follow_in_the_background(served: tuple[Project, str]) -> None:
    project, base = served
    events = urllib.request.urlopen(base + "__partners/events", timeout=30)
    html = urllib.request.urlopen(base + "en/sessions/feelings.html").read().decode("utf-8")
    assert "pdf/en/feelings-demo.pdf" in html  # pages link to their PDFs while previewing too
    wait_for(base + "pdf/en/feelings-demo.pdf", b"%PDF-")
    project.replace(FEEL, "Show a happy face.", "Show a moonlit face.")
    lines = []
    while "event: reload" not in lines:
        lines.append(events.readline().decode("utf-8").strip())
    assert "Show a moonlit face." in urllib.request.urlopen(base + "en/sessions/feelings.html").read().decode("utf-8")
    # The demo card is rendered again from the new text once the page is live.
    deadline = time.monotonic() + 60
    while "moonlit" not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(
            urllib.request.urlopen(base + "pdf/en/feelings-demo.pdf").read())).pages):
        assert time.monotonic() < deadline, "the demo card was not rendered again"
        time.sleep(0.3)
