"""Live preview: build the website into a temporary folder, serve it on the loopback
address, rebuild when content/ or templates/ change, and tell open pages to reload.

Pages get a small script that listens to server-sent events: ``reload`` after a good
build, ``problems`` (with the diagnostics) after a bad one, which the page shows as an
overlay until the next good build. A bad edit never stops the server.

Rebuilds are incremental (only the pages whose inputs changed are rendered, and bodies
parsed before are not parsed again). PDFs come after: once the pages are live, a
background thread renders the PDFs that changed (the cache has the rest) and puts them in
place, so a save is never kept waiting for WeasyPrint.
"""

from __future__ import annotations

import functools
import gc
import http.server
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from . import render
from .build import build, build_pdfs
from .diagnostics import Diagnostics
from .incremental import Memory
from .write import update_tree

SCRIPT_PATH = "/__partners/live.js"
EVENTS_PATH = "/__partners/events"
LIVE_SCRIPT = """(function () {
  "use strict";
  var overlay = null;
  function show(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "partners-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:9999;background:rgba(255,255,255,.96);" +
        "color:#900;font:15px/1.5 monospace;padding:2rem;overflow:auto;white-space:pre-wrap;direction:ltr;text-align:left";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "partners: the last change has problems\\n\\n" + lines.join("\\n");
  }
  var source = new EventSource("/__partners/events");
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("problems", function (event) { show(JSON.parse(event.data)); });
})();
"""


class LiveSite:
    """The state shared by the watcher, the PDF thread and the request handlers."""

    def __init__(self, project: Path, out: Path, report: Callable[[str], None] = lambda line: None,
                 pdf: bool = True) -> None:
        self.project, self.out, self.report, self.pdf = project, out, report, pdf
        self.version = 0
        self.problems: list[str] = []
        self.changed = threading.Condition()
        self.pdfs_wanted: tuple[int, object] | None = None  # (version, library) awaiting its PDFs
        self.pdfs_ready = threading.Condition()
        self.pdfs_written: dict[str, bytes] = {}  # what the PDF thread last put in the output
        self.writing = threading.Lock()  # the output folder is replaced by one writer at a time
        self.memory = Memory()  # pages and files of the last build, so a save renders only what changed
        self.last = ""  # what the last rebuild did, for the terminal

    def rebuild(self) -> list[str]:
        """Build the website; returns the problem lines of a failed build. The PDFs follow
        in the background (see :meth:`render_pdfs`)."""
        started = time.perf_counter()
        with self.writing:
            result = build(self.project, self.out, pdf=False, link_pdfs=self.pdf, keep=("pdf",), quiet=True,
                           memory=self.memory)
        self.last = f"{result.rendered_pages} pages rendered in {1000 * (time.perf_counter() - started):.0f} ms"
        lines = [item.format() for item in result.diagnostics.sorted()]
        if not result.written and not self.out.exists():  # a page to show the problems on
            self.out.mkdir(parents=True)
            (self.out / "manifest.json").write_text('{"pages": [], "pdfs": []}\n', encoding="utf-8")
            (self.out / "index.html").write_text(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>partners</title></head>"
                "<body><p>The site could not be built yet.</p></body></html>\n", encoding="utf-8")
        with self.changed:
            self.problems = [] if result.written else lines or ["the build failed"]
            self.version += 1
            self.changed.notify_all()
            version = self.version
        if self.pdf and result.written and result.library is not None and not result.unchanged:
            with self.pdfs_ready:
                self.pdfs_wanted = (version, result.library)
                self.pdfs_ready.notify_all()
        return self.problems

    def render_pdfs(self) -> None:
        """Forever: render the PDFs of the latest good build and put them in place, unless a
        newer build came meanwhile (then its PDFs are made instead)."""
        while True:
            with self.pdfs_ready:
                self.pdfs_ready.wait_for(lambda: self.pdfs_wanted is not None)
                version, library = self.pdfs_wanted
                self.pdfs_wanted = None
            diags = Diagnostics()
            try:
                renderer = render.Renderer(library, render.environment(library.theme), pdf_links=True)
                made = build_pdfs(self.project, library, renderer, os.cpu_count() or 1, diags)
                with self.writing:
                    if version != self.version:
                        continue
                    pdfs = {item.job.path: item.data for item in made}
                    update_tree(self.out, pdfs, self.pdfs_written)  # only the PDFs that changed
                    self.pdfs_written = pdfs
            except Exception as exc:  # noqa: BLE001 - the preview goes on without these PDFs
                self.report(f"PDFs could not be made: {exc}")
                continue
            rendered = sum(1 for item in made if item.rendered)
            if rendered:
                self.report(f"PDFs: {rendered} rendered, {len(made) - rendered} from the cache")
            for problem in diags.sorted():
                self.report(problem.format())

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


class _Handler(http.server.SimpleHTTPRequestHandler):
    live: LiveSite

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.path == SCRIPT_PATH:
            self._send(LIVE_SCRIPT.encode("utf-8"), "text/javascript; charset=utf-8")
        elif self.path == EVENTS_PATH:
            self._events()
        elif self.path.split("?")[0].split("#")[0].endswith((".html", "/")):
            self._page()
        else:
            super().do_GET()

    def _page(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        html = path.read_bytes().replace(b"</body>", f'<script src="{SCRIPT_PATH}"></script>\n</body>'.encode(), 1)
        self._send(html, "text/html; charset=utf-8")

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.live.version
        try:
            if self.live.problems:
                self._event("problems", json.dumps(self.live.problems))
            while True:
                now = self.live.wait(seen, timeout=15)
                if now == seen:
                    self.wfile.write(b": still here\n\n")  # keeps the connection open
                else:
                    seen = now
                    if self.live.problems:
                        self._event("problems", json.dumps(self.live.problems))
                    else:
                        self._event("reload", str(now))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode("utf-8"))
        self.wfile.flush()


def serve(project: Path, host: str, port: int, report: Callable[[str], None],
          ready: Callable[[str], None] | None = None, pdf: bool = True) -> None:
    """Serve the project's live website until interrupted (with its PDFs unless ``pdf`` is False)."""
    from watchfiles import watch

    temporary = Path(tempfile.mkdtemp(prefix="partners-serve-"))
    live = LiveSite(project, temporary / "site", report, pdf)
    try:
        for line in live.rebuild():
            report(line)
        # The library and what the preview keeps live as long as the server: keep the cyclic
        # garbage collector from walking them again and again (a pause of a tenth of a second
        # every few saves at 1,000 sessions).
        gc.freeze()
        if pdf:
            threading.Thread(target=live.render_pdfs, daemon=True).start()
        handler = type("Handler", (_Handler,), {"live": live})
        server = http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(live.out)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://{host}:{server.server_address[1]}/"
        report(f"serving {url} (Ctrl+C to stop)")
        if ready:
            ready(url)
        watched = [p for p in (project / "content", project / "templates") if p.is_dir()]
        for changes in watch(*watched, debounce=40, step=10):
            problems = live.rebuild()
            names = sorted({Path(path).name for _, path in changes if Path(path).exists()}) or ["a removed file"]
            report(f"rebuilt after a change to {', '.join(names)}: " + ("problems" if problems else live.last))
            for line in problems:
                report(line)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
