"""PDF stage: print jobs become PDF bytes with WeasyPrint, in a pool of processes.

WeasyPrint is imported only when a PDF must really be rendered (the import
alone costs about half a second). Each worker parses the print stylesheet and
loads the fonts once, through one ``FontConfiguration``, and reuses them for
every document. Results are cached by a hash of everything that goes into a
PDF, so an unchanged session renders nothing.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Any, Callable, Iterable

from .cache import Cache, key
from .printables import BASE_URL, PrintJob, PrintSetup

CACHE_KIND = "pdf"
A4_LONG_SIDE = 841.89  # points


@dataclass(frozen=True)
class PdfResult:
    job: PrintJob
    data: bytes
    pages: int
    rendered: bool  # False when it came from the cache


@lru_cache(maxsize=1)
def _weasyprint_version() -> str:
    return metadata.version("weasyprint")  # read from the installed metadata: no import


def cache_name(job: PrintJob) -> str:
    """The job's key, with what PDF rendering itself depends on (WeasyPrint's version and
    SOURCE_DATE_EPOCH), all without importing WeasyPrint."""
    return key("pdf", job.key, _weasyprint_version(), os.environ.get("SOURCE_DATE_EPOCH", ""))


def make_pdfs(jobs: list[PrintJob], prepare: Callable[[], tuple[PrintSetup, Callable[[PrintJob], PrintJob]]],
              cache: Cache, workers: int, progress: Callable[[int, int], None] | None = None,
              meanwhile: Callable[[], None] | None = None) -> list[PdfResult]:
    """Every job's PDF, from the cache where possible, rendering the rest in ``workers`` processes.

    ``prepare`` gives the shared print setup and a function that fills in a job's HTML;
    it is called only when some PDF must really be rendered. ``meanwhile`` is called once
    the rendering has started in the worker processes, so that other work (the website's
    pages) goes on beside it."""
    results: dict[int, PdfResult] = {}  # by position in ``jobs``: paths repeat across school packs
    todo = []
    for position, job in enumerate(jobs):
        cached = _from_cache(cache, cache_name(job))
        if cached is not None:
            results[position] = PdfResult(job, cached[0], cached[1], rendered=False)
        else:
            todo.append(position)
    done = len(results)
    progress = progress if todo else None  # nothing to render: nothing to report
    if progress:
        progress(done, len(jobs))
    setup, fill = prepare() if todo else (None, None)
    filled = [fill(jobs[position]) for position in todo] if todo else []
    for position, (job, (data, pages)) in zip(todo, _render_all(filled, setup, workers, meanwhile or _nothing)):
        cache.put(CACHE_KIND, cache_name(job), pages.to_bytes(4, "big") + data)
        results[position] = PdfResult(job, data, pages, rendered=True)
        done += 1
        if progress:
            progress(done, len(jobs))
    if not todo and meanwhile:
        meanwhile()
    return [results[position] for position in range(len(jobs))]


def _nothing() -> None:
    pass


def fork_is_safe() -> bool:
    """Whether worker processes may be forked from this one: where forking exists and no other
    thread runs here (a live preview's server threads could hold locks a child inherits)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _from_cache(cache: Cache, name: str) -> tuple[bytes, int] | None:
    stored = cache.get(CACHE_KIND, name)
    if stored is None or len(stored) < 4 or not stored[4:].startswith(b"%PDF-"):
        return None
    return stored[4:], int.from_bytes(stored[:4], "big")


def _render_all(jobs: list[PrintJob], setup: PrintSetup | None, workers: int,
                meanwhile: Callable[[], None]) -> Iterable[tuple[PrintJob, tuple[bytes, int]]]:
    if not jobs:
        return
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        meanwhile()
        _start_worker(setup)
        try:
            for job in jobs:
                yield job, render_job(job)
        finally:
            _worker.clear()  # let WeasyPrint's font configuration go while the interpreter is whole
        return
    context = multiprocessing.get_context("fork" if fork_is_safe() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(setup, True),
                             mp_context=context) as pool:
        chunk = max(1, len(jobs) // (workers * 4))
        rendered = pool.map(render_job, jobs, chunksize=chunk)  # every job is submitted now
        meanwhile()
        yield from zip(jobs, rendered)


# --- inside a worker process ---------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(setup: PrintSetup, own_process: bool = False) -> None:
    """Import WeasyPrint, and parse the stylesheet and load the fonts once for this process
    (``own_process``: a pool's worker, which ends with its parent)."""
    import logging

    if own_process:
        _stop_with_parent()
        gc.enable()  # forked from a build, which holds the collector still: WeasyPrint's layouts make cycles

    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class MemoryFetcher(URLFetcher):
        """Serves the job's images and the theme's fonts from memory and refuses everything
        else, so a printable never reads the disk or the network."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            data = _worker["resources"].get(url)
            if data is None:
                raise ValueError(f"refusing to fetch {url!r}: printables use only their own files")
            kind = "image/svg+xml" if url.endswith(".svg") else "application/octet-stream"
            return URLFetcherResponse(url, body=data, headers={"Content-Type": kind})

    fonts = FontConfiguration()
    fetcher = MemoryFetcher(fail_on_errors=True)
    _worker.update(setup=setup, fonts=fonts, fetcher=fetcher, resources=dict(setup.resources))
    _worker["css"] = CSS(string=setup.css, base_url=BASE_URL, font_config=fonts, url_fetcher=fetcher)


def _stop_with_parent() -> None:
    """End this worker when the process that started it is gone (a stopped preview), rather
    than render the rest of its share for nobody."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def render_job(job: PrintJob) -> tuple[bytes, int]:
    """One PDF's bytes and page count (runs inside a worker)."""
    from weasyprint import HTML

    _worker["resources"] = {**_worker["setup"].resources, **job.resources}
    document = HTML(string=job.html, base_url=BASE_URL, url_fetcher=_worker["fetcher"]).render(
        stylesheets=[_worker["css"]], font_config=_worker["fonts"])
    data = document.write_pdf()
    return data, len(document.pages)


def progress_reporter(label: str = "PDFs", stream: Any = None,
                      quiet: bool = False) -> Callable[[int, int], None] | None:
    """Progress of long work on ``stream`` (default: standard error): a bar redrawn in place
    on a terminal; elsewhere (a log, CI) a plain line at every quarter. None when ``quiet``."""
    if quiet:
        return None
    stream = stream or sys.stderr
    terminal = stream.isatty()
    shown = {"quarter": -1}

    def show(done: int, total: int) -> None:
        if total == 0:
            return
        if terminal:
            filled = round(24 * done / total)
            stream.write(f"\r{label} [{'#' * filled}{'.' * (24 - filled)}] {done}/{total}")
            if done == total:
                stream.write("\n")
        else:
            quarter = 4 * done // total
            if quarter == shown["quarter"] or (done and done != total and quarter == 0):
                return
            shown["quarter"] = quarter
            stream.write(f"{label} {done}/{total}\n")
        stream.flush()
    return show


def scale_a3_to_a4(data: bytes) -> bytes:
    """The PDF with every A3 page scaled down onto A4 (by 1/√2, the same proportions), for
    schools without an A3 printer. Other pages are left as they are."""
    import io
    import math

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        if max(float(page.mediabox.width), float(page.mediabox.height)) > A4_LONG_SIDE + 1:
            page.scale_by(1 / math.sqrt(2))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
