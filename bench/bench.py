"""Benchmark: build a synthetic library and print how fast the printables are.

    .venv/bin/python bench/bench.py [--sessions 200] [--jobs N]

It generates a library of N sessions (each with one or two worksheets, in English
and Urdu), then times, each in a fresh process:

- a full build (every PDF rendered, empty PDF cache; the web fonts are subset
  beforehand by a --no-pdf build, since they are not part of PDF rendering),
- a rebuild with no change (every PDF from the cache),
- a rebuild after editing one session,

and, in the same run, a floor: bare WeasyPrint rendering the same HTML with the
same stylesheet, one warm process per core. Figures go to standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("stone leaf count share happy sad water float sink sound letter circle draw big small "
         "friend turn wait listen clap jump sort match colour shape").split()


def make_library(root: Path, sessions: int) -> None:
    """A library like the fixture project's, with ``sessions`` generated sessions."""
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
        body = textwrap.dedent(f"""\
            ---
            title: Session {number} {rng.choice(WORDS)}
            strand: {strand}
            ages: [3, 5]
            duration: {rng.choice([20, 25, 30])}
            summary: {words[:60]}
            materials: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]
            ---
            ## Steps

            1. {words[:80]}
            2. {words[80:160]}

            :::: demo
            {words}

            ::: say
            Let's {rng.choice(WORDS)} together!
            :::
            ::::
            """) + sheets
        path = root / f"content/sessions/{strand}/session-{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")


def timed_build(project: Path, cache: Path, jobs: int, pdf: bool = True) -> dict[str, float]:
    """One build in a fresh process, as a user runs it: wall time, PDFs rendered, peak memory."""
    script = textwrap.dedent("""
        import json, resource, sys, time
        from pathlib import Path
        started = time.perf_counter()
        from generator.build import build
        result = build(Path(sys.argv[1]), Path(sys.argv[1]) / "output", jobs=int(sys.argv[2]), pdf=sys.argv[3] == "1")
        wall = time.perf_counter() - started
        assert result.written, [d.format() for d in result.diagnostics.sorted()]
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        print(json.dumps({"wall": wall, "rendered": sum(r.rendered for r in result.pdfs),
                          "pdfs": len(result.pdfs),
                          "pages": sum(r.pages for r in result.pdfs if r.rendered), "peak_mb": peak,
                          "weasyprint_imported": "weasyprint" in sys.modules}))
    """)
    env = {**os.environ, "PARTNERS_CACHE": str(cache), "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", script, str(project), str(jobs), "1" if pdf else "0"], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout.splitlines()[-1])


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="partners-bench-") as temporary:
        project, cache = Path(temporary) / "library", Path(temporary) / "cache"
        make_library(project, args.sessions)
        print(f"synthetic library: {args.sessions} sessions, 2 locales, {args.jobs} worker(s)")
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


if __name__ == "__main__":
    main()
