"""The floor for HTML builds: the least a static-site generator can do with the same files.

    python bench/floor_html.py PROJECT OUT [--jobs N]

It reads every session file of PROJECT, splits off the front matter (PyYAML, the C loader
when there is one), and for every locale of site.yaml renders the Markdown body with
markdown-it-py into one small Jinja template and writes the page into OUT. No checks, no
navigation, no search index: a lower bound to compare `partners build --no-pdf` with.
It prints one JSON line: wall time, pages written and the number of processes.
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    "<!DOCTYPE html>\n<html lang=\"{{ locale }}\"><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>\n"
    "<body><main><h1>{{ title }}</h1>\n{{ body | safe }}</main></body></html>\n")


def render(job: tuple[list[str], list[str], str]) -> int:
    """Render the session files ``paths`` in every locale into ``out``; returns the pages written."""
    paths, locales, out = job
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    written = 0
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=Loader)
        for locale in locales:
            target = Path(out) / locale / (Path(path).stem + ".html")
            target.write_text(TEMPLATE.render(locale=locale, title=meta["title"], body=md.render(body)), encoding="utf-8")
            written += 1
    return written


def main() -> None:
    project, out = Path(sys.argv[1]), Path(sys.argv[2])
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 1
    started = time.perf_counter()
    locales = yaml.load((project / "content/site.yaml").read_text(encoding="utf-8"), Loader=Loader)["locales"]
    for locale in locales:
        (out / locale).mkdir(parents=True, exist_ok=True)
    paths = sorted(str(p) for p in (project / "content/sessions").rglob("*.md") if p.stem.count(".") == 0)
    shares = [(paths[i::jobs], locales, str(out)) for i in range(jobs)]
    if jobs == 1:
        pages = render(shares[0])
    else:
        with ProcessPoolExecutor(jobs) as pool:
            pages = sum(pool.map(render, shares))
    print(json.dumps({"wall": time.perf_counter() - started, "pages": pages, "jobs": jobs}))


if __name__ == "__main__":
    main()
