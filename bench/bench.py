"""Benchmark: build synthetic libraries and print how fast the tool is.

    .venv/bin/python bench/bench.py [--part pdf|html|all] [--sessions 200] [--html-sessions 1000] [--jobs N]
                                    [--scratch DIR]

``pdf`` (printables): a library of N sessions (each with one or two worksheets, in English
and Urdu); each in a fresh process, a full build (every PDF rendered, empty PDF cache; the
web fonts are subset beforehand by a --no-pdf build, since they are not part of PDF
rendering), a rebuild with no change and a rebuild after editing one session; beside them a
floor: bare WeasyPrint rendering the same HTML with the same stylesheet, one warm process
per core.

``html`` (authoring): a library of M sessions in two locales (every other one translated),
and a fifth of it; full website builds (--no-pdf) with one process and with --jobs; a
no-change rebuild; a one-session edit; and in ``partners serve`` the time from saving a
session to the reload event. Beside them the floor of bench/floor_html.py (read the same
files, Markdown and one Jinja template per page, write), in one process and in --jobs. Builds
and floors are timed alike: each whole process, from start to exit, after flushing the
files of the run before to disk (so that no run pays for another's writing).

Figures go to standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("stone leaf count share happy sad water float sink sound letter circle draw big small "
         "friend turn wait listen clap jump sort match colour shape").split()


def make_library(root: Path, sessions: int, translated: bool = False) -> None:
    """A library like the fixture project's, with ``sessions`` generated sessions (and, if
    ``translated``, an Urdu translation of every other one)."""
    shutil.copytree(REPO / "tests/fixtures/basic/content", root / "content",
                    ignore=shutil.ignore_patterns("sessions"))
    rng = random.Random(7)
    strands = ["literacy", "numeracy", "sel", "science"]
    for number in range(sessions):
        strand = strands[number % 4]
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        sheets = "".join(textwrap.dedent(f"""
            ::: worksheet {rng.choice(['A4', 'A4', 'A3 landscape'])}
            # Sheet {sheet + 1}: {rng.choice(WORDS)} and {rng.choice(WORDS)}

            Help your Little Partner {rng.choice(WORDS)} the pictures.

            - {rng.choice(WORDS)}
            - {rng.choice(WORDS)}
            - {rng.choice(WORDS)}
            :::
            """) for sheet in range(1 + number % 2))
        front = (f"title: Session {number} {rng.choice(WORDS)}\nstrand: {strand}\nages: [3, 5]\n"
                 f"duration: {rng.choice([20, 25, 30])}\nsummary: {words[:60]}\n"
                 f"materials: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n")
        path = root / f"content/sessions/{strand}/session-{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_session(front, "Steps", words, f"Let's {rng.choice(WORDS)} together!") + sheets,
                        encoding="utf-8")
        if translated and number % 2:
            urdu = " ".join(rng.choice(URDU) for _ in range(60))
            front = f"title: سیشن {number} {rng.choice(URDU)}\nsummary: {urdu[:60]}\n"
            path.with_suffix(".ur.md").write_text(_session(front, "مراحل", urdu, f"آئیں مل کر {rng.choice(URDU)}!")
                                                  + sheets, encoding="utf-8")


def _session(front: str, steps: str, words: str, say: str) -> str:
    """A session file (or translation): front matter, two steps, a demo with a say line."""
    return (f"---\n{front}---\n## {steps}\n\n1. {words[:80]}\n2. {words[80:160]}\n\n"
            f":::: demo\n{words}\n\n::: say\n{say}\n:::\n::::\n")


URDU = "پتھر پتا گنیں بانٹیں خوش اداس پانی تیرنا ڈوبنا آواز حرف دائرہ بنائیں بڑا چھوٹا دوست باری سنیں تالی".split()


def timed_build(project: Path, cache: Path, jobs: int, pdf: bool = True, out: Path | None = None) -> dict[str, float]:
    """One build in a fresh process, as a user runs it: wall time, PDFs rendered, peak memory."""
    script = textwrap.dedent("""
        import json, resource, sys, time
        from pathlib import Path
        started = time.perf_counter()
        from generator.build import build
        result = build(Path(sys.argv[1]), Path(sys.argv[4]), jobs=int(sys.argv[2]), pdf=sys.argv[3] == "1")
        wall = time.perf_counter() - started
        assert result.written, [d.format() for d in result.diagnostics.sorted()]
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        print(json.dumps({"wall": wall, "rendered": sum(r.rendered for r in result.pdfs), "html": result.pages,
                          "html_rendered": result.rendered_pages,
                          "pdfs": len(result.pdfs),
                          "pages": sum(r.pages for r in result.pdfs if r.rendered), "peak_mb": peak,
                          "weasyprint_imported": "weasyprint" in sys.modules}))
    """)
    env = {**os.environ, "PARTNERS_CACHE": str(cache), "PYTHONPATH": str(REPO)}
    out = out or project / "output"
    os.sync()  # the last run's files go to disk now, not while this one runs
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", script, str(project), str(jobs), "1" if pdf else "0", str(out)], env=env,
                         capture_output=True, text=True, check=True)
    return {**json.loads(run.stdout.splitlines()[-1]), "process": time.perf_counter() - started}


def floor(project: Path, jobs: int) -> dict[str, float]:
    """Bare WeasyPrint on the same documents: one warm process per core, one shared stylesheet."""
    script = textwrap.dedent("""
        import json, sys, time
        from concurrent.futures import ProcessPoolExecutor
        from pathlib import Path
        from generator import printables, render
        from generator.build import check
        from generator.pdf import _start_worker, _worker

        def start(setup):
            _start_worker(setup)  # imports WeasyPrint, parses the CSS once, loads the fonts once

        def bare(html):
            from weasyprint import HTML
            document = HTML(string=html, base_url=printables.BASE_URL, url_fetcher=_worker["fetcher"]).render(
                stylesheets=[_worker["css"]], font_config=_worker["fonts"])
            document.write_pdf()
            return len(document.pages)

        library = check(Path(sys.argv[1])).library
        renderer = render.Renderer(library, render.environment(library.theme), pdf_links=True)
        jobs = [printables.fill(job, library, renderer) for job in printables.print_jobs(library)]
        setup = printables.print_setup(library, renderer)
        workers = int(sys.argv[2])
        with ProcessPoolExecutor(workers, initializer=start, initargs=(setup,)) as pool:
            list(pool.map(abs, range(workers)))  # warm every worker before timing
            started = time.perf_counter()
            pages = sum(pool.map(bare, [job.html for job in jobs], chunksize=max(1, len(jobs) // (workers * 4))))
            wall = time.perf_counter() - started
        print(json.dumps({"wall": wall, "pages": pages, "pdfs": len(jobs)}))
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", script, str(project), str(jobs)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout.splitlines()[-1])


def html_floor(project: Path, jobs: int, out: Path) -> dict[str, float]:
    """The floor in a fresh process; ``process`` is its whole run, start-up and imports included.
    Its output stays until the benchmark ends, as the builds' do: deleting thousands of files
    makes the next run on this disk pay for freeing them."""
    os.sync()  # the last run's files go to disk now, not while this one runs
    started = time.perf_counter()
    run = subprocess.run([sys.executable, str(REPO / "bench/floor_html.py"), str(project), str(out), "--jobs", str(jobs)],
                         capture_output=True, text=True, check=True)
    return {**json.loads(run.stdout.splitlines()[-1]), "process": time.perf_counter() - started}


def save_to_reload(project: Path, cache: Path, saves: int = 7) -> list[float]:
    """Seconds from saving a session to the reload event of ``partners serve --no-pdf``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PARTNERS_CACHE": str(cache), "PYTHONPATH": str(REPO)}
    server = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "serve", "--no-pdf",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        while True:
            try:
                urllib.request.urlopen(base + "en/index.html", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("partners serve stopped") from None
                time.sleep(0.2)
        events = urllib.request.urlopen(base + "__partners/events", timeout=120)
        edited = project / "content/sessions/numeracy/session-0001.md"
        times = []
        for number in range(saves):
            text = edited.read_text(encoding="utf-8")
            started = time.perf_counter()
            edited.write_text(text.replace("together!", f"together {number}!", 1), encoding="utf-8")
            while not events.readline().startswith(b"event: reload"):
                pass
            times.append(time.perf_counter() - started)
            edited.write_text(text, encoding="utf-8")  # and back, so the next save is a change again
            while not events.readline().startswith(b"event: reload"):
                pass
            time.sleep(0.5)
        return times
    finally:
        server.terminate()
        server.wait(timeout=10)


def pdf_part(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="partners-bench-") as temporary:
        project, cache = Path(temporary) / "library", Path(temporary) / "cache"
        make_library(project, args.sessions)
        print(f"printables: synthetic library of {args.sessions} sessions, 2 locales, {args.jobs} worker(s)")
        base = floor(project, args.jobs)
        print(f"floor (bare WeasyPrint, warm, {args.jobs} processes): {base['pdfs']} PDFs, {base['pages']} pages "
              f"in {base['wall']:.2f} s = {base['pages'] / base['wall']:.1f} pages/s")
        timed_build(project, cache, args.jobs, pdf=False)  # subsets the web fonts once: not a PDF cost
        full = timed_build(project, cache, args.jobs)
        print(f"full build:        {full['wall']:6.2f} s, {full['rendered']} PDFs rendered, "
              f"{full['pages'] / full['wall']:.1f} pages/s ({full['wall'] / base['wall']:.2f}x the floor, "
              f"start-up and HTML included), peak {full['peak_mb']:.0f} MB")
        again = timed_build(project, cache, args.jobs)
        print(f"no-change rebuild: {again['wall']:6.2f} s, {again['rendered']} PDFs rendered, "
              f"WeasyPrint imported: {again['weasyprint_imported']}, peak {again['peak_mb']:.0f} MB")
        edited = project / "content/sessions/literacy/session-0000.md"
        edited.write_text(edited.read_text(encoding="utf-8").replace("Let's", "Let us"), encoding="utf-8")
        one = timed_build(project, cache, args.jobs)
        print(f"one-session edit:  {one['wall']:6.2f} s, {one['rendered']} PDFs rendered, peak {one['peak_mb']:.0f} MB")


def html_part(args: argparse.Namespace) -> None:
    sizes = [args.html_sessions // 5, args.html_sessions]
    print(f"website: synthetic libraries of {sizes[0]} and {sizes[1]} sessions, 2 locales (every other session "
          f"translated); --no-pdf; times are whole processes, start-up included, median of 3")
    with tempfile.TemporaryDirectory(prefix="partners-bench-", dir=args.scratch) as temporary:
        scratch = Path(temporary)
        for size in sizes:
            project, cache = scratch / f"library-{size}", scratch / f"cache-{size}"
            make_library(project, size, translated=True)
            timed_build(project, cache, 1, pdf=False, out=scratch / "warm")  # fonts subset, templates compiled
            floors, builds = {}, {}
            for jobs in sorted({1, args.jobs}):
                # Writing thousands of new files costs more or less from one minute to the next on a
                # shared machine: each figure is the median of three runs, floor and build taking turns.
                runs = [(html_floor(project, jobs, scratch / f"floor-{size}-{jobs}-{attempt}"),
                         timed_build(project, cache, jobs, pdf=False, out=scratch / f"out-{size}-{jobs}-{attempt}"))
                        for attempt in range(3)]
                floors[jobs] = sorted((floor for floor, _ in runs), key=lambda run: run["process"])[1]
                builds[jobs] = sorted((built for _, built in runs), key=lambda run: run["process"])[1]
                built, base = builds[jobs], floors[jobs]
                print(f"{size:5} sessions, {jobs} process(es): full build {built['process']:5.2f} s, {built['html']} pages, "
                      f"{1000 * built['process'] / built['html']:.2f} ms/page, peak {built['peak_mb']:.0f} MB | "
                      f"floor {base['process']:5.2f} s, {base['pages']} pages, "
                      f"{1000 * base['process'] / base['pages']:.2f} ms/page")
            for jobs, built in builds.items():
                against = ", ".join(f"{built['process'] / base['process']:.2f}x the {n}-process floor"
                                    for n, base in floors.items())
                print(f"{size:5} sessions, build with {jobs} process(es): {against}")
        out = scratch / f"out-{size}-{args.jobs}-2"
        again = timed_build(project, cache, args.jobs, pdf=False, out=out)
        print(f"no-change rebuild ({size} sessions): {again['process']:.2f} s, peak {again['peak_mb']:.0f} MB")
        edited = project / "content/sessions/literacy/session-0000.md"
        edited.write_text(edited.read_text(encoding="utf-8").replace("Let's", "Let us"), encoding="utf-8")
        one = timed_build(project, cache, args.jobs, pdf=False, out=out)
        print(f"one-session edit ({size} sessions): {one['process']:.2f} s, {one['html_rendered']} of {one['html']} "
              f"pages rendered, peak {one['peak_mb']:.0f} MB")
        times = save_to_reload(project, cache)
        print(f"serve, save to reload event ({size} sessions): median {1000 * statistics.median(times):.0f} ms "
              f"(each: {', '.join(f'{1000 * t:.0f}' for t in times)} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["pdf", "html", "all"], default="all")
    parser.add_argument("--sessions", type=int, default=200, help="sessions of the printables library")
    parser.add_argument("--html-sessions", type=int, default=1000, help="sessions of the larger website library")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scratch", type=Path, help="folder for the website part's libraries and outputs "
                        "(default: the system's temporary folder; a RAM disk such as /dev/shm takes the disk out)")
    args = parser.parse_args()
    if args.part in ("pdf", "all"):
        pdf_part(args)
    if args.part in ("html", "all"):
        html_part(args)


if __name__ == "__main__":
    main()
