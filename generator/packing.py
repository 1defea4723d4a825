"""School packs: plan each school, render its pack, make its PDFs (all schools' together, in
one pool of processes, reusing the PDF cache) and write each pack atomically, with a zip."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from . import incremental, packs, printables, render, routes
from .build import BuildResult, cache_for, check, compiled_templates, plan_school, web_fonts
from .diagnostics import Diagnostics
from .model import Library
from .pdf import make_pdfs, progress_reporter, scale_a3_to_a4
from .plan import Plan
from .write import check_target, write_tree


@dataclass
class PackResult:
    school: str
    result: BuildResult
    plan: Plan | None = None
    out: Path | None = None


def pack_schools(project: Path, schools: list[str], out_for: Callable[[str], Path], jobs: int | None = None,
                 checked: BuildResult | None = None, quiet: bool = False) -> list[PackResult]:
    """Plan each school and write its pack into ``out_for(school id)``. The PDFs of all the packs
    are rendered together, in one pool of processes, reusing the PDF cache."""
    checked = checked or check(project)
    library = checked.library
    renderer = render.Renderer(library, render.environment(library.theme, compiled_templates(cache_for(project))))
    packs_made, all_jobs = [], []
    for school in schools:
        own = BuildResult(Diagnostics(list(checked.diagnostics.items)), library)
        result, planned = plan_school(project, school, own)
        built = None
        if planned is not None:
            with render.template_errors(library.theme, result.diagnostics):
                built = packs.build_pack(library, renderer, planned)
            all_jobs += built.jobs if built else []
        packs_made.append((PackResult(school, result, planned if built else None), built))
    setup = printables.print_setup(library, renderer)
    pdfs = iter(make_pdfs(all_jobs, lambda: (setup, lambda job: job), cache_for(project), jobs or os.cpu_count() or 1,
                          progress_reporter("pack PDFs", quiet=quiet)))
    for made, built in packs_made:
        if made.plan is None:
            continue
        made.result.pdfs = [next(pdfs) for _ in built.jobs]
        made.out = out_for(made.plan.school.id)
        _write_pack(project, library, made, built)
    return [made for made, _ in packs_made]


def _write_pack(project: Path, library: Library, made: PackResult, built: packs.Pack) -> None:
    planned, pdfs = made.plan, made.result.pdfs
    if not planned.school.a3_printer:
        pdfs = [replace(r, data=scale_a3_to_a4(r.data)) if r.job.kind == "worksheets" else r for r in pdfs]
    files = {path: html.encode("utf-8") for path, html in built.pages.items()}
    files.update({r.job.path: r.data for r in pdfs})
    files.update(built.media)
    files.update({routes.static(name): data for name, data in library.theme.static.items()})
    files.update(web_fonts(library, frozenset().union(*map(incremental.characters, built.pages.values())),
                           cache_for(project)))
    documents = [{"path": r.job.path, "kind": r.job.kind, "locale": r.job.locale, "page_size": r.job.page_size,
                  "pages": r.pages} for r in sorted(pdfs, key=lambda r: r.job.path)]
    files["manifest.json"] = (json.dumps({"school": planned.school.id, "plan": planned.as_json(),
                                          "pages": sorted(built.pages), "pdfs": documents},
                                         ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    files[f"{planned.school.id}.zip"] = zip_bytes(files, planned.school.id)
    check_target(made.out, project)
    write_tree(made.out, files)
    made.result.files, made.result.written, made.result.pdfs = files, True, pdfs


def zip_bytes(files: dict[str, bytes], folder: str) -> bytes:
    """A zip of ``files`` inside ``folder/``, the same bytes every time (fixed dates, sorted)."""
    stamp = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
